// Routes an API key does not guard. vLLM's --api-key (AuthenticationMiddleware) checks only
// paths starting with /v1 (newer releases also /v2 and /inference); /invocations answers full
// completions without a key (vllm-project/vllm#58144), and /tokenize, /detokenize, /pooling,
// /classify, /score, /rerank and /metrics are open too. SGLang's key guards everything but
// /health, /ready and /metrics. Before a route goes public, ask each one WITHOUT a key: a GET
// costs no GPU time, and FastAPI's 405 for a POST-only route proves the request got past the
// auth middleware (which would have answered 401 first).
import { serverRoot } from '../domain';

/** Server-root paths that must not answer a stranger, checked on every server kind (absent = 404). */
export const UNGUARDED_CANDIDATES = ['/invocations', '/tokenize', '/detokenize', '/pooling', '/classify', '/score', '/rerank', '/metrics'] as const;

/** Open routes that only tell (model names, load), not compute: a warning, not a refusal. */
export const INFORMATION_ONLY = new Set<string>(['/metrics']);


/**
 * Which candidate routes answer without a key. `statusWithoutKey` returns the HTTP status of a
 * GET without Authorization (undefined: no answer). 401/403 = guarded, 404 = not there.
 */
export async function findOpenRoutes(
  baseUrl: string,
  statusWithoutKey: (url: string) => Promise<number | undefined>,
): Promise<string[]> {
  const root = serverRoot(baseUrl);
  const statuses = await Promise.all(UNGUARDED_CANDIDATES.map((p) => statusWithoutKey(`${root}${p}`).catch(() => undefined)));
  return UNGUARDED_CANDIDATES.filter((_, i) => {
    const s = statuses[i];
    return s !== undefined && s !== 401 && s !== 403 && s !== 404;
  });
}
