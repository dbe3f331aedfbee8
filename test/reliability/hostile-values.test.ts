// Hostile values in every setting that ends up in a remote command — unit name, port, SSH user,
// paths — are rejected BEFORE anything goes over SSH: the settings layer falls back to the
// default with a settings.invalid Finding naming the key, and the remote operations (which the
// CLI can reach without the settings layer) refuse on their own. Proof that nothing was even
// attempted: the SSH target is a TCP listener that counts connections, and the shell counts
// exec/stream calls.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { controlService, exposeServe, followLog, lastJournalLines, serviceStatus, startFunnel, stopServePort } from '../../src/core/remote';
import { followUnitArgv } from '../../src/core/remote/journal';
import type { OpContext, OpResult } from '../../src/core/remote/types';
import { parseSettings } from '../../src/core/settings';
import { openRemoteShell, SshError, SshPool } from '../../src/core/ssh';
import type { RemoteShell } from '../../src/core/ssh/types';
import { scriptedPrompter } from '../integration/ssh/helpers';
import { type Fault, startSilentListener } from './support/network';

const HOSTILE_UNITS = ['vllm; rm -rf ~', 'vllm.service && reboot', '$(id)', '`id`', 'vllm\nid', '-H evil', '--host=evil', "vllm' ; id '", 'a b', '../../etc/passwd', ''];
const HOSTILE_PORTS: unknown[] = ['30001; id', '30001 && reboot', '$(id)', -1, 0, 65536, 1.5, 'NaN', '80\n22', null];
const HOSTILE_TARGETS = ['root;id@spark', '-oProxyCommand=touch /tmp/pwned', 'us er@spark', '$(id)@spark', 'user@-oProxyCommand=x', 'user@spark;id', '`id`@spark', 'user@spark:22;id'];
const HOSTILE_PATHS = ['/tmp/x\nProxyCommand touch /tmp/pwned', '/tmp/a\0b', '/tmp/a\rb'];

let listener: Fault & { accepted(): number };
let pool: SshPool;
let shell: RemoteShell;
let calls = 0;
let home: string;

before(async () => {
  listener = await startSilentListener(22);
  home = mkdtempSync(join(tmpdir(), 'tailspark-hostile-'));
  const config = join(home, 'config');
  writeFileSync(config, 'Host *\n  ConnectTimeout 1\n');
  pool = new SshPool({ prompter: scriptedPrompter({}), agent: false, pathEnv: { platform: 'linux', home, env: { USER: 'tester' } } });
  const real = openRemoteShell(pool, { target: `sparkuser@${listener.host}:22`, sshConfigFile: config, pathEnv: { platform: 'linux', home, env: { USER: 'tester' } } });
  shell = {
    target: real.target,
    user: real.user,
    exec: (argv, o) => {
      calls++;
      return real.exec(argv, o);
    },
    stream: (argv, o) => {
      calls++;
      return real.stream(argv, o);
    },
  };
});

