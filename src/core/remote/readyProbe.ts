// The HTTP readiness check used while a service starts: GET <base>/models through SparkHttp's
// probe (refused/502 → loading, 503 → warming up), and once that answers, GET /health: SGLang
// serves its model list during warm-up while /health still says 503. /health runs a one-token
// generation on SGLang, so it is asked only here, while waiting for ready — never by the Monitor.
import type { SparkHttp } from '../http/sparkHttp';
import { serverRoot } from '../inference';
import { phaseFromProbe, type ReadinessCheck } from './readiness';

export interface HttpReadinessOptions {
  /** Per request for /models (default: SparkHttp's timeout); /health gets 20 s (it generates a token). */
  timeoutMs?: number;
}

export function httpReadiness(http: SparkHttp, baseUrl: string, o: HttpReadinessOptions = {}): ReadinessCheck {
  return async (signal) => {
    const models = await http.probe(baseUrl, { signal, identify: false, load: false, ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}) });
    const phase = phaseFromProbe(models);
    if (phase.phase !== 'ready' || !models.ok) return phase;
    try {
      const health = await http.get(`${serverRoot(baseUrl)}/health`, { signal, timeoutMs: 20_000 });
      if (health.status === 503) return { phase: 'warmingUp' };
    } catch {
      // No /health answer while /models works: count it as ready, the model list is what clients use.
    }
    return phase;
  };
}
