// THE renderer: SparkState → what the status bar shows. Pure and editor-free; src/ui/statusBar.ts
// only copies these fields onto a StatusBarItem. All remote-provided text is escaped here,
// because the tooltip is a trusted MarkdownString (its command links run).
import type { Translate } from '../l10n';
import { relativeTime } from '../time';
import { COMMANDS } from '../commands';

export { relativeTime };
import type { Finding, Fix } from '../findings';
import { capList } from '../safeText';
import { phaseLinks } from './actions';
import { commandLink, escapeMarkdown, escapeStatusText, urlLink } from './markdown';
import type { ServerKind, SparkState, TailnetPath, TargetSyncStatus } from './types';

export type StatusBackground = 'warning' | 'error' | undefined;

export interface StatusView {
  /** Status-bar text with `$(icon)` references; remote parts escaped. */
  text: string;
  /** Markdown for a trusted MarkdownString with theme icons enabled. */
  tooltip: string;
  /** ThemeColor key suffix: statusBarItem.warningBackground / statusBarItem.errorBackground. */
  background: StatusBackground;
  /** Screen-reader label (no icons). */
  accessibilityLabel: string;
  command: string;
}

export interface RenderOptions {
  t: Translate;
  /** Clock time for "last seen … ago". */
  now: number;
  /** The models are listed in VS Code's Chat too (the language-model provider is registered). */
  chatModels?: boolean;
  /** Every configured server with its state (tailspark.servers); listed when there are two or more. */
  servers?: readonly ServerListRow[];
}

/** One configured inference server in the tooltip's list. */
export interface ServerListRow {
  name: string;
  host: string;
  port: number;
  active: boolean;
  state: SparkState;
}

/** The command that switches the active server (with a name: to that one; without: a quick pick). */
export const CHOOSE_SERVER_COMMAND = COMMANDS.chooseServer;

/** The command the status-bar item runs: a quick pick of the actions for the current state. */
export const STATUS_COMMAND = COMMANDS.statusActions;

export function renderStatus(state: SparkState, opts: RenderOptions): StatusView {
  const { text, label, background } = headline(state, opts);
  return { text, tooltip: tooltip(state, opts), background, accessibilityLabel: label, command: STATUS_COMMAND };
}

interface Headline {
  icon: string;
  text: string;
  label: string;
  background: StatusBackground;
}

function headline(state: SparkState, { t, now }: RenderOptions): Headline {
  const h = (icon: string, label: string, background?: StatusBackground): Headline => ({
    icon,
    text: `$(${icon}) ${escapeStatusText(label)}`,
    label,
    background,
  });
  switch (state.phase) {
    case 'notConfigured':
      return h('sparkle', t('Tailspark: Set up'));
    case 'checking': {
      // A remembered endpoint is shown at once, but honestly: not verified in this session yet.
      if (state.serve?.source !== 'cache') return h('sync~spin', t('Spark: checking…'));
      const model = shortModelName(state.server?.models[0]?.id);
      return h('sync~spin', model ? t('{0} · last known, checking…', model) : t('Spark: last known, checking…'));
    }
    case 'tailnetDown':
      return h('debug-disconnect', t('Tailnet down'), 'warning');
    case 'sparkOffline': {
      const seen = state.tailnet?.peer?.lastSeen;
      const ago = seen ? relativeTime(Date.parse(seen), now, t) : undefined;
      return h('vm-outline', ago ? t('Spark offline · seen {0}', ago) : t('Spark offline'), 'warning');
    }
    case 'reachableNotServed':
      return h('plug', t('Spark: not served'), 'warning');
    case 'serverStopped':
      // systemd's "failed" (crash, out of memory) is not a stop someone chose: say so, in red.
      return serviceFailed(state) ? h('error', t('Spark: server failed'), 'error') : h('debug-stop', t('Spark: server stopped'), 'warning');
    case 'loading':
      return h('loading~spin', t('Spark: loading model'));
    case 'warmingUp':
      return h('loading~spin', t('Spark: warming up'));
    case 'ready':
    case 'degraded': {
      // No latency here: it changes every tick and would make the item flicker (the tooltip has it).
      const model = shortModelName(state.server?.models[0]?.id) ?? t('Spark');
      // Public exposure must be visible at a glance, not only in the tooltip.
      const isPublic = state.serve?.exposure === 'funnel';
      const label = isPublic ? `${model} · ${t('public')}` : model;
      if (state.phase === 'ready') return h(isPublic ? 'globe' : 'sparkle', label);
      const why = state.degraded.includes('queueGrowing')
        ? t('queue {0}', state.server?.metrics?.queued ?? '?')
        : state.degraded.includes('relayed')
          ? 'DERP'
          : state.degraded.includes('slow')
            ? t('slow')
            : undefined;
      return h('warning', why ? `${label} · ${why}` : label, 'warning');
    }
    case 'error': {
      const first = state.findings[0];
      // The status bar is shared space: long titles are cut; the tooltip has the full text.
      // One style for every label ("Spark: …"); the tooltip has the full text.
      return h('error', first ? t('Spark: {0}', truncate(first.title, 48)) : t('Spark: error'), 'error');
    }
  }
}

