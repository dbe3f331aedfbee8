// The HTTP side of remote commands, wired to the probe module: is the server ready yet, how many
// requests run right now, and does the URL answer WITHOUT an API key (Funnel guard).
import { probeInference } from '../../../core/inference';
import { httpRequest } from '../../../core/net/httpClient';
import type { ReadinessCheck } from '../../../core/remote/readiness';
import { httpReadiness } from '../../../core/remote/readyProbe';
import { API_KEY_SECRET } from '../../sshPrompter';
import type { Tailspark } from '../../tailspark';

/** The URL the editor uses right now: the manual override, else the Monitor's Serve URL. */
export function currentBaseUrl(ts: Tailspark): string | undefined {
  return ts.settings.settings.baseUrl || ts.monitor.getState().serve?.baseUrl || undefined;
}

async function probeOptions(ts: Tailspark) {
  const s = ts.settings.settings;
  const apiKey = await ts.extension.secrets.get(API_KEY_SECRET);
  ts.log.secrets.know(apiKey);
  return {
    resolve: s['network.resolve'],
    timeoutMs: s['probe.timeoutMs'],
    ...(apiKey ? { apiKey } : {}),
    // Private CAs the extension was told to trust (tests: the emulated Spark's CA).
    ...(ts.extraCa.length > 0 ? { extraCa: ts.extraCa } : {}),
  };
}

export function readinessCheck(ts: Tailspark, baseUrl: string): ReadinessCheck {
  return async (signal) => httpReadiness({ ...(await probeOptions(ts)), baseUrl })(signal);
}

/** num_running_reqs / vllm:num_requests_running from /metrics; undefined when unknown. */
export function runningRequests(ts: Tailspark, baseUrl: string | undefined) {
  return async (signal?: AbortSignal): Promise<number | undefined> => {
    if (!baseUrl) return undefined;
    const r = await probeInference({ ...(await probeOptions(ts)), baseUrl, identify: false, load: true, ...(signal ? { signal } : {}) });
    return r.load?.runningRequests;
  };
}

/** GET without Authorization: the status code, or undefined when nothing answered. */
export function statusWithoutKey(ts: Tailspark) {
  return async (url: string, signal?: AbortSignal): Promise<number | undefined> => {
    const s = ts.settings.settings;
    try {
      const r = await httpRequest(url, {
        resolve: s['network.resolve'],
        timeoutMs: s['probe.timeoutMs'],
        ...(ts.extraCa.length > 0 ? { extraCa: ts.extraCa } : {}),
        ...(signal ? { signal } : {}),
      });
      return r.status;
    } catch {
      return undefined;
    }
  };
}
