// The real Probes behind the Monitor: the local Tailscale CLI (tailnet/), ONE HTTP request to the
// Serve URL (inference/ + net/), and SSH (remote/) only for URL discovery and service state.
// Editor-free; src/ui/tailspark.ts passes the settings, the window's SparkHttp (API key, CA,
// resolve map) and the SparkShell (the SSH pool behind the core interface in
// src/core/discovery/sparkShell.ts). Discovery is the pipeline's serve step (src/core/discovery/serve.ts).
import { type Finding, type FindingCode, makeFinding } from '../findings';
import type { SparkHttp } from '../http/sparkHttp';
import { findingForHttpError } from '../inference/httpFindings';
import { loadFromMetrics, type MetricsSample } from '../inference/load';
import { type ProbeResult, serverRoot } from '../inference/probe';
import { parsePrometheusText } from '../inference/prometheus';
import { HttpError } from '../net/httpClient';
import { readServeOverSsh, type ServeReading } from '../discovery/serve';
import type { SparkShell } from '../discovery/sparkShell';
import { serviceStatus } from '../remote/service';
import type { OpContext } from '../remote/types';
import { errorToFinding } from '../remote/run';
import type { TailnetPath } from '../state/types';
import { discoverSpark } from '../tailnet/discover';
import type { PeerInfo } from '../tailnet/peers';
import type { Probes, ServerDetail, ServerProbe, ServiceProbe, TailnetProbe } from './types';

export interface ProbeSettings {
  tailscalePath: string;
  inferencePort: number;
  timeoutMs: number;
}

export interface RealProbeDeps {
  settings(): ProbeSettings;
  /** The window's HTTP to the Spark: resolve map, extra CA, API key, timeout. */
  http: SparkHttp;
  /**
   * The Spark over SSH (ssh2 is loaded on first use inside). Told whenever the tailnet probe found
   * the Spark (remote commands reuse its name and host keys); its serviceUnit, when present,
   * picks the unit when tailspark.service.unit is empty.
   */
  shell: SparkShell;
  /** Replaceable for tests: the local `tailscale status --json` discovery. */
  discoverSpark?: typeof discoverSpark;
  now?: () => number;
}

/** Failures that mean "no answer at all" (the URL may be stale), not "a wrong answer". */
const NO_ANSWER: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'probe.dnsFailed',
  'probe.connectionRefused',
  'probe.connectionReset',
  'probe.hostUnreachable',
  'probe.timeout',
  'probe.tlsNameMismatch',
  'probe.tlsSelfSigned',
  'probe.tlsExpired',
  'probe.tlsFailed',
  'probe.networkError',
]);

