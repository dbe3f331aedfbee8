// Two emulated Sparks configured as `tailspark.servers`, watched by the REAL Monitors (local
// tailscale stand-in, HTTPS through each Serve front, SSH through each real sshd) composed by the
// ServerFleet; the failover decision (src/core/servers/failover.ts) on the fleet's real states;
// and on every switch the editor targets follow through the existing verified writers
// (`tailspark apply` on temp files: GET <url>/models before anything is written).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { run as apply } from '../../../src/cli/apply';
import { Emitter } from '../../../src/core/util/emitter';
import { Monitor } from '../../../src/core/monitor/monitor';
import { createProbes } from '../../../src/core/monitor/probes';
import { SparkHttp } from '../../../src/core/http/sparkHttp';
import { PooledSparkShell } from '../../../src/core/discovery/sparkShell';
import type { MonitorConfig } from '../../../src/core/monitor/types';
import type { Logger } from '../../../src/core/util/log';
import { decideFailover, downSince, type FailoverDecision } from '../../../src/core/servers/failover';
import { ServerFleet } from '../../../src/core/servers/fleet';
import { resolveServers, type ServerEntry, settingsForServer } from '../../../src/core/servers/serverList';
import { defaultSettings, monitorConfig, type Settings } from '../../../src/core/settings';
import { SshPool } from '../../../src/core/ssh';
import type { SparkPhase, SparkState } from '../../../src/core/state/types';
import { generateKey } from '../../harness/sshd';
import type { RunningSpark } from '../../spark-sim';
import { type RunningFleet, startSparks } from '../../spark-sim/fleet';
import { memorySecrets, scriptedPrompter } from '../ssh/helpers';

const MODEL = 'Qwen/Qwen2.5-7B-Instruct';
let fleet: RunningFleet;
let dir: string;
let pool: SshPool;
let keyPath: string;
let knownHosts: string;
let settings: Settings;
let serverFleet: ServerFleet;
let extraCa: string;
const sshCalls: string[] = [];
const lines: string[] = [];
const log: Logger = {
  trace: () => {},
  debug: (m) => lines.push(`debug ${m}`),
  info: (m) => lines.push(`info ${m}`),
  warn: (m) => lines.push(`warn ${m}`),
  error: (m) => lines.push(`error ${m}`),
};

/** The extension's one Monitor, following the active server (rebuilt on a switch, as its settings change). */
class ActiveMonitor {
  private readonly changed = new Emitter<SparkState>();
  monitor!: Monitor;
  entry!: ServerEntry;
  switchTo(entry: ServerEntry): void {
    this.monitor?.dispose();
    this.entry = entry;
    this.monitor = new Monitor({ probes: probesFor(entry), log, getConfig: () => foreground(entry) });
    this.monitor.onDidChangeState((s) => this.changed.fire(s));
  }
  getState = () => this.monitor.getState();
  onDidChangeState = (l: (s: SparkState) => void) => this.changed.on(l);
}
let active: ActiveMonitor;

/** Ticks are driven by refresh() here; the intervals only matter to the timers and the benchmark. */
function foreground(entry: ServerEntry): MonitorConfig {
  return { ...monitorConfig(settingsForServer(settings, entry)), healthySeconds: 3600, maxBackoffSeconds: 3600, timeoutMs: 5000 };
}

function sparkOf(entry: ServerEntry): RunningSpark {
  const s = fleet.sparks.find((x) => x.magicDnsName === entry.host);
  assert.ok(s, `no Spark for ${entry.host}`);
  return s;
}

