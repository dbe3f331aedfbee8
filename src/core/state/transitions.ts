// How one tick's probe results become the next SparkState. Pure: same inputs, same output, no
// clock reads, no I/O — the Monitor decides WHICH probes run (policy); this file decides what
// their results MEAN. The order of the checks below is the order in which failures explain
// each other: a stopped tailnet explains an offline peer, which explains an unreachable URL.
import type { Finding } from '../findings';
import { makeFinding } from '../findings';
import type { ServeReading, ServerProbe, ServiceProbe, TailnetProbe } from './probeResults';
import type { DegradedReason, ServeInfo, ServerInfo, SparkPhase, SparkState, TargetSync } from './types';

/** Everything one tick learned. A probe that did not run this tick is undefined. */
export interface Observation {
  host?: string;
  /** The URL the server probe used (after discovery, when it ran). */
  serve?: ServeInfo;
  server?: ServerProbe;
  tailnet?: TailnetProbe;
  discovery?: ServeReading;
  service?: ServiceProbe;
  /** A probe that threw or hung (the Monitor's safety net), so its result is missing. */
  probeFailures?: readonly Finding[];
  /** Findings that do not come from a probe (invalid settings). */
  extraFindings?: readonly Finding[];
}

export interface TransitionContext {
  now: number;
  slowMs: number;
  serviceUnit: string;
  readyTimeoutSeconds: number;
}

const ACTIVE_SERVICE_STATES = new Set(['active', 'activating', 'reloading']);

export function nextState(prev: SparkState, obs: Observation, ctx: TransitionContext): SparkState {
  const decided = decide(prev, obs, ctx);
  const tailnet = obs.tailnet ? stripFinding(obs.tailnet) : prev.tailnet;
  const samePhase = decided.phase === prev.phase && obs.host === prev.host;
  const findings = uniqueFindings([...decided.findings, ...(obs.extraFindings ?? [])]);
  // systemd's answer only explains a closed port; once the server answers it would be stale.
  const service =
    decided.phase === 'serverStopped' || decided.phase === 'loading' || decided.phase === 'error'
      ? obs.service?.kind === 'ok'
        ? { unit: obs.service.unit, activeState: obs.service.activeState }
        : prev.service
      : undefined;
  const next: SparkState = {
    phase: decided.phase,
    since: samePhase ? prev.since : ctx.now,
    checkedAt: ctx.now,
    ...(obs.host ? { host: obs.host } : {}),
    // Without a host the tailnet facts still matter: "is Tailscale running here?" (walkthrough).
    ...(tailnet && (obs.host || decided.phase === 'notConfigured') ? { tailnet: obs.host ? tailnet : withoutPeer(tailnet) } : {}),
    ...(decided.serve ? { serve: decided.serve } : {}),
    ...(decided.server ? { server: decided.server } : {}),
    ...(service && obs.host ? { service } : {}),
    targets: prev.targets,
    degraded: decided.degraded ?? [],
    findings,
    failures: isUp(decided.phase) || decided.phase === 'notConfigured' ? 0 : prev.failures + 1,
  };
  return next;
}

/** The only state change that needs no probe: target writers report their sync state. */
export function withTargets(prev: SparkState, targets: readonly TargetSync[]): SparkState {
  return { ...prev, targets: [...targets] };
}

/** Settings changed (e.g. a new host): forget what belonged to the old Spark. */
export function withHost(prev: SparkState, host: string | undefined, now: number): SparkState {
  if (host === prev.host) return prev;
  return {
    phase: host ? 'checking' : 'notConfigured',
    since: now,
    checkedAt: prev.checkedAt,
    ...(host ? { host } : {}),
    targets: prev.targets,
    degraded: [],
    findings: [],
    failures: 0,
  };
}

function isUp(phase: SparkPhase): boolean {
  return phase === 'ready' || phase === 'degraded' || phase === 'warmingUp' || phase === 'loading';
}

interface Decision {
  phase: SparkPhase;
  findings: Finding[];
  serve?: ServeInfo;
  server?: ServerInfo;
  degraded?: DegradedReason[];
}

