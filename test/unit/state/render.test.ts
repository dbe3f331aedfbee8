// The one renderer: text, tooltip, background and command for each phase; escaping of
// everything that came from the network.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeFinding } from '../../../src/core/findings';
import { englishT } from '../../../src/core/l10n';
import { actionsFor } from '../../../src/core/state/actions';
import { escapeMarkdown } from '../../../src/core/state/markdown';
import { formatMs, relativeTime, renderStatus, shortModelName } from '../../../src/core/state/render';
import { initialState, type SparkState } from '../../../src/core/state/types';
import { BASE_URL } from '../monitor/fakes';

const NOW = Date.parse('2023-11-14T23:00:00Z');
const opts = { t: englishT, now: NOW };

function state(over: Partial<SparkState>): SparkState {
  return { ...initialState(NOW, 'spark-56d0'), ...over };
}

const readyState = state({
  phase: 'ready',
  tailnet: {
    backendState: 'Running',
    tailnetName: 'example.com',
    peer: { hostName: 'spark-56d0', dnsName: 'spark-56d0.tail1234.ts.net', online: true, path: { kind: 'direct', address: '192.168.1.20:41641' } },
  },
  serve: { baseUrl: BASE_URL, exposure: 'tailnet', source: 'ssh' },
  server: {
    kind: 'sglang',
    version: '0.5.2',
    latencyMs: 42,
    models: [{ id: 'Qwen/Qwen2.5-7B-Instruct', contextLength: 32768 }],
    metrics: { running: 3, queued: 1, tokensPerSecond: 86.54, kvCacheUsage: 0.28 },
  },
  targets: [
    { id: 'cursor', label: 'Cursor', status: 'pendingRestart' },
    { id: 'continue', label: 'Continue', status: 'inSync' },
  ],
});

test('ready: sparkle, short model name and latency; no background; click opens the actions', () => {
  const v = renderStatus(readyState, opts);
  assert.equal(v.text, '$(sparkle) Qwen2.5-7B', 'no latency in the label: it would change every tick');
  assert.equal(v.background, undefined);
  assert.equal(v.command, 'tailspark.statusActions');
  assert.equal(v.accessibilityLabel, 'Qwen2.5-7B');
});

test('ready tooltip: tailnet path, serve URL + exposure, server, models, metrics, targets, command links', () => {
  const md = renderStatus(readyState, opts).tooltip;
  assert.match(md, /example\\\.com/);
  assert.match(md, /direct \(192\\\.168\\\.1\\\.20:41641\)/);
  assert.match(md, /`https:\/\/spark-56d0\.tail1234\.ts\.net\/v1` · tailnet only/);
  assert.match(md, /SGLang 0\\\.5\\\.2/);
  assert.match(md, /`Qwen\/Qwen2\.5-7B-Instruct` · 32,768 tokens context/);
  assert.match(md, /3 running · 1 queued · 86\.5 tokens\/s · KV cache 28 %/);
  assert.match(md, /Cursor: pending restart/);
  assert.match(md, /Continue: in sync/);
  // Sections after a list start with a blank line, or Markdown folds them into the last list item.
  assert.match(md, /\n\n\$\(pulse\)/);
  assert.match(md, /\n\n\$\(checklist\) \*\*Targets\*\*/);
  for (const c of ['tailspark.service.restart', 'tailspark.logs.follow', 'tailspark.doctor', 'tailspark.showLog']) {
    assert.ok(md.includes(`(command:${c})`), `link to ${c}`);
  }
});