function probesFor(entry: ServerEntry) {
  const spark = sparkOf(entry);
  return createProbes({
    settings: () => ({ tailscalePath: fleet.clientTailscalePath, inferencePort: entry.port, timeoutMs: 5000 }),
    http: SparkHttp.fixed({ resolve: fleet.resolve, timeoutMs: 5000, extraCa: [extraCa] }),
    shell: new PooledSparkShell(
      pool,
      () => {
        sshCalls.push(entry.name);
        return { target: `${spark.user.name}@${spark.address}`, identityFiles: [keyPath], knownHostsFiles: [knownHosts] };
      },
      log,
      entry.port,
    ),
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-fleet-sim-'));
  const key = generateKey(dir, 'id_ed25519', { comment: 'tailspark-fleet-sim' });
  keyPath = key.privatePath;
  fleet = await startSparks({ common: { flavor: 'sglang', authorizedKeys: [key.publicLine], timings: { loadMs: 400, warmupMs: 300, healthMs: 50, tokenMs: 2 } } });
  knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, fleet.sparks.map((s) => `${s.knownHostsLine}\n`).join(''));
  extraCa = readFileSync(fleet.caCertPath, 'utf8');
  pool = new SshPool({ prompter: scriptedPrompter({}), secrets: memorySecrets(), agent: false });
  settings = {
    ...defaultSettings(),
    servers: [
      { name: 'alpha', host: fleet.sparks[0].magicDnsName, port: 30001, unit: 'sglang.service', sshTarget: '' },
      { name: 'beta', host: fleet.sparks[1].magicDnsName, port: 30001, unit: 'sglang.service', sshTarget: '' },
    ],
    activeServer: 'alpha',
    failover: 'ask',
  };
  active = new ActiveMonitor();
  active.switchTo(resolveServers(settings).active);
  serverFleet = new ServerFleet({ settings: () => settings, active, probesFor: (e) => ({ probes: probesFor(e) }), logFor: () => log });
});

