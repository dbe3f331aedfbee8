// What each probe of a tick reports, as the state machine (transitions.ts) reads it. The Monitor
// (src/core/monitor) runs the probes; the types live here so that the state layer never imports
// the layer above it.
import type { Finding } from '../findings';
import type { ServeRoute } from '../tailnet/serveUrl';
import type { ModelInfo, ServeInfo, ServerKind, ServerMetrics, TailnetInfo } from './types';

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

/**
 * Result of reading the Spark's serve config (`tailscale serve status --json` over SSH; the
 * discovery pipeline, src/core/discovery/serve.ts): it carries the ServeInfo the state keeps.
 */
export type ServeReading =
  /** `findings`: observations that do not stop the URL from working (serve.funnelOn). */
  | { kind: 'served'; serve: ServeInfo; routes?: ServeRoute[]; findings: Finding[] }
  /** The config was read; nothing (of the Spark's own) serves the port. */
  | { kind: 'notServed'; routes?: ServeRoute[]; finding: Finding }
  /** The config could not be read: SSH, the remote CLI, or unreadable output. */
  | { kind: 'failed'; finding: Finding };

/** Result of `systemctl show -p ActiveState <unit>` over SSH. */
export type ServiceProbe = { kind: 'ok'; unit: string; activeState: string } | { kind: 'failed'; finding: Finding };
