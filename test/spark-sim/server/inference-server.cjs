#!/usr/bin/env node
// The emulated GPU inference server: answers like SGLang or vLLM (routes, JSON shapes,
// status codes, --api-key rules, Prometheus metrics, SSE chat streaming; see
// reference/inference-servers.md). Started by the systemctl stand-in as a detached process:
//   node inference-server.cjs <state.json> <unit: sglang|vllm>
// Lifecycle like the real servers: the port stays closed while "weights load" (loadMs),
// SGLang then answers /health with 503 during warm-up (warmupMs), then everything is ready.
// It writes its log lines to the unit's journal, as journald would capture its stdout.
'use strict';
const http = require('node:http');
const { sglangKeyAccepted } = require('./sglang-auth.cjs');
const crypto = require('node:crypto');
const { load, update, journal } = require('../standins/lib/state.cjs');
const { createChat } = require('./chat-stream.cjs');

const [statePath, unit] = process.argv.slice(2);
const state = load(statePath);
const flavor = unit === 'vllm' ? 'vllm' : 'sglang';
const MODEL = state.model;
const HOST = state.address;
const PORT = state.inferencePort;
const { handleVllmOpenRoute } = require('./vllmOpenRoutes.cjs');
const API_KEY = require('./apiKeySource.cjs').apiKeyFrom(flavor, process.argv.slice(4), process.env) ?? (state.apiKey || null);
// vLLM logs its non-default CLI args; a key from VLLM_API_KEY is not one of them.
const CLI_KEY = API_KEY && API_KEY !== process.env.VLLM_API_KEY ? API_KEY : null;
const T = { loadMs: 1500, warmupMs: 1000, healthMs: 1000, tokenMs: 20, ...state.timings };
const VERSION = flavor === 'vllm' ? '0.11.0' : '0.5.5';
const CONTEXT_LEN = 32768;
const MAX_TOTAL_TOKENS = 1048576;
const startedAt = Math.floor(Date.now() / 1000);

function log(msg) {
  journal(statePath, unit, 'python3', process.pid, msg);
}
const p2 = (n) => String(n).padStart(2, '0');
function sgTime(tp) {
  const d = new Date();
  return `[${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)}${tp ? ' TP0' : ''}]`;
}
function vlTime() {
  const d = new Date();
  return `${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${d.toISOString().slice(11, 19)}`;
}
function info(file, msg) {
  if (flavor === 'vllm') log(`INFO ${vlTime()} [${file}] ${msg}`);
  else log(`${sgTime(file === 'tp')} ${msg}`);
}
function uvicorn(msg) {
  log(flavor === 'vllm' ? `INFO:     ${msg}` : `${sgTime(false)} INFO:     ${msg}`);
}

// ---- live numbers for /metrics, /v1/loads, /server_info ----------------------------------

const stats = {
  running: 0,
  requests: 0,
  promptTokens: 0,
  genTokens: 0,
  recent: [], // [timestamp ms, tokens] for gen throughput
  ttft: [],
  e2e: [],
};
function genThroughput() {
  const now = Date.now();
  stats.recent = stats.recent.filter(([t]) => now - t < 5000);
  return stats.recent.reduce((a, [, n]) => a + n, 0) / 5;
}
let phase = 'loading'; // loading → warmup → ready → stopping

// ---- Prometheus text ---------------------------------------------------------------------

