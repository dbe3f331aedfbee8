// The dashboard's readers on real formats: /metrics of SGLang and vLLM (V1 with the renamed KV
// gauge, and the older gpu_cache_usage_perc), and nvidia-smi's CSV on DGX Spark (GB10, unified
// memory → "[N/A]") and on a discrete GPU.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nvidiaSmiArgv, parseGpuLine, gpuFailureText } from '../../../src/core/dashboard/nvidiaSmi';
import { counterRate, readingFromMetrics } from '../../../src/core/dashboard/serverMetrics';
import { parsePrometheusText } from '../../../src/core/inference/prometheus';

// Shapes as sglang/srt/metrics/collector.py exports them (labels from the scheduler collector).
const SGLANG = `# HELP sglang:num_running_reqs The number of running requests.
# TYPE sglang:num_running_reqs gauge
sglang:num_running_reqs{engine_type="unified",model_name="Qwen/Qwen3-8B",moe_ep_rank="0",pp_rank="0",tp_rank="0"} 3.0
# HELP sglang:token_usage The token usage.
# TYPE sglang:token_usage gauge
sglang:token_usage{engine_type="unified",model_name="Qwen/Qwen3-8B",moe_ep_rank="0",pp_rank="0",tp_rank="0"} 0.28
# HELP sglang:gen_throughput The generation throughput (token/s).
# TYPE sglang:gen_throughput gauge
sglang:gen_throughput{engine_type="unified",model_name="Qwen/Qwen3-8B",moe_ep_rank="0",pp_rank="0",tp_rank="0"} 41.7
# HELP sglang:num_queue_reqs The number of requests in the waiting queue.
# TYPE sglang:num_queue_reqs gauge
sglang:num_queue_reqs{engine_type="unified",model_name="Qwen/Qwen3-8B",moe_ep_rank="0",pp_rank="0",tp_rank="0"} 2.0
# HELP sglang:prompt_tokens_total Number of prefill tokens processed.
# TYPE sglang:prompt_tokens_total counter
sglang:prompt_tokens_total{model_name="Qwen/Qwen3-8B"} 8.128902e+06
# HELP sglang:generation_tokens_total Number of generation tokens processed.
# TYPE sglang:generation_tokens_total counter
sglang:generation_tokens_total{model_name="Qwen/Qwen3-8B"} 7.557572e+06
`;

// vLLM V1 (vllm/v1/metrics/loggers.py), after the KV gauge was renamed.
const VLLM_NEW = `# HELP vllm:num_requests_running Number of requests in model execution batches.
# TYPE vllm:num_requests_running gauge
vllm:num_requests_running{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 4.0
# HELP vllm:num_requests_waiting Number of requests waiting to be processed.
# TYPE vllm:num_requests_waiting gauge
vllm:num_requests_waiting{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 1.0
# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.
# TYPE vllm:kv_cache_usage_perc gauge
vllm:kv_cache_usage_perc{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.125
# HELP vllm:prompt_tokens_total Number of prefill tokens processed.
# TYPE vllm:prompt_tokens_total counter
vllm:prompt_tokens_total{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 1000.0
# HELP vllm:generation_tokens_total Number of generation tokens processed.
# TYPE vllm:generation_tokens_total counter
vllm:generation_tokens_total{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 5000.0
`;

// Older vLLM: gpu_cache_usage_perc, two engines (data parallel).
const VLLM_OLD = `# TYPE vllm:gpu_cache_usage_perc gauge
vllm:gpu_cache_usage_perc{engine="0",model_name="m"} 0.5
vllm:gpu_cache_usage_perc{engine="1",model_name="m"} 0.75
# TYPE vllm:num_requests_running gauge
vllm:num_requests_running{engine="0",model_name="m"} 2.0
vllm:num_requests_running{engine="1",model_name="m"} 3.0
vllm:num_requests_waiting{engine="0",model_name="m"} 0.0
vllm:generation_tokens_total{engine="0",model_name="m"} 10.0
vllm:generation_tokens_total{engine="1",model_name="m"} 20.0
`;

test('SGLang /metrics: running, queued, token usage, counters and its own throughput gauge', () => {
  const r = readingFromMetrics(parsePrometheusText(SGLANG), 1000, 12);
  assert.deepEqual(r, {
    t: 1000,
    server: 'sglang',
    generationTokensTotal: 7557572,
    promptTokensTotal: 8128902,
    running: 3,
    queued: 2,
    kvCacheUsage: 0.28,
    genThroughputGauge: 41.7,
    latencyMs: 12,
  });
});