after(async () => {
  serverFleet?.dispose();
  active?.monitor?.dispose();
  pool?.closeAll();
  await fleet?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function tickAll(): Promise<void> {
  await Promise.all([active.monitor.refresh({ force: false, reason: 'test' }), serverFleet.refreshOthers()]);
}

/** Ticks until `name` is in `phase` (the active Monitor and the fleet's background ones alike). */
async function until(name: string, phase: SparkPhase, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    await tickAll();
    const m = serverFleet.states().find((x) => x.entry.name === name);
    if (m?.state.phase === phase) return;
    if (Date.now() > end) assert.fail(`${name} still ${m?.state.phase}, expected ${phase}\n${lines.slice(-12).join('\n')}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Switching as the extension does it: the setting, the active Monitor, the fleet's background set. */
async function switchTo(name: string): Promise<void> {
  settings = { ...settings, activeServer: name };
  active.switchTo(resolveServers(settings).active);
  serverFleet.reconcile();
  await until(name, 'ready');
}

// The targets, on temp files: Continue's config.yaml and a settings.json key.
let continueConfig: string;
let userSettings: string;
async function writeTargets(url: string): Promise<{ code: number; err: string }[]> {
  const results: { code: number; err: string }[] = [];
  const resolves = Object.entries(fleet.resolve).flatMap(([n, a]) => ['--resolve', `${n}:${a}`]);
  for (const target of [
    ['--target', 'continue', '--continue-config', continueConfig],
    ['--target', 'settings', '--settings', userSettings, '--settings-key', 'openai.baseUrl'],
  ]) {
    let err = '';
    const code = await apply([...target, '--url', url, ...resolves, '--ca', fleet.caCertPath], {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (err += t) },
      env: { HOME: dir, TAILSPARK_STATE_DIR: join(dir, 'state') },
    });
    results.push({ code, err });
  }
  return results;
}
const targetUrls = () => [/apiBase: (\S+)/.exec(readFileSync(continueConfig, 'utf8'))?.[1], JSON.parse(readFileSync(userSettings, 'utf8'))['openai.baseUrl']];

let downFrom: number | undefined;
function decide(origin: string | undefined, extra: { mode?: 'ask' | 'auto'; cursorFollowsSilently?: boolean } = {}): FailoverDecision {
  const members = serverFleet.states();
  const activeState = members.find((m) => m.active)!.state;
  downFrom = downSince(downFrom, activeState, Date.now());
  return decideFailover({
    mode: extra.mode ?? 'ask',
    now: Date.now() + 61_000, // past the (default 60 s) grace period without waiting for it
    graceMs: settings.failoverGraceSeconds * 1000,
    members,
    activeDownSince: downFrom,
    activeModel: MODEL,
    origin,
    declined: new Set(),
    cursorFollowsSilently: extra.cursorFollowsSilently ?? false,
  });
}

test('the fleet sees both Sparks: the active one and one background Monitor, both ready; no SSH while healthy', async () => {
  continueConfig = join(dir, 'config.yaml');
  writeFileSync(continueConfig, 'name: mine\nversion: 1.0.0\nschema: v1\nmodels: []\n');
  userSettings = join(dir, 'settings.json');
  writeFileSync(userSettings, '{\n  "editor.fontSize": 14\n}\n');
  await until('alpha', 'ready');
  await until('beta', 'ready');
  assert.equal(serverFleet.backgroundCount, 1);
  const states = serverFleet.states();
  assert.deepEqual(
    states.map((m) => [m.entry.name, m.active, m.state.phase, m.state.serve?.baseUrl, m.state.server?.models.map((x) => x.id)]),
    [
      ['alpha', true, 'ready', fleet.sparks[0].baseUrl, [MODEL]],
      ['beta', false, 'ready', fleet.sparks[1].baseUrl, [MODEL]],
    ],
  );
  const ssh = sshCalls.length;
  for (let i = 0; i < 3; i++) await tickAll();
  assert.equal(sshCalls.length, ssh, 'healthy ticks use HTTPS only');
  assert.deepEqual(await writeTargets(fleet.sparks[0].baseUrl), [
    { code: 0, err: '' },
    { code: 0, err: '' },
  ]);
  assert.deepEqual(targetUrls(), [fleet.sparks[0].baseUrl, fleet.sparks[0].baseUrl]);
});

test('switching the active server moves the Monitor, and the targets follow after verifying the new URL', async () => {
  await switchTo('beta');
  assert.equal(serverFleet.active?.name, 'beta');
  assert.deepEqual(
    serverFleet.states().map((m) => [m.entry.name, m.active]),
    [
      ['alpha', false],
      ['beta', true],
    ],
  );
  assert.equal(active.getState().serve?.baseUrl, fleet.sparks[1].baseUrl);
  assert.deepEqual(
    (await writeTargets(active.getState().serve!.baseUrl!)).map((r) => r.code),
    [0, 0],
  );
  assert.deepEqual(targetUrls(), [fleet.sparks[1].baseUrl, fleet.sparks[1].baseUrl]);
});

test('active Spark’s inference service stopped: failover offers the other (same model); a write to the stopped one is refused', async () => {
  await fleet.sparks[1].stopServer();
  await until('beta', 'serverStopped');
  await until('alpha', 'ready');
  const d = decide(undefined);
  assert.equal(d.kind, 'ask');
  assert.deepEqual(d.kind === 'ask' ? [d.from.name, d.to.name, d.model] : [], ['beta', 'alpha', MODEL]);
  assert.equal(decide(undefined, { mode: 'auto' }).kind, 'switch');
  assert.equal(decide(undefined, { mode: 'auto', cursorFollowsSilently: true }).kind, 'ask', 'Cursor’s setting is never switched silently');
  // The verified writers refuse the stopped server's URL and leave the files alone.
  const refused = await writeTargets(fleet.sparks[1].baseUrl);
  assert.ok(
    refused.every((r) => r.code === 1),
    refused.map((r) => r.err).join('\n'),
  );
  assert.deepEqual(targetUrls(), [fleet.sparks[1].baseUrl, fleet.sparks[1].baseUrl]);
  // Accept the offer: alpha becomes active, the targets follow.
  await switchTo('alpha');
  downFrom = undefined;
  assert.deepEqual(
    (await writeTargets(active.getState().serve!.baseUrl!)).map((r) => r.code),
    [0, 0],
  );
  assert.deepEqual(targetUrls(), [fleet.sparks[0].baseUrl, fleet.sparks[0].baseUrl]);
  assert.deepEqual(decide('beta'), { kind: 'none', why: 'originNotReady' }, 'no way back while beta is down');
});

test('the origin ready again: the way back is offered (never made) and, accepted, the targets follow back', async () => {
  await fleet.sparks[1].startServer();
  await until('beta', 'ready');
  const back = decide('beta', { mode: 'auto' });
  assert.equal(back.kind, 'askBack', 'auto never switches back by itself');
  assert.deepEqual(back.kind === 'askBack' ? [back.from.name, back.to.name] : [], ['alpha', 'beta']);
  await switchTo('beta');
  assert.deepEqual(
    (await writeTargets(active.getState().serve!.baseUrl!)).map((r) => r.code),
    [0, 0],
  );
  assert.deepEqual(targetUrls(), [fleet.sparks[1].baseUrl, fleet.sparks[1].baseUrl]);
  assert.deepEqual(decide(undefined), { kind: 'none', why: 'healthy' });
});
