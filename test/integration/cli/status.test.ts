// `tailspark status` in-process against the emulated Spark: ONE pass of the discovery pipeline
// through the Monitor (client `tailscale status --json`, the REAL SSH layer reading `tailscale
// serve status --json` on the Spark, HTTPS through the Serve front), printed as the ONE renderer
// renders it; --json is validated with the zod schema that describes it.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { run as status } from '../../../src/cli/status';
import { statusJsonSchema } from '../../../src/core/state/statusJson';
import { generateKey } from '../../harness/sshd';
import { type RunningSpark, startSpark } from '../../spark-sim';

const FAST = { loadMs: 600, warmupMs: 500, healthMs: 50, tokenMs: 5, riskCountdownMs: 250 };
const URL = 'https://spark-56d0.tail1234.ts.net/v1';

let spark: RunningSpark;
let dir: string;
let sshConfig: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-cli-status-'));
  const key = generateKey(dir, 'id_ed25519', { comment: 'tailspark-status-test' });
  spark = await startSpark({ scenario: 'healthy', flavor: 'sglang', authorizedKeys: [key.publicLine], timings: FAST });
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `${spark.knownHostsLine}\n`);
  sshConfig = join(dir, 'ssh_config');
  writeFileSync(
    sshConfig,
    [`Host ${spark.hostName} ${spark.magicDnsName}`, `  HostName ${spark.magicDnsName}`, `  User ${spark.user.name}`, `  IdentityFile ${key.privatePath}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${knownHosts}`, ''].join('\n'),
  );
  chmodSync(sshConfig, 0o600);
});

after(async () => {
  await spark?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const home = mkdtempSync(join(dir, 'home-'));
  const code = await status(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { HOME: home, USER: 'tester', TAILSPARK_STATE_DIR: join(home, 'state') },
  });
  return { code, out, err };
}

/** What a user on the tailnet passes: the local tailscale, the ssh_config, the Spark's CA. */
const live = () => ['--tailscale', spark.clientTailscalePath, '--ssh-config', sshConfig, '--resolve', `${spark.magicDnsName}:${spark.address}`, '--ca', spark.caCertPath];

async function statusJson(extra: string[] = []) {
  const r = await cli([...live(), ...extra, '--json']);
  return { ...r, json: statusJsonSchema.parse(JSON.parse(r.out)) };
}

const HEALTHY: string[] = ['ready', 'degraded'];
const codes = (findings: { code: string }[]) => findings.map((f) => f.code);

test('healthy: ready (or degraded), URL from the serve config over SSH (source ssh), the server and its model; --json matches the schema; exit 0', { timeout: 60_000 }, async () => {
  await spark.waitServerReady();
  const r = await statusJson();
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, '');
  // Healthy: ready, or degraded when this loaded test machine answered slower than probe.slowMs.
  assert.ok(HEALTHY.includes(r.json.phase), r.json.phase);
  assert.deepEqual(r.json.serve, { baseUrl: URL, exposure: 'tailnet', source: 'ssh' });
  assert.equal(r.json.server?.kind, 'sglang');
  assert.deepEqual(
    r.json.server?.models.map((m) => m.id),
    ['Qwen/Qwen2.5-7B-Instruct'],
  );
  assert.equal(r.json.tailnet?.peer?.dnsName, spark.magicDnsName);
  assert.equal(r.json.tailnet?.peer?.online, true);
  assert.deepEqual(r.json.findings, []);

  const text = await cli(live());
  assert.equal(text.code, 0, text.err);
  // The tooltip of the status bar, as plain text: headline, then the facts; no icons, links or escapes.
  assert.match(text.out, /^Tailspark — (Ready|Working, but degraded: slow answers)$/m);
  assert.match(text.out, new RegExp(`^Spark: ${spark.magicDnsName.replace(/\./g, '\\.')}$`, 'm'));
  assert.ok(text.out.includes(URL), text.out);
  assert.doesNotMatch(text.out, /\$\(|command:|\\[.-]/);
});

test('SSH refused: the URL derived from the MagicDNS name answers → healthy with source derived, exit 0', { timeout: 60_000 }, async () => {
  await spark.waitServerReady();
  const r = await statusJson(['--host', spark.magicDnsName, '--ssh-target', `${spark.user.name}@${spark.address}:2`]);
  assert.equal(r.code, 0, r.err);
  assert.ok(HEALTHY.includes(r.json.phase), r.json.phase);
  assert.deepEqual(r.json.serve, { baseUrl: URL, exposure: 'tailnet', source: 'derived' });
});

test('serve reset on the Spark → reachableNotServed with serve.nothingServed and its fix, exit 1 with the reason', { timeout: 60_000 }, async () => {
  const reset = spark.runAsRoot('tailscale', ['serve', 'reset']);
  assert.equal(reset.code, 0, reset.stderr);
  try {
    const r = await statusJson();
    assert.equal(r.code, 1);
    assert.equal(r.json.phase, 'reachableNotServed');
    assert.equal(r.json.serve, null);
    assert.deepEqual(codes(r.json.findings), ['serve.nothingServed']);
    assert.match(r.json.findings[0]!.fixes[0]!.cli, /tailscale serve --bg --yes 30001/);
    assert.equal(r.json.background, 'warning');
    assert.match(r.err, /^tailspark status: Spark: not served — Nothing is served for the inference port/);
  } finally {
    await spark.setScenario('healthy');
  }
});

test('nothing answers: no Tailscale CLI here and the derived URL does not resolve → not ready, the reasons as findings, exit 1; usage errors exit 2', { timeout: 60_000 }, async () => {
  const r = await statusJson(['--host', 'gpu.tail1234.ts.net', '--tailscale', join(dir, 'no-such-tailscale'), '--timeout', '2000']);
  assert.equal(r.code, 1);
  assert.equal(r.json.serve, null);
  assert.equal(r.json.server, null);
  assert.ok(r.json.findings.some((f) => f.code === 'tailscale.cliMissing'), JSON.stringify(codes(r.json.findings)));
  assert.match(r.err, /^tailspark status: /);
  assert.equal((await cli(['--status-json', 'x'])).code, 2);
  assert.equal((await cli(['--timeout', 'soon'])).code, 2);
});
