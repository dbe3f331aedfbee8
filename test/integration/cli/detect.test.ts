// `tailspark detect`, `apply` without --url and `probe` in-process against the emulated Spark:
// the client's `tailscale status --json` finds the peer, the REAL SSH layer (real sshd, key auth,
// the peer's sshHostKeys from the status) reads `tailscale serve status --json` on the Spark,
// and the base URL follows whatever the Spark's serve config says right now.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { run as apply } from '../../../src/cli/apply';
import { run as detect } from '../../../src/cli/detect';
import { run as probe } from '../../../src/cli/probe';
import { generateKey } from '../../harness/sshd';
import { type RunningSpark, startSpark } from '../../spark-sim';

const FAST = { loadMs: 600, warmupMs: 500, healthMs: 50, tokenMs: 5, riskCountdownMs: 250 };
const URL = 'https://spark-56d0.tail1234.ts.net/v1';

let spark: RunningSpark;
let dir: string;
let sshConfig: string;
let knownHosts: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-cli-detect-'));
  const key = generateKey(dir, 'id_ed25519', { comment: 'tailspark-cli-test' });
  spark = await startSpark({ scenario: 'healthy', flavor: 'sglang', authorizedKeys: [key.publicLine], timings: FAST });
  // Like scripts/lib/spark-client.mjs: a Host entry for the MagicDNS name with the Spark's user and key.
  knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `${spark.knownHostsLine}\n`);
  sshConfig = join(dir, 'ssh_config');
  writeFileSync(
    sshConfig,
    [
      `Host ${spark.hostName} ${spark.magicDnsName}`,
      `  HostName ${spark.magicDnsName}`,
      `  User ${spark.user.name}`,
      `  IdentityFile ${key.privatePath}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${knownHosts}`,
      '',
    ].join('\n'),
  );
  chmodSync(sshConfig, 0o600);
});

after(async () => {
  await spark?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Ran {
  code: number;
  out: string;
  err: string;
}

async function cli(command: typeof detect, args: string[]): Promise<Ran> {
  let out = '';
  let err = '';
  const home = mkdtempSync(join(dir, 'home-'));
  const code = await command(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    // No agent, no ~/.ssh: only what the flags say.
    env: { HOME: home, USER: 'tester', TAILSPARK_STATE_DIR: join(home, 'state') },
  });
  return { code, out, err };
}

/** The flags a user on the tailnet would need: the local tailscale and the ssh_config. */
const live = () => ['--tailscale', spark.clientTailscalePath, '--ssh-config', sshConfig, '--resolve', `${spark.magicDnsName}:${spark.address}`];

async function detectJson(extra: string[] = []) {
  const r = await cli(detect, [...live(), ...extra, '--json']);
  return { ...r, json: JSON.parse(r.out) as { host: string; online: boolean; baseUrl: string | null; exposure: string | null; guess: boolean; sshTarget: string | null; findings: { code: string; severity: string }[] } };
}

const codes = (findings: { code: string }[]) => findings.map((f) => f.code);

/** Makes the Spark's peer entry advertise no SSH host keys (so only known_hosts can vouch). */
function setAdvertisedHostKeys(keys: string[]): void {
  const state = JSON.parse(readFileSync(spark.statePath, 'utf8'));
  state.sshHostKeys = keys;
  writeFileSync(spark.statePath, JSON.stringify(state, null, 2));
}

test('healthy: the serve config is read over SSH → baseUrl, exposure tailnet, guess false, exit 0', { timeout: 60_000 }, async () => {
  const r = await detectJson();
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, '');
  assert.equal(r.json.host, spark.magicDnsName);
  assert.equal(r.json.online, true);
  assert.equal(r.json.baseUrl, URL);
  assert.equal(r.json.exposure, 'tailnet');
  assert.equal(r.json.guess, false);
  assert.deepEqual(r.json.findings, []);
  assert.equal(r.json.sshTarget, `${spark.user.name}@${spark.magicDnsName}:22`);

  const human = await cli(detect, live());
  assert.equal(human.code, 0, human.err);
  assert.match(human.out, /Base URL: https:\/\/spark-56d0\.tail1234\.ts\.net\/v1 \(tailnet only\)/);
  assert.match(human.out, new RegExp(`SSH: {6}${spark.user.name}@`));
});

test('the peer\'s sshHostKeys from tailscale status vouch for the host key: empty known_hosts, nothing written', { timeout: 60_000 }, async () => {
  const empty = join(dir, 'kh-empty-tailnet');
  writeFileSync(empty, '');
  const r = await detectJson(['--known-hosts', empty]);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.json.guess, false);
  assert.equal(readFileSync(empty, 'utf8'), '');
});

test('serve reset on the Spark → baseUrl null, serve.nothingServed, exit 1', { timeout: 60_000 }, async () => {
  const reset = spark.runAsRoot('tailscale', ['serve', 'reset']);
  assert.equal(reset.code, 0, reset.stderr);
  try {
    const r = await detectJson();
    assert.equal(r.code, 1);
    assert.equal(r.json.baseUrl, null);
    assert.equal(r.json.guess, false);
    assert.deepEqual(codes(r.json.findings), ['serve.nothingServed']);
    assert.match(r.err, /^tailspark detect: Nothing is served for the inference port/);
  } finally {
    await spark.setScenario('healthy');
  }
});

