// The real Probes against a loopback HTTP server that answers like SGLang, and against the
// reference `tailscale status --json` text: ONE request per healthy tick, the right ServerProbe
// kind for each failure, and the tailnet facts the status bar shows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { createProbes } from '../../../src/core/monitor/probes';
import { SparkHttp } from '../../../src/core/http/sparkHttp';
import { discoverFromStatusText } from '../../../src/core/tailnet/discover';

const MODELS = JSON.stringify({
  object: 'list',
  data: [{ id: 'Qwen/Qwen2.5-7B-Instruct', object: 'model', created: 1, owned_by: 'sglang', root: 'Qwen/Qwen2.5-7B-Instruct', parent: null, max_model_len: 32768 }],
});
const METRICS = [
  '# TYPE sglang:num_running_reqs gauge',
  'sglang:num_running_reqs{model_name="Qwen/Qwen2.5-7B-Instruct",tp_rank="0"} 3.0',
  'sglang:num_queue_reqs{model_name="Qwen/Qwen2.5-7B-Instruct",tp_rank="0"} 1.0',
  'sglang:gen_throughput{model_name="Qwen/Qwen2.5-7B-Instruct",tp_rank="0"} 86.5',
  'sglang:token_usage{model_name="Qwen/Qwen2.5-7B-Instruct",tp_rank="0"} 0.28',
  '',
].join('\n');

let server: Server;
let base: string;
const requests: string[] = [];
let mode: 'ok' | 'noMetrics' | '502' | '503' | '401' = 'ok';
let seenAuth: string | undefined;

function handle(req: IncomingMessage, res: ServerResponse) {
  requests.push(req.url ?? '');
  seenAuth = req.headers.authorization;
  if (mode === '502') return res.writeHead(502).end();
  if (mode === '503') return res.writeHead(503).end();
  if (mode === '401') return res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"Unauthorized"}');
  if (req.url === '/v1/models') return res.writeHead(200, { 'content-type': 'application/json' }).end(MODELS);
  if (req.url === '/metrics' && mode === 'ok') return res.writeHead(200, { 'content-type': 'text/plain' }).end(METRICS);
  if (req.url === '/server_info') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":"0.5.2","internal_states":[{}],"api_key":"sk-secret"}');
  res.writeHead(404).end('{"detail":"Not Found"}');
}

before(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
after(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  requests.length = 0;
  mode = 'ok';
});

const statusText = readFileSync(join(__dirname, '..', '..', 'fixtures', 'tailscale', 'tailscale-status.json'), 'utf8');

function probes(apiKey?: string) {
  return createProbes({
    settings: () => ({ tailscalePath: '', inferencePort: 30001, timeoutMs: 3000 }),
    http: SparkHttp.fixed({ timeoutMs: 3000, ...(apiKey ? { apiKey } : {}) }),
    shell: {
      rememberPeer() {},
      context() {
        throw new Error('no SSH in this test');
      },
    },
    discoverSpark: async (o) => discoverFromStatusText(statusText, o?.selector),
  });
}

const signal = () => new AbortController().signal;

/** Probes past the session's first probe (which never identifies) and the one that identified. */
async function identifiedProbes() {
  const p = probes();
  await p.server(base, 'models', signal());
  const identified = await p.server(base, 'models', signal());
  requests.length = 0;
  return { p, identified };
}

test('models: the session\'s first call is ONE request (no identify on the way to the first status), the next identifies, later calls are ONE request', async () => {
  const p = probes();
  const first = await p.server(base, 'models', signal());
  assert.equal(first.kind, 'ok');
  if (first.kind !== 'ok') return;
  assert.deepEqual(first.models, [{ id: 'Qwen/Qwen2.5-7B-Instruct', contextLength: 32768 }]);
  assert.deepEqual(requests, ['/v1/models']);
  requests.length = 0;
  const second = await p.server(base, 'models', signal());
  assert.ok(requests.includes('/server_info'), 'identified on the next probe');
  assert.equal(second.kind === 'ok' ? second.serverKind : undefined, 'sglang');
  assert.equal(second.kind === 'ok' ? second.version : undefined, '0.5.2');
  requests.length = 0;
  await p.server(base, 'models', signal());
  assert.deepEqual(requests, ['/v1/models']);
});

test('metrics before the URL is identified: the tick asks /v1/models and identifies instead', async () => {
  const p = probes();
  await p.server(base, 'models', signal()); // the session's first probe: not identified
  requests.length = 0;
  const r = await p.server(base, 'metrics', signal());
  assert.equal(r.kind === 'ok' ? r.version : undefined, '0.5.2');
  assert.deepEqual(requests.filter((u) => u !== '/metrics' && u !== '/v1/loads').sort(), ['/server_info', '/v1/models']);
  requests.length = 0;
  await p.server(base, 'metrics', signal());
  assert.deepEqual(requests, ['/metrics'], 'identified: the cheap probe from now on');
});

