// The 15-minute window: ring buffer bounds (age and count), series rates from counters, the
// sampler's start/stop (timer and GPU stream end with stop), and the benchmark math.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundedPlan, interTokenGaps, median, percentile, runBenchmark, summarize } from '../../../src/core/dashboard/benchmark';
import { TimeRing } from '../../../src/core/dashboard/ring';
import { DashboardSampler, type SamplerTimers } from '../../../src/core/dashboard/sampler';
import { DashboardSeries } from '../../../src/core/dashboard/series';
import { SseLines } from '../../../src/core/dashboard/sseChat';
import { HttpError, httpRequest } from '../../../src/core/net/httpClient';
import type { RemoteShell, StreamOptions } from '../../../src/core/ssh/types';

test('ring: keeps the window by age, and never more than its capacity', () => {
  const ring = new TimeRing<{ t: number }>(1000, 5);
  for (let t = 0; t <= 3000; t += 100) ring.push({ t });
  assert.equal(ring.size, 5);
  assert.deepEqual(ring.toArray().map((p) => p.t), [2600, 2700, 2800, 2900, 3000]);
  const wide = new TimeRing<{ t: number }>(250, 100);
  for (let t = 0; t <= 1000; t += 100) wide.push({ t });
  assert.deepEqual(wide.toArray().map((p) => p.t), [800, 900, 1000]);
  wide.push({ t: 500 }); // time going backwards is dropped
  assert.equal(wide.last()?.t, 1000);
  wide.trim(5000);
  assert.equal(wide.size, 0);
});

test('series: generation/prompt tokens/s from counters; a restart gives a gap, not a negative rate', () => {
  const s = new DashboardSeries();
  const base = { server: 'vllm' as const };
  assert.equal(s.addServer({ ...base, t: 0, generationTokensTotal: 100, promptTokensTotal: 10, running: 1 }).generationTps, undefined);
  const p = s.addServer({ ...base, t: 2000, generationTokensTotal: 300, promptTokensTotal: 50, running: 2, kvCacheUsage: 0.5 });
  assert.equal(p.generationTps, 100);
  assert.equal(p.promptTps, 20);
  assert.equal(p.kvCacheUsage, 0.5);
  const restart = s.addServer({ ...base, t: 4000, generationTokensTotal: 5 });
  assert.equal(restart.generationTps, undefined);
  assert.equal(s.snapshot().server.length, 3);
});

test('series: SGLang gauge stands in only until the counter gives a rate', () => {
  const s = new DashboardSeries();
  assert.equal(s.addServer({ t: 0, server: 'sglang', generationTokensTotal: 0, genThroughputGauge: 42 }).generationTps, 42);
  assert.equal(s.addServer({ t: 1000, server: 'sglang', generationTokensTotal: 30, genThroughputGauge: 42 }).generationTps, 30);
});

test('series: GPU 0 only; unified memory remembered for the panel', () => {
  const s = new DashboardSeries();
  s.addGpu({ t: 1, index: 0, name: 'NVIDIA GB10', unifiedMemory: true, utilization: 5 });
  assert.equal(s.addGpu({ t: 1, index: 1, name: 'other', unifiedMemory: false }), undefined);
  const snap = s.snapshot();
  assert.equal(snap.unifiedMemory, true);
  assert.equal(snap.gpuName, 'NVIDIA GB10');
  assert.deepEqual(snap.gpu, [{ t: 1, utilization: 5 }]);
});

class FakeClock implements SamplerTimers {
  t = 0;
  private timers = new Map<number, { fn: () => void; ms: number; next: number }>();
  private id = 0;
  now = () => this.t;
  setInterval = (fn: () => void, ms: number) => {
    this.timers.set(++this.id, { fn, ms, next: this.t + ms });
    return this.id;
  };
  clearInterval = (h: unknown) => void this.timers.delete(h as number);
  get pending(): number {
    return this.timers.size;
  }
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers.values()].filter((x) => x.next <= end).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      this.t = due.next;
      due.next += due.ms;
      due.fn();
      await new Promise((r) => setImmediate(r));
    }
    this.t = end;
  }
}

function fakeShell(lines: string[]): RemoteShell & { open: number; argv?: readonly string[] } {
  const shell = {
    target: 'u@spark',
    user: 'u',
    open: 0,
    argv: undefined as readonly string[] | undefined,
    exec: () => Promise.reject(new Error('not used')),
    stream: (argv: readonly string[], o: StreamOptions) => {
      shell.argv = argv;
      shell.open++;
      for (const l of lines) o.onLine(l, 'stdout');
      return new Promise<never>((resolve) => {
        o.signal?.addEventListener('abort', () => {
          shell.open--;
          resolve({ stdout: '', stderr: '', code: null, argv, durationMs: 0 } as never);
        });
      });
    },
  };
  return shell;
}