test('each phase has its own text and background', () => {
  const cases: Array<[Partial<SparkState>, RegExp, string | undefined]> = [
    [{ phase: 'notConfigured' }, /^\$\(sparkle\) Tailspark: Set up$/, undefined],
    [{ phase: 'checking' }, /^\$\(sync~spin\)/, undefined],
    [{ phase: 'tailnetDown' }, /Tailnet down/, 'warning'],
    [
      {
        phase: 'sparkOffline',
        tailnet: {
          backendState: 'Running',
          peer: { hostName: 's', dnsName: 's.ts.net', online: false, lastSeen: '2023-11-14T20:00:00Z', path: { kind: 'unknown' } },
        },
      },
      /Spark offline · seen 3 h ago/,
      'warning',
    ],
    [{ phase: 'reachableNotServed' }, /not served/, 'warning'],
    [{ phase: 'serverStopped' }, /^\$\(debug-stop\) Spark: server stopped$/, 'warning'],
    [{ phase: 'loading' }, /^\$\(loading~spin\) Spark: loading model$/, undefined],
    [{ phase: 'warmingUp' }, /^\$\(loading~spin\) Spark: warming up$/, undefined],
    [{ ...readyState, phase: 'degraded', degraded: ['relayed'] }, /^\$\(warning\) Qwen2\.5-7B · DERP$/, 'warning'],
    [{ ...readyState, phase: 'degraded', degraded: ['slow', 'queueGrowing'] }, /^\$\(warning\) Qwen2\.5-7B · queue 1$/, 'warning'],
    [{ ...readyState, phase: 'degraded', degraded: ['slow'] }, /^\$\(warning\) Qwen2\.5-7B · slow$/, 'warning'],
    [{ phase: 'error', findings: [makeFinding('probe.apiKeyWrong', { url: BASE_URL })] }, /^\$\(error\) /, 'error'],
  ];
  for (const [over, re, bg] of cases) {
    const v = renderStatus(state(over), opts);
    assert.match(v.text, re, `${over.phase}: ${v.text}`);
    assert.equal(v.background, bg, `${over.phase} background`);
  }
});

test('error: the first Finding title is the text; detail, where and fix links in the tooltip', () => {
  const f = makeFinding('service.notReadyInTime', { unit: 'vllm.service', seconds: 600, where: BASE_URL });
  const v = renderStatus(state({ phase: 'error', findings: [f] }), opts);
  assert.equal(v.text, `$(error) Spark: ${f.title}`, "one label style: Spark: …");
  assert.ok(v.tooltip.includes(`**${escapeMarkdown(f.title)}**`));
  assert.ok(v.tooltip.includes('(command:tailspark.logs.follow)'));
  assert.ok(v.tooltip.includes(`(command:workbench.action.openSettings?${encodeURIComponent('["tailspark.service.readyTimeoutSeconds"]')})`));
  assert.ok(v.tooltip.includes(`Where: \`${BASE_URL}\``));
});

test('degraded tooltip names the reasons', () => {
  const v = renderStatus({ ...readyState, phase: 'degraded', degraded: ['slow', 'relayed'] }, opts);
  assert.match(v.tooltip, /degraded: slow answers, relayed via DERP/);
});

test('remote text cannot inject links, HTML or icons into the trusted tooltip or the status text', () => {
  const evil = '[click](command:workbench.action.terminal.new) <img src=x> $(bug) `x`';
  const s = state({
    ...readyState,
    server: { kind: 'other', version: evil, latencyMs: 10, models: [{ id: `org/${evil}` }] },
    tailnet: {
      backendState: 'Running',
      tailnetName: evil,
      peer: { hostName: evil, dnsName: evil, online: true, path: { kind: 'derp', region: evil } },
    },
    targets: [{ id: 'x', label: evil, status: 'unreachable', detail: evil }],
    findings: [{ ...makeFinding('internal.unexpected', { message: evil }), where: evil, evidence: evil }],
  });
  const v = renderStatus(s, opts);
  // Code spans render literally (no links inside), and remote backticks cannot end one early:
  // so outside code spans, the only command links are ours.
  const outsideCode = v.tooltip.replace(/`[^`\n]*`/g, '<code>');
  assert.doesNotMatch(outsideCode, /`/, 'every code span is closed on its line');
  const links = [...outsideCode.matchAll(/\]\((command:[^)]*)\)/g)].map((m) => m[1]);
  assert.ok(links.length >= 4);
  for (const l of links) assert.doesNotMatch(l!, /terminal/, `injected link: ${l}`);
  assert.doesNotMatch(outsideCode, /<img/, 'no raw HTML outside code spans');
  assert.doesNotMatch(v.tooltip, /(?<!\\)\$\(bug\)/, 'no live icon from remote text, not even in code spans');
  assert.doesNotMatch(v.text, /(?<!\\)\$\(bug\)/);
});

test('escapeMarkdown escapes link, emphasis, code, HTML and icon syntax', () => {
  assert.equal(escapeMarkdown('[a](b)'), '\\[a\\]\\(b\\)');
  assert.equal(escapeMarkdown('*_`#'), '\\*\\_\\`\\#');
  assert.equal(escapeMarkdown('<b>&'), '&lt;b&gt;&amp;'.replace('&gt;', '\\>'));
  assert.equal(escapeMarkdown('$(x)'), '\\$\\(x\\)');
  assert.equal(escapeMarkdown('a\nb'), 'a b');
});