/** prometheus_client's floatToGoString: 3.0, 0.28, 7.557572e+06 */
function promNum(n) {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  let s = Number.isInteger(n) ? `${n}.0` : String(n);
  const dot = s.indexOf('.');
  if (n > 0 && dot > 6) {
    const mantissa = `${s[0]}.${s.slice(1, dot)}${s.slice(dot + 1)}`.replace(/0+$/, '').replace(/\.$/, '');
    s = `${mantissa}e+0${dot - 1}`;
  }
  return s;
}
function histogram(name, labels, values, buckets) {
  let t = `# HELP ${name} Histogram of ${name.split(':')[1].replace(/_/g, ' ')}.\n# TYPE ${name} histogram\n`;
  for (const le of buckets) t += `${name}_bucket{le="${le}",${labels}} ${promNum(values.filter((v) => v <= le).length)}\n`;
  t += `${name}_bucket{le="+Inf",${labels}} ${promNum(values.length)}\n`;
  t += `${name}_count{${labels}} ${promNum(values.length)}\n`;
  t += `${name}_sum{${labels}} ${promNum(values.reduce((a, b) => a + b, 0))}\n`;
  return t;
}
function metricsText() {
  const usedTokens = stats.running * 512;
  const tokenUsage = Math.round((usedTokens / MAX_TOTAL_TOKENS) * 100) / 100;
  const buckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  if (flavor === 'sglang') {
    const l = `engine_type="unified",model_name="${MODEL}",moe_ep_rank="0",pp_rank="0",tp_rank="0"`;
    const gauge = (n, help, v) => `# HELP sglang:${n} ${help}\n# TYPE sglang:${n} gauge\nsglang:${n}{${l}} ${promNum(v)}\n`;
    let t = '';
    t += gauge('num_running_reqs', 'The number of running requests.', stats.running);
    t += gauge('num_used_tokens', 'The number of used tokens.', usedTokens);
    t += gauge('token_usage', 'The token usage.', tokenUsage);
    t += gauge('gen_throughput', 'The generation throughput (token/s).', genThroughput());
    t += gauge('num_queue_reqs', 'The number of requests in the waiting queue.', 0);
    t += gauge('cache_hit_rate', 'The prefix cache hit rate.', 0);
    const cl = `model_name="${MODEL}"`;
    t += `# HELP sglang:prompt_tokens_total Number of prefill tokens processed.\n# TYPE sglang:prompt_tokens_total counter\nsglang:prompt_tokens_total{${cl}} ${promNum(stats.promptTokens)}\n`;
    t += `# HELP sglang:generation_tokens_total Number of generation tokens processed.\n# TYPE sglang:generation_tokens_total counter\nsglang:generation_tokens_total{${cl}} ${promNum(stats.genTokens)}\n`;
    t += `# HELP sglang:num_requests_total Number of requests processed.\n# TYPE sglang:num_requests_total counter\nsglang:num_requests_total{${cl}} ${promNum(stats.requests)}\n`;
    t += histogram('sglang:time_to_first_token_seconds', cl, stats.ttft, buckets);
    t += histogram('sglang:e2e_request_latency_seconds', cl, stats.e2e, buckets);
    return t;
  }
  const l = `engine="0",model_name="${MODEL}"`;
  let t = '# HELP python_info Python platform information\n# TYPE python_info gauge\npython_info{implementation="CPython",major="3",minor="12",patchlevel="3",version="3.12.3"} 1.0\n';
  const gauge = (n, help, v) => `# HELP vllm:${n} ${help}\n# TYPE vllm:${n} gauge\nvllm:${n}{${l}} ${promNum(v)}\n`;
  t += gauge('num_requests_running', 'Number of requests in model execution batches.', stats.running);
  t += gauge('num_requests_waiting', 'Number of requests waiting to be processed.', 0);
  t += gauge('kv_cache_usage_perc', 'KV-cache usage. 1 means 100 percent usage.', tokenUsage);
  t += `# HELP vllm:prompt_tokens_total Number of prefill tokens processed.\n# TYPE vllm:prompt_tokens_total counter\nvllm:prompt_tokens_total{${l}} ${promNum(stats.promptTokens)}\n`;
  t += `# HELP vllm:generation_tokens_total Number of generation tokens processed.\n# TYPE vllm:generation_tokens_total counter\nvllm:generation_tokens_total{${l}} ${promNum(stats.genTokens)}\n`;
  t += `# HELP vllm:request_success_total Count of successfully processed requests.\n# TYPE vllm:request_success_total counter\nvllm:request_success_total{engine="0",finished_reason="stop",model_name="${MODEL}"} ${promNum(stats.requests)}\n`;
  t += histogram('vllm:time_to_first_token_seconds', l, stats.ttft, buckets);
  t += histogram('vllm:e2e_request_latency_seconds', l, stats.e2e, buckets);
  return t;
}

// ---- JSON answers ------------------------------------------------------------------------

function modelsBody() {
  const m = { id: MODEL, object: 'model', created: startedAt, owned_by: flavor, root: MODEL, parent: null, max_model_len: CONTEXT_LEN };
  if (flavor === 'vllm') {
    m.permission = [
      {
        id: `modelperm-${crypto.randomBytes(16).toString('hex')}`,
        object: 'model_permission',
        created: startedAt,
        allow_create_engine: false,
        allow_sampling: true,
        allow_logprobs: true,
        allow_search_indices: false,
        allow_view: true,
        allow_fine_tuning: false,
        organization: '*',
        group: null,
        is_blocking: false,
      },
    ];
  }
  return { object: 'list', data: [m] };
}

