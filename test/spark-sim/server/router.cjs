#!/usr/bin/env node
// The emulated router in front of the two-Spark sim (test/spark-sim/fleet.ts), run by the harness:
//   node router.cjs <config.json>
// config: { address, port, healthCheckMs, workers: [{ url, connect: { host, port } }] }
//
// It answers like SGLang's router (sgl-router: server.rs + routers/http/router.rs in its Rust sources,
// `python -m sglang_router.launch_router --worker-urls … --policy round_robin`):
//   GET  /health, /liveness        200 "OK" (text/plain), whatever the workers do
//   GET  /readiness                200 {"status":"ready","healthy_workers":N,"total_workers":M}
//                                  503 {"status":"not ready","reason":"insufficient healthy workers"}
//   GET  /workers                  {"workers":[{url, model_id, worker_type, is_healthy, load,
//                                   connection_mode, priority, cost}], "total", "stats"}
//   GET  /list_workers             {"urls":[…]}
//   GET  /v1/models                the models of the healthy workers, one entry per id (vLLM
//                                  production-stack's router merges; sgl-router proxies the first
//                                  healthy worker — the same answer when all serve one model)
//   GET  /get_model_info, /get_server_info, /health_generate  proxied to the first healthy worker
//   POST /v1/chat/completions, /v1/completions, /generate      round robin over healthy workers;
//                                  a worker that refuses the connection is retried on the next
//   none healthy: 503 "No workers are available" (GET proxies) or
//                 503 "No available workers (all circuits open or unhealthy)" (POST)
//   anything else: 404 with an empty body (axum's fallback `sink_handler`).
// Worker health: GET /health every healthCheckMs (the real default is 60 s; tests use ~500 ms).
'use strict';
const fs = require('node:fs');
const http = require('node:http');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const agent = new http.Agent({ keepAlive: true });
const workers = config.workers.map((w) => ({ ...w, healthy: false, modelId: 'unknown', load: 0 }));
let next = 0;

function request(worker, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: worker.connect.host, port: worker.connect.port, method, path, headers, agent, timeout: 10_000 }, resolve);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

function readBody(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

async function checkWorker(w) {
  try {
    const res = await request(w, 'GET', '/health', {});
    await readBody(res);
    w.healthy = res.statusCode === 200;
    if (w.healthy && w.modelId === 'unknown') {
      const models = await request(w, 'GET', '/v1/models', {});
      const parsed = JSON.parse((await readBody(models)).toString('utf8'));
      w.modelId = parsed?.data?.[0]?.id ?? 'unknown';
    }
  } catch {
    w.healthy = false;
  }
}

let checking = false;
async function healthRound() {
  if (checking) return;
  checking = true;
  try {
    await Promise.all(workers.map(checkWorker));
  } finally {
    checking = false;
  }
}

function send(res, status, body, type = 'application/json') {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function forwardHeaders(req) {
  const h = { ...req.headers };
  for (const k of ['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']) delete h[k];
  return h;
}

async function proxyFirstHealthy(req, res, path) {
  const w = workers.find((x) => x.healthy);
  if (!w) return send(res, 503, 'No workers are available', 'text/plain; charset=utf-8');
  try {
    const up = await request(w, 'GET', path, forwardHeaders(req));
    res.writeHead(up.statusCode ?? 500, { 'content-type': up.headers['content-type'] ?? 'application/json' });
    up.pipe(res);
  } catch (err) {
    send(res, 500, `Request failed: ${err.message}`, 'text/plain; charset=utf-8');
  }
}

async function models(req, res) {
  const healthy = workers.filter((x) => x.healthy);
  if (healthy.length === 0) return send(res, 503, 'No workers are available', 'text/plain; charset=utf-8');
  const seen = new Map();
  for (const [i, w] of healthy.entries()) {
    try {
      const up = await request(w, 'GET', '/v1/models', forwardHeaders(req));
      const body = await readBody(up);
      if (up.statusCode !== 200) {
        // The first worker's refusal (e.g. 401 for a wrong key) is the answer, as when proxied.
        if (i === 0) return send(res, up.statusCode ?? 500, body.toString('utf8'), up.headers['content-type'] ?? 'application/json');
        continue;
      }
      for (const m of JSON.parse(body.toString('utf8')).data ?? []) if (!seen.has(m.id)) seen.set(m.id, m);
    } catch {
      // this worker is not answering; the others still count
    }
  }
  send(res, 200, { object: 'list', data: [...seen.values()] });
}

async function routeRoundRobin(req, res, path) {
  const body = await readBody(req);
  const healthy = workers.filter((x) => x.healthy);
  if (healthy.length === 0) return send(res, 503, 'No available workers (all circuits open or unhealthy)', 'text/plain; charset=utf-8');
  for (let attempt = 0; attempt < healthy.length; attempt++) {
    const w = healthy[next++ % healthy.length];
    w.load += 1;
    try {
      const up = await request(w, 'POST', path, { ...forwardHeaders(req), 'content-length': body.length }, body);
      res.writeHead(up.statusCode ?? 500, up.headers);
      res.flushHeaders();
      up.pipe(res);
      up.on('end', () => {
        w.load -= 1;
      });
      res.on('close', () => {
        if (!up.complete) up.destroy();
      });
      return;
    } catch {
      w.load -= 1;
      w.healthy = false;
    }
  }
  send(res, 503, 'No available workers (all circuits open or unhealthy)', 'text/plain; charset=utf-8');
}

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  const get = req.method === 'GET';
  if (get && (path === '/health' || path === '/liveness')) return send(res, 200, 'OK', 'text/plain; charset=utf-8');
  if (get && path === '/readiness') {
    const healthy = workers.filter((w) => w.healthy).length;
    if (healthy > 0) return send(res, 200, { status: 'ready', healthy_workers: healthy, total_workers: workers.length });
    return send(res, 503, { status: 'not ready', reason: 'insufficient healthy workers' });
  }
  if (get && path === '/workers') {
    return send(res, 200, {
      workers: workers.map((w) => ({
        url: w.url,
        model_id: w.modelId,
        worker_type: 'regular',
        is_healthy: w.healthy,
        load: w.load,
        connection_mode: 'Http',
        priority: 50,
        cost: 1.0,
      })),
      total: workers.length,
      stats: { prefill_count: 0, decode_count: 0, regular_count: workers.length },
    });
  }
  if (get && path === '/list_workers') return send(res, 200, { urls: workers.map((w) => w.url) });
  if (get && path === '/v1/models') return void models(req, res);
  if (get && ['/get_model_info', '/get_server_info', '/health_generate'].includes(path)) return void proxyFirstHealthy(req, res, path);
  if (req.method === 'POST' && ['/v1/chat/completions', '/v1/completions', '/generate'].includes(path)) return void routeRoundRobin(req, res, path);
  res.writeHead(404, { 'content-length': 0 });
  res.end();
});

healthRound().then(() => {
  server.listen(config.port, config.address, () => {
    if (config.readyFile) fs.writeFileSync(config.readyFile, '1');
  });
});
setInterval(healthRound, config.healthCheckMs ?? 500);
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
