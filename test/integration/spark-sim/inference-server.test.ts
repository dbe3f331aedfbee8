// The emulated SGLang / vLLM through the HTTPS serve front: routes, shapes, status codes,
// --api-key rules per flavor, growing Prometheus counters, SSE streaming with in-flight counts.
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { RunningSpark } from '../../spark-sim';
import { httpDirect, httpsTo, run, startTestSpark, type TestSpark } from './helpers';

const KEY = 'sk-sim-0123456789abcdef';
const auth = { authorization: `Bearer ${KEY}` };

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  assert.ok(line, `metric ${name} missing`);
  return Number(line.split(' ').pop());
}

/** Starts a streaming chat and resolves once the first content chunk has arrived. */
function openStream(spark: RunningSpark, headers: Record<string, string>, maxTokens: number): Promise<{ done: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: spark.magicDnsName,
        port: 443,
        path: '/v1/chat/completions',
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        ca: readFileSync(spark.caCertPath),
        lookup: (_h, o, cb) => {
          const done = cb as (e: Error | null, a: string | { address: string; family: number }[], f?: number) => void;
          if ((o as { all?: boolean }).all) done(null, [{ address: spark.address, family: 4 }]);
          else done(null, spark.address, 4);
        },
      },
      (res) => {
        let body = '';
        let resolved = false;
        const done = new Promise<string>((r) => res.on('end', () => r(body)));
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
          if (!resolved && body.includes('"content":"Hello')) {
            resolved = true;
            resolve({ done });
          }
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ model: 'Qwen/Qwen2.5-7B-Instruct', stream: true, max_tokens: maxTokens, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'ping' }] }));
  });
}