after(async () => {
  pool?.closeAll();
  await listener?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

const ctx = (): OpContext => ({ shell, log: { info: () => {}, warn: () => {}, error: () => {} } });

/** Connections the listener had before the current test (each test starts from a clean count). */
let acceptedBefore = 0;
beforeEach(() => {
  calls = 0;
  acceptedBefore = listener.accepted();
});
const attempts = () => listener.accepted() - acceptedBefore;

function assertRefusedBeforeSsh(r: OpResult<unknown>, what: string, code?: string): void {
  assert.equal(r.ok, false, `${what} was accepted`);
  assert.ok(r.findings.length > 0, `${what}: refused without a finding`);
  if (code) assert.equal(r.findings[0]!.code, code, `${what}: ${r.findings[0]!.code} — ${r.findings[0]!.detail}`);
  assert.equal(calls, 0, `${what}: a remote command was started`);
  assert.equal(attempts(), 0, `${what}: an SSH connection was attempted`);
}

test('settings layer: each hostile value falls back to its default with settings.invalid naming the key', () => {
  const cases: Array<[string, unknown]> = [
    // An empty unit is valid in the settings (= detect it on the Spark); the remote actions still refuse it (below).
    ...HOSTILE_UNITS.filter((v) => v !== '').map((v) => ['service.unit', v] as [string, unknown]),
    ...HOSTILE_PORTS.filter((v) => v !== null).map((v) => ['spark.inferencePort', v] as [string, unknown]),
    ...HOSTILE_TARGETS.map((v) => ['ssh.target', v] as [string, unknown]),
    ...HOSTILE_PATHS.flatMap((v) => ['ssh.configFile', 'ssh.knownHostsFile', 'tailscale.path'].map((k) => [k, v] as [string, unknown])),
    ['spark.host', 'spark; id'],
    ['spark.host', '-oProxyCommand=x'],
    ['network.resolve', { 'spark-56d0.tail1234.ts.net': '127.0.0.1; id' }],
  ];
  for (const [key, value] of cases) {
    const { settings, findings } = parseSettings((k) => (k === key ? value : undefined));
    const f = findings.find((x) => x.code === 'settings.invalid');
    assert.ok(f, `${key} = ${JSON.stringify(value)} was accepted`);
    assert.match(f.detail + (f.where ?? ''), new RegExp(`tailspark\\.${key.replace('.', '\\.')}`), 'the finding names the setting');
    const defaults = parseSettings(() => undefined).settings as Record<string, unknown>;
    assert.deepEqual((settings as Record<string, unknown>)[key], defaults[key], `${key} fell back to its default`);
  }
});

test('remote operations refuse hostile unit names before SSH (status, start/stop/restart, journal, follow)', async () => {
  for (const unit of HOSTILE_UNITS) {
    assertRefusedBeforeSsh(await serviceStatus(ctx(), unit), `serviceStatus(${JSON.stringify(unit)})`, 'settings.invalid');
    for (const action of ['start', 'stop', 'restart'] as const) {
      assertRefusedBeforeSsh(await controlService(ctx(), unit, action), `${action} ${JSON.stringify(unit)}`, 'settings.invalid');
    }
    await assert.rejects(lastJournalLines(ctx(), unit), `journal of ${JSON.stringify(unit)}`);
    assert.throws(() => followUnitArgv(unit), `follow ${JSON.stringify(unit)}`);
    assert.equal(calls, 0, `journal/follow of ${JSON.stringify(unit)} started a remote command`);
  }
  assert.equal(attempts(), 0);
});

// readServe() is left out on purpose: its port only filters the output of
// `tailscale serve status --json` and never becomes part of a command.
test('remote operations refuse hostile ports before SSH (serve expose/stop, funnel)', async () => {
  for (const port of HOSTILE_PORTS.filter((p) => p !== null)) {
    const p = port as number;
    // The user is told which value was refused and where to fix it, not "unexpected error".
    assertRefusedBeforeSsh(await exposeServe(ctx(), { port: p }), `exposeServe(${JSON.stringify(port)})`, 'remote.invalidValue');
    assertRefusedBeforeSsh(await stopServePort(ctx(), { httpsPort: p }), `stopServePort(${JSON.stringify(port)})`, 'remote.invalidValue');
    const funnel = await startFunnel(ctx(), { port: p, statusWithoutKey: async () => 401, confirmPublic: async () => true });
    assertRefusedBeforeSsh(funnel, `startFunnel(${JSON.stringify(port)})`, 'remote.invalidValue');
  }
});

test('hostile SSH targets (user, host, port) are refused with ssh.targetInvalid and no connection', () => {
  for (const target of HOSTILE_TARGETS) {
    assert.throws(
      () => openRemoteShell(pool, { target, sshConfigFile: join(home, 'none'), pathEnv: { platform: 'linux', home, env: { USER: 'tester' } } }),
      (err: unknown) => err instanceof SshError && err.finding.code === 'ssh.targetInvalid',
      `target ${JSON.stringify(target)} was accepted`,
    );
  }
  assert.equal(attempts(), 0);
});

test('control: a harmless command on the same shell DOES reach the listener (the counters work)', async () => {
  await assert.rejects(shell.exec(['true']));
  assert.equal(calls, 1);
  assert.equal(attempts(), 1);
});

test('follow with a hostile unit never opens a stream', async () => {
  await assert.rejects(async () => followLog(ctx(), followUnitArgv('vllm; id'), () => {}));
  assert.equal(calls, 0);
  assert.equal(attempts(), 0);
});