function tooltip(state: SparkState, opts: RenderOptions): string {
  const { t } = opts;
  const lines: string[] = [`**Tailspark** — ${escapeMarkdown(phaseLabel(state, t))}`, ''];
  if (state.host) lines.push(`$(vm) ${t('Spark')}: \`${inlineCode(state.host)}\``);
  lines.push(...tailnetLines(state, opts));
  lines.push(...serveLines(state, t));
  lines.push(...serverLines(state, t, opts.chatModels === true));
  lines.push(...serviceLines(state));
  lines.push(...targetLines(state, t));
  lines.push(...findingLines(state.findings, t));
  lines.push(...serverListLines(opts.servers ?? [], opts));
  lines.push('', '---', [...phaseLinks(state, t).map((l) => commandLink(l.label, l.command)), commandLink(t('Diagnose'), COMMANDS.doctor), commandLink(t('Open log'), COMMANDS.showLog)].join(' · '));
  // Two trailing spaces = Markdown line break, so each fact stays on its own line.
  return lines.map((l) => (l === '' || l === '---' ? l : `${l}  `)).join('\n');
}

/**
 * The configured servers, one line each: icon and health as the status bar would show it, the
 * active one in bold, the others as a link that switches to them; then a link to the quick pick.
 * Nothing for a single server (the tooltip above is about it).
 */
export function serverListLines(rows: readonly ServerListRow[], opts: RenderOptions): string[] {
  if (rows.length < 2) return [];
  const { t } = opts;
  const lines = ['', `$(server) **${escapeMarkdown(t('Inference servers'))}**`];
  for (const r of rows) {
    const { icon, label } = headline(r.state, opts);
    const where = `\`${inlineCode(r.host ? `${r.host}:${r.port}` : `:${r.port}`)}\``;
    const name = r.active ? `**${escapeMarkdown(r.name)}** (${escapeMarkdown(t('active'))})` : commandLink(r.name, CHOOSE_SERVER_COMMAND, [r.name]);
    lines.push(`$(${icon}) ${name} · ${where} · ${escapeMarkdown(label)}`);
  }
  lines.push(commandLink(t('Choose Inference Server'), CHOOSE_SERVER_COMMAND));
  return lines;
}

function serviceFailed(state: SparkState): boolean {
  return state.service?.activeState === 'failed';
}

export function phaseLabel(state: SparkState, t: Translate): string {
  switch (state.phase) {
    case 'notConfigured':
      return t('Not set up: choose your Spark');
    case 'checking':
      return state.serve?.source === 'cache' ? t('Last known state (previous session), checking…') : t('Checking…');
    case 'tailnetDown':
      return t('Tailscale is not running or not logged in on this machine');
    case 'sparkOffline':
      return t('The Spark is offline in the tailnet');
    case 'reachableNotServed':
      return t('The Spark is online, but tailscale serve exposes nothing');
    case 'serverStopped':
      return serviceFailed(state) ? t('The inference server exited with an error (systemd: failed); its log says why') : t('The inference server is stopped');
    case 'loading':
      return t('The service runs; the model is loading');
    case 'warmingUp':
      return t('The server is warming up');
    case 'ready':
      // Answering, but discovery has not confirmed the URL yet (first seconds of a session).
      return state.reconciling ? t('Ready (answering; confirming the Serve config…)') : t('Ready');
    case 'degraded': {
      const reasons = state.degraded.map((r) =>
        r === 'slow' ? t('slow answers') : r === 'queueGrowing' ? t('queue growing') : t('relayed via DERP'),
      );
      return t('Working, but degraded: {0}', reasons.join(', '));
    }
    case 'error':
      return t('Error');
  }
}