function serverInfoBody() {
  return {
    model_path: MODEL,
    tokenizer_path: MODEL,
    tokenizer_mode: 'auto',
    skip_tokenizer_init: false,
    load_format: 'auto',
    trust_remote_code: false,
    dtype: 'auto',
    kv_cache_dtype: 'auto',
    host: '127.0.0.1',
    port: PORT,
    // Real SGLang echoes the keys in clear text: clients must redact before showing/logging.
    api_key: API_KEY,
    admin_api_key: null,
    served_model_name: MODEL,
    context_length: null,
    mem_fraction_static: 0.88,
    max_running_requests: 2048,
    tp_size: 1,
    dp_size: 1,
    enable_metrics: true,
    log_level: 'info',
    status: phase === 'ready' ? 'ready' : 'starting',
    max_total_num_tokens: MAX_TOTAL_TOKENS,
    internal_states: [
      {
        last_gen_throughput: genThroughput(),
        memory_usage: { weight: 14.42, kvcache: 86.5, token_capacity: MAX_TOTAL_TOKENS, graph: 1.21 },
        avg_spec_accept_length: null,
      },
    ],
    version: VERSION,
  };
}

function modelInfoBody() {
  return {
    model_path: MODEL,
    tokenizer_path: MODEL,
    is_generation: true,
    preferred_sampling_params: null,
    weight_version: 'default',
    has_image_understanding: false,
    has_audio_understanding: false,
    model_type: 'qwen2',
    architectures: ['Qwen2ForCausalLM'],
  };
}

function loadsBody() {
  return {
    timestamp: new Date().toISOString(),
    version: VERSION,
    accelerator: 'cuda',
    num_accelerators: 1,
    loads: [
      {
        dp_rank: 0,
        num_running_reqs: stats.running,
        num_waiting_reqs: 0,
        num_used_tokens: stats.running * 512,
        max_total_num_tokens: MAX_TOTAL_TOKENS,
        token_usage: Math.round(((stats.running * 512) / MAX_TOTAL_TOKENS) * 100) / 100,
        gen_throughput: genThroughput(),
        cache_hit_rate: 0,
        utilization: stats.running > 0 ? 0.5 : 0,
      },
    ],
  };
}

function errorBody(status, message, type) {
  if (flavor === 'vllm') return { error: { message, type, param: null, code: status } };
  return { object: 'error', message, type, param: null, code: status };
}

// ---- HTTP plumbing -----------------------------------------------------------------------

