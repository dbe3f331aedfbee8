// From the Monitor's state to a VerifiedEndpoint. Editor-free.
// The Monitor says WHICH URL answered; before anything is written, Tailspark asks that URL
// again itself (probeInference) and only a successful answer with models becomes the
// VerifiedEndpoint the core's writers accept. So a stale state can never cause a write.
import type { ProbeResult } from '../../core/inference/probe';
import { type Exposure, type VerifiedEndpoint, verifiedEndpoint } from '../../core/targets';
import { type SparkState, isHealthy } from '../../core/state/types';

export interface ServedUrl {
  baseUrl: string;
  /** 'unknown' for a URL fixed in tailspark.baseUrl: Tailspark did not see how it is exposed. */
  exposure: Exposure;
}

/** The URL the Monitor currently sees answering, or undefined while it is not healthy. */
export function servedUrlOf(state: SparkState): ServedUrl | undefined {
  // While discovery still reconciles a remembered URL, writes wait (it may have moved).
  if (!isHealthy(state.phase) || !state.serve || !state.server || state.reconciling) return undefined;
  // A URL from the settings was not discovered from `tailscale serve`: its exposure is a guess,
  // so reachability must be judged from the host name alone (tailnetOnlyReason with 'unknown').
  const exposure = state.serve.source === 'setting' ? 'unknown' : state.serve.exposure;
  return { baseUrl: state.serve.baseUrl.replace(/\/+$/, ''), exposure };
}

/** Identity of "the thing auto-configuration reacts to": a new URL or a new exposure. */
export function servedKey(served: ServedUrl | undefined): string | undefined {
  return served ? `${served.baseUrl} (${served.exposure})` : undefined;
}

/**
 * A successful probe → VerifiedEndpoint; anything else → undefined. For a Funnel URL the probe
 * also asked without the key: `funnel.noApiKey` among its findings means strangers get in.
 */
export function endpointFromProbe(result: ProbeResult, exposure: ServedUrl['exposure']): VerifiedEndpoint | undefined {
  if (!result.ok || result.models.length === 0) return undefined;
  return verifiedEndpoint({
    baseUrl: result.baseUrl,
    models: result.models.map((m) => ({ id: m.id, ...(m.contextLength ? { contextLength: m.contextLength } : {}) })),
    exposure,
    ...(exposure === 'funnel' ? { authRequired: !result.findings.some((f) => f.code === 'funnel.noApiKey') } : {}),
    verifiedAt: result.checkedAt,
  });
}