test('helpers: short model names, durations, relative times', () => {
  assert.equal(shortModelName('Qwen/Qwen2.5-7B-Instruct'), 'Qwen2.5-7B');
  assert.equal(shortModelName('/models/llama-3.1-8b-chat'), 'llama-3.1-8b');
  assert.equal(shortModelName('mistral'), 'mistral');
  assert.equal(shortModelName(undefined), undefined);
  assert.equal(shortModelName('x'.repeat(50))?.length, 32);
  assert.equal(formatMs(42.4), '42 ms');
  assert.equal(formatMs(1830), '1.8 s');
  assert.equal(relativeTime(NOW - 20_000, NOW, englishT), 'just now');
  assert.equal(relativeTime(NOW - 5 * 60_000, NOW, englishT), '5 min ago');
  assert.equal(relativeTime(NOW - 3 * 3_600_000, NOW, englishT), '3 h ago');
  assert.equal(relativeTime(NOW - 5 * 86_400_000, NOW, englishT), '5 days ago');
  assert.equal(relativeTime(Number.NaN, NOW, englishT), 'unknown');
});

test('a translator is used for every visible word', () => {
  const upper = (m: string, ...a: Array<string | number | boolean>) => englishT(m, ...a).toUpperCase();
  const v = renderStatus(state({ phase: 'serverStopped' }), { t: upper, now: NOW });
  assert.equal(v.text, '$(debug-stop) SPARK: SERVER STOPPED');
  assert.match(v.tooltip, /\[START SERVICE\]/);
});

test('actions: stopped offers Start service first; finding fixes come before the phase actions', () => {
  const stopped = actionsFor(state({ phase: 'serverStopped' }), englishT);
  assert.deepEqual(stopped[0]?.action, { kind: 'command', command: 'tailspark.service.start' });
  const withFinding = actionsFor(state({ phase: 'error', findings: [makeFinding('service.notReadyInTime', { unit: 'u' })] }), englishT);
  assert.deepEqual(withFinding[0]?.action, { kind: 'command', command: 'tailspark.logs.follow' });
  // …and the same action is not offered twice.
  const keys = withFinding.map((a) => JSON.stringify(a.action));
  assert.equal(new Set(keys).size, keys.length);
});

test('actions: not configured → set up first; ready → copy base URL; always refresh and log', () => {
  const setup = actionsFor(state({ phase: 'notConfigured' }), englishT);
  assert.deepEqual(setup[0]?.action, {
    kind: 'command',
    command: 'workbench.action.openWalkthrough',
    args: ['tailspark.tailspark#setup', false],
  });
  const ready = actionsFor(readyState, englishT);
  assert.ok(ready.some((a) => a.action.kind === 'copy' && a.action.text === BASE_URL));
  for (const phase of ['notConfigured', 'tailnetDown', 'ready', 'error'] as const) {
    const cmds = actionsFor(state({ phase }), englishT).map((a) => (a.action.kind === 'command' ? a.action.command : ''));
    assert.ok(cmds.includes('tailspark.refresh') && cmds.includes('tailspark.showLog'), phase);
  }
  const notServed = actionsFor(state({ phase: 'reachableNotServed' }), englishT);
  assert.deepEqual(notServed[0]?.action, { kind: 'command', command: 'tailspark.serve.expose' });
});

test('stopped: the service state shows even without server facts', () => {
  const v = renderStatus(state({ phase: 'serverStopped', service: { unit: 'sglang.service', activeState: 'inactive' } }), opts);
  assert.match(v.tooltip, /sglang\\\.service: inactive/);
});

test('a long finding title is cut in the status bar but complete in the tooltip', () => {
  const f = { ...makeFinding('internal.unexpected', { message: 'x' }), title: 'A very long title that goes on and on about what went wrong here' };
  const v = renderStatus(state({ phase: 'error', findings: [f] }), opts);
  assert.equal(v.text, '$(error) Spark: A very long title that goes on and on about wha…');
  assert.ok(v.tooltip.includes(escapeMarkdown(f.title)));
});

