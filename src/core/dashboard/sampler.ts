// Runs while the dashboard panel is open, and only then: polls /metrics on a timer and keeps
// ONE long-running nvidia-smi stream on the pooled SSH connection. stop() clears the timer and
// aborts the stream (which closes its SSH channel). Clock and timers are injectable so tests and
// the bench can run minutes of sampling in moments.
import { parsePrometheusText } from '../inference/prometheus';
import type { RemoteShell } from '../ssh/types';
import { type GpuReading, gpuFailureText, nvidiaSmiArgv, parseGpuLine } from './nvidiaSmi';
import { DashboardSeries, type GpuPoint, type ServerPoint } from './series';
import { readingFromMetrics } from './serverMetrics';

export type GpuStatus = { state: 'starting' | 'streaming' | 'off' } | { state: 'unavailable'; reason: string };

export interface SamplerUpdate {
  server?: ServerPoint;
  gpu?: GpuPoint;
  gpuStatus?: GpuStatus;
  metricsError?: string;
}

export interface SamplerTimers {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface SamplerDeps {
  /** GET <server>/metrics: the body and how long it took; throws on failure. */
  fetchMetrics(signal: AbortSignal): Promise<{ body: string; latencyMs: number }>;
  /** The Spark's shell for the GPU stream; undefined when SSH is not configured. */
  shell(): RemoteShell | undefined;
  intervalMs: number;
  /** nvidia-smi's -l in seconds. */
  gpuIntervalS: number;
  onUpdate(u: SamplerUpdate): void;
  timers?: SamplerTimers;
  series?: DashboardSeries;
  log?(line: string): void;
}

const realTimers: SamplerTimers = {
  now: () => Date.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

export class DashboardSampler {
  readonly series: DashboardSeries;
  private timer: unknown;
  private gpuAbort: AbortController | undefined;
  private inFlight: AbortController | undefined;
  private running = false;
  private readonly timers: SamplerTimers;
  gpuStatus: GpuStatus = { state: 'off' };

  constructor(private readonly deps: SamplerDeps) {
    this.series = deps.series ?? new DashboardSeries();
    this.timers = deps.timers ?? realTimers;
  }

  get active(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.timer = this.timers.setInterval(() => void this.sampleOnce(), this.deps.intervalMs);
    void this.sampleOnce();
    this.startGpu();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.timers.clearInterval(this.timer);
    this.timer = undefined;
    this.inFlight?.abort();
    this.gpuAbort?.abort();
    this.gpuAbort = undefined;
    this.gpuStatus = { state: 'off' };
  }

  /** One /metrics poll; skipped when the previous one has not finished (a slow server never piles up requests). */
  async sampleOnce(): Promise<void> {
    if (!this.running || this.inFlight) return;
    const abort = new AbortController();
    this.inFlight = abort;
    try {
      const { body, latencyMs } = await this.deps.fetchMetrics(abort.signal);
      if (!this.running) return;
      const reading = readingFromMetrics(parsePrometheusText(body), this.timers.now(), latencyMs);
      this.deps.onUpdate({ server: this.series.addServer(reading) });
    } catch (err) {
      if (this.running) this.deps.onUpdate({ metricsError: (err as Error).message.slice(0, 300) });
    } finally {
      this.inFlight = undefined;
    }
  }

  private setGpu(status: GpuStatus): void {
    this.gpuStatus = status;
    this.deps.onUpdate({ gpuStatus: status });
  }

  private startGpu(): void {
    const shell = this.deps.shell();
    if (!shell) {
      this.setGpu({ state: 'unavailable', reason: 'ssh' });
      return;
    }
    const abort = new AbortController();
    this.gpuAbort = abort;
    this.setGpu({ state: 'starting' });
    let failure: string | undefined;
    const onLine = (line: string) => {
      if (abort.signal.aborted) return;
      const reading: GpuReading | undefined = parseGpuLine(line, this.timers.now());
      if (reading) {
        if (this.gpuStatus.state !== 'streaming') this.setGpu({ state: 'streaming' });
        const point = this.series.addGpu(reading);
        if (point) this.deps.onUpdate({ gpu: point });
        return;
      }
      failure ??= gpuFailureText(line);
    };
    shell
      .stream(nvidiaSmiArgv(this.deps.gpuIntervalS), { signal: abort.signal, onLine })
      .then((r) => {
        if (abort.signal.aborted) return;
        // nvidia-smi -l never ends on its own: an exit means it failed (no driver, not installed).
        const reason = failure ?? (r.stderr.trim().split('\n')[0] || `nvidia-smi exited with code ${r.code}`).slice(0, 300);
        this.deps.log?.(`dashboard: GPU stream ended: ${reason}`);
        this.setGpu({ state: 'unavailable', reason });
      })
      .catch((err: Error) => {
        if (abort.signal.aborted) return;
        this.deps.log?.(`dashboard: GPU stream failed: ${err.message}`);
        this.setGpu({ state: 'unavailable', reason: err.message.slice(0, 300) });
      });
  }
}
