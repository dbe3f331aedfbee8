// What the dashboard reads from a server's Prometheus /metrics, for SGLang and vLLM, old and new
// names. Names checked against upstream: sglang python/sglang/srt/metrics/collector.py
// (sglang:gen_throughput, num_running_reqs, num_queue_reqs, token_usage, prompt_tokens_total,
// generation_tokens_total) and vllm vllm/v1/metrics/loggers.py (vllm:num_requests_running,
// num_requests_waiting, kv_cache_usage_perc — gpu_cache_usage_perc before the rename —,
// prompt_tokens_total, generation_tokens_total).
import { metricPrefix } from '../inference/load';
import { type MetricSample, maxOf, sumOf } from '../inference/prometheus';

/** One reading of /metrics: counters as they are (rates come from two readings), gauges as they are. */
export interface ServerReading {
  t: number;
  server: 'sglang' | 'vllm' | 'other';
  generationTokensTotal?: number;
  promptTokensTotal?: number;
  running?: number;
  queued?: number;
  /** 0..1 */
  kvCacheUsage?: number;
  /** The server's own generation throughput gauge (SGLang), tokens/s. */
  genThroughputGauge?: number;
  /** How long the /metrics request took, ms. */
  latencyMs?: number;
}

const NAMES = {
  sglang: {
    gen: ['sglang:generation_tokens_total'],
    prompt: ['sglang:prompt_tokens_total'],
    running: ['sglang:num_running_reqs'],
    queued: ['sglang:num_queue_reqs'],
    kv: ['sglang:token_usage'],
    throughput: ['sglang:gen_throughput'],
  },
  vllm: {
    gen: ['vllm:generation_tokens_total'],
    prompt: ['vllm:prompt_tokens_total'],
    running: ['vllm:num_requests_running'],
    queued: ['vllm:num_requests_waiting'],
    // New name first (vLLM ≥ 0.10.2), the old one as fallback.
    kv: ['vllm:kv_cache_usage_perc', 'vllm:gpu_cache_usage_perc'],
    // vLLM V0 only; V1 dropped it (the dashboard computes the rate from the counter).
    throughput: ['vllm:avg_generation_throughput_toks_per_s'],
  },
} as const;

function first(samples: MetricSample[], names: readonly string[], pick: typeof sumOf): number | undefined {
  for (const n of names) {
    const v = pick(samples, n);
    if (v !== undefined && Number.isFinite(v)) return v;
  }
  return undefined;
}

export function readingFromMetrics(samples: MetricSample[], t: number, latencyMs?: number): ServerReading {
  const prefix = metricPrefix(samples);
  if (prefix !== 'sglang' && prefix !== 'vllm') return { t, server: 'other', ...(latencyMs !== undefined ? { latencyMs } : {}) };
  const n = NAMES[prefix];
  const r: ServerReading = { t, server: prefix };
  const set = <K extends keyof ServerReading>(k: K, v: ServerReading[K] | undefined) => {
    if (v !== undefined) r[k] = v;
  };
  set('generationTokensTotal', first(samples, n.gen, sumOf));
  set('promptTokensTotal', first(samples, n.prompt, sumOf));
  set('running', first(samples, n.running, sumOf));
  set('queued', first(samples, n.queued, sumOf));
  // The fullest rank limits: max, not sum.
  set('kvCacheUsage', first(samples, n.kv, maxOf));
  set('genThroughputGauge', first(samples, n.throughput, sumOf));
  set('latencyMs', latencyMs);
  return r;
}

/**
 * Per-second rate of a counter between two readings. None when either is missing, time did not
 * move, or the counter went down (server restarted): never a negative or infinite rate.
 */
export function counterRate(prev: number | undefined, prevT: number, cur: number | undefined, curT: number): number | undefined {
  if (prev === undefined || cur === undefined || curT <= prevT) return undefined;
  const delta = cur - prev;
  if (delta < 0) return undefined;
  return delta / ((curT - prevT) / 1000);
}