describe('SGLang flavor with --api-key', () => {
  let t: TestSpark;
  before(async () => {
    t = await startTestSpark({ flavor: 'sglang', apiKey: KEY, timings: { healthMs: 300, tokenMs: 40 } });
  });
  after(async () => {
    await t?.stop();
  });

  test('/v1/models needs the key: 401 {"error":"Unauthorized"} without, SGLang list with', async () => {
    const no = await httpsTo(t.spark, '/v1/models');
    assert.equal(no.status, 401);
    assert.equal(no.body, '{"error":"Unauthorized"}');
    const wrong = await httpsTo(t.spark, '/v1/models', { headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
    const ok = await httpsTo(t.spark, '/v1/models', { headers: auth });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.server, 'uvicorn');
    const body = JSON.parse(ok.body);
    assert.equal(body.object, 'list');
    assert.deepEqual(Object.keys(body.data[0]).sort(), ['created', 'id', 'max_model_len', 'object', 'owned_by', 'parent', 'root']);
    assert.equal(body.data[0].owned_by, 'sglang');
    assert.equal(body.data[0].id, 'Qwen/Qwen2.5-7B-Instruct');
  });

  test('/health and /metrics stay open; /health is slow (a one-token generation)', async () => {
    const t0 = Date.now();
    const h = await httpsTo(t.spark, '/health');
    assert.equal(h.status, 200);
    assert.equal(h.body, '');
    assert.ok(Date.now() - t0 >= 280, 'SGLang /health should cost the configured healthMs');
    const m = await httpsTo(t.spark, '/metrics');
    assert.equal(m.status, 200);
    assert.match(m.headers['content-type'] as string, /^text\/plain/);
    assert.match(m.body, /^# HELP sglang:num_running_reqs /m);
    assert.match(m.body, /^sglang:num_running_reqs\{engine_type="unified",model_name="Qwen\/Qwen2\.5-7B-Instruct",moe_ep_rank="0",pp_rank="0",tp_rank="0"\} 0\.0$/m);
  });

  test('/server_info echoes the api_key in clear text (clients must redact); /version is 404 on SGLang', async () => {
    const si = await httpsTo(t.spark, '/server_info', { headers: auth });
    assert.equal(si.status, 200);
    const info = JSON.parse(si.body);
    assert.equal(info.api_key, KEY);
    assert.equal(info.status, 'ready');
    assert.ok(Array.isArray(info.internal_states));
    assert.equal((await httpsTo(t.spark, '/server_info')).status, 401);
    const v = await httpsTo(t.spark, '/version', { headers: auth });
    assert.equal(v.status, 404);
    assert.equal(v.body, '{"detail":"Not Found"}');
    const mi = JSON.parse((await httpsTo(t.spark, '/model_info', { headers: auth })).body);
    assert.equal(mi.model_path, 'Qwen/Qwen2.5-7B-Instruct');
    assert.equal(mi.is_generation, true);
    const loads = JSON.parse((await httpsTo(t.spark, '/v1/loads', { headers: auth })).body);
    assert.equal(loads.loads[0].num_running_reqs, 0);
  });

  test('streaming chat: role chunk, content pieces, finish chunk, usage, [DONE]; running count and counters move', async () => {
    const before = (await httpsTo(t.spark, '/metrics')).body;
    const s1 = await openStream(t.spark, auth, 40);
    const s2 = await openStream(t.spark, auth, 40);
    const during = (await httpsTo(t.spark, '/metrics')).body;
    assert.equal(metric(during, 'sglang:num_running_reqs'), 2);
    const loads = JSON.parse((await httpsTo(t.spark, '/v1/loads', { headers: auth })).body);
    assert.equal(loads.loads[0].num_running_reqs, 2);
    const body = await s1.done;
    await s2.done;
    const events = body.split('\n\n').filter(Boolean);
    assert.ok(events.every((e) => e.startsWith('data: ')));
    assert.equal(events[events.length - 1], 'data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)));
    assert.deepEqual(chunks[0].choices[0].delta, { role: 'assistant', content: '' });
    assert.equal(chunks[0].object, 'chat.completion.chunk');
    const text = chunks.slice(1, -2).map((c) => c.choices[0].delta.content).join('');
    assert.match(text, /^Hello from the emulated Spark \(SGLang, Qwen\/Qwen2\.5-7B-Instruct\)\. You said: ping$/);
    assert.equal(chunks[chunks.length - 2].choices[0].finish_reason, 'stop');
    assert.deepEqual(chunks[chunks.length - 1].choices, []);
    assert.equal(chunks[chunks.length - 1].usage.completion_tokens, chunks.length - 3);
    const afterText = (await httpsTo(t.spark, '/metrics')).body;
    assert.equal(metric(afterText, 'sglang:num_running_reqs'), 0);
    assert.equal(metric(afterText, 'sglang:num_requests_total'), metric(before, 'sglang:num_requests_total') + 2);
    assert.ok(metric(afterText, 'sglang:generation_tokens_total') > metric(before, 'sglang:generation_tokens_total'));
    // Requests show up in the unit's journal like uvicorn access lines.
    const j = await t.ssh('journalctl -u sglang -n 50');
    assert.match(j.stdout, /INFO: {5}127\.0\.0\.1:\d+ - "POST \/v1\/chat\/completions HTTP\/1\.1" 200 OK\n/);
  });

  test('non-streaming chat and error shapes (flat SGLang error)', async () => {
    const ok = await httpsTo(t.spark, '/v1/chat/completions', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'x', max_tokens: 2, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(ok.status, 200);
    const c = JSON.parse(ok.body);
    assert.equal(c.object, 'chat.completion');
    assert.equal(c.choices[0].finish_reason, 'length');
    assert.equal(c.usage.completion_tokens, 2);
    const bad = await httpsTo(t.spark, '/v1/chat/completions', { method: 'POST', headers: auth, body: '{' });
    assert.equal(bad.status, 400);
    const e = JSON.parse(bad.body);
    assert.equal(e.object, 'error');
    assert.equal(e.code, 400);
  });

  test('NODE_EXTRA_CA_CERTS=caCertPath is enough for a plain Node client with default trust', async () => {
    const script = `const https=require('https');https.get({agent:false,host:${JSON.stringify(t.spark.magicDnsName)},path:'/health',lookup:(h,o,cb)=>o.all?cb(null,[{address:${JSON.stringify(t.spark.address)},family:4}]):cb(null,${JSON.stringify(t.spark.address)},4)},r=>{console.log(r.statusCode);process.exit(0);}).on('error',e=>{console.log(e.code);});`;
    const withCa = await run(process.execPath, ['-e', script], 10_000, { ...process.env, NODE_EXTRA_CA_CERTS: t.spark.caCertPath });
    assert.equal(withCa.stdout.trim(), '200');
    const without = await run(process.execPath, ['-e', script], 10_000, { ...process.env, NODE_EXTRA_CA_CERTS: '' });
    assert.equal(without.stdout.trim(), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });
});

describe('vLLM flavor with --api-key', () => {
  let t: TestSpark;
  before(async () => {
    t = await startTestSpark({ flavor: 'vllm', apiKey: KEY });
  });
  after(async () => {
    await t?.stop();
  });

  test('only /v1* needs the key; /health, /ping, /version, /metrics stay open', async () => {
    assert.equal((await httpsTo(t.spark, '/v1/models')).status, 401);
    assert.equal((await httpsTo(t.spark, '/v1/models')).body, '{"error":"Unauthorized"}');
    const models = JSON.parse((await httpsTo(t.spark, '/v1/models', { headers: auth })).body);
    assert.equal(models.data[0].owned_by, 'vllm');
    assert.ok(Array.isArray(models.data[0].permission));
    assert.equal((await httpsTo(t.spark, '/health')).status, 200);
    assert.equal((await httpsTo(t.spark, '/ping')).status, 200);
    assert.deepEqual(JSON.parse((await httpsTo(t.spark, '/version')).body), { version: '0.11.0' });
    const m = (await httpsTo(t.spark, '/metrics')).body;
    assert.equal(metric(m, 'vllm:num_requests_running'), 0);
    assert.match(m, /^vllm:kv_cache_usage_perc\{engine="0",model_name="Qwen\/Qwen2\.5-7B-Instruct"\} 0\.0$/m);
    assert.equal((await httpsTo(t.spark, '/server_info')).status, 404);
  });

  test('vLLM error shape is nested; unknown model is 404', async () => {
    const r = await httpsTo(t.spark, '/v1/chat/completions', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'other', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(r.status, 404);
    assert.deepEqual(JSON.parse(r.body), { error: { message: 'The model `other` does not exist.', type: 'NotFoundError', param: null, code: 404 } });
  });

  test('vLLM has no warm-up: the port opens ready (refused → 200), unit is vllm', async () => {
    assert.equal((await t.ssh('systemctl is-active vllm')).stdout, 'active\n');
    assert.equal((await t.ssh('systemctl is-active sglang')).stdout, 'inactive\n');
    await t.spark.stopServer();
    await t.spark.startServer({ wait: false });
    let first = '';
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const h = await httpDirect(t.spark, '/health');
        first ||= String(h.status);
        if (h.status === 200) break;
      } catch (err) {
        first ||= (err as NodeJS.ErrnoException).code ?? 'error';
      }
      assert.ok(Date.now() < deadline);
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(first, 'ECONNREFUSED');
    const j = await t.ssh('journalctl -u vllm -n 30');
    assert.match(j.stdout, /python3\[\d+\]: INFO \d\d-\d\d \d\d:\d\d:\d\d \[api_server\.py:\d+\] vLLM API server version 0\.11\.0\n/);
  });
});
