// probeInference against loopback stand-ins of SGLang and vLLM: identity, models, load, and
// one distinct finding per failure.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { lanWarning, probeInference } from '../../../src/core/inference/probe';
import { REDACTED } from '../../../src/core/inference/redact';
import { fakesClosedAfter } from './fakeInferenceServer';
import { closedPort, makeCert, startServer, type TestCert } from './tlsFixtures';

const NAME = 'spark-56d0.tail1234.ts.net';
const fake = fakesClosedAfter();
let cert: TestCert;
before(() => {
  cert = makeCert(NAME);
});
const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

test('SGLang: models with context length, kind + version from /server_info (keys redacted), load from /metrics, never /health', async () => {
  const s = await fake({ kind: 'sglang', apiKey: 'sk-test-123' });
  const r = await probeInference({ baseUrl: `${s.origin}/v1/`, apiKey: 'sk-test-123' });
  assert.equal(r.ok, true);
  assert.deepEqual(codes(r), []);
  assert.equal(r.baseUrl, `${s.origin}/v1`);
  assert.deepEqual(r.models, [{ id: 'Qwen/Qwen2.5-7B-Instruct', ownedBy: 'sglang', contextLength: 32768, root: 'Qwen/Qwen2.5-7B-Instruct' }]);
  assert.deepEqual(r.server, { kind: 'sglang', version: '0.5.4' });
  assert.equal(r.serverInfo?.api_key, REDACTED);
  assert.equal(r.serverInfo?.admin_api_key, REDACTED);
  assert.ok(!JSON.stringify(r).includes('sk-test-123'), 'the key never appears in the result');
  assert.deepEqual(r.load, { source: 'metrics', runningRequests: 3, queuedRequests: 1, kvCacheUsage: 0.28, tokensPerSecond: 86.5 });
  assert.ok(typeof r.latencyMs === 'number');
  assert.ok(!s.paths.some((p) => p.startsWith('/health')), `polled: ${s.paths.join(' ')}`);
  assert.equal(s.authHeaders[s.paths.indexOf('/v1/models')], 'Bearer sk-test-123');
});

test('SGLang without metrics → /v1/loads', async () => {
  const s = await fake({ kind: 'sglang', metrics: false });
  const r = await probeInference({ baseUrl: `${s.origin}/v1` });
  assert.deepEqual(r.load, { source: 'loads', runningRequests: 4, queuedRequests: 1, kvCacheUsage: 0.3, tokensPerSecond: 50 });
});

test('vLLM: kind + version from /version, KV from the old metric name, throughput as a rate on the second probe', async () => {
  const s = await fake({ kind: 'vllm' });
  let t = 100_000;
  const first = await probeInference({ baseUrl: `${s.origin}/v1`, now: () => t });
  assert.deepEqual(first.server, { kind: 'vllm', version: '0.11.2' });
  assert.equal(first.models[0]?.contextLength, 16384);
  assert.deepEqual(first.load, { source: 'metrics', runningRequests: 2, queuedRequests: 0, kvCacheUsage: 0.5 });
  t += 4000;
  const second = await probeInference({ baseUrl: `${s.origin}/v1`, now: () => t, previous: { atMs: first.metricsSample!.atMs, generationTokensTotal: 600 } });
  assert.equal(second.load?.tokensPerSecond, 100);
});

test('quick mode (identify/load off) costs exactly one request', async () => {
  const s = await fake({ kind: 'vllm' });
  const r = await probeInference({ baseUrl: `${s.origin}/v1`, identify: false, load: false });
  assert.equal(r.ok, true);
  assert.deepEqual(s.paths, ['/v1/models']);
});

test('path mount: follow-ups go to <mount>/version, not the host root', async () => {
  const s = await fake({ kind: 'vllm', mount: '/llm' });
  const r = await probeInference({ baseUrl: `${s.origin}/llm/v1` });
  assert.equal(r.server?.version, '0.11.2');
  assert.ok(s.paths.includes('/llm/version'));
});

