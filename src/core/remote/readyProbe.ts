// The HTTP readiness check used while a service starts: GET <base>/models through the probe
// module (refused/502 → loading, 503 → warming up), and once that answers, GET /health: SGLang
// serves its model list during warm-up while /health still says 503. /health runs a one-token
// generation on SGLang, so it is asked only here, while waiting for ready — never by the Monitor.
import { probeInference, serverRoot } from '../inference';
import { httpRequest } from '../net/httpClient';
import { phaseFromProbe, type ReadinessCheck } from './readiness';

export interface HttpReadinessOptions {
  baseUrl: string;
  apiKey?: string;
  resolve?: Record<string, string>;
  extraCa?: string[];
  /** Per request for /models (default 5 s); /health gets 20 s (it generates a token). */
  timeoutMs?: number;
}

export function httpReadiness(o: HttpReadinessOptions): ReadinessCheck {
  return async (signal) => {
    const models = await probeInference({ ...o, signal, identify: false, load: false, timeoutMs: o.timeoutMs ?? 5000 });
    const phase = phaseFromProbe(models);
    if (phase.phase !== 'ready' || !models.ok) return phase;
    try {
      const health = await httpRequest(`${serverRoot(o.baseUrl)}/health`, {
        signal,
        timeoutMs: 20_000,
        ...(o.resolve ? { resolve: o.resolve } : {}),
        ...(o.extraCa ? { extraCa: o.extraCa } : {}),
        ...(o.apiKey ? { headers: { authorization: `Bearer ${o.apiKey}` } } : {}),
      });
      if (health.status === 503) return { phase: 'warmingUp' };
    } catch {
      // No /health answer while /models works: count it as ready, the model list is what clients use.
    }
    return phase;
  };
}
