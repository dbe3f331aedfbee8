// "Set Up Cursor Chat": Cursor's servers (not the editor) send the chat requests, so they need a
// public URL, and a public URL needs a server that demands a key. The flow is a list of steps;
// each knows whether it is already done (check), how to do it (run) and how to take it back
// (undo). A run records the steps IT took, so a second run after a failure continues where it
// stopped and Undo reverses exactly those steps, newest first. The key travels only on the SSH
// channel's stdin: never in an argv (ps), a log line or a file but the 0600 EnvironmentFile.
import { randomBytes } from 'node:crypto';
import { type Finding, makeFinding } from '../findings';
import { checkKeyEnforced } from '../http/keyCheck';
import { type FunnelOptions, startFunnel, stopFunnel } from '../remote/funnel';
import { startV1Funnel, stopV1Funnel, V1_FUNNEL_PORT, v1FunnelArgs, v1FunnelState, v1FunnelUrl } from '../remote/funnelV1';
import { findOpenRoutes } from '../inference/openRoutes';
import { commandFailedFinding, displayArgv, guarded, runRemote } from '../remote/run';
import { readServe, type ServeOptions } from '../remote/serve';
import { failed, type OpContext, type OpResult, succeeded } from '../remote/types';
import { remotePathSchema, unitNameSchema, validated } from '../util/argv';
import { dropInText, envFileText, inspectUnit, type ServerFlavor, type UnitCommand } from './unitFile';

export const DEFAULT_SYSTEMD_DIR = '/etc/systemd/system';
export const DROP_IN_NAME = 'tailspark-api-key.conf';
/** Not a .conf file, so systemd never reads it as a drop-in; only EnvironmentFile= points at it. */
export const ENV_FILE_NAME = 'tailspark-api-key.env';

export type StepId = 'dropIn' | 'restart' | 'verify' | 'funnel' | 'verifyPublic' | 'cursor';
export const STEP_ORDER: readonly StepId[] = ['dropIn', 'restart', 'verify', 'funnel', 'verifyPublic', 'cursor'];

export interface CursorChatOptions extends ServeOptions {
  /** The inference unit on the Spark (tailspark.service.unit). */
  unit: string;
  /** Where unit drop-ins live; only tests point elsewhere. */
  systemdDir?: string;
  /** The key in SecretStorage (reused when present) and where a new one is stored. */
  apiKey: { get(): Promise<string | undefined>; store(key: string): Promise<void> };
  /** GET url (with `Authorization: Bearer key` when given) → HTTP status, undefined when nothing answered. */
  status: (url: string, apiKey: string | undefined, signal?: AbortSignal) => Promise<number | undefined>;
  /** SGLang only takes the key on its command line (visible in ps): the user's explicit yes. */
  acceptKeyOnCommandLine?: boolean;
  /** How long the restarted server may take to answer with the key (default 10 min: big models load slowly). */
  readyTimeoutMs?: number;
  /** The Cursor side: is the URL already there, write it (useOpenAIKey on), revert it. */
  cursor: {
    isSet(baseUrl: string): Promise<boolean>;
    write(baseUrl: string): Promise<OpResult<unknown>>;
    revert(): Promise<OpResult<unknown>>;
  };
  /** The steps this flow took on this Spark (survives a window reload: globalState / a file). */
  record: { load(): Promise<StepId[]>; save(taken: StepId[]): Promise<void> };
  /** The model ids to show for Cursor's model list (GET /v1/models with the key). */
  models?: (baseUrl: string, apiKey: string) => Promise<string[]>;
  /** Funnel plumbing shared with the Funnel command (access fixes, serve-changed callback). */
  funnel?: Pick<FunnelOptions, 'chooseAccessFix' | 'onServeChanged' | 'install'>;
}

export interface StepReport {
  id: StepId;
  title: string;
  outcome: 'done' | 'alreadyDone' | 'undone' | 'notTaken' | 'failed';
  message: string;
}

export interface SetupValue {
  baseUrl: string;
  models: string[];
  steps: StepReport[];
  /** True when a new key was generated (then the user must paste it into Cursor). */
  newKey: boolean;
  key: string;
}

