// What the Monitor needs from the outside world, as narrow interfaces: probes (HTTP, local
// Tailscale CLI, SSH), a clock with timers and the current configuration. Tests feed fakes;
// src/ui/tailspark.ts builds the real probes (src/core/monitor/probes.ts over src/core/inference,
// src/core/tailnet, src/core/discovery). The probes' result types live in src/core/state/probeResults.ts.
import type { ServeReading, ServerProbe, ServiceProbe, TailnetProbe } from '../state/probeResults';

export type { ServeReading, ServerProbe, ServiceProbe, TailnetProbe };

export type ServerDetail = 'models' | 'metrics';

export interface Probes {
  tailnet(host: string, signal: AbortSignal): Promise<TailnetProbe>;
  server(baseUrl: string, detail: ServerDetail, signal: AbortSignal): Promise<ServerProbe>;
  /** SSH: the discovery pipeline's serve step. Only called when the URL is unknown or fails. */
  discover(host: string, signal: AbortSignal): Promise<ServeReading>;
  /** SSH. Only called when the server's port is closed (stopped or loading?). */
  service(unit: string, signal: AbortSignal): Promise<ServiceProbe>;
}

export type TimerHandle = unknown;

/** Injected so tests can run 10,000 ticks in milliseconds. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending poll must never keep a CLI process or a test alive.
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** The settings the Monitor reads at the start of every tick (so changes apply at once). */
export interface MonitorConfig {
  /** Spark selector; empty → notConfigured. */
  host: string;
  /** tailspark.baseUrl: a fixed URL; the Monitor then never discovers one over SSH. */
  baseUrlOverride?: string;
  healthySeconds: number;
  maxBackoffSeconds: number;
  unfocusedFactor: number;
  /** Time limit of one HTTP probe. SSH probes get a longer one (see sshTimeoutMs). */
  timeoutMs: number;
  /** Latency above this marks the state degraded. */
  slowMs: number;
  detail: ServerDetail;
  serviceUnit: string;
  readyTimeoutSeconds: number;
}