function send(res, status, body, contentType = 'application/json') {
  const text = body === null ? '' : typeof body === 'string' && contentType !== 'application/json' ? body : JSON.stringify(body);
  res.writeHead(status, { server: 'uvicorn', 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
function sendEmpty(res, status) {
  res.writeHead(status, { server: 'uvicorn', 'content-length': 0 });
  res.end();
}

const REASONS = { 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 405: 'Method Not Allowed', 503: 'Service Unavailable' };
function accessLog(req, status) {
  const peer = `${req.socket.remoteAddress === HOST ? '127.0.0.1' : req.socket.remoteAddress}:${req.socket.remotePort}`;
  uvicorn(`${peer} - "${req.method} ${req.url} HTTP/${req.httpVersion}" ${status} ${REASONS[status] ?? ''}`.trimEnd());
}

function needsAuth(path) {
  if (!API_KEY) return false;
  if (flavor === 'sglang') return !(path.startsWith('/health') || path.startsWith('/ready') || path.startsWith('/metrics'));
  return path.startsWith('/v1') || path.startsWith('/v2') || path.startsWith('/inference');
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// POST /v1/completions and SGLang's GET /v1/models/{id} (openai-extra-routes.cjs).
const openAiExtra = require('./openai-extra-routes.cjs')({ flavor, model: MODEL, contextLen: CONTEXT_LEN, stats, timings: T, send, readBody, sleep, errorBody });

async function handle(req, res) {
  const path = new URL(req.url, 'http://x').pathname;
  const done = (status) => accessLog(req, status);
  if (needsAuth(path)) {
    const auth = req.headers.authorization ?? '';
    if (flavor === 'sglang' ? !sglangKeyAccepted(req.headers, API_KEY) : auth !== `Bearer ${API_KEY}`) {
      send(res, 401, { error: 'Unauthorized' });
      return done(401);
    }
  }
  const route = `${req.method} ${path}`;
  if (flavor === 'sglang') {
    switch (route) {
      case 'GET /':
        send(res, 200, 'SGLang is running');
        return done(200);
      case 'GET /health':
      case 'GET /health_generate':
        if (phase !== 'ready') {
          sendEmpty(res, 503);
          return done(503);
        }
        // SGLang runs a one-token generation for /health: it costs about a second.
        await sleep(T.healthMs);
        sendEmpty(res, phase === 'ready' ? 200 : 503);
        return done(phase === 'ready' ? 200 : 503);
      case 'GET /ping':
        sendEmpty(res, 200);
        return done(200);
      case 'GET /model_info':
      case 'GET /get_model_info':
        send(res, 200, modelInfoBody());
        return done(200);
      case 'GET /server_info':
      case 'GET /get_server_info':
        send(res, 200, serverInfoBody());
        return done(200);
      case 'GET /v1/loads':
        send(res, 200, loadsBody());
        return done(200);
    }
  } else {
    switch (route) {
      case 'GET /health':
      case 'GET /ping':
      case 'POST /ping':
        sendEmpty(res, 200);
        return done(200);
      case 'GET /version':
        send(res, 200, { version: VERSION });
        return done(200);
      case 'GET /load':
        send(res, 200, { server_load: stats.running });
        return done(200);
    }
  }
  switch (route) {
    case 'GET /v1/models':
      send(res, 200, modelsBody());
      return done(200);
    case 'GET /metrics':
      send(res, 200, metricsText(), 'text/plain; version=0.0.4; charset=utf-8');
      return done(200);
    case 'POST /v1/chat/completions':
      return chatRoutes.chat(req, res, done);
    case 'POST /tokenize':
      return chatRoutes.tokenize(req, res, done);
  }
  if (await openAiExtra(req, res, path, done)) return;
  if (flavor === 'vllm' && (await handleVllmOpenRoute(req, res, path, { send, done, readBody, chat: chatRoutes.chat, model: MODEL }))) return;
  if (['/v1/models', '/metrics', '/v1/chat/completions', '/health', '/ping'].includes(path)) {
    send(res, 405, { detail: 'Method Not Allowed' });
    return done(405);
  }
  send(res, 404, { detail: 'Not Found' });
  return done(404);
}

// Chat completions and /tokenize: see chat-stream.cjs.
const chatRoutes = createChat({ flavor, model: MODEL, contextLen: CONTEXT_LEN, tokenMs: () => T.tokenMs, stats, errorBody, send, sleep, readBody, info });

// ---- lifecycle ---------------------------------------------------------------------------

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    if (!res.headersSent) send(res, 500, errorBody(500, String(err?.message ?? err), 'InternalServerError'));
  });
});
server.keepAliveTimeout = 5000;

function fatal(message, code, alreadyLogged = false) {
  if (!alreadyLogged) log(message);
  update(statePath, (s) => {
    const u = s.units[unit];
    if (u && u.pid === process.pid && !u.stopped) {
      u.exitCode = code;
      u.exitedAt = new Date().toISOString();
    }
  });
  journal(statePath, unit, 'systemd', 1, `${unit}.service: Main process exited, code=exited, status=${code}/FAILURE`);
  journal(statePath, unit, 'systemd', 1, `${unit}.service: Failed with result 'exit-code'.`);
  process.exit(code);
}