/** What the steps share during one run. */
interface Run {
  ctx: OpContext;
  o: CursorChatOptions;
  unit: string;
  dir: string;
  confPath: string;
  envPath: string;
  key: string;
  /** The tailnet-only base URL (Serve on 443): where the key checks run. */
  baseUrl: string;
  command?: UnitCommand;
}

interface Step {
  id: StepId;
  title: string;
  check(r: Run): Promise<boolean>;
  run(r: Run): Promise<OpResult<unknown>>;
  undo?(r: Run): Promise<OpResult<unknown>>;
}

/** A strong key: 32 random bytes, URL-safe (no character that needs quoting anywhere). */
export function generateApiKey(): string {
  return `tsk-${randomBytes(32).toString('base64url')}`;
}

export function unitFileName(unit: string): string {
  const u = validated(unitNameSchema, unit, 'unit');
  return u.includes('.') ? u : `${u}.service`;
}

/** The paths the flow writes on the Spark. */
export function dropInPaths(unit: string, systemdDir = DEFAULT_SYSTEMD_DIR): { dir: string; confPath: string; envPath: string } {
  const base = validated(remotePathSchema, systemdDir, 'systemd directory').replace(/\/+$/, '');
  const dir = `${base}/${unitFileName(unit)}.d`;
  return { dir, confPath: `${dir}/${DROP_IN_NAME}`, envPath: `${dir}/${ENV_FILE_NAME}` };
}

// ---- argv: every remote write, built in one place (the dry run prints exactly these) --------

export const argv = {
  cat: (unit: string) => ['systemctl', 'cat', '--no-pager', unitFileName(unit)],
  /** Compares a root-only file with stdin (exit 0 = same), without ever printing its content. */
  same: (path: string) => ['cmp', '-s', '/dev/stdin', path],
  /** Writes stdin to path as root:root 0600, creating the directory (`install -D`). */
  install: (path: string) => ['install', '-D', '-m', '0600', '-o', 'root', '-g', 'root', '/dev/stdin', path],
  remove: (...paths: string[]) => ['rm', '-f', '--', ...paths],
  removeDirIfEmpty: (dir: string) => ['rmdir', '--ignore-fail-on-non-empty', '--', dir],
  daemonReload: () => ['systemctl', 'daemon-reload'],
  restart: (unit: string) => ['systemctl', 'restart', unitFileName(unit)],
};

async function sudo(r: Run, cmd: string[], stdin?: string): Promise<OpResult<undefined>> {
  const res = await runRemote(r.ctx, cmd, { sudo: true, timeoutMs: 60_000, ...(stdin !== undefined ? { stdin } : {}) });
  return res.code === 0 ? succeeded('', undefined) : failed(`${displayArgv(cmd, true)} failed.`, [commandFailedFinding(res, true)]);
}

async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** Polls until GET models answers `want` (with or without the key); false on timeout/cancel. */
async function waitFor(r: Run, key: string | undefined, want: (s: number | undefined) => boolean): Promise<boolean> {
  const deadline = Date.now() + (r.o.readyTimeoutMs ?? 600_000);
  while (!r.ctx.signal?.aborted) {
    if (want(await r.o.status(`${r.baseUrl}/models`, key, r.ctx.signal).catch(() => undefined))) return true;
    if (Date.now() > deadline) return false;
    await sleep(500, r.ctx.signal);
  }
  return false;
}

async function enforced(r: Run): Promise<{ ok: boolean; without?: number; with?: number }> {
  const { verdict, status: without } = await checkKeyEnforced(r.baseUrl, (url, signal) => r.o.status(url, undefined, signal), r.ctx.signal);
  const withKey = await r.o.status(`${r.baseUrl}/models`, r.key, r.ctx.signal).catch(() => undefined);
  return { ok: verdict === 'enforced' && withKey === 200, ...(without !== undefined ? { without } : {}), ...(withKey !== undefined ? { with: withKey } : {}) };
}

async function fileMatches(r: Run, path: string, text: string): Promise<boolean> {
  const res = await runRemote(r.ctx, argv.same(path), { sudo: true, timeoutMs: 30_000, stdin: text });
  return res.code === 0;
}