test('vLLM V1 /metrics: kv_cache_usage_perc (the new name)', () => {
  const r = readingFromMetrics(parsePrometheusText(VLLM_NEW), 5, undefined);
  assert.equal(r.server, 'vllm');
  assert.equal(r.kvCacheUsage, 0.125);
  assert.equal(r.running, 4);
  assert.equal(r.queued, 1);
  assert.equal(r.promptTokensTotal, 1000);
  assert.equal(r.generationTokensTotal, 5000);
  assert.equal(r.genThroughputGauge, undefined);
});

test('older vLLM: gpu_cache_usage_perc read as fallback; ranks summed, usage = fullest rank', () => {
  const r = readingFromMetrics(parsePrometheusText(VLLM_OLD), 5);
  assert.equal(r.kvCacheUsage, 0.75);
  assert.equal(r.running, 5);
  assert.equal(r.generationTokensTotal, 30);
  assert.equal(r.promptTokensTotal, undefined);
});

test('a server without sglang:/vllm: metrics gives only time and latency', () => {
  assert.deepEqual(readingFromMetrics(parsePrometheusText('process_cpu_seconds_total 3.0\n'), 7, 3), { t: 7, server: 'other', latencyMs: 3 });
});

test('counter rates: per second; none for a restart (counter down), no time, or a missing side', () => {
  assert.equal(counterRate(100, 0, 300, 2000), 100);
  assert.equal(counterRate(300, 0, 100, 2000), undefined);
  assert.equal(counterRate(100, 1000, 200, 1000), undefined);
  assert.equal(counterRate(undefined, 0, 200, 1000), undefined);
  assert.equal(counterRate(100, 0, undefined, 1000), undefined);
});

test('nvidia-smi argv: one long-running CSV stream without header and units', () => {
  assert.deepEqual(nvidiaSmiArgv(2), [
    'nvidia-smi',
    '--query-gpu=index,name,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw',
    '--format=csv,noheader,nounits',
    '-l',
    '2',
  ]);
  assert.equal(nvidiaSmiArgv(0.2)[4], '1');
});

test('DGX Spark (GB10): memory fields "[N/A]" → unified memory, no number (never 0 or NaN)', () => {
  const r = parseGpuLine('0, NVIDIA GB10, 96, [N/A], [N/A], 71, 38.27', 10);
  assert.deepEqual(r, { t: 10, index: 0, name: 'NVIDIA GB10', utilization: 96, unifiedMemory: true, temperatureC: 71, powerW: 38.27 });
});

test('"[Not Supported]" and "N/A" in other fields are absent values', () => {
  const r = parseGpuLine('0, NVIDIA GB10, 0, [N/A], [N/A], 40, [Not Supported]', 1)!;
  assert.equal(r.powerW, undefined);
  assert.equal('powerW' in r, false);
  const r2 = parseGpuLine('0, NVIDIA GB10, N/A, Not Supported, Not Supported, 40, 5.00', 1)!;
  assert.equal(r2.utilization, undefined);
  assert.equal(r2.unifiedMemory, true);
});

test('a discrete GPU: memory used/total in MiB', () => {
  const r = parseGpuLine('1, NVIDIA H100 80GB HBM3, 45, 1234, 81559, 38, 120.50', 3)!;
  assert.equal(r.index, 1);
  assert.equal(r.memoryUsedMiB, 1234);
  assert.equal(r.memoryTotalMiB, 81559);
  assert.equal(r.unifiedMemory, false);
});

test('lines that are not readings: error texts, blank lines, wrong column counts', () => {
  assert.equal(parseGpuLine('', 1), undefined);
  assert.equal(parseGpuLine("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.", 1), undefined);
  assert.equal(parseGpuLine('0, NVIDIA GB10, 3', 1), undefined);
  assert.equal(parseGpuLine('x, NVIDIA GB10, 3, [N/A], [N/A], 40, 5', 1), undefined);
  assert.match(gpuFailureText("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.") ?? '', /NVIDIA-SMI has failed/);
  assert.match(gpuFailureText('bash: line 1: nvidia-smi: command not found') ?? '', /command not found/);
  assert.equal(gpuFailureText('0, NVIDIA GB10, 3, [N/A], [N/A], 40, 5'), undefined);
});
