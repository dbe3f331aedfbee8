// `tailspark doctor` (src/cli/doctor.ts) in-process against the emulated Spark: the Markdown
// report on stdout, the exit code says whether a check failed, the API key never appears.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../../src/cli/doctor';
import { FAST, type RemoteSpark, startRemoteSpark } from './helpers';

async function doctor(t: RemoteSpark, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const args = [
    '--tailscale',
    t.spark.clientTailscalePath,
    '--ssh-target',
    `${t.spark.user.name}@${t.spark.address}`,
    '--known-hosts',
    t.knownHostsPath,
    '--identity',
    t.keyPath,
    '--resolve',
    `${t.spark.magicDnsName}:${t.spark.address}`,
    '--ca',
    t.spark.caCertPath,
    '--unit',
    t.spark.flavor,
    ...extra,
  ];
  const code = await run(args, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: { HOME: '/nonexistent', ...env } });
  return { code, out, err };
}

test('healthy: exit 0, every line ✓', { timeout: 90_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'healthy', flavor: 'vllm', timings: FAST });
  try {
    const r = await doctor(t);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /^# Tailspark — connection diagnosis/);
    assert.match(r.out, /\*\*11 ✓ · 0 ✗ · 0 ⚠ · 0 skipped\*\*/);
  } finally {
    await t.stop();
  }
});

test('server stopped, API key set: exit 1, the ✗ line with its fix, the key redacted (also in --json)', { timeout: 90_000 }, async () => {
  const key = 'sk-cli-doctor-secret-42424242';
  const t = await startRemoteSpark({ scenario: 'healthy', flavor: 'vllm', serverRunning: false, apiKey: key, timings: FAST });
  try {
    const md = await doctor(t, [], { TAILSPARK_API_KEY: key });
    assert.equal(md.code, 1);
    assert.match(md.out, /- ✗ \*\*Inference service\*\* — vllm\.service: inactive \(dead\)/);
    assert.match(md.out, /Fix — Start Service: run the command `tailspark\.service\.start`/);
    assert.ok(!md.out.includes(key));
    const json = await doctor(t, ['--json'], { TAILSPARK_API_KEY: key });
    const parsed = JSON.parse(json.out) as { checks: { id: string; status: string }[] };
    assert.equal(parsed.checks.find((c) => c.id === 'server.service')?.status, 'fail');
    assert.ok(!json.out.includes(key));
  } finally {
    await t.stop();
  }
});

test('usage errors exit 2', async () => {
  let err = '';
  const code = await run(['--port', 'nope'], { stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) } });
  assert.equal(code, 2);
  assert.match(err, /--port wants 1–65535/);
});
