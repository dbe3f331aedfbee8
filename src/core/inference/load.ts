// Server load from /metrics (SGLang and vLLM names) or SGLang's /v1/loads.
import { type MetricSample, maxOf, sumOf } from './prometheus';
import type { loadsSchema } from './schemas';
import type { z } from 'zod';

export interface ServerLoad {
  source: 'metrics' | 'loads';
  runningRequests?: number;
  queuedRequests?: number;
  /** KV cache / token pool use, 0..1. */
  kvCacheUsage?: number;
  /** Generated tokens per second (vLLM: rate between two samples, so absent on the first). */
  tokensPerSecond?: number;
}

/** What a later probe needs to compute vLLM's throughput as a rate. */
export interface MetricsSample {
  atMs: number;
  generationTokensTotal?: number;
}

export type MetricPrefix = 'sglang' | 'vllm' | 'llamacpp' | 'other';

export function metricPrefix(samples: MetricSample[]): MetricPrefix {
  if (samples.some((s) => s.name.startsWith('sglang:'))) return 'sglang';
  if (samples.some((s) => s.name.startsWith('vllm:'))) return 'vllm';
  if (samples.some((s) => s.name.startsWith('llamacpp:'))) return 'llamacpp';
  return 'other';
}

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Load from parsed /metrics. `previous` is the sample from the last poll; `nowMs` is when this
 * one was taken. Counters that went down (server restart) give no rate rather than a negative one.
 */
export function loadFromMetrics(samples: MetricSample[], nowMs: number, previous?: MetricsSample): { load?: ServerLoad; sample: MetricsSample } {
  const prefix = metricPrefix(samples);
  if (prefix === 'sglang') {
    const generated = sumOf(samples, 'sglang:generation_tokens_total');
    return {
      load: defined({
        source: 'metrics' as const,
        runningRequests: sumOf(samples, 'sglang:num_running_reqs'),
        queuedRequests: sumOf(samples, 'sglang:num_queue_reqs'),
        kvCacheUsage: maxOf(samples, 'sglang:token_usage'),
        tokensPerSecond: sumOf(samples, 'sglang:gen_throughput'),
      }),
      sample: defined({ atMs: nowMs, generationTokensTotal: generated }),
    };
  }
  if (prefix === 'vllm') {
    const generated = sumOf(samples, 'vllm:generation_tokens_total');
    let tokensPerSecond: number | undefined;
    if (previous?.generationTokensTotal !== undefined && generated !== undefined && nowMs > previous.atMs) {
      const delta = generated - previous.generationTokensTotal;
      if (delta >= 0) tokensPerSecond = delta / ((nowMs - previous.atMs) / 1000);
    }
    return {
      load: defined({
        source: 'metrics' as const,
        runningRequests: sumOf(samples, 'vllm:num_requests_running'),
        queuedRequests: sumOf(samples, 'vllm:num_requests_waiting'),
        // Renamed late 2025: read the new name, fall back to the old one.
        kvCacheUsage: maxOf(samples, 'vllm:kv_cache_usage_perc') ?? maxOf(samples, 'vllm:gpu_cache_usage_perc'),
        tokensPerSecond,
      }),
      sample: defined({ atMs: nowMs, generationTokensTotal: generated }),
    };
  }
  return { sample: { atMs: nowMs } };
}

export function loadFromLoads(loads: z.infer<typeof loadsSchema>): ServerLoad {
  const sum = (key: 'num_running_reqs' | 'num_waiting_reqs' | 'gen_throughput') => {
    const values = loads.loads.map((l) => l[key]).filter((v): v is number => typeof v === 'number');
    return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0);
  };
  const usage = loads.loads.map((l) => l.token_usage).filter((v): v is number => typeof v === 'number');
  return defined({
    source: 'loads' as const,
    runningRequests: sum('num_running_reqs'),
    queuedRequests: sum('num_waiting_reqs'),
    kvCacheUsage: usage.length === 0 ? undefined : Math.max(...usage),
    tokensPerSecond: sum('gen_throughput'),
  });
}