export function createProbes(deps: RealProbeDeps): Probes {
  const discover = deps.discoverSpark ?? discoverSpark;
  const now = deps.now ?? Date.now;
  /** URLs whose server kind is known: later /v1/models probes skip the identify requests. */
  const identified = new Set<string>();
  /**
   * The session's first /v1/models probe (the remembered URL on a warm start, the guessed one on a
   * cold start) does not identify: the kind comes from the model list meanwhile, and each identify
   * request is one more round trip on the way to the first status. The next tick identifies it —
   * a metrics tick asks /v1/models while the URL is not identified.
   */
  let firstOfSession = true;
  /** URLs without /metrics (SGLang without --enable-metrics): poll /v1/models there. */
  const noMetrics = new Set<string>();
  let previousSample: MetricsSample | undefined;
  let lastPeer: PeerInfo | undefined;
  /** An operation context on the Spark; never throws (an invalid target becomes a failed result). */
  const context = (signal: AbortSignal): { ok: true; ctx: OpContext } | { ok: false; finding: Finding } => {
    try {
      return { ok: true, ctx: deps.shell.context(signal) };
    } catch (err) {
      return { ok: false, finding: errorToFinding(err) };
    }
  };

  async function modelsProbe(url: string, signal: AbortSignal): Promise<ServerProbe> {
    const identify = !identified.has(url) && !firstOfSession;
    firstOfSession = false;
    const r = await deps.http.probe(url, { signal, identify, load: false });
    // A server that went away may come back as another version (or kind): identify it again then.
    if (r.ok && identify) identified.add(url);
    else if (!r.ok) identified.delete(url);
    return fromProbeResult(r);
  }

  async function metricsProbe(url: string, signal: AbortSignal): Promise<ServerProbe> {
    const metricsUrl = `${serverRoot(url)}/metrics`;
    try {
      const res = await deps.http.get(metricsUrl, { signal });
      if (res.status === 502 || res.status === 503 || res.status === 504) identified.delete(url);
      if (res.status === 502 || res.status === 504) {
        return { kind: 'backendDown', finding: makeFinding('probe.badGateway', { where: metricsUrl, url: metricsUrl, status: res.status }) };
      }
      if (res.status === 503) return { kind: 'warmingUp', latencyMs: res.durationMs, finding: makeFinding('probe.warmingUp', { where: metricsUrl, url: metricsUrl }) };
      if (res.status !== 200) {
        // No metrics here (404 without --enable-metrics, 401 behind a proxy): use /v1/models from now on.
        noMetrics.add(url);
        return modelsProbe(url, signal);
      }
      const { load, sample } = loadFromMetrics(parsePrometheusText(res.body), now(), previousSample);
      previousSample = sample;
      return {
        kind: 'ok',
        latencyMs: res.durationMs,
        ...(load
          ? {
              metrics: {
                ...(load.runningRequests !== undefined ? { running: load.runningRequests } : {}),
                ...(load.queuedRequests !== undefined ? { queued: load.queuedRequests } : {}),
                ...(load.tokensPerSecond !== undefined ? { tokensPerSecond: load.tokensPerSecond } : {}),
                ...(load.kvCacheUsage !== undefined ? { kvCacheUsage: load.kvCacheUsage } : {}),
              },
            }
          : {}),
      };
    } catch (err) {
      identified.delete(url);
      if (err instanceof HttpError) return classify(findingForHttpError(err, { timeoutMs: deps.http.transport().timeoutMs }));
      throw err;
    }
  }

  return {
    async tailnet(host, signal): Promise<TailnetProbe> {
      const s = deps.settings();
      const d = await discover({ selector: host, ...(s.tailscalePath ? { cliPath: s.tailscalePath } : {}), timeoutMs: s.timeoutMs, signal });
      if (!d.tailnet) return { backendState: 'Unavailable', ...(d.findings[0] ? { finding: d.findings[0] } : {}) };
      const base = { backendState: d.tailnet.backendState, ...(d.tailnet.tailnetName ? { tailnetName: d.tailnet.tailnetName } : {}) };
      if (!d.spark) return { ...base, ...(d.findings[0] ? { finding: d.findings[0] } : {}) };
      lastPeer = d.spark;
      deps.shell.rememberPeer(d.spark);
      const p = d.spark;
      // Only a finding that explains a failure belongs here; "relayed" is a degraded reason instead.
      const finding = p.online ? undefined : (d.findings.find((f) => f.severity === 'error') ?? d.findings[0]);
      return {
        ...base,
        peer: {
          hostName: p.hostName,
          dnsName: p.dnsName,
          os: p.os,
          online: p.online,
          ...(p.lastSeen ? { lastSeen: p.lastSeen } : {}),
          path: pathOf(p),
          tags: p.tags,
        },
        ...(finding ? { finding } : {}),
      };
    },

    server(url: string, detail: ServerDetail, signal: AbortSignal): Promise<ServerProbe> {
      return detail === 'metrics' && !noMetrics.has(url) && identified.has(url) ? metricsProbe(url, signal) : modelsProbe(url, signal);
    },

    async discover(_host, signal): Promise<ServeReading> {
      const c = context(signal);
      if (!c.ok) return { kind: 'failed', finding: c.finding };
      return readServeOverSsh(c.ctx, { port: deps.settings().inferencePort, ...(lastPeer?.dnsName ? { host: lastPeer.dnsName } : {}) });
    },

    async service(unit, signal): Promise<ServiceProbe> {
      const c = context(signal);
      if (!c.ok) return { kind: 'failed', finding: c.finding };
      const ctx = c.ctx;
      const chosen = deps.shell.serviceUnit
        ? await deps.shell.serviceUnit(ctx, unit).catch((err: unknown) => ({ ok: false as const, finding: errorToFinding(err) }))
        : { ok: true as const, unit };
      if (!chosen.ok) return { kind: 'failed', finding: chosen.finding };
      const r = await serviceStatus(ctx, chosen.unit);
      if (!r.ok) return { kind: 'failed', finding: r.findings[0] ?? makeFinding('internal.unexpected', { message: r.message }) };
      return { kind: 'ok', unit: r.value.unit, activeState: r.value.activeState };
    },
  };
}

/** A /v1/models probe result → what the Monitor needs to decide the phase. */
export function fromProbeResult(r: ProbeResult): ServerProbe {
  if (r.ok) {
    return {
      kind: 'ok',
      latencyMs: r.latencyMs ?? 0,
      models: r.models.map((m) => ({ id: m.id, ...(m.contextLength ? { contextLength: m.contextLength } : {}) })),
      ...(r.server ? { serverKind: r.server.kind, ...(r.server.version ? { version: r.server.version } : {}) } : {}),
    };
  }
  const f = r.findings[0] ?? makeFinding('internal.unexpected', { message: `no answer from ${r.baseUrl}` });
  return classify(f, r.latencyMs);
}

function classify(f: Finding, latencyMs?: number): ServerProbe {
  if (f.code === 'probe.warmingUp') return { kind: 'warmingUp', ...(latencyMs !== undefined ? { latencyMs } : {}), finding: f };
  if (f.code === 'probe.badGateway') return { kind: 'backendDown', finding: f };
  if (NO_ANSWER.has(f.code)) return { kind: 'unreachable', finding: f };
  return { kind: 'failed', finding: f };
}

function pathOf(p: PeerInfo): TailnetPath {
  switch (p.connection) {
    case 'direct':
      return p.directAddress ? { kind: 'direct', address: p.directAddress } : { kind: 'unknown' };
    case 'relayed':
      return { kind: 'derp', region: p.relayRegion ?? '?' };
    case 'peerRelay':
      return { kind: 'peerRelay', relay: p.relayRegion ?? '?' };
    case 'idle':
      return { kind: 'unknown' };
  }
}