/** Reads the unit and decides the drop-in; a refusal is a Finding, nothing changes. */
async function unitCommand(r: Run): Promise<OpResult<UnitCommand>> {
  if (r.command) return succeeded('', r.command);
  const res = await runRemote(r.ctx, argv.cat(r.unit), { timeoutMs: 30_000 });
  if (res.code !== 0) return failed(`Could not read ${unitFileName(r.unit)}.`, [commandFailedFinding(res)]);
  const verdict = inspectUnit(res.stdout, r.confPath);
  if (!verdict.ok) {
    return failed(`Refused to change ${unitFileName(r.unit)}.`, [makeFinding('cursorchat.unitUnsafe', { unit: unitFileName(r.unit), reason: verdict.reason, where: r.ctx.shell.target })]);
  }
  if (verdict.value.flavor === 'sglang' && !r.o.acceptKeyOnCommandLine) {
    return failed('SGLang would show the key in ps; not accepted.', [makeFinding('cursorchat.keyOnCommandLine', { unit: unitFileName(r.unit), where: r.ctx.shell.target })]);
  }
  r.command = verdict.value;
  return succeeded('', verdict.value);
}

/**
 * The server kind from the unit, without the SGLang consent gate (Undo needs it too); undefined
 * when the unit cannot be read or judged.
 */
async function flavorOf(r: Run): Promise<ServerFlavor | undefined> {
  if (r.command) return r.command.flavor;
  const res = await runRemote(r.ctx, argv.cat(r.unit), { timeoutMs: 30_000 });
  const verdict = res.code === 0 ? inspectUnit(res.stdout, r.confPath) : undefined;
  return verdict?.ok ? verdict.value.flavor : undefined;
}

/**
 * The URL Cursor's servers call. vLLM guards only /v1 with its key, so only /v1 goes public, on
 * its own Funnel port (https://host:8443/v1; the Serve on 443 stays tailnet-only). SGLang guards
 * every route but /health and /metrics: its whole Serve route goes public (the same URL).
 */
async function publicUrlOf(r: Run): Promise<string> {
  return (await flavorOf(r)) === 'vllm' ? v1FunnelUrl(new URL(r.baseUrl).hostname) : r.baseUrl;
}

