// SparkHttp against real loopback servers (HTTPS with a throwaway certificate from the real
// openssl, and plain HTTP): it reads settings, key and CAs at each request, sends the key only
// when it should, answers the key question one way, and verifies a URL — reusing a current answer
// without a second request.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { SparkHttp, type SparkHttpSettings } from '../../../src/core/http/sparkHttp';
import { httpRequest } from '../../../src/core/net/httpClient';
import { type FakeServer, fakesClosedAfter } from '../inference/fakeInferenceServer';
import { closedPort, makeCert, type TestCert } from '../inference/tlsFixtures';

const NAME = 'spark-56d0.tail1234.ts.net';
const KEY = 'sk-spark-test-0123';
const fake = fakesClosedAfter();
let cert: TestCert;
before(() => {
  cert = makeCert(NAME);
});

/** A SparkHttp whose inputs the test changes between requests, like the settings of a window. */
function live(initial: { settings: SparkHttpSettings; apiKey?: string; extraCa?: string[] }) {
  const inputs = { ...initial, extraCa: initial.extraCa ?? [] };
  const http = new SparkHttp({ settings: () => inputs.settings, apiKey: async () => inputs.apiKey, extraCa: () => inputs.extraCa });
  return { http, inputs };
}

/** The HTTPS base URL of a fake under the Spark's name (resolved to loopback like curl --resolve). */
const httpsBase = (s: FakeServer) => `https://${NAME}:${s.port}/v1`;

test('HTTPS by name: the resolve map, the extra CA and the key are read at each request (a changed setting applies at once)', async () => {
  const s = await fake({ kind: 'vllm', apiKey: KEY }, cert);
  const { http, inputs } = live({ settings: { resolve: {}, timeoutMs: 3000 } });
  // No resolve entry: the name is not in DNS.
  const noDns = await http.probe(httpsBase(s), { identify: false, load: false });
  assert.equal(noDns.ok, false);
  assert.equal(noDns.findings[0]?.code, 'probe.dnsFailed');
  // Resolved, but the certificate is not trusted yet.
  inputs.settings = { resolve: { [NAME]: '127.0.0.1' }, timeoutMs: 3000 };
  const untrusted = await http.probe(httpsBase(s), { identify: false, load: false });
  assert.equal(untrusted.ok, false);
  assert.equal(untrusted.findings[0]?.code, 'probe.tlsSelfSigned');
  // Trusted, but no key: the server refuses.
  inputs.extraCa = [cert.cert];
  const noKey = await http.probe(httpsBase(s), { identify: false, load: false });
  assert.equal(noKey.findings[0]?.code, 'probe.apiKeyNeeded');
  // With the key stored: the models answer, and the key went out as a Bearer token.
  inputs.apiKey = KEY;
  const ok = await http.probe(httpsBase(s), { identify: false, load: false });
  assert.equal(ok.ok, true, JSON.stringify(ok.findings));
  assert.deepEqual(
    ok.models.map((m) => m.id),
    ['Qwen/Qwen2.5-7B-Instruct'],
  );
  assert.equal(s.authHeaders.at(-1), `Bearer ${KEY}`);
});

test('get: the stored key by default, none when asked as a stranger, a given key instead of the stored one', async () => {
  const s = await fake({ kind: 'sglang', apiKey: KEY });
  const { http } = live({ settings: { resolve: {}, timeoutMs: 3000 }, apiKey: KEY });
  assert.equal((await http.get(`${s.origin}/v1/models`)).status, 200);
  assert.equal(s.authHeaders.at(-1), `Bearer ${KEY}`);
  assert.equal((await http.get(`${s.origin}/v1/models`, { withKey: false })).status, 401);
  assert.equal(s.authHeaders.at(-1), undefined);
  assert.equal((await http.get(`${s.origin}/v1/models`, { apiKey: 'sk-other' })).status, 401);
  assert.equal(s.authHeaders.at(-1), 'Bearer sk-other');
  assert.equal(await http.statusWithoutKey(`${s.origin}/v1/models`), 401);
  assert.equal(s.authHeaders.at(-1), undefined);
});

test('options(): the current transport and key for the core functions that take options', async () => {
  const { http, inputs } = live({ settings: { resolve: { [NAME]: '127.0.0.1' }, timeoutMs: 1234 } });
  assert.deepEqual(await http.options(), { resolve: { [NAME]: '127.0.0.1' }, timeoutMs: 1234 });
  inputs.apiKey = KEY;
  inputs.extraCa = [cert.cert];
  assert.deepEqual(await http.options(), { resolve: { [NAME]: '127.0.0.1' }, timeoutMs: 1234, extraCa: [cert.cert], apiKey: KEY });
});

