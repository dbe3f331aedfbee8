// `--server NAME` on the CLI against two emulated Sparks and the router in front of them: the
// name is looked up in a settings.json (`tailspark.servers`), and each command acts on that
// server — detect finds its URL, run reaches its sshd, probe verifies its endpoint, setup-cursor
// uses its unit — and doctor without --server reports on every configured server.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { main } from '../../../src/cli';
import { generateKey } from '../../harness/sshd';
import { type RunningFleet, startSparks, writeClientSshFiles } from '../../spark-sim/fleet';

const FAST = { loadMs: 300, warmupMs: 200, healthMs: 50, tokenMs: 2, riskCountdownMs: 250 };

let fleet: RunningFleet;
let dir: string;
let sshConfig: string;
let settingsPath: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-cli-servers-'));
  const key = generateKey(dir, 'id_ed25519', { comment: 'tailspark-cli-servers' });
  fleet = await startSparks({ router: true, common: { authorizedKeys: [key.publicLine], timings: FAST } });
  sshConfig = writeClientSshFiles(fleet.sparks, dir, key.privatePath).sshConfig;
  const [a, b] = fleet.sparks;
  settingsPath = join(dir, 'settings.json');
  writeFileSync(
    settingsPath,
    `// the editor's user settings (JSONC)\n${JSON.stringify(
      {
        'editor.fontSize': 14,
        'tailspark.servers': [
          { name: 'alpha', host: a.magicDnsName, port: a.inferencePort, unit: 'sglang' },
          { name: 'beta', host: b.magicDnsName, port: b.inferencePort, unit: 'sglang.service' },
          { name: 'router', host: fleet.router!.host, port: fleet.router!.port },
        ],
      },
      null,
      2,
    )}\n`,
  );
});

after(async () => {
  await fleet?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Ran {
  code: number;
  out: string;
  err: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  let out = '';
  let err = '';
  const home = mkdtempSync(join(dir, 'home-'));
  const code = await main(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { HOME: home, USER: 'tester', TAILSPARK_STATE_DIR: join(home, 'state'), ...env },
  });
  return { code, out, err };
}

const resolves = () => Object.entries(fleet.resolve).flatMap(([name, addr]) => ['--resolve', `${name}:${addr}`]);
const live = () => ['--tailscale', fleet.clientTailscalePath, '--ssh-config', sshConfig, ...resolves()];

test('detect --server beta finds the second Spark’s URL over its own SSH', async () => {
  const r = await cli(['detect', '--server', 'beta', '--config', settingsPath, ...live(), '--json']);
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out) as { host: string; baseUrl: string; sshTarget: string };
  assert.equal(json.baseUrl, fleet.sparks[1].baseUrl);
  assert.equal(json.host, fleet.sparks[1].magicDnsName);
});

test('detect --server router finds the router’s mount on the first Spark (port 30000)', async () => {
  const r = await cli(['detect', `--server=router`, '--config', settingsPath, ...live(), '--json']);
  assert.equal(r.code, 0, r.err);
  assert.equal((JSON.parse(r.out) as { baseUrl: string }).baseUrl, fleet.router!.baseUrl);
});

test('an unknown --server name fails with the configured names (exit 2)', async () => {
  for (const command of ['detect', 'probe', 'run', 'doctor', 'apply', 'explain', 'targets', 'revert', 'setup-cursor']) {
    const r = await cli([command, '--server', 'gamma', '--config', settingsPath]);
    assert.equal(r.code, 2, `${command}: ${r.err}`);
    assert.match(r.err, new RegExp(`^tailspark ${command}: no server named "gamma" in .*settings\\.json; configured: "alpha", "beta", "router"\\n`));
  }
});

test('--server without any settings file says where it looked', async () => {
  const r = await cli(['detect', '--server', 'beta']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--server beta: no settings with servers found/);
});

test('--server reads $TAILSPARK_CONFIG when --config is not given', async () => {
  const r = await cli(['detect', '--server', 'alpha', ...live(), '--json'], { TAILSPARK_CONFIG: settingsPath });
  assert.equal(r.code, 0, r.err);
  assert.equal((JSON.parse(r.out) as { baseUrl: string }).baseUrl, fleet.sparks[0].baseUrl);
});

test('run --server beta runs the command on the second Spark', async () => {
  const r = await cli(['run', '--server', 'beta', '--config', settingsPath, '--ssh-config', sshConfig, ...resolves(), '--', 'id', '-un']);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.trim(), fleet.sparks[1].user.name);
});

test('probe --server router detects the router URL, then verifies it (one model for both Sparks)', async () => {
  const r = await cli(['probe', '--server', 'router', '--config', settingsPath, ...live(), '--ca', fleet.caCertPath]);
  assert.equal(r.code, 0, `${r.err}\n${r.out}`);
  assert.match(r.err, new RegExp(`server "router": ${fleet.router!.baseUrl.replace(/[./]/g, '\\$&')}`));
  assert.match(r.out, /^OK /m);
  assert.match(r.out, /^Model: {4}Qwen\/Qwen2\.5-7B-Instruct/m);
});

test('setup-cursor --server beta uses beta’s unit', async () => {
  const r = await cli(['setup-cursor', '--dry-run', '--server', 'beta', '--config', settingsPath]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /sglang\.service/);
  assert.doesNotMatch(r.out, /vllm/);
});

test('doctor without --server reports on every configured server, one section each', async () => {
  const r = await cli(['doctor', '--config', settingsPath, ...live(), '--ca', fleet.caCertPath, '--json']);
  const json = JSON.parse(r.out) as { servers: { name: string; host: string; port: number; exitCode: number; report: unknown }[] };
  assert.deepEqual(
    json.servers.map((s) => [s.name, s.host, s.port]),
    [
      ['alpha', fleet.sparks[0].magicDnsName, 30001],
      ['beta', fleet.sparks[1].magicDnsName, 30001],
      ['router', fleet.router!.host, 30000],
    ],
  );
  const text = (i: number) => JSON.stringify(json.servers[i]!.report);
  assert.ok(text(0).includes(fleet.sparks[0].baseUrl), 'alpha’s report checks alpha’s URL');
  assert.ok(text(1).includes(fleet.sparks[1].baseUrl), 'beta’s report checks beta’s URL');
  assert.ok(text(2).includes(fleet.router!.baseUrl), 'the router’s report checks the router’s URL');
  assert.equal(r.code, Math.max(...json.servers.map((s) => s.exitCode)));
});

test('doctor --server beta prints one report, without a per-server heading', async () => {
  const r = await cli(['doctor', '--server', 'beta', '--config', settingsPath, ...live(), '--ca', fleet.caCertPath]);
  assert.ok(r.out.includes(fleet.sparks[1].baseUrl), r.out);
  assert.doesNotMatch(r.out, /^# Server "/m);
  assert.ok(!r.out.includes(fleet.sparks[0].baseUrl));
});
