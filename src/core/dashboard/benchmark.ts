// The "Measure Throughput" benchmark: N concurrent streamed chat requests with a fixed prompt
// and output length, bounded in size and time, cancellable. Pure math in summarize(); the run
// takes its request function as a parameter so tests can drive it without a server.
import type { StreamTiming } from './sseChat';

export interface BenchmarkPlan {
  concurrency: number;
  /** Requests in total (each of the `concurrency` workers runs requests/concurrency in a row). */
  requests: number;
  maxTokens: number;
  prompt: string;
}

export const DEFAULT_PLAN: BenchmarkPlan = {
  concurrency: 4,
  requests: 8,
  maxTokens: 128,
  prompt: 'Count from 1 to 200, separated by spaces. Output only the numbers.',
};

/** Limits: a "short, bounded" benchmark whatever the caller asks for. */
export function boundedPlan(p: Partial<BenchmarkPlan>): BenchmarkPlan {
  const clamp = (v: number | undefined, lo: number, hi: number, d: number) => (v === undefined || !Number.isFinite(v) ? d : Math.min(hi, Math.max(lo, Math.round(v))));
  const concurrency = clamp(p.concurrency, 1, 32, DEFAULT_PLAN.concurrency);
  return {
    concurrency,
    requests: clamp(p.requests, concurrency, 128, Math.max(concurrency, DEFAULT_PLAN.requests)),
    maxTokens: clamp(p.maxTokens, 1, 1024, DEFAULT_PLAN.maxTokens),
    prompt: (p.prompt ?? DEFAULT_PLAN.prompt).slice(0, 4000),
  };
}

export interface BenchmarkResult {
  plan: BenchmarkPlan;
  completed: number;
  failed: number;
  wallMs: number;
  ttftMedianMs?: number;
  ttftP95Ms?: number;
  itlMedianMs?: number;
  itlP95Ms?: number;
  outputTokens: number;
  outputTokensPerS: number;
  requestsPerS: number;
  /** Per-request time to first token, for the chart. */
  ttftsMs: number[];
  firstError?: string;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Median: the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1]! + s[mid]!) / 2;
}

/** Gaps between consecutive tokens of each request (inter-token latency). */
export function interTokenGaps(timings: readonly StreamTiming[]): number[] {
  const gaps: number[] = [];
  for (const t of timings) for (let i = 1; i < t.tokenTimesMs.length; i++) gaps.push(t.tokenTimesMs[i]! - t.tokenTimesMs[i - 1]!);
  return gaps;
}

export function summarize(plan: BenchmarkPlan, timings: readonly StreamTiming[], failed: number, wallMs: number, firstError?: string): BenchmarkResult {
  const ttfts = timings.map((t) => t.ttftMs).filter((v): v is number => v !== undefined);
  const gaps = interTokenGaps(timings);
  const outputTokens = timings.reduce((a, t) => a + t.outputTokens, 0);
  const seconds = wallMs / 1000;
  const opt = (k: string, v: number | undefined) => (v === undefined ? {} : { [k]: v });
  return {
    plan,
    completed: timings.length,
    failed,
    wallMs,
    ...opt('ttftMedianMs', median(ttfts)),
    ...opt('ttftP95Ms', percentile(ttfts, 95)),
    ...opt('itlMedianMs', median(gaps)),
    ...opt('itlP95Ms', percentile(gaps, 95)),
    outputTokens,
    outputTokensPerS: seconds > 0 ? outputTokens / seconds : 0,
    requestsPerS: seconds > 0 ? timings.length / seconds : 0,
    ttftsMs: ttfts,
    ...(firstError !== undefined ? { firstError } : {}),
  };
}

export interface RunDeps {
  request(signal: AbortSignal): Promise<StreamTiming>;
  signal?: AbortSignal;
  now?: () => number;
  /** After each finished request: done so far, of total. */
  onProgress?(done: number, total: number): void;
}

/** Runs the plan; on cancel the requests in flight are aborted and what finished is summarized. */
export async function runBenchmark(plan: BenchmarkPlan, deps: RunDeps): Promise<BenchmarkResult> {
  const now = deps.now ?? (() => performance.now());
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  if (deps.signal?.aborted) abort.abort();
  const timings: StreamTiming[] = [];
  let failed = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = now();
  const worker = async () => {
    while (!abort.signal.aborted && next < plan.requests) {
      next++;
      try {
        timings.push(await deps.request(abort.signal));
      } catch (err) {
        if (abort.signal.aborted) return;
        failed++;
        firstError ??= (err as Error).message.slice(0, 300);
      }
      deps.onProgress?.(timings.length + failed, plan.requests);
    }
  };
  try {
    await Promise.all(Array.from({ length: plan.concurrency }, worker));
  } finally {
    deps.signal?.removeEventListener('abort', onAbort);
  }
  return summarize(plan, timings, failed, now() - started, firstError);
}

/** The benchmark as log lines (plain text, no server text but the first error, trimmed). */
export function benchmarkLogLines(r: BenchmarkResult): string[] {
  const ms = (v: number | undefined) => (v === undefined ? '–' : `${v.toFixed(0)} ms`);
  return [
    `throughput: ${r.plan.requests} requests, ${r.plan.concurrency} at once, ${r.plan.maxTokens} output tokens each; ${r.completed} completed, ${r.failed} failed in ${(r.wallMs / 1000).toFixed(1)} s`,
    `throughput: time to first token median ${ms(r.ttftMedianMs)}, p95 ${ms(r.ttftP95Ms)}; inter-token latency median ${ms(r.itlMedianMs)}, p95 ${ms(r.itlP95Ms)}`,
    `throughput: ${r.outputTokensPerS.toFixed(1)} output tokens/s, ${r.requestsPerS.toFixed(2)} requests/s${r.firstError ? `; first error: ${r.firstError}` : ''}`,
  ];
}
