// From the Monitor's state to a VerifiedEndpoint. Editor-free.
// The Monitor says WHICH URL answered; before anything is written, SparkHttp.verify turns a
// /v1/models answer with models into the VerifiedEndpoint the core's writers accept — the
// Monitor's own answer when it produced the current state, else a new probe of that URL. A
// remembered (cached) state is never healthy, so a stale state can never cause a write.
import type { Exposure } from '../../core/targets';
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

/** Lives in the core now: the CLI's `apply` turns a probe into an endpoint the same way. */
export { endpointFromProbe } from '../../core/targets/probeEndpoint';
