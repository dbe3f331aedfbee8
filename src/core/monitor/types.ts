// What the Monitor needs from the outside world, as narrow interfaces: probes (HTTP, local
// Tailscale CLI, SSH), a clock with timers, a logger and the current configuration. Tests feed
// fakes; src/core/monitor/probes.ts adapts the real implementations (src/core/inference,
// src/core/tailnet, src/core/discovery).
import type { ServeReading } from '../discovery/serve';
import type { Finding } from '../findings';
import type { ModelInfo, ServerKind, ServerMetrics, TailnetInfo } from '../state/types';

/** Result of the local `tailscale status --json` (no network traffic). */
export interface TailnetProbe extends TailnetInfo {
  /** Why the tailnet or the peer is not usable (daemon down, logged out, peer not found). */
  finding?: Finding;
}

/** Result of ONE HTTP request to the Serve URL (GET /v1/models or GET /metrics). */
export type ServerProbe =
  | {
      kind: 'ok';
      latencyMs: number;
      /** Present when /v1/models was asked. */
      models?: ModelInfo[];
      serverKind?: ServerKind;
      version?: string;
      /** Present when /metrics was asked and the server exposes it. */
      metrics?: ServerMetrics;
    }
  /** The server answers 503 (SGLang/vLLM warm-up). */
  | { kind: 'warmingUp'; latencyMs?: number; finding?: Finding }
  /** Serve answers 502: nothing listens on the inference port (stopped, or weights still loading). */
  | { kind: 'backendDown'; finding?: Finding }
  /** No answer at all: DNS, TCP, TLS or timeout. The URL may be stale. */
  | { kind: 'unreachable'; finding: Finding }
  /** An answer that is wrong: 401, 404, not OpenAI-compatible. */
  | { kind: 'failed'; finding: Finding };


/** Result of `systemctl show -p ActiveState <unit>` over SSH. */
export type ServiceProbe = { kind: 'ok'; unit: string; activeState: string } | { kind: 'failed'; finding: Finding };

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

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

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