test('funnel on → exposure funnel with the serve.funnelOn warning (exit 0: the URL works)', { timeout: 60_000 }, async () => {
  const on = spark.runAsRoot('tailscale', ['funnel', '--bg', '30001']);
  assert.equal(on.code, 0, on.stderr);
  try {
    const r = await detectJson();
    assert.equal(r.code, 0, r.err);
    assert.equal(r.json.baseUrl, URL);
    assert.equal(r.json.exposure, 'funnel');
    assert.equal(r.json.guess, false);
    assert.deepEqual(codes(r.json.findings), ['serve.funnelOn']);
  } finally {
    await spark.setScenario('healthy');
  }
});

test('SSH refused → the MagicDNS guess plus ssh.connectionRefused, exit 1 with the reason', { timeout: 60_000 }, async () => {
  const r = await detectJson(['--ssh-target', `${spark.user.name}@${spark.address}:2`]);
  assert.equal(r.code, 1);
  assert.equal(r.json.baseUrl, URL);
  assert.equal(r.json.guess, true);
  assert.equal(r.json.exposure, null);
  assert.deepEqual(codes(r.json.findings), ['ssh.connectionRefused', 'serve.urlGuessed']);
  assert.match(r.err, /^tailspark detect: SSH connection refused by /);
});

test('--no-ssh → guess without an SSH finding, exit 0', { timeout: 60_000 }, async () => {
  const r = await detectJson(['--no-ssh']);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.json.guess, true);
  assert.equal(r.json.sshTarget, null);
  assert.deepEqual(codes(r.json.findings), ['serve.urlGuessed']);
});

test('unknown host key (peer advertises none): guess + ssh.hostKeyUnknown; --accept-new reads it and remembers the key', { timeout: 60_000 }, async () => {
  const original = JSON.parse(readFileSync(spark.statePath, 'utf8')).sshHostKeys as string[];
  const kh = join(dir, 'kh-unknown');
  writeFileSync(kh, '');
  setAdvertisedHostKeys([]);
  try {
    const refused = await detectJson(['--known-hosts', kh]);
    assert.equal(refused.code, 1);
    assert.equal(refused.json.guess, true);
    assert.equal(refused.json.baseUrl, URL);
    assert.deepEqual(codes(refused.json.findings), ['ssh.hostKeyUnknown', 'serve.urlGuessed']);
    assert.equal(readFileSync(kh, 'utf8'), '');

    const accepted = await detectJson(['--known-hosts', kh, '--accept-new']);
    assert.equal(accepted.code, 0, accepted.err);
    assert.equal(accepted.json.guess, false);
    assert.equal(accepted.json.exposure, 'tailnet');
    assert.match(readFileSync(kh, 'utf8'), new RegExp(`^${spark.magicDnsName.replace(/\./g, '\\.')} ${original[0]!.split(' ')[0]} `));
  } finally {
    setAdvertisedHostKeys(original);
  }
});

test('apply --target settings without --url: detects the URL over SSH, verifies it, writes settings.json', { timeout: 60_000 }, async () => {
  await spark.waitServerReady();
  const settings = join(dir, 'apply', 'settings.json');
  mkdirSync(join(dir, 'apply'), { recursive: true });
  writeFileSync(settings, '{\n  // mine\n  "editor.fontSize": 13\n}\n');
  const r = await cli(apply, ['--target', 'settings', '--settings', settings, '--settings-key', 'openai.baseUrl', ...live(), '--ca', spark.caCertPath]);
  assert.equal(r.code, 0, r.err + r.out);
  assert.match(r.err, /no --url: detected https:\/\/spark-56d0\.tail1234\.ts\.net\/v1 \(from the serve config on /);
  const text = readFileSync(settings, 'utf8');
  assert.match(text, /\/\/ mine/);
  assert.match(text, /"openai\.baseUrl": "https:\/\/spark-56d0\.tail1234\.ts\.net\/v1"/);
});

test('apply without --url when detection finds nothing: the usage error says why, nothing written', { timeout: 60_000 }, async () => {
  const settings = join(dir, 'apply-none.json');
  writeFileSync(settings, '{}\n');
  const r = await cli(apply, ['--target', 'settings', '--settings', settings, '--settings-key', 'openai.baseUrl', '--tailscale', join(dir, 'no-such-tailscale')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /tailspark apply: --url is required \(Tailspark verifies it before writing\); detection found no URL: Tailscale CLI not found/);
  assert.equal(readFileSync(settings, 'utf8'), '{}\n');
});

test('probe against the serve front: --ca trusts the Spark\'s CA; without it probe.tlsSelfSigned, exit 1', { timeout: 60_000 }, async () => {
  await spark.waitServerReady();
  const ok = await cli(probe, [URL, '--resolve', `${spark.magicDnsName}:${spark.address}`, '--ca', spark.caCertPath, '--json']);
  assert.equal(ok.code, 0, ok.err);
  const json = JSON.parse(ok.out) as { ok: boolean; models: { id: string }[]; server?: { kind: string } };
  assert.equal(json.ok, true);
  assert.deepEqual(
    json.models.map((m) => m.id),
    ['Qwen/Qwen2.5-7B-Instruct'],
  );
  assert.equal(json.server?.kind, 'sglang');

  const untrusted = await cli(probe, [URL, '--resolve', `${spark.magicDnsName}:${spark.address}`, '--quick', '--json']);
  assert.equal(untrusted.code, 1);
  const f = (JSON.parse(untrusted.out) as { findings: { code: string; where: string | null }[] }).findings[0]!;
  // The sim's throwaway CA is private: exactly what Node reports for an untrusted issuer.
  assert.equal(f.code, 'probe.tlsSelfSigned');
  assert.match(untrusted.err, /^tailspark probe: TLS certificate is self-signed/);
});