function tailnetLines(state: SparkState, { t, now }: RenderOptions): string[] {
  const tn = state.tailnet;
  if (!tn) return [];
  const parts: string[] = [];
  if (tn.tailnetName) parts.push(escapeMarkdown(tn.tailnetName));
  if (tn.backendState !== 'Running') parts.push(t('Tailscale: {0}', escapeMarkdown(tn.backendState)));
  const peer = tn.peer;
  if (peer) {
    parts.push(escapeMarkdown(peer.dnsName || peer.hostName));
    if (peer.online) parts.push(pathLabel(peer.path, t));
    else if (peer.lastSeen) parts.push(t('offline, last seen {0}', relativeTime(Date.parse(peer.lastSeen), now, t)));
    else parts.push(t('offline'));
  }
  if (state.server?.latencyMs !== undefined && peer?.online) parts.push(formatMs(state.server.latencyMs));
  return [`$(globe) **${t('Tailnet')}** ${parts.join(' · ')}`];
}

function pathLabel(path: TailnetPath, t: Translate): string {
  switch (path.kind) {
    case 'direct':
      return t('direct ({0})', escapeMarkdown(path.address));
    case 'derp':
      return t('relayed via DERP ({0})', escapeMarkdown(path.region));
    case 'peerRelay':
      return t('via peer relay ({0})', escapeMarkdown(path.relay));
    case 'unknown':
      return t('path unknown');
  }
}

function serveLines(state: SparkState, t: Translate): string[] {
  const serve = state.serve;
  if (!serve) return [];
  const exposure = serve.exposure === 'funnel' ? t('public on the internet (Funnel)') : t('tailnet only');
  return [`$(link) **${t('Serve')}** \`${inlineCode(serve.baseUrl)}\` · ${exposure}${unverified(state) ? ` · _${t('last known')}_` : ''}`];
}

/** Models listed in the tooltip; the rest are counted (a 20,000-model list made a 1.2 MB tooltip). */
const MAX_TOOLTIP_MODELS = 12;
/** Characters of one model id shown in the tooltip. */
const MAX_MODEL_ID = 160;

const KIND_NAMES: Record<ServerKind, string> = {
  sglang: 'SGLang',
  vllm: 'vLLM',
  llamacpp: 'llama.cpp',
  ollama: 'Ollama',
  other: '',
};

function serverLines(state: SparkState, t: Translate, chatModels: boolean): string[] {
  const server = state.server;
  if (!server) return [];
  const kind = KIND_NAMES[server.kind] || t('OpenAI-compatible server');
  const head = server.version ? `${kind} ${escapeMarkdown(server.version)}` : kind;
  const stale = unverified(state);
  const lines = [`$(server) **${t('Server')}** ${head}${stale ? ` · _${t('last known')}_` : ''}`];
  // A server may list thousands of models: show the first few and say how many more.
  const { shown, more } = capList(server.models, MAX_TOOLTIP_MODELS);
  for (const m of shown) {
    const ctx = m.contextLength ? ` · ${t('{0} tokens context', m.contextLength.toLocaleString('en-US'))}` : '';
    const id = m.id.length > MAX_MODEL_ID ? `${m.id.slice(0, MAX_MODEL_ID)}…` : m.id;
    lines.push(`- \`${inlineCode(id)}\`${ctx}`);
  }
  if (more > 0) lines.push(`- ${t('… and {0} more', more)}`);
  // Where else the models are: VS Code 1.104+ lists them in its Chat view's model picker.
  if (chatModels && server.models.length > 0) lines.push('', `$(comment-discussion) ${t("Also in VS Code's Chat: model picker → Tailspark (Spark)")}`);
  // The load of a server we cannot reach now is not news: leave it out.
  const m = stale ? undefined : server.metrics;
  if (m) {
    const parts: string[] = [];
    if (m.running !== undefined) parts.push(t('{0} running', m.running));
    if (m.queued !== undefined) parts.push(t('{0} queued', m.queued));
    if (m.tokensPerSecond !== undefined) parts.push(t('{0} tokens/s', round1(m.tokensPerSecond)));
    if (m.kvCacheUsage !== undefined) parts.push(t('KV cache {0} %', Math.round(m.kvCacheUsage * 100)));
    // A blank line ends the model list; without it Markdown folds the next line into the last item.
    if (parts.length > 0) lines.push('', `$(pulse) ${parts.join(' · ')}`);
  }
  return lines;
}