const STEPS: readonly Step[] = [
  {
    id: 'dropIn',
    title: 'Give the server its API key (systemd drop-in)',
    async check(r) {
      const cmd = await unitCommand(r);
      if (!cmd.ok) return false;
      return (await fileMatches(r, r.envPath, envFileText(cmd.value.flavor, r.key))) && (await fileMatches(r, r.confPath, dropInText(cmd.value, r.envPath)));
    },
    async run(r) {
      const cmd = await unitCommand(r);
      if (!cmd.ok) return cmd;
      r.ctx.onProgress?.(`Writing the API key drop-in for ${unitFileName(r.unit)}…`);
      for (const [path, text] of [
        [r.envPath, envFileText(cmd.value.flavor, r.key)],
        [r.confPath, dropInText(cmd.value, r.envPath)],
      ] as const) {
        const w = await sudo(r, argv.install(path), text);
        if (!w.ok) return w;
      }
      const reload = await sudo(r, argv.daemonReload());
      if (!reload.ok) return reload;
      return succeeded(`Wrote ${r.confPath} and ${r.envPath} (root, 0600).`, undefined);
    },
    async undo(r) {
      r.ctx.onProgress?.(`Removing the API key drop-in of ${unitFileName(r.unit)}…`);
      for (const cmd of [argv.remove(r.confPath, r.envPath), argv.removeDirIfEmpty(r.dir), argv.daemonReload(), argv.restart(r.unit)]) {
        const w = await sudo(r, cmd);
        if (!w.ok) return w;
      }
      r.ctx.onProgress?.(`Waiting for ${unitFileName(r.unit)} to answer again…`);
      if (!(await waitFor(r, undefined, (s) => s === 200))) {
        return failed(`${unitFileName(r.unit)} did not answer after removing the key.`, [makeFinding('cursorchat.notReady', { unit: unitFileName(r.unit), url: `${r.baseUrl}/models`, where: r.ctx.shell.target })]);
      }
      return succeeded(`Removed the drop-in and restarted ${unitFileName(r.unit)} without a key.`, undefined);
    },
  },
  {
    id: 'restart',
    title: 'Restart the server with the key',
    check: async (r) => (await enforced(r)).ok,
    async run(r) {
      r.ctx.onProgress?.(`Restarting ${unitFileName(r.unit)}…`);
      for (const cmd of [argv.daemonReload(), argv.restart(r.unit)]) {
        const w = await sudo(r, cmd);
        if (!w.ok) return w;
      }
      r.ctx.onProgress?.(`Waiting for ${unitFileName(r.unit)} to load the model…`);
      if (!(await waitFor(r, r.key, (s) => s === 200))) {
        const waited = `${Math.round((r.o.readyTimeoutMs ?? 600_000) / 1000)} s`;
        return failed(`${unitFileName(r.unit)} is not ready.`, [makeFinding('cursorchat.notReady', { unit: unitFileName(r.unit), waited, url: `${r.baseUrl}/models`, where: r.ctx.shell.target })]);
      }
      return succeeded(`${unitFileName(r.unit)} runs with the key.`, undefined);
    },
    // Undoing the drop-in restarts the unit; nothing of its own to take back.
    undo: async () => succeeded('Nothing to undo (the drop-in step restarts the unit).', undefined),
  },
  {
    id: 'verify',
    title: 'Check that the server demands the key',
    check: async () => false, // reads only: always checked again
    async run(r) {
      const e = await enforced(r);
      if (!e.ok) {
        return failed('The server does not enforce the key.', [
          makeFinding('cursorchat.keyNotEnforced', { url: `${r.baseUrl}/models`, without: e.without ?? 'nothing', with: e.with ?? 'nothing', unit: unitFileName(r.unit), where: r.ctx.shell.target }),
        ]);
      }
      return succeeded(`Without the key: ${e.without}; with it: 200.`, undefined);
    },
  },
  {
    id: 'funnel',
    title: 'Make the model public (Tailscale Funnel)',
    async check(r) {
      const s = await readServe(r.ctx, serveOptions(r.o));
      if (!s.ok) return false;
      if ((await flavorOf(r)) !== 'vllm') return s.value.exposure === 'funnel';
      return v1FunnelState(s.value.routes, new URL(r.baseUrl).hostname, r.o.port ?? 30001).kind === 'on';
    },
    async run(r) {
      const guard = {
        ...serveOptions(r.o),
        ...(r.o.funnel ?? {}),
        statusWithoutKey: (url: string, signal?: AbortSignal) => r.o.status(url, undefined, signal),
        confirmPublic: async () => true, // the flow's own modal asked once, before anything changed
      };
      // vLLM: only /v1 on its own port; the whole-server guard (startFunnel) would refuse vLLM's open routes.
      return (await flavorOf(r)) === 'vllm' ? startV1Funnel(r.ctx, guard) : startFunnel(r.ctx, guard);
    },
    async undo(r) {
      const o = { ...serveOptions(r.o), ...(r.o.funnel ?? {}) };
      const s = await readServe(r.ctx, o);
      const v1On = s.ok && s.value.baseUrl !== null && v1FunnelState(s.value.routes, new URL(s.value.baseUrl).hostname, r.o.port ?? 30001).kind === 'on';
      // vLLM's Funnel is exactly the /v1 route: remove that, never every public route.
      return v1On || (await flavorOf(r)) === 'vllm' ? stopV1Funnel(r.ctx, o) : stopFunnel(r.ctx, o);
    },
  },
  {
    id: 'verifyPublic',
    title: 'Check the public URL with the key',
    check: async () => false,
    async run(r) {
      const url = await publicUrlOf(r);
      r.ctx.onProgress?.(`Checking ${url} from outside with the key…`);
      const ok = await waitFor({ ...r, baseUrl: url, o: { ...r.o, readyTimeoutMs: Math.min(r.o.readyTimeoutMs ?? 60_000, 60_000) } }, r.key, (s) => s === 200);
      if (!ok) {
        const last = await r.o.status(`${url}/models`, r.key, r.ctx.signal).catch(() => undefined);
        return failed('The public URL does not answer.', [makeFinding('cursorchat.publicUnverified', { url: `${url}/models`, status: last === undefined ? undefined : `HTTP ${last}`, where: url })]);
      }
      const without = await r.o.status(`${url}/models`, undefined, r.ctx.signal).catch(() => undefined);
      if (without !== 401 && without !== 403) {
        return failed(`${url} answers without the key (${without ?? 'no answer'}).`, [makeFinding('funnel.noApiKey', { url, where: `${url}/models` }, `GET ${url}/models without Authorization → ${without ?? 'no answer'}`)]);
      }
      if (url === r.baseUrl) return succeeded(`${url} answers 200 with the key, ${without} without it.`, undefined);
      // Only /v1 is public: every other route asked through the public port must not be there (404).
      const open = await findOpenRoutes(url, (u) => r.o.status(u, undefined, r.ctx.signal));
      if (open.length > 0) {
        return failed(`${open.join(', ')} answer on the public port.`, [makeFinding('funnel.openRoutes', { url, routes: open.join(', '), port: r.o.port ?? 30001, where: url })]);
      }
      return succeeded(`${url} answers 200 with the key, ${without} without it; nothing outside /v1 is public.`, undefined);
    },
  },
  {
    id: 'cursor',
    title: "Put the URL into Cursor's OpenAI base URL",
    check: async (r) => r.o.cursor.isSet(await publicUrlOf(r)),
    run: async (r) => r.o.cursor.write(await publicUrlOf(r)),
    undo: (r) => r.o.cursor.revert(),
  },
];