function shutdown() {
  if (phase === 'stopping') return;
  phase = 'stopping';
  uvicorn('Shutting down');
  server.close();
  server.closeAllConnections?.();
  uvicorn('Waiting for application shutdown.');
  uvicorn('Application shutdown complete.');
  uvicorn(`Finished server process [${process.pid}]`);
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.on('SIGHUP', () => {});

async function main() {
  const keyText = API_KEY ? `'${API_KEY}'` : 'None';
  if (flavor === 'vllm') {
    info('api_server.py:1896', `vLLM API server version ${VERSION}`);
    info('utils.py:328', `non-default args: {'model': '${MODEL}', 'host': '127.0.0.1', 'port': ${PORT}${CLI_KEY ? `, 'api_key': ['${CLI_KEY}']` : ''}}`);
    info('model.py:547', `Resolved architecture: Qwen2ForCausalLM`);
  } else {
    info('', `server_args=ServerArgs(model_path='${MODEL}', tokenizer_path='${MODEL}', host='127.0.0.1', port=${PORT}, api_key=${keyText}, enable_metrics=True, mem_fraction_static=0.88, tp_size=1, dp_size=1)`);
    info('tp', 'Load weight begin. avail mem=118.32 GB');
  }
  await sleep(T.loadMs);
  if (phase === 'stopping') return;
  if (load(statePath).serverFault === 'oom') {
    // What a too-large model or a busy GPU looks like: the load fails and the process exits 1.
    const lines =
      flavor === 'vllm'
        ? [
            'ERROR 11-29 [core.py:708] EngineCore failed to start.',
            'ERROR [core.py:708] torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 119.70 GiB of which 1.02 GiB is free.',
            'RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {}',
          ]
        : [
            `${sgTime(true)} Scheduler hit an exception: Traceback (most recent call last):`,
            'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 119.70 GiB of which 1.02 GiB is free.',
            `${sgTime(false)} Received sigquit from a child process. It usually means the child failed.`,
          ];
    for (const l of lines) log(l);
    fatal(lines[lines.length - 1], 1, true);
  }
  if (flavor === 'vllm') {
    info('default_loader.py:267', `Loading weights took ${(T.loadMs / 1000).toFixed(2)} seconds`);
    info('gpu_model_runner.py:1771', 'Model loading took 14.2466 GiB and 1.832 seconds');
    info('api_server.py:1971', `Starting vLLM API server 0 on http://127.0.0.1:${PORT}`);
  } else {
    info('tp', 'Load weight end. type=Qwen2ForCausalLM, dtype=torch.bfloat16, avail mem=103.90 GB, mem usage=14.42 GB.');
    info('tp', `max_total_num_tokens=${MAX_TOTAL_TOKENS}, chunked_prefill_size=8192, max_prefill_tokens=16384, max_running_requests=2048, context_len=${CONTEXT_LEN}`);
  }
  server.once('error', (err) => {
    if (err.code === 'EADDRINUSE') {
      const msg = `ERROR:    [Errno 98] error while attempting to bind on address ('127.0.0.1', ${PORT}): address already in use`;
      fatal(flavor === 'vllm' ? msg : `${sgTime(false)} ${msg}`, 1);
    }
    fatal(`ERROR:    ${err.message}`, 1);
  });
  server.listen(PORT, HOST, async () => {
    uvicorn(`Started server process [${process.pid}]`);
    uvicorn('Waiting for application startup.');
    uvicorn('Application startup complete.');
    if (flavor === 'vllm') {
      phase = 'ready';
      return;
    }
    uvicorn(`Uvicorn running on http://127.0.0.1:${PORT} (Press CTRL+C to quit)`);
    phase = 'warmup';
    await sleep(T.warmupMs);
    if (phase !== 'warmup') return;
    uvicorn(`127.0.0.1:${40000 + (process.pid % 20000)} - "GET /get_model_info HTTP/1.1" 200 OK`);
    info('tp', 'Prefill batch. #new-seq: 1, #new-token: 7, #cached-token: 0, token usage: 0.00, #running-req: 0, #queue-req: 0');
    uvicorn(`127.0.0.1:${40001 + (process.pid % 20000)} - "POST /generate HTTP/1.1" 200 OK`);
    info('', 'The server is fired up and ready to roll!');
    phase = 'ready';
  });
}

// SGLang logs one decode line every so often while requests run; vLLM logs engine stats.
setInterval(() => {
  if (phase !== 'ready' || stats.running === 0) return;
  if (flavor === 'vllm') {
    info('loggers.py:123', `Engine 000: Avg prompt throughput: 0.0 tokens/s, Avg generation throughput: ${genThroughput().toFixed(1)} tokens/s, Running: ${stats.running} reqs, Waiting: 0 reqs, GPU KV cache usage: 0.1%, Prefix cache hit rate: 0.0%`);
  } else {
    info('tp', `Decode batch. #running-req: ${stats.running}, #token: ${stats.running * 512}, token usage: 0.00, gen throughput (token/s): ${genThroughput().toFixed(2)}, #queue-req: 0`);
  }
}, 2000).unref();

main();
