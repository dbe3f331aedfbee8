// The HTTP side of remote commands, through the window's SparkHttp: is the server ready yet, how
// many requests run right now, and does the URL answer WITHOUT an API key (Funnel guard).
import type { ReadinessCheck } from '../../../core/remote/readiness';
import { httpReadiness } from '../../../core/remote/readyProbe';
import type { Tailspark } from '../../tailspark';

/** The URL the editor uses right now: the manual override, else the Monitor's Serve URL. */
export function currentBaseUrl(ts: Tailspark): string | undefined {
  return ts.settings.settings.baseUrl || ts.monitor.getState().serve?.baseUrl || undefined;
}

export function readinessCheck(ts: Tailspark, baseUrl: string): ReadinessCheck {
  return httpReadiness(ts.http, baseUrl);
}

/** num_running_reqs / vllm:num_requests_running from /metrics; undefined when unknown. */
export function runningRequests(ts: Tailspark, baseUrl: string | undefined) {
  return async (signal?: AbortSignal): Promise<number | undefined> => {
    if (!baseUrl) return undefined;
    const r = await ts.http.probe(baseUrl, { identify: false, load: true, ...(signal ? { signal } : {}) });
    return r.load?.runningRequests;
  };
}