/** Phases in which the Serve URL and server facts are from before (logged out, offline): say so. */
function unverified(state: SparkState): boolean {
  return state.phase === 'tailnetDown' || state.phase === 'sparkOffline' || state.phase === 'checking';
}

/** systemd's view, when the Monitor asked (only when the port was closed). */
function serviceLines(state: SparkState): string[] {
  if (!state.service) return [];
  return ['', `$(gear) ${escapeMarkdown(state.service.unit)}: ${escapeMarkdown(state.service.activeState)}`];
}

function targetLines(state: SparkState, t: Translate): string[] {
  if (state.targets.length === 0) return [];
  const label = (s: TargetSyncStatus): string => {
    switch (s) {
      case 'inSync':
        return t('in sync');
      case 'differs':
        return t('differs');
      case 'pendingRestart':
        return t('pending restart');
      case 'unreachable':
        return t('cannot reach this URL');
      case 'disabled':
        return t('disabled');
    }
  };
  const lines = ['', `$(checklist) **${t('Targets')}**`];
  for (const target of state.targets) {
    const detail = target.detail ? ` — ${escapeMarkdown(target.detail)}` : '';
    // Cursor's chat cannot use a tailnet-only URL: offer the one flow that makes it work.
    const setup = target.id === 'cursor' && target.status === 'unreachable' ? ` ${commandLink(t('Set Up Cursor Chat…'), COMMANDS.cursorChatSetup)}` : '';
    lines.push(`- ${escapeMarkdown(target.label)}: ${label(target.status)}${detail}${setup}`);
  }
  return lines;
}

function findingLines(findings: readonly Finding[], t: Translate): string[] {
  const lines: string[] = [];
  for (const f of findings) {
    const icon = f.severity === 'error' ? '$(error)' : f.severity === 'warning' ? '$(warning)' : '$(info)';
    lines.push('', `${icon} **${escapeMarkdown(f.title)}**`, escapeMarkdown(f.detail));
    if (f.where) lines.push(`${t('Where')}: \`${inlineCode(f.where)}\``);
    const fixes = f.fixes.map(fixLink).filter((l): l is string => l !== undefined);
    if (fixes.length > 0) lines.push(`${t('Fix')}: ${fixes.join(' · ')}`);
  }
  return lines;
}

function fixLink(fix: Fix): string | undefined {
  const a = fix.action;
  if (!a) return escapeMarkdown(fix.label);
  switch (a.kind) {
    case 'command':
      return commandLink(fix.label, a.command, a.args);
    case 'openSettings':
      return commandLink(fix.label, 'workbench.action.openSettings', [a.setting]);
    case 'openUrl':
      return urlLink(fix.label, a.url);
    case 'copy':
    case 'remote':
      // Run from the quick pick (click the status item); the tooltip only names them.
      return escapeMarkdown(fix.label);
  }
}

/** Inline code cannot hold a backtick; a remote value must not end the code span early. */
function inlineCode(text: string): string {
  // A zero-width space keeps `$(name)` from becoming a theme icon; backslashes do not work in code.
  return text.replace(/[\r\n]+/g, ' ').replace(/`/g, "'").replace(/\$\(/g, '$\u200b(');
}

/** "Qwen/Qwen2.5-7B-Instruct" → "Qwen2.5-7B": the last path part, without chat suffixes. */
export function shortModelName(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const last = id.split('/').filter(Boolean).pop() ?? id;
  const short = last.replace(/-(instruct|chat|it)$/i, '');
  return short.length > 32 ? `${short.slice(0, 31)}…` : short;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${round1(ms / 1000)} s`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