test('only the session\'s first probe skips identifying (the warm start\'s remembered URL): another URL probed after it is identified at once', async () => {
  const p = probes();
  const first = await p.server(base, 'models', signal());
  assert.equal(first.kind, 'ok');
  assert.deepEqual(requests, ['/v1/models'], 'no identify request on the way to "ready"');
  requests.length = 0;
  const other = base.replace('127.0.0.1', 'localhost'); // another URL, same server
  const second = await p.server(other, 'models', signal());
  assert.ok(requests.includes('/server_info'), 'identified on its first probe');
  assert.equal(second.kind === 'ok' ? second.version : undefined, '0.5.2');
});

test('metrics: ONE request to /metrics gives running, queued, tokens/s and KV use', async () => {
  const { p } = await identifiedProbes();
  const r = await p.server(base, 'metrics', signal());
  assert.deepEqual(requests, ['/metrics']);
  assert.equal(r.kind, 'ok');
  if (r.kind !== 'ok') return;
  assert.deepEqual(r.metrics, { running: 3, queued: 1, tokensPerSecond: 86.5, kvCacheUsage: 0.28 });
  assert.equal(r.models, undefined, 'models stay from the last /v1/models tick');
});

test('metrics 404 (SGLang without --enable-metrics): falls back to /v1/models and remembers it', async () => {
  mode = 'noMetrics';
  const { p } = await identifiedProbes();
  const r1 = await p.server(base, 'metrics', signal());
  assert.equal(r1.kind, 'ok');
  requests.length = 0;
  await p.server(base, 'metrics', signal());
  assert.deepEqual(requests, ['/v1/models'], 'no second try of /metrics');
});

test('502 from Serve → backendDown; 503 → warmingUp; 401 → failed with probe.apiKeyNeeded', async () => {
  const p = probes();
  mode = '502';
  assert.equal((await p.server(base, 'models', signal())).kind, 'backendDown');
  assert.equal((await p.server(base, 'metrics', signal())).kind, 'backendDown');
  mode = '503';
  assert.equal((await p.server(base, 'models', signal())).kind, 'warmingUp');
  assert.equal((await p.server(base, 'metrics', signal())).kind, 'warmingUp');
  mode = '401';
  const r = await p.server(base, 'models', signal());
  assert.equal(r.kind, 'failed');
  if (r.kind === 'failed') assert.equal(r.finding.code, 'probe.apiKeyNeeded');
});

test('the API key is sent as a Bearer token', async () => {
  await probes('sk-test-123').server(base, 'models', signal());
  assert.equal(seenAuth, 'Bearer sk-test-123');
});

test('connection refused → unreachable (the URL may be stale)', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const r = await probes().server(`http://127.0.0.1:${port}/v1`, 'models', signal());
  assert.equal(r.kind, 'unreachable');
  if (r.kind === 'unreachable') assert.equal(r.finding.code, 'probe.connectionRefused');
});

test('tailnet: the Spark from the reference status, direct path, tailnet name; offline peer has lastSeen', async () => {
  const p = probes();
  const t = await p.tailnet('tag:spark', signal());
  assert.equal(t.backendState, 'Running');
  assert.equal(t.tailnetName, 'example.com');
  assert.equal(t.peer?.dnsName, 'spark-56d0.tail1234.ts.net');
  assert.equal(t.peer?.online, true);
  assert.deepEqual(t.peer?.path, { kind: 'direct', address: '192.168.1.20:41641' });
  assert.deepEqual(t.peer?.tags, ['tag:spark']);
  assert.equal(t.finding, undefined);
  const off = await p.tailnet('old-laptop', signal());
  assert.equal(off.peer?.online, false);
  assert.ok(off.finding, 'an offline peer carries its finding');
  const missing = await p.tailnet('no-such-host', signal());
  assert.equal(missing.peer, undefined);
  assert.equal(missing.finding?.code, 'tailnet.peerNotFound');
});

test('SSH failure during discovery becomes a failed DiscoveryProbe with a finding (never a throw)', async () => {
  const d = await probes().discover('spark-56d0', signal());
  assert.equal(d.kind, 'failed');
  if (d.kind === 'failed') assert.ok(d.finding.title.length > 0);
});

test('after the server was down (a restart), the next answer identifies it again, so its version does not vanish', async () => {
  const { p, identified } = await identifiedProbes();
  assert.equal(identified.kind === 'ok' && identified.version, '0.5.2');
  mode = '502';
  assert.equal((await p.server(base, 'metrics', signal())).kind, 'backendDown');
  mode = 'ok';
  requests.length = 0;
  const back = await p.server(base, 'models', signal());
  assert.equal(back.kind === 'ok' && back.version, '0.5.2', 'identified again after the restart');
  assert.ok(requests.length > 1, 'identify requests were sent again');
});