test('401 without a key → apiKeyNeeded; with a wrong key → apiKeyWrong', async () => {
  const s = await fake({ kind: 'sglang', apiKey: 'right' });
  assert.deepEqual(codes(await probeInference({ baseUrl: `${s.origin}/v1` })), ['probe.apiKeyNeeded']);
  const wrong = await probeInference({ baseUrl: `${s.origin}/v1`, apiKey: 'nope-key' });
  assert.deepEqual(codes(wrong), ['probe.apiKeyWrong']);
  assert.ok(!JSON.stringify(wrong).includes('nope-key'));
});

test('404 (wrong mount) → notFound', async () => {
  const s = await fake({ kind: 'sglang', mount: '/llm' });
  const r = await probeInference({ baseUrl: `${s.origin}/v1` });
  assert.equal(r.ok, false);
  assert.deepEqual(codes(r), ['probe.notFound']);
});

test('503 → warmingUp; 502 from the Serve proxy → badGateway; 500 → httpError with the server message', async () => {
  const warm = await fake({ kind: 'sglang', modelsStatus: 503 });
  assert.deepEqual(codes(await probeInference({ baseUrl: `${warm.origin}/v1` })), ['probe.warmingUp']);
  const gw = await fake({ kind: 'sglang', modelsStatus: 502 });
  assert.deepEqual(codes(await probeInference({ baseUrl: `${gw.origin}/v1` })), ['probe.badGateway']);
  const boom = await fake({ kind: 'vllm', modelsStatus: 500, modelsBody: '{"error":{"message":"engine dead","type":"InternalServerError","param":null,"code":500}}' });
  const r = await probeInference({ baseUrl: `${boom.origin}/v1` });
  assert.deepEqual(codes(r), ['probe.httpError']);
  assert.match(r.findings[0]!.detail, /engine dead/);
});

test('200 but not an OpenAI list → notOpenAi (HTML and wrong JSON)', async () => {
  const html = await fake({ kind: 'sglang', modelsBody: '<html>router login</html>' });
  assert.deepEqual(codes(await probeInference({ baseUrl: `${html.origin}/v1` })), ['probe.notOpenAi']);
  const wrong = await fake({ kind: 'sglang', modelsBody: '{"models":["a"]}' });
  const r = await probeInference({ baseUrl: `${wrong.origin}/v1` });
  assert.deepEqual(codes(r), ['probe.notOpenAi']);
  assert.match(r.findings[0]!.detail, /object/);
});

test('empty model list → ok with a noModels warning', async () => {
  const s = await fake({ kind: 'sglang', modelsBody: '{"object":"list","data":[]}' });
  const r = await probeInference({ baseUrl: `${s.origin}/v1`, identify: false, load: false });
  assert.equal(r.ok, true);
  assert.deepEqual(codes(r), ['probe.noModels']);
});

test('connection refused and timeout are distinct', async () => {
  assert.deepEqual(codes(await probeInference({ baseUrl: `http://127.0.0.1:${await closedPort()}/v1` })), ['probe.connectionRefused']);
  const slow = await fake({ kind: 'sglang', delayMs: 2000 });
  const r = await probeInference({ baseUrl: `${slow.origin}/v1`, timeoutMs: 200 });
  assert.deepEqual(codes(r), ['probe.timeout']);
  assert.match(r.findings[0]!.detail, /200 ms/);
});

