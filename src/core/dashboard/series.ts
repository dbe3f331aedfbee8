// The dashboard's data: server readings turned into chart points (counters → rates) and GPU
// readings, each in a 15-minute ring. Lives only while the panel is open.
import type { GpuReading } from './nvidiaSmi';
import { TimeRing } from './ring';
import { counterRate, type ServerReading } from './serverMetrics';

export const WINDOW_MS = 15 * 60_000;

/** One chart point from /metrics. Absent values are gaps in the chart, never 0. */
export interface ServerPoint {
  t: number;
  generationTps?: number;
  promptTps?: number;
  running?: number;
  queued?: number;
  /** 0..1 */
  kvCacheUsage?: number;
  latencyMs?: number;
}

export interface GpuPoint {
  t: number;
  utilization?: number;
  memoryUsedMiB?: number;
  temperatureC?: number;
  powerW?: number;
}

export interface SeriesSnapshot {
  server: ServerPoint[];
  gpu: GpuPoint[];
  gpuName?: string;
  unifiedMemory: boolean;
  memoryTotalMiB?: number;
}

export class DashboardSeries {
  readonly server: TimeRing<ServerPoint>;
  readonly gpu: TimeRing<GpuPoint>;
  private previous: ServerReading | undefined;
  private gpuName: string | undefined;
  private unified = false;
  private memoryTotal: number | undefined;

  /** `capacity`: points kept per series at most (bounds memory when sampling fast). */
  constructor(windowMs = WINDOW_MS, capacity = 2000) {
    this.server = new TimeRing(windowMs, capacity);
    this.gpu = new TimeRing(windowMs, capacity);
  }

  addServer(r: ServerReading): ServerPoint {
    const p = this.previous;
    const point: ServerPoint = { t: r.t };
    const gen = p ? counterRate(p.generationTokensTotal, p.t, r.generationTokensTotal, r.t) : undefined;
    const prompt = p ? counterRate(p.promptTokensTotal, p.t, r.promptTokensTotal, r.t) : undefined;
    // The counter's rate is exact over the interval; the server's own gauge (SGLang) only
    // stands in until there are two readings or when the counter is missing.
    const generationTps = gen ?? (r.generationTokensTotal === undefined || !p ? r.genThroughputGauge : undefined);
    if (generationTps !== undefined) point.generationTps = generationTps;
    if (prompt !== undefined) point.promptTps = prompt;
    if (r.running !== undefined) point.running = r.running;
    if (r.queued !== undefined) point.queued = r.queued;
    if (r.kvCacheUsage !== undefined) point.kvCacheUsage = r.kvCacheUsage;
    if (r.latencyMs !== undefined) point.latencyMs = r.latencyMs;
    this.previous = r;
    this.server.push(point);
    return point;
  }

  /** Several GPUs: the chart shows GPU 0 (a Spark has one); the others are ignored. */
  addGpu(r: GpuReading): GpuPoint | undefined {
    if (r.index !== 0) return undefined;
    this.gpuName = r.name;
    this.unified = r.unifiedMemory;
    this.memoryTotal = r.memoryTotalMiB;
    const point: GpuPoint = { t: r.t };
    if (r.utilization !== undefined) point.utilization = r.utilization;
    if (r.memoryUsedMiB !== undefined) point.memoryUsedMiB = r.memoryUsedMiB;
    if (r.temperatureC !== undefined) point.temperatureC = r.temperatureC;
    if (r.powerW !== undefined) point.powerW = r.powerW;
    this.gpu.push(point);
    return point;
  }

  snapshot(): SeriesSnapshot {
    return {
      server: this.server.toArray(),
      gpu: this.gpu.toArray(),
      unifiedMemory: this.unified,
      ...(this.gpuName !== undefined ? { gpuName: this.gpuName } : {}),
      ...(this.memoryTotal !== undefined ? { memoryTotalMiB: this.memoryTotal } : {}),
    };
  }

  clear(): void {
    this.server.clear();
    this.gpu.clear();
    this.previous = undefined;
  }
}
