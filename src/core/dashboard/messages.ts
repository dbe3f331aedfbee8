// The messages between the dashboard panel (extension host) and its webview. The webview has no
// network access: everything it shows arrives here, through postMessage.
import type { BenchmarkResult } from './benchmark';
import type { GpuStatus } from './sampler';
import type { GpuPoint, SeriesSnapshot, ServerPoint } from './series';

/** Localized texts the webview shows (it has no l10n of its own). */
export type DashboardLabels = Record<
  | 'title'
  | 'generationTps'
  | 'promptTps'
  | 'tokensPerSecond'
  | 'requests'
  | 'running'
  | 'queued'
  | 'kvCache'
  | 'latency'
  | 'gpuUtilization'
  | 'gpuTemperature'
  | 'gpuPower'
  | 'gpuMemory'
  | 'unifiedMemory'
  | 'gpuStarting'
  | 'gpuUnavailable'
  | 'noData'
  | 'measure'
  | 'benchmark'
  | 'ttft'
  | 'itl'
  | 'median'
  | 'p95'
  | 'outputTps'
  | 'requestsPerS'
  | 'completed'
  | 'ttftPerRequest'
  | 'window',
  string
>;

export type ToWebview =
  | { type: 'init'; labels: DashboardLabels; snapshot: SeriesSnapshot; gpuStatus: GpuStatus; windowMs: number; benchmark?: BenchmarkResult; server?: string }
  | { type: 'server'; point: ServerPoint }
  | { type: 'gpu'; point: GpuPoint; unifiedMemory: boolean; memoryTotalMiB?: number; gpuName?: string }
  | { type: 'gpuStatus'; status: GpuStatus }
  | { type: 'metricsError'; text: string }
  | { type: 'benchmark'; result: BenchmarkResult };

export type FromWebview = { type: 'ready' } | { type: 'measure' };