test('keyCheck: 401 → enforced, 200 → open, anything else or no answer → unverified (asked without the key)', async () => {
  const guarded = await fake({ kind: 'vllm', apiKey: KEY });
  const open = await fake({ kind: 'vllm' });
  const warming = await fake({ kind: 'vllm', modelsStatus: 503 });
  const http = SparkHttp.fixed({ apiKey: KEY, timeoutMs: 3000 });
  assert.deepEqual(await http.keyCheck(`${guarded.origin}/v1/`), { verdict: 'enforced', url: `${guarded.origin}/v1/models`, status: 401 });
  assert.equal(guarded.authHeaders.at(-1), undefined, 'asked without the key');
  assert.deepEqual(await http.keyCheck(`${open.origin}/v1`), { verdict: 'open', url: `${open.origin}/v1/models`, status: 200 });
  assert.equal((await http.keyCheck(`${warming.origin}/v1`)).verdict, 'unverified');
  const port = await closedPort();
  assert.deepEqual(await http.keyCheck(`http://127.0.0.1:${port}/v1`), { verdict: 'unverified', url: `http://127.0.0.1:${port}/v1/models`, status: undefined });
});

test('verify: an answer with models becomes a VerifiedEndpoint; a failing URL gives the finding that says why', async () => {
  const s = await fake({ kind: 'sglang' });
  const down = await fake({ kind: 'sglang', modelsStatus: 502 });
  const http = SparkHttp.fixed({ timeoutMs: 3000 });
  const v = await http.verify(`${s.origin}/v1/`, 'tailnet');
  assert.ok(v.ok);
  assert.equal(v.endpoint.baseUrl, `${s.origin}/v1`);
  assert.deepEqual(v.endpoint.models, [{ id: 'Qwen/Qwen2.5-7B-Instruct', contextLength: 32768 }]);
  assert.equal(v.endpoint.exposure, 'tailnet');
  // Verification for writing asks /v1/models only (no identify, no load).
  assert.deepEqual(s.paths, ['/v1/models']);
  const bad = await http.verify(`${down.origin}/v1`, 'tailnet');
  assert.equal(bad.ok, false);
  assert.equal(!bad.ok && bad.finding.code, 'probe.badGateway');
});

test('verify of a Funnel URL: authRequired from asking without the key (probe path and answered path agree)', async () => {
  const guarded = await fake({ kind: 'vllm', apiKey: KEY });
  const open = await fake({ kind: 'vllm' });
  const http = SparkHttp.fixed({ apiKey: KEY, timeoutMs: 3000 });
  for (const [server, required] of [
    [guarded, true],
    [open, false],
  ] as const) {
    const probed = await http.verify(`${server.origin}/v1`, 'funnel');
    assert.ok(probed.ok);
    assert.equal(probed.endpoint.authRequired, required);
    const answer = await http.probe(`${server.origin}/v1`, { identify: false, load: false });
    const before = server.paths.length;
    const reused = await http.verify(`${server.origin}/v1`, 'funnel', { answered: answer });
    assert.ok(reused.ok);
    assert.equal(reused.endpoint.authRequired, required);
    assert.deepEqual(server.paths.slice(before), ['/v1/models'], 'one request, without the key');
    assert.equal(server.authHeaders.at(-1), undefined);
  }
});

test('verify with a current answer of the same URL sends no request; another URL or a failed answer is probed', async () => {
  const s = await fake({ kind: 'vllm' });
  const other = await fake({ kind: 'vllm' });
  const http = SparkHttp.fixed({ timeoutMs: 3000 });
  const answer = await http.probe(`${s.origin}/v1`, { identify: false, load: false });
  const before = s.paths.length;
  const reused = await http.verify(`${s.origin}/v1/`, 'tailnet', { answered: answer });
  assert.ok(reused.ok);
  assert.equal(reused.endpoint.verifiedAt, answer.checkedAt);
  assert.equal(s.paths.length, before, 'no second request');
  // The answer is about another URL: this one is asked.
  const otherBefore = other.paths.length;
  assert.ok((await http.verify(`${other.origin}/v1`, 'tailnet', { answered: answer })).ok);
  assert.deepEqual(other.paths.slice(otherBefore), ['/v1/models']);
  // A failed answer proves nothing: asked again.
  const failed = { ...answer, ok: false, models: [] };
  assert.ok((await http.verify(`${s.origin}/v1`, 'tailnet', { answered: failed })).ok);
  assert.equal(s.paths.length, before + 1);
});

test('lastAnswer: numbered successful /v1/models answers; a failure of that URL clears it', async () => {
  const s = await fake({ kind: 'vllm' });
  const port = await closedPort();
  const http = SparkHttp.fixed({ timeoutMs: 3000 });
  assert.equal(http.lastAnswer(), undefined);
  await http.probe(`${s.origin}/v1`, { identify: false, load: false });
  const first = http.lastAnswer();
  assert.equal(first?.result.baseUrl, `${s.origin}/v1`);
  await http.probe(`${s.origin}/v1`, { identify: false, load: false });
  const second = http.lastAnswer();
  assert.ok(first && second && second.seq > first.seq);
  // Another URL failing leaves the answer alone; the same URL failing clears it.
  await http.probe(`http://127.0.0.1:${port}/v1`, { identify: false, load: false });
  assert.equal(http.lastAnswer()?.seq, second?.seq);
  await s.close();
  await http.probe(`${s.origin}/v1`, { identify: false, load: false, timeoutMs: 1000 });
  assert.equal(http.lastAnswer(), undefined);
});

