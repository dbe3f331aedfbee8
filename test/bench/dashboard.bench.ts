// Dashboard cost: 5 minutes of an open dashboard against the emulated Spark, time-accelerated
// (the sampler's clock runs 50× faster than the wall clock and polls every 20 ms of real time =
// every second of dashboard time), through the REAL SSH layer (one pooled connection) and the
// real /metrics of the emulated server while a few streamed requests load it. Measures:
//   - SSH channels: nvidia-smi processes on the Spark while open (must be ≤ 1) and after close (0);
//   - CPU per sample (user+system of this process / samples);
//   - heap growth after 5 minutes, and the ring's point count after 1 hour of samples (bounded).
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { DashboardSampler, type SamplerTimers } from '../../src/core/dashboard/sampler';
import { DashboardSeries } from '../../src/core/dashboard/series';
import { httpRequest } from '../../src/core/net/httpClient';
import { FAST, startRemoteSpark } from '../integration/remote/helpers';
import { emit, progress, row } from './lib/emit';

const SPEED = 50;
const REAL_INTERVAL_MS = 20;
const DASHBOARD_MINUTES = 5;

function nvidiaSmiProcesses(user: string): number {
  try {
    return execFileSync('pgrep', ['-u', user, '-f', 'nvidia-smi'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function main(): Promise<void> {
  const remote = await startRemoteSpark({ flavor: 'vllm', timings: FAST });
  const { spark, shell } = remote;
  try {
    const metricsUrl = `http://${spark.address}:${spark.inferencePort}/metrics`;
    const started = Date.now();
    const timers: SamplerTimers = {
      now: () => started + (Date.now() - started) * SPEED,
      setInterval: (fn, ms) => setInterval(fn, ms),
      clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
    };
    let samples = 0;
    let gpuLines = 0;
    let maxProcesses = 0;
    const sampler = new DashboardSampler({
      fetchMetrics: async (signal) => {
        const r = await httpRequest(metricsUrl, { signal, timeoutMs: 5000 });
        return { body: r.body, latencyMs: r.durationMs };
      },
      shell: () => shell,
      intervalMs: REAL_INTERVAL_MS,
      gpuIntervalS: 1,
      timers,
      onUpdate: (u) => {
        if (u.server) samples++;
        if (u.gpu) gpuLines++;
      },
    });
    // Load: streamed chat requests in the background, so the numbers move.
    const load = new AbortController();
    const loadLoop = (async () => {
      while (!load.signal.aborted) {
        await httpRequest(`http://${spark.address}:${spark.inferencePort}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'Qwen/Qwen2.5-7B-Instruct', messages: [{ role: 'user', content: 'hi' }], max_tokens: 20, stream: true }),
          signal: load.signal,
        }).catch(() => undefined);
      }
    })();

    // Warm-up: the SSH connection, ssh2 and the first GPU line are paid once, not per sample.
    sampler.start();
    while (gpuLines === 0) await new Promise((r) => setTimeout(r, 100));
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const cpuBefore = process.cpuUsage();
    const samplesBefore = samples;
    const realMs = (DASHBOARD_MINUTES * 60_000) / SPEED;
    const t0 = performance.now();
    while (performance.now() - t0 < realMs) {
      await new Promise((r) => setTimeout(r, 500));
      maxProcesses = Math.max(maxProcesses, nvidiaSmiProcesses(spark.user.name));
    }
    const cpu = process.cpuUsage(cpuBefore);
    const measured = samples - samplesBefore;
    const points = sampler.series.snapshot();
    gc();
    const heapAfter = process.memoryUsage().heapUsed;
    sampler.stop();
    load.abort();
    await loadLoop;
    let after = nvidiaSmiProcesses(spark.user.name);
    for (let i = 0; i < 40 && after > 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      after = nvidiaSmiProcesses(spark.user.name);
    }
    progress(`${samples} samples, ${gpuLines} GPU lines, ${points.server.length} points kept; nvidia-smi max ${maxProcesses}, after close ${after}`);

    // Bounded: an hour of 1 s samples (3600) through a fresh series keeps only the 15-minute window.
    const hour = new DashboardSeries();
    for (let i = 0; i < 3600; i++) hour.addServer({ t: i * 1000, server: 'vllm', generationTokensTotal: i * 10, running: 1 });
    const kept = hour.snapshot().server.length;

    emit({
      part: 'dashboard',
      rows: [
        row('dashboard.ssh-channels: nvidia-smi streams on the Spark while open (5 min)', maxProcesses, 'channels'),
        row('dashboard.ssh-channels-after-close: nvidia-smi left running after close', after, 'channels'),
        row('dashboard.cpu-per-sample: /metrics poll + parse + rate + ring', (cpu.user + cpu.system) / 1000 / Math.max(1, measured), 'ms', undefined, `${measured} samples; includes the load generator`),
        row('dashboard.heap-growth over 5 min (after warm-up)', (heapAfter - heapBefore) / 1024, 'KiB', undefined, `${points.server.length} server + ${points.gpu.length} GPU points`),
        row('dashboard.points-after-1h at 1 s (15-min window)', kept, 'points', { name: 'samples in 1 h', value: 3600 }),
      ],
      checks: [
        { name: 'at most one SSH channel for GPU readings', ok: maxProcesses <= 1, detail: `${maxProcesses}` },
        { name: 'no nvidia-smi after close', ok: after === 0, detail: `${after}` },
      ],
    });
  } finally {
    await remote.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
