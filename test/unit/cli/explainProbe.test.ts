// `tailspark explain` on captured output and `tailspark probe` against loopback servers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseResolve } from '../../../src/cli/io';
import { type FakeServer, startFake } from '../inference/fakeInferenceServer';
import { makeCert, type TestCert } from '../inference/tlsFixtures';
import { runCli, runCliProcess } from './cliHarness';

const NAME = 'spark-56d0.tail1234.ts.net';
const tmp = mkdtempSync(join(tmpdir(), 'tailspark-probe-'));
let cert: TestCert;
let caFile: string;
const servers: FakeServer[] = [];
before(() => {
  cert = makeCert(NAME);
  caFile = join(tmp, 'ca.pem');
  writeFileSync(caFile, cert.cert);
});
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(tmp, { recursive: true, force: true });
});

test('explain: serve-not-enabled text from stdin → finding with the URL, exit 1 (an error finding; real process)', async () => {
  const stdin = '\nServe is not enabled on your tailnet.\nTo enable, visit:\n\n         https://login.tailscale.com/f/serve?node=nSpark56d011CNTRL\n';
  const r = await runCliProcess(['explain', '--json'], { stdin });
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.findings[0].code, 'tailscale.serveNotEnabled');
  assert.deepEqual(out.findings[0].fixes[0].action, { kind: 'openUrl', url: 'https://login.tailscale.com/f/serve?node=nSpark56d011CNTRL' });
});

test('explain: operator fix uses --user; human output shows the remote command', async () => {
  const stdin = "sending serve config: Access denied: serve config denied\n\nUse 'sudo tailscale serve --bg --yes 30001'.\nTo not require root, use 'sudo tailscale set --operator=$USER' once.\n";
  const r = await runCli(['explain', '--exit-code', '1', '--user', 'sparkuser'], { stdin });
  assert.equal(r.code, 1);
  // Quoted by quoteArgv ('=' is quoted so a first word can never read as an assignment).
  assert.match(r.stdout, /fix: Make sparkuser Operator \(on the Spark: sudo tailscale set '--operator=sparkuser'\)/);
});

test('explain: unknown text → exit 1 with one line; unknown text with --exit-code 3 → cliFailed', async () => {
  const none = await runCli(['explain'], { stdin: 'all good\n' });
  assert.equal(none.code, 1);
  assert.equal(none.stderr, 'tailspark explain: no known Tailscale or sudo failure in the input\n');
  const failed = await runCli(['explain', '--exit-code', '3', '--json'], { stdin: 'weird new error\n' });
  assert.equal(failed.code, 1);
  assert.equal(JSON.parse(failed.stdout).findings[0].code, 'tailscale.cliFailed');
  assert.equal((await runCli(['explain', '--exit-code', 'x'])).code, 2);
});

test('probe: HTTPS with --resolve and --ca, API key from the environment only → SGLang details, exit 0', async () => {
  const s = await startFake({ kind: 'sglang', apiKey: 'sk-env-key' }, cert);
  servers.push(s);
  const r = await runCliProcess(
    ['probe', `https://${NAME}:${s.port}/v1`, '--resolve', `${NAME}:127.0.0.1`, '--ca', caFile, '--api-key-env', 'SPARK_KEY', '--json'],
    { env: { SPARK_KEY: 'sk-env-key' } },
  );
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.ok, true);
  assert.equal(out.server.kind, 'sglang');
  assert.equal(out.models[0].contextLength, 32768);
  assert.equal(out.load.runningRequests, 3);
  assert.ok(!r.stdout.includes('sk-env-key'), 'key not printed (server_info is redacted)');
});

test('probe: short host name against the cert → TLS name mismatch, exit 1 with a one-line reason', async () => {
  const s = await startFake({ kind: 'sglang' }, cert);
  servers.push(s);
  const r = await runCli(['probe', `https://spark-56d0:${s.port}/v1`, '--resolve', `spark-56d0:${s.port}:127.0.0.1`, '--ca', caFile]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /\[probe\.tlsNameMismatch\]/);
  assert.equal(r.stderr, `tailspark probe: TLS certificate is for spark-56d0.tail1234.ts.net (https://spark-56d0:${s.port}/v1/models)\n`);
});

test('probe: human output for vLLM', async () => {
  const s = await startFake({ kind: 'vllm' });
  servers.push(s);
  const r = await runCli(['probe', `${s.origin}/v1`]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Server: {3}vllm 0\.11\.2/);
  assert.match(r.stdout, /Model: {4}Qwen\/Qwen2\.5-7B-Instruct \(context 16384 tokens\)/);
  assert.match(r.stdout, /Load: {5}2 running, 0 queued, KV 50%/);
});

test('probe: usage errors (missing env var, bad --resolve, no URL) exit 2', async () => {
  assert.equal((await runCli(['probe', 'https://x/v1', '--api-key-env', 'NOPE'])).code, 2);
  assert.equal((await runCli(['probe', 'https://x/v1', '--resolve', 'x:notanip'])).code, 2);
  assert.equal((await runCli(['probe'])).code, 2);
});

test('parseResolve: host:addr, curl host:port:addr, IPv6', () => {
  assert.deepEqual(parseResolve('spark:127.0.0.1'), ['spark', '127.0.0.1']);
  assert.deepEqual(parseResolve('spark:443:127.0.0.2'), ['spark', '127.0.0.2']);
  assert.deepEqual(parseResolve('spark:::1'), ['spark', '::1']);
  assert.deepEqual(parseResolve('spark:443:[::1]'), ['spark', '::1']);
  assert.equal(parseResolve('spark'), undefined);
});

test('dispatcher: version, unknown command, help', async () => {
  assert.equal((await runCli(['version'])).stdout, 'tailspark 0.1.0\n');
  const unknown = await runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
  for (const c of ['detect', 'probe', 'explain']) {
    const h = await runCli([c, '--help']);
    assert.equal(h.code, 0, c);
    assert.match(h.stdout, new RegExp(`^usage: tailspark ${c} `), c);
  }
  const help = await runCli(['help']);
  assert.equal(help.code, 0);
  for (const c of ['detect', 'probe', 'explain', 'targets', 'apply', 'revert']) assert.match(help.stdout, new RegExp(`\\n  ${c} `));
});