function serveOptions(o: CursorChatOptions): ServeOptions {
  const { port, host, install } = o;
  return { ...(port !== undefined ? { port } : {}), ...(host !== undefined ? { host } : {}), ...(install ? { install } : {}), ...(o.funnel?.install ? { install: o.funnel.install } : {}) };
}

async function prepare(ctx: OpContext, o: CursorChatOptions, key: string): Promise<OpResult<Run>> {
  if (!o.unit) return failed('No inference unit is set.', [makeFinding('cursorchat.noUnit')]);
  const paths = dropInPaths(o.unit, o.systemdDir);
  const serve = await readServe(ctx, serveOptions(o));
  if (!serve.ok) return serve;
  if (!serve.value.baseUrl) {
    return failed('The model is not served in the tailnet yet; serve it first.', [makeFinding('serve.nothingServed', { port: o.port ?? 30001, where: ctx.shell.target })]);
  }
  return succeeded('', { ctx, o, unit: o.unit, ...paths, key, baseUrl: serve.value.baseUrl });
}

async function modelIds(r: Run): Promise<string[]> {
  // The ids come from the Spark: untrusted text. Only plain, short ids are shown.
  const ids = await r.o.models?.(r.baseUrl, r.key).catch(() => []);
  return (ids ?? []).filter((id) => /^[\w./:@+-]{1,200}$/.test(id));
}

/** Runs (or resumes) the setup. Each step: already done? skip : run, and record it when it ran. */
export function setupCursorChat(ctx: OpContext, o: CursorChatOptions): Promise<OpResult<SetupValue>> {
  return guarded(ctx, 'Setting up Cursor chat', async () => {
    const stored = await o.apiKey.get();
    const key = stored ?? generateApiKey();
    const prep = await prepare(ctx, o, key);
    if (!prep.ok) return prep;
    const r = prep.value;
    if (!stored) await o.apiKey.store(key);
    const taken = await o.record.load();
    const steps: StepReport[] = [];
    for (const step of STEPS) {
      if (ctx.signal?.aborted) return failed('Setting up Cursor chat: cancelled.', [], true);
      ctx.onProgress?.(step.title);
      if (await step.check(r)) {
        steps.push({ id: step.id, title: step.title, outcome: 'alreadyDone', message: 'Already done.' });
        continue;
      }
      const res = await step.run(r);
      if (!res.ok) {
        steps.push({ id: step.id, title: step.title, outcome: 'failed', message: res.message });
        return { ...res, message: `${step.title}: ${res.message} Run Set Up Cursor Chat again to continue from here.` };
      }
      if (step.undo && !taken.includes(step.id)) {
        taken.push(step.id);
        await o.record.save(taken);
      }
      steps.push({ id: step.id, title: step.title, outcome: 'done', message: res.message });
    }
    const models = await modelIds(r);
    const publicUrl = await publicUrlOf(r);
    return succeeded(`Cursor chat can use ${publicUrl}.`, { baseUrl: publicUrl, models, steps, newKey: !stored, key });
  });
}

