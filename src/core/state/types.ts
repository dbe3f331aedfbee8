// SparkState: everything the status bar, the doctor and auto-config know about the Spark at one
// moment. Immutable: the Monitor builds a new object per probe result (see transitions.ts) and
// the ONE renderer (render.ts) turns it into status-bar data. Nothing here talks to the network.
import type { Exposure, ModelInfo } from '../domain';
import type { Finding } from '../findings';

/**
 * The phase decides the status-bar text and colour; the other fields are detail for the tooltip.
 * Ordered roughly from "nothing works" to "everything works".
 */
export type SparkPhase =
  /** No Spark host chosen yet (setting empty): the only action is "set up". */
  | 'notConfigured'
  /** Configured, first probe still running (only right after start or a host change). */
  | 'checking'
  /** The local Tailscale client is stopped, logged out, or its daemon is not running. */
  | 'tailnetDown'
  /** The tailnet is up but the Spark peer is offline (LastSeen tells since when). */
  | 'sparkOffline'
  /** The Spark is online but `tailscale serve` exposes nothing (or not our port). */
  | 'reachableNotServed'
  /** Serve answers but nothing listens behind it (HTTP 502) and the service is not running. */
  | 'serverStopped'
  /** The service runs but the port is still closed (weights loading). */
  | 'loading'
  /** The server answers but is not ready yet (HTTP 503 during warm-up). */
  | 'warmingUp'
  /** Models answer in time. */
  | 'ready'
  /** Models answer, but slowly, with a growing queue, or over a DERP relay. */
  | 'degraded'
  /** Something failed that has a Finding (wrong API key, TLS, DNS, …). */
  | 'error';

/** How packets reach the Spark, from `tailscale status --json` (CurAddr / Relay / PeerRelay). */
export type TailnetPath =
  | { kind: 'direct'; address: string }
  | { kind: 'derp'; region: string }
  | { kind: 'peerRelay'; relay: string }
  | { kind: 'unknown' };

export interface TailnetInfo {
  /** BackendState: Running, Stopped, NeedsLogin, … (or "NoDaemon" when the CLI could not reach tailscaled). */
  backendState: string;
  /** CurrentTailnet.Name (e.g. "example.com"). */
  tailnetName?: string;
  peer?: {
    hostName: string;
    /** MagicDNS name without the trailing dot. */
    dnsName: string;
    os?: string;
    online: boolean;
    /** ISO time; only meaningful while offline. */
    lastSeen?: string;
    path: TailnetPath;
    tags?: string[];
  };
}

export type { Exposure, ModelInfo };

export interface ServeInfo {
  /** OpenAI base URL, e.g. https://spark-56d0.tail1234.ts.net/v1 */
  baseUrl: string;
  exposure: Exposure;
  /** Where it came from: a previous session's cache, SSH discovery, or derived from the MagicDNS name. */
  source: 'cache' | 'ssh' | 'derived' | 'setting';
}

export type ServerKind = 'sglang' | 'vllm' | 'llamacpp' | 'ollama' | 'other';

export interface ServerMetrics {
  running?: number;
  queued?: number;
  /** Generated tokens per second. */
  tokensPerSecond?: number;
  /** KV-cache use, 0..1. */
  kvCacheUsage?: number;
}

export interface ServerInfo {
  kind: ServerKind;
  version?: string;
  models: ModelInfo[];
  /** Round-trip time of the last successful probe request in milliseconds. */
  latencyMs?: number;
  metrics?: ServerMetrics;
}

export type TargetSyncStatus = 'inSync' | 'differs' | 'pendingRestart' | 'unreachable' | 'disabled';

export interface TargetSync {
  /** Target id, e.g. "cursor", "continue". */
  id: string;
  label: string;
  status: TargetSyncStatus;
  /** One short sentence, e.g. why it is unreachable for this client. */
  detail?: string;
}

export type DegradedReason = 'slow' | 'queueGrowing' | 'relayed';

export interface SparkState {
  phase: SparkPhase;
  /** Clock time (ms) when this phase was entered; unchanged while the phase stays. */
  since: number;
  /** Clock time (ms) of the probe that produced this state (0 before the first probe). */
  checkedAt: number;
  /** The configured selector (host, MagicDNS name, IP or tag:…), when set. */
  host?: string;
  tailnet?: TailnetInfo;
  serve?: ServeInfo;
  server?: ServerInfo;
  /** systemd state of the service when known: active, activating, inactive, failed. */
  service?: { unit: string; activeState: string };
  targets: readonly TargetSync[];
  degraded: readonly DegradedReason[];
  /** The findings of the last probe, most important first. */
  findings: readonly Finding[];
  /** Consecutive probes that did not end in ready/degraded (drives the backoff). */
  failures: number;
  /**
   * Set while the first tick of a session has an answer from the remembered (or guessed) URL but
   * SSH discovery has not confirmed it yet: shown as healthy, but no target is written from it.
   */
  reconciling?: true;
}

export function initialState(now: number, host?: string): SparkState {
  return {
    phase: host ? 'checking' : 'notConfigured',
    since: now,
    checkedAt: 0,
    ...(host ? { host } : {}),
    targets: [],
    degraded: [],
    findings: [],
    failures: 0,
  };
}

/** Phases in which the server answers requests. */
export function isHealthy(phase: SparkPhase): boolean {
  return phase === 'ready' || phase === 'degraded';
}