test('DNS failure → dnsFailed naming the host', async () => {
  const lookup = (h: string, _o: unknown, cb: (e: NodeJS.ErrnoException, a: string) => void) =>
    process.nextTick(() => cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${h}`), { code: 'ENOTFOUND' }), ''));
  const r = await probeInference({ baseUrl: `https://${NAME}/v1`, lookup });
  assert.deepEqual(codes(r), ['probe.dnsFailed']);
  assert.equal(r.findings[0]!.title, `Cannot resolve ${NAME}`);
});

test('HTTPS via resolve with the right name works; short name → tlsNameMismatch; untrusted → tlsSelfSigned', async () => {
  const s = await fake({ kind: 'sglang' }, cert);
  const ok = await probeInference({ baseUrl: `https://${NAME}:${s.port}/v1`, resolve: { [NAME]: '127.0.0.1' }, extraCa: [cert.cert] });
  assert.equal(ok.ok, true);
  const mismatch = await probeInference({ baseUrl: `https://spark-56d0:${s.port}/v1`, resolve: { 'spark-56d0': '127.0.0.1' }, extraCa: [cert.cert] });
  assert.deepEqual(codes(mismatch), ['probe.tlsNameMismatch']);
  const untrusted = await probeInference({ baseUrl: `https://${NAME}:${s.port}/v1`, resolve: { [NAME]: '127.0.0.1' } });
  assert.deepEqual(codes(untrusted), ['probe.tlsSelfSigned']);
});

test('Funnel: open without key → funnel.noApiKey (error); with a key that is enforced → only the open /metrics warning', async () => {
  const open = await fake({ kind: 'sglang' });
  const r = await probeInference({ baseUrl: `${open.origin}/v1`, exposure: 'funnel', identify: false, load: false });
  assert.deepEqual(codes(r), ['funnel.noApiKey']);
  assert.equal(r.findings[0]!.severity, 'error');
  assert.match(r.findings[0]!.detail, /is public on the internet/);
  // Stop Funnel through the command that serves the port in the tailnet again, never a raw
  // "tailscale funnel --https=443 off" (that drops the tailnet route too).
  assert.deepEqual(r.findings[0]!.fixes[0]!.action, { kind: 'command', command: 'tailspark.funnel.stop' });
  const guarded = await fake({ kind: 'sglang', apiKey: 'k1' });
  const g = await probeInference({ baseUrl: `${guarded.origin}/v1`, apiKey: 'k1', exposure: 'funnel', identify: false, load: false });
  // SGLang's key guards everything but /health, /ready and /metrics: only the metrics are told, a warning.
  assert.deepEqual(codes(g), ['funnel.metricsOpen']);
  assert.equal(g.findings[0]!.severity, 'warning');
  assert.equal(guarded.authHeaders.at(-1), undefined, 'the check without key really sent none');
});

test('Ollama-like answer → kind ollama', async () => {
  const s = await fake({ kind: 'ollama' });
  const r = await probeInference({ baseUrl: `${s.origin}/v1`, load: false });
  assert.equal(r.server?.kind, 'ollama');
});

// Pure check: a test must never send traffic to a LAN address, so the probe's use of it is not
// exercised over the network here.
test('a LAN address as base URL → lanAddress warning; tailnet names/IPs and loopback → none', () => {
  assert.equal(lanWarning('http://192.168.1.20:30001/v1')?.code, 'tailnet.lanAddress');
  assert.equal(lanWarning('http://[fe80::1]:30001/v1')?.code, 'tailnet.lanAddress');
  assert.equal(lanWarning('https://spark-56d0.tail1234.ts.net/v1'), undefined);
  assert.equal(lanWarning('http://100.101.102.103:30001/v1'), undefined);
  assert.equal(lanWarning('http://127.0.0.1:30001/v1'), undefined);
});

test('a redirect is reported with its target, not followed', async () => {
  const s = await startServer((_q, res) => {
    res.writeHead(301, { location: 'https://elsewhere.example/v1/models' });
    res.end();
  });
  try {
    const r = await probeInference({ baseUrl: `${s.origin}/v1` });
    assert.deepEqual(codes(r), ['probe.httpError']);
    assert.match(r.findings[0]!.detail, /redirects to https:\/\/elsewhere\.example\/v1\/models/);
  } finally {
    await s.close();
  }
});