function decide(prev: SparkState, obs: Observation, ctx: TransitionContext): Decision {
  if (!obs.host) return { phase: 'notConfigured', findings: [] };
  // Keep the URL and server facts we had unless this tick proved them wrong.
  const serve = obs.serve ?? prev.serve;
  const { server, tailnet, discovery, service } = obs;

  if (server?.kind === 'ok') {
    const info = mergeServer(prev.server, server);
    const degraded = degradedReasons(prev.server, info, obs.tailnet ?? prev.tailnet, ctx.slowMs);
    return { phase: degraded.length > 0 ? 'degraded' : 'ready', findings: [], serve, server: info, degraded };
  }
  if (server?.kind === 'warmingUp') {
    return { phase: 'warmingUp', findings: server.finding ? [server.finding] : [], serve, server: prev.server };
  }
  // From here the server did not answer usefully (or was not asked): find the deepest cause.
  if (tailnet && tailnet.backendState !== 'Running') {
    return { phase: 'tailnetDown', findings: tailnet.finding ? [tailnet.finding] : [], serve };
  }
  if (tailnet && !tailnet.peer) {
    return { phase: 'error', findings: tailnet.finding ? [tailnet.finding] : [], serve };
  }
  if (tailnet?.peer && !tailnet.peer.online) {
    return { phase: 'sparkOffline', findings: tailnet.finding ? [tailnet.finding] : [], serve };
  }
  if (discovery?.kind === 'notServed') {
    // Nothing served: a URL we remembered is stale.
    return { phase: 'reachableNotServed', findings: discovery.finding ? [discovery.finding] : [] };
  }
  if (server?.kind === 'backendDown') {
    return decideBackendDown(prev, server, service, serve, ctx);
  }
  const findings: Finding[] = [];
  if (server && (server.kind === 'unreachable' || server.kind === 'failed')) findings.push(server.finding);
  if (discovery?.kind === 'failed') findings.push(discovery.finding);
  findings.push(...(obs.probeFailures ?? []));
  if (findings.length > 0) return { phase: 'error', findings, serve };
  // Nothing decisive ran this tick (SSH rate-limited, no URL yet): keep what we knew.
  return { phase: prev.phase === 'notConfigured' ? 'checking' : prev.phase, findings: [...prev.findings], serve, server: prev.server };
}

function decideBackendDown(
  prev: SparkState,
  server: Extract<ServerProbe, { kind: 'backendDown' }>,
  service: ServiceProbe | undefined,
  serve: ServeInfo | undefined,
  ctx: TransitionContext,
): Decision {
  // Without systemd's answer, the 502 finding explains what we know ("loading or stopped").
  const unsure: Decision = { phase: 'serverStopped', findings: server.finding ? [server.finding] : [], serve };
  // With it, the phase and the service line say it all; Start service is the first action.
  const stopped: Decision = { phase: 'serverStopped', findings: [], serve };
  if (service?.kind === 'failed') return { ...unsure, findings: [...unsure.findings, service.finding] };
  const activeState = service?.kind === 'ok' ? service.activeState : undefined;
  if (activeState === undefined) {
    // The service was not asked this tick: stay in loading/stopped as we were.
    if (prev.phase === 'loading') return { phase: 'loading', findings: [], serve };
    return prev.phase === 'serverStopped' && prev.service ? stopped : unsure;
  }
  if (!ACTIVE_SERVICE_STATES.has(activeState)) return stopped;
  const loadingSince = prev.phase === 'loading' ? prev.since : ctx.now;
  if (ctx.now - loadingSince > ctx.readyTimeoutSeconds * 1000) {
    const finding = makeFinding('service.notReadyInTime', {
      unit: ctx.serviceUnit || prev.service?.unit,
      seconds: ctx.readyTimeoutSeconds,
      where: serve?.baseUrl,
    });
    return { phase: 'error', findings: [finding], serve };
  }
  return { phase: 'loading', findings: [], serve };
}

function mergeServer(prev: ServerInfo | undefined, probe: Extract<ServerProbe, { kind: 'ok' }>): ServerInfo {
  return {
    kind: probe.serverKind ?? prev?.kind ?? 'other',
    ...((probe.version ?? prev?.version) ? { version: probe.version ?? prev?.version } : {}),
    models: probe.models ?? prev?.models ?? [],
    latencyMs: probe.latencyMs,
    ...((probe.metrics ?? prev?.metrics) ? { metrics: probe.metrics ?? prev?.metrics } : {}),
  };
}

function degradedReasons(
  prev: ServerInfo | undefined,
  now: ServerInfo,
  tailnet: SparkState['tailnet'],
  slowMs: number,
): DegradedReason[] {
  const reasons: DegradedReason[] = [];
  if (now.latencyMs !== undefined && now.latencyMs > slowMs) reasons.push('slow');
  const q0 = prev?.metrics?.queued;
  const q1 = now.metrics?.queued;
  // "Growing" needs two samples that both show a queue: one waiting request is normal.
  if (q0 !== undefined && q1 !== undefined && q0 > 0 && q1 > q0) reasons.push('queueGrowing');
  if (tailnet?.peer?.path.kind === 'derp') reasons.push('relayed');
  return reasons;
}

/** Carried-over and re-added findings (settings) must not pile up tick after tick. */
function uniqueFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}\u0000${f.title}\u0000${f.where ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function withoutPeer(t: NonNullable<SparkState['tailnet']>): NonNullable<SparkState['tailnet']> {
  const { peer: _peer, ...rest } = t;
  return rest;
}

function stripFinding(probe: TailnetProbe): SparkState['tailnet'] {
  const { finding: _finding, ...info } = probe;
  return info;
}