test('tooltip footer links fit the phase: Start when stopped, Serve when not served, no service links when offline', () => {
  const links = (over: Partial<SparkState>) => [...renderStatus(state(over), opts).tooltip.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
  const stopped = links({ phase: 'serverStopped' });
  assert.ok(stopped.includes('tailspark.service.start') && !stopped.includes('tailspark.service.restart'), stopped.join());
  const notServed = links({ phase: 'reachableNotServed' });
  assert.ok(notServed.includes('tailspark.serve.expose') && !notServed.includes('tailspark.service.restart'), notServed.join());
  for (const phase of ['sparkOffline', 'tailnetDown', 'notConfigured'] as const) {
    const l = links({ phase });
    assert.ok(!l.some((c) => c?.startsWith('tailspark.service.') || c === 'tailspark.logs.follow'), `${phase}: ${l.join()}`);
    assert.ok(l.includes('tailspark.doctor'), `${phase}: Diagnose stays`);
  }
});

test('actions: not served offers the guided "Serve the inference port" once, not also the raw serve command', () => {
  const notServed = actionsFor(state({ phase: 'reachableNotServed', findings: [makeFinding('serve.nothingServed', { port: 30001 })] }), englishT);
  assert.deepEqual(notServed[0]?.action, { kind: 'command', command: 'tailspark.serve.expose' });
  assert.ok(!notServed.some((a) => a.action.kind === 'remote'), notServed.map((a) => a.label).join());
});

test('a service systemd reports as failed (crash, OOM) says "server failed" in red, not "stopped"', () => {
  const failed = renderStatus(state({ phase: 'serverStopped', service: { unit: 'sglang.service', activeState: 'failed' } }), opts);
  assert.equal(failed.text, '$(error) Spark: server failed');
  assert.equal(failed.background, 'error');
  assert.match(failed.tooltip, /exited with an error/);
  assert.ok(failed.tooltip.includes('(command:tailspark.logs.follow)'));
  const stopped = renderStatus(state({ phase: 'serverStopped', service: { unit: 'sglang.service', activeState: 'inactive' } }), opts);
  assert.equal(stopped.text, '$(debug-stop) Spark: server stopped');
  assert.equal(stopped.background, 'warning');
});

test('public exposure (Funnel) shows in the status item itself, not only in the tooltip', () => {
  const v = renderStatus({ ...readyState, serve: { ...readyState.serve!, exposure: 'funnel' } }, opts);
  assert.equal(v.text, '$(globe) Qwen2.5-7B · public');
  assert.match(v.tooltip, /public on the internet \(Funnel\)/);
  const degraded = renderStatus({ ...readyState, phase: 'degraded', degraded: ['relayed'], serve: { ...readyState.serve!, exposure: 'funnel' } }, opts);
  assert.equal(degraded.text, '$(warning) Qwen2.5-7B · public · DERP');
});

test('logged out here (tailnet down): the Serve URL and server are marked "last known" and their old load is not shown', () => {
  const v = renderStatus({ ...readyState, phase: 'tailnetDown', tailnet: { backendState: 'NeedsLogin' } }, opts);
  assert.match(v.tooltip, /Tailscale: NeedsLogin/);
  assert.match(v.tooltip, /\*\*Serve\*\* `[^`]+` · tailnet only · _last known_/);
  assert.match(v.tooltip, /\*\*Server\*\* SGLang 0\\\.5\\\.2 · _last known_/, "the version is Markdown-escaped");
  assert.doesNotMatch(v.tooltip, /\d+ running|tokens\/s|KV cache/);
  const ready = renderStatus(readyState, opts);
  assert.doesNotMatch(ready.tooltip, /last known/);
  assert.match(ready.tooltip, /3 running/);
});

test('the tooltip offers Set Up Cursor Chat where Cursor cannot reach the URL, and only there', () => {
  const line = (id: string, status: 'unreachable' | 'inSync') =>
    renderStatus(state({ ...readyState, targets: [{ id, label: 'Cursor', status }] }), opts)
      .tooltip.split('\n')
      .find((l) => l.startsWith('- Cursor:'));
  assert.match(line('cursor', 'unreachable') ?? '', /\[Set Up Cursor Chat…\]\(command:tailspark\.cursorChat\.setup\)/);
  assert.doesNotMatch(line('cursor', 'inSync') ?? '', /cursorChat/);
  assert.doesNotMatch(line('continue', 'unreachable') ?? '', /cursorChat/);
});
