import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadFromLoads, loadFromMetrics, metricPrefix } from '../../../src/core/inference/load';
import { parsePrometheusText, sumOf } from '../../../src/core/inference/prometheus';

// The exact SGLang sample from reference/inference-servers.md.
const SGLANG = `# TYPE sglang:num_running_reqs gauge
sglang:num_running_reqs{engine_type="unified",model_name="Qwen/Qwen2.5-7B-Instruct",moe_ep_rank="0",pp_rank="0",tp_rank="0"} 3.0
sglang:num_queue_reqs{engine_type="unified",model_name="Qwen/Qwen2.5-7B-Instruct",moe_ep_rank="0",pp_rank="0",tp_rank="0"} 0.0
sglang:gen_throughput{engine_type="unified",model_name="Qwen/Qwen2.5-7B-Instruct",moe_ep_rank="0",pp_rank="0",tp_rank="0"} 86.5
sglang:token_usage{engine_type="unified",model_name="Qwen/Qwen2.5-7B-Instruct",moe_ep_rank="0",pp_rank="0",tp_rank="0"} 0.28
sglang:generation_tokens_total{is_streaming="true",model_name="Qwen/Qwen2.5-7B-Instruct"} 7.557572e+06
`;

const vllm = (generated: number, kvName = 'vllm:kv_cache_usage_perc') => `# HELP vllm:num_requests_running Number of requests in model execution batches.
# TYPE vllm:num_requests_running gauge
vllm:num_requests_running{engine="0",model_name="Qwen/Qwen2.5-7B-Instruct"} 2.0
vllm:num_requests_waiting{model_name="Qwen/Qwen2.5-7B-Instruct",engine="0"} 5.0
${kvName}{engine="0",model_name="Qwen/Qwen2.5-7B-Instruct"} 0.42
vllm:generation_tokens_total{engine="0",model_name="Qwen/Qwen2.5-7B-Instruct"} ${generated}
vllm:e2e_request_latency_seconds_bucket{engine="0",le="+Inf",model_name="Qwen/Qwen2.5-7B-Instruct"} 12.0
`;

test('parses names, labels (any order, escapes), exponents; skips comments and NaN', () => {
  const s = parsePrometheusText(`${SGLANG}x{b="2",a="say \\"hi\\""} NaN\ny{a="1"} 4 1700000000000\n`);
  assert.equal(s.length, 6);
  assert.deepEqual(s[0], {
    name: 'sglang:num_running_reqs',
    labels: { engine_type: 'unified', model_name: 'Qwen/Qwen2.5-7B-Instruct', moe_ep_rank: '0', pp_rank: '0', tp_rank: '0' },
    value: 3,
  });
  assert.equal(sumOf(s, 'sglang:generation_tokens_total'), 7557572);
  assert.deepEqual(s[5], { name: 'y', labels: { a: '1' }, value: 4 });
  const inf = parsePrometheusText('h_bucket{le="+Inf"} +Inf');
  assert.equal(inf[0]?.value, Number.POSITIVE_INFINITY);
  const esc = parsePrometheusText('m{a="say \\"hi\\""} 1');
  assert.equal(esc[0]?.labels.a, 'say "hi"');
});

test('SGLang load: running, queued, KV use and throughput gauge', () => {
  const samples = parsePrometheusText(SGLANG);
  assert.equal(metricPrefix(samples), 'sglang');
  const { load } = loadFromMetrics(samples, 1000);
  assert.deepEqual(load, { source: 'metrics', runningRequests: 3, queuedRequests: 0, kvCacheUsage: 0.28, tokensPerSecond: 86.5 });
});

test('SGLang with several dp ranks: counts add up, usage is the fullest rank', () => {
  const samples = parsePrometheusText(
    'sglang:num_running_reqs{dp_rank="0"} 2\nsglang:num_running_reqs{dp_rank="1"} 3\nsglang:token_usage{dp_rank="0"} 0.1\nsglang:token_usage{dp_rank="1"} 0.6\n',
  );
  const { load } = loadFromMetrics(samples, 0);
  assert.equal(load?.runningRequests, 5);
  assert.equal(load?.kvCacheUsage, 0.6);
});

test('vLLM: kv_cache_usage_perc, falls back to gpu_cache_usage_perc; throughput is a rate between samples', () => {
  const first = loadFromMetrics(parsePrometheusText(vllm(1000)), 10_000);
  assert.deepEqual(first.load, { source: 'metrics', runningRequests: 2, queuedRequests: 5, kvCacheUsage: 0.42 });
  assert.deepEqual(first.sample, { atMs: 10_000, generationTokensTotal: 1000 });
  const second = loadFromMetrics(parsePrometheusText(vllm(1500, 'vllm:gpu_cache_usage_perc')), 12_000, first.sample);
  assert.equal(second.load?.tokensPerSecond, 250);
  assert.equal(second.load?.kvCacheUsage, 0.42);
  // Counter reset (server restarted): no negative rate.
  const restarted = loadFromMetrics(parsePrometheusText(vllm(10)), 14_000, second.sample);
  assert.equal(restarted.load?.tokensPerSecond, undefined);
});

test('unknown metrics → no load', () => {
  assert.equal(loadFromMetrics(parsePrometheusText('process_cpu_seconds_total 3'), 0).load, undefined);
});

test('SGLang /v1/loads', () => {
  const load = loadFromLoads({
    loads: [
      { dp_rank: 0, num_running_reqs: 1, num_waiting_reqs: 2, token_usage: 0.2, gen_throughput: 40 },
      { dp_rank: 1, num_running_reqs: 3, num_waiting_reqs: 0, token_usage: 0.5, gen_throughput: 60 },
    ],
  });
  assert.deepEqual(load, { source: 'loads', runningRequests: 4, queuedRequests: 2, kvCacheUsage: 0.5, tokensPerSecond: 100 });
});
