// From the Monitor's state to the URL auto-configuration may act on. Editor-free.
// The Monitor says WHICH URL answered; before anything is written, Tailspark asks that URL
// again itself and only a successful answer with models becomes the VerifiedEndpoint the core's
// writers accept (see decide.ts). So a stale state can never cause a write.
import { isHealthy, type SparkState } from '../state/types';
import type { EndpointExposure } from '../targets/types';

export interface ServedUrl {
  baseUrl: string;
  /** 'unknown' for a URL fixed in tailspark.baseUrl: Tailspark did not see how it is exposed. */
  exposure: EndpointExposure;
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

/** Is the URL a run verified still the one the Monitor sees answering? */
export function stillServed(state: SparkState, served: ServedUrl): boolean {
  return servedKey(servedUrlOf(state)) === servedKey(served);
}