/** Reverses the recorded steps, newest first; each report says what happened. */
export function undoCursorChat(ctx: OpContext, o: CursorChatOptions): Promise<OpResult<{ steps: StepReport[] }>> {
  return guarded(ctx, 'Undoing Cursor chat setup', async () => {
    const taken = await o.record.load();
    const steps: StepReport[] = [];
    if (taken.length === 0) return succeeded('Set Up Cursor Chat changed nothing that needs undoing.', { steps });
    const key = (await o.apiKey.get()) ?? '';
    const paths = dropInPaths(o.unit, o.systemdDir);
    const serve = await readServe(ctx, serveOptions(o));
    const r: Run = { ctx, o, unit: o.unit, ...paths, key, baseUrl: (serve.ok && serve.value.baseUrl) || '' };
    const findings: Finding[] = [];
    for (const step of [...STEPS].reverse()) {
      if (!taken.includes(step.id) || !step.undo) {
        continue;
      }
      ctx.onProgress?.(`Undo: ${step.title}`);
      const res = await step.undo(r);
      if (!res.ok) {
        steps.push({ id: step.id, title: step.title, outcome: 'failed', message: res.message });
        findings.push(...res.findings);
        return failed(`Undo stopped at "${step.title}": ${res.message} Run Undo again to continue.`, findings);
      }
      if (step.id === 'funnel' && res.value && typeof res.value === 'object' && 'baseUrl' in res.value) {
        r.baseUrl = String((res.value as { baseUrl: string | null }).baseUrl ?? r.baseUrl);
      }
      taken.splice(taken.indexOf(step.id), 1);
      await o.record.save(taken);
      steps.push({ id: step.id, title: step.title, outcome: 'undone', message: res.message });
    }
    return succeeded('Cursor chat setup undone.', { steps });
  });
}

/** The dry run: the exact remote commands the setup would run (reads and writes), key never in them. */
export function dryRunArgv(o: Pick<CursorChatOptions, 'unit' | 'systemdDir' | 'port'> & { flavor?: ServerFlavor }): string[] {
  const { confPath, envPath } = dropInPaths(o.unit, o.systemdDir);
  const port = String(o.port ?? 30001);
  const checked = 'after GET /v1/models: 401 without the key, 200 with it (sudo when not the Tailscale operator)';
  const funnel = {
    vllm: `${displayArgv(['tailscale', ...v1FunnelArgs(Number(port))])}   # vLLM: only /v1, on port ${V1_FUNNEL_PORT}; ${checked}`,
    sglang: `${displayArgv(['tailscale', 'funnel', '--bg', '--yes', port])}   # SGLang: ${checked}`,
  };
  return [
    displayArgv(['tailscale', 'serve', 'status', '--json']),
    displayArgv(argv.cat(o.unit)),
    `${displayArgv(argv.same(envPath), true)}   # stdin: the expected file`,
    `${displayArgv(argv.same(confPath), true)}   # stdin: the expected drop-in`,
    `${displayArgv(argv.install(envPath), true)}   # stdin: KEY=… (the key never appears in an argv)`,
    `${displayArgv(argv.install(confPath), true)}   # stdin: [Service] EnvironmentFile=${envPath}`,
    displayArgv(argv.daemonReload(), true),
    displayArgv(argv.restart(o.unit), true),
    ...(o.flavor ? [funnel[o.flavor]] : [funnel.vllm, funnel.sglang]),
  ];
}