test('sampler: polls on its timer and streams nvidia-smi once; stop() clears the timer and closes the stream', async () => {
  const clock = new FakeClock();
  const shell = fakeShell(['0, NVIDIA GB10, 50, [N/A], [N/A], 60, 30.5']);
  let tokens = 0;
  let polls = 0;
  const updates: string[] = [];
  const sampler = new DashboardSampler({
    fetchMetrics: async () => {
      polls++;
      tokens += 100;
      return { body: `vllm:generation_tokens_total{engine="0"} ${tokens}\nvllm:num_requests_running{engine="0"} 1\n`, latencyMs: 5 };
    },
    shell: () => shell,
    intervalMs: 1000,
    gpuIntervalS: 1,
    onUpdate: (u) => updates.push(Object.keys(u).join()),
    timers: clock,
  });
  sampler.start();
  await new Promise((r) => setImmediate(r)); // the first poll (at start) has finished
  await clock.advance(10_000);
  assert.equal(polls, 11);
  assert.equal(shell.open, 1);
  assert.equal(sampler.gpuStatus.state, 'streaming');
  const snap = sampler.series.snapshot();
  assert.equal(snap.server.at(-1)?.generationTps, 100);
  assert.equal(snap.gpu.length, 1);
  assert.ok(updates.includes('gpu'));
  sampler.stop();
  await new Promise((r) => setImmediate(r));
  assert.equal(shell.open, 0, 'the nvidia-smi channel is closed');
  assert.equal(clock.pending, 0, 'no timer left');
  await clock.advance(10_000);
  assert.equal(polls, 11, 'no polls after stop');
});

test('sampler: nvidia-smi that exits (no driver) → GPU unavailable with its text', async () => {
  const clock = new FakeClock();
  const statuses: string[] = [];
  const shell: RemoteShell = {
    target: 't',
    user: 'u',
    exec: () => Promise.reject(new Error('x')),
    stream: async (argv, o) => {
      o.onLine("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.", 'stdout');
      return { stdout: '', stderr: '', code: 9, argv, durationMs: 1 };
    },
  };
  const sampler = new DashboardSampler({
    fetchMetrics: async () => ({ body: '', latencyMs: 1 }),
    shell: () => shell,
    intervalMs: 1000,
    gpuIntervalS: 1,
    onUpdate: (u) => u.gpuStatus && statuses.push(u.gpuStatus.state),
    timers: clock,
  });
  sampler.start();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(statuses, ['starting', 'unavailable']);
  assert.match((sampler.gpuStatus as { reason: string }).reason, /NVIDIA-SMI has failed/);
  sampler.stop();
});

test('percentiles and median (nearest rank; even count → mean of the middle two)', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([]), undefined);
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.equal(percentile(hundred, 95), 95);
  assert.equal(percentile([7], 95), 7);
  assert.equal(percentile([], 95), undefined);
});

test('benchmark summary: TTFT, inter-token gaps, tokens/s and requests/s from timings', () => {
  const timings = [
    { ttftMs: 100, tokenTimesMs: [100, 120, 140], outputTokens: 3, totalMs: 140 },
    { ttftMs: 200, tokenTimesMs: [200, 230], outputTokens: 2, totalMs: 230 },
  ];
  assert.deepEqual(interTokenGaps(timings), [20, 20, 30]);
  const r = summarize(boundedPlan({ concurrency: 2, requests: 2 }), timings, 1, 500);
  assert.equal(r.ttftMedianMs, 150);
  assert.equal(r.ttftP95Ms, 200);
  assert.equal(r.itlMedianMs, 20);
  assert.equal(r.itlP95Ms, 30);
  assert.equal(r.outputTokens, 5);
  assert.equal(r.outputTokensPerS, 10);
  assert.equal(r.requestsPerS, 4);
  assert.equal(r.failed, 1);
});

test('benchmark plan is bounded whatever is asked', () => {
  const p = boundedPlan({ concurrency: 1000, requests: 1e6, maxTokens: 1e9 });
  assert.deepEqual([p.concurrency, p.requests, p.maxTokens], [32, 128, 1024]);
  assert.equal(boundedPlan({ concurrency: 4, requests: 1 }).requests, 4);
});

test('benchmark run: N requests with the given concurrency; cancel stops new requests', async () => {
  let inFlight = 0;
  let peak = 0;
  let calls = 0;
  const r = await runBenchmark(boundedPlan({ concurrency: 3, requests: 9 }), {
    request: async () => {
      calls++;
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((res) => setImmediate(res));
      inFlight--;
      return { ttftMs: 1, tokenTimesMs: [1, 2], outputTokens: 2, totalMs: 2 };
    },
  });
  assert.equal(calls, 9);
  assert.equal(peak, 3);
  assert.equal(r.completed, 9);
  const abort = new AbortController();
  let started = 0;
  const cancelled = await runBenchmark(boundedPlan({ concurrency: 2, requests: 20 }), {
    signal: abort.signal,
    request: (signal) => {
      started++;
      if (started === 3) abort.abort();
      return new Promise((res, rej) => (signal.aborted ? rej(new Error('aborted')) : setImmediate(() => res({ tokenTimesMs: [], outputTokens: 0, totalMs: 1 }))));
    },
  });
  assert.ok(started < 20);
  assert.equal(cancelled.failed, 0, 'cancelled requests are not failures');
});

test('SSE lines split across chunks give whole data events', () => {
  const events: string[] = [];
  const sse = new SseLines((d) => events.push(d));
  sse.push('data: {"a"');
  sse.push(':1}\n\nda');
  sse.push('ta: [DONE]\n\n');
  assert.deepEqual(events, ['{"a":1}', '[DONE]']);
});

test('httpRequest with an already-cancelled signal rejects as aborted, with no uncaught "socket hang up"', async () => {
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);
  process.on('uncaughtException', onUncaught);
  try {
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(httpRequest('http://127.0.0.1:9/metrics', { signal: abort.signal }), (err: unknown) => err instanceof HttpError && err.kind === 'aborted');
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(uncaught, []);
  } finally {
    process.off('uncaughtException', onUncaught);
  }
});