/** A key source that answers only when the test says so (SecretStorage while a window starts). */
function slowKey(key: string | undefined) {
  let release!: () => void;
  const arrived = new Promise<string | undefined>((resolve) => {
    release = () => resolve(key);
  });
  const http = new SparkHttp({ settings: () => ({ resolve: {}, timeoutMs: 3000 }), apiKey: () => arrived, extraCa: () => [] });
  return { http, release };
}

test('probe: a key not at hand yet is not waited for — an open server is asked once, without a key', async () => {
  const s = await fake({ kind: 'vllm' });
  const { http } = slowKey('sk-stored-but-slow'); // never released: the probe must not need it
  const r = await http.probe(`${s.origin}/v1`, { identify: false, load: false });
  assert.equal(r.ok, true, JSON.stringify(r.findings));
  assert.deepEqual(s.paths, ['/v1/models']);
  assert.deepEqual(s.authHeaders, [undefined]);
});

test('probe: a server that refuses the keyless first request is asked again with the key once it arrives', async () => {
  const s = await fake({ kind: 'vllm', apiKey: KEY });
  const { http, release } = slowKey(KEY);
  const probing = http.probe(`${s.origin}/v1`, { identify: false, load: false });
  // The keyless request goes out (and is refused) while the key is still on its way.
  for (let i = 0; i < 200 && s.authHeaders.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(s.authHeaders, [undefined]);
  release();
  const r = await probing;
  assert.equal(r.ok, true, JSON.stringify(r.findings));
  assert.deepEqual(s.authHeaders, [undefined, `Bearer ${KEY}`]);
});

test('probe: no key stored — a refusing server is not asked twice; the finding says a key is needed', async () => {
  const s = await fake({ kind: 'vllm', apiKey: KEY });
  const { http, release } = slowKey(undefined);
  release();
  // Released before the probe: the (empty) answer is at hand, so the probe asks once, as before.
  const r = await http.probe(`${s.origin}/v1`, { identify: false, load: false });
  assert.equal(r.findings[0]?.code, 'probe.apiKeyNeeded');
  assert.deepEqual(s.authHeaders, [undefined]);
});

test('probe: a key at hand is sent with the first request (one request, no keyless try)', async () => {
  const s = await fake({ kind: 'vllm', apiKey: KEY });
  const { http } = live({ settings: { resolve: {}, timeoutMs: 3000 }, apiKey: KEY });
  const r = await http.probe(`${s.origin}/v1`, { identify: false, load: false });
  assert.equal(r.ok, true);
  assert.deepEqual(s.authHeaders, [`Bearer ${KEY}`]);
});

test('adoptInFlight: the answer already on its way is used instead of a second request — only for that URL and only if it went where this client sends', async () => {
  const s = await fake({ kind: 'vllm' }, cert);
  const { http } = live({ settings: { resolve: { [NAME]: '127.0.0.1' }, timeoutMs: 3000 }, extraCa: [cert.cert] });
  const send = () => httpRequest(`${httpsBase(s)}/models`, { resolve: { [NAME]: '127.0.0.1' }, extraCa: [cert.cert] });

  http.adoptInFlight({ url: `${httpsBase(s)}/models`, resolvedTo: '127.0.0.1', response: send() });
  const adopted = await http.probe(httpsBase(s), { identify: false, load: false });
  assert.equal(adopted.ok, true, JSON.stringify(adopted.findings));
  assert.equal(s.paths.length, 1, 'the probe used the answer on its way');

  // Sent by DNS while this client now uses the resolve map: not the same request; asked again.
  http.adoptInFlight({ url: `${httpsBase(s)}/models`, resolvedTo: undefined, response: send() });
  await http.probe(httpsBase(s), { identify: false, load: false });
  assert.equal(s.paths.length, 3);

  // For another URL: not used (and taken only once: the next probe asks itself).
  http.adoptInFlight({ url: `https://other.tail1234.ts.net/v1/models`, resolvedTo: '127.0.0.1', response: send() });
  await http.probe(httpsBase(s), { identify: false, load: false });
  assert.equal(s.paths.length, 5);
});

test('adoptInFlight: a refused answer on its way (sent without the key) is asked again with the key', async () => {
  const s = await fake({ kind: 'sglang', apiKey: KEY });
  const { http } = live({ settings: { resolve: {}, timeoutMs: 3000 }, apiKey: KEY });
  http.adoptInFlight({ url: `${s.origin}/v1/models`, resolvedTo: undefined, response: httpRequest(`${s.origin}/v1/models`) });
  const r = await http.probe(`${s.origin}/v1`, { identify: false, load: false });
  assert.equal(r.ok, true, JSON.stringify(r.findings));
  assert.deepEqual(s.authHeaders, [undefined, `Bearer ${KEY}`]);
});
