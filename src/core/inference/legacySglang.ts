// Older SGLang releases (before /server_info and /v1/loads existed) answer only
// GET /get_server_info (same body as /server_info) and GET /get_load. /get_load returned
// `{"load": <tokens>}` at first, later one entry per DP rank:
// `[{"dp_rank": 0, "num_reqs": 3, "num_waiting_reqs": 1, "num_tokens": 5000}]` (num_reqs counts
// running + waiting); current releases keep that list as a deprecated shim over /v1/loads.
import { z } from 'zod';
import type { ServerLoad } from './load';

export const LEGACY_SERVER_INFO_PATH = '/get_server_info';
export const LEGACY_LOAD_PATH = '/get_load';

const getLoadSchema = z.array(
  z.looseObject({
    dp_rank: z.number().nullish(),
    num_reqs: z.number().nullish(),
    num_waiting_reqs: z.number().nullish(),
    num_tokens: z.number().nullish(),
  }),
);

/** Running/queued requests from a /get_load body; undefined for the token-only `{"load": n}` form. */
export function loadFromGetLoad(body: unknown): ServerLoad | undefined {
  const parsed = getLoadSchema.safeParse(body);
  if (!parsed.success || parsed.data.length === 0) return undefined;
  let running: number | undefined;
  let queued: number | undefined;
  for (const rank of parsed.data) {
    const waiting = rank.num_waiting_reqs ?? undefined;
    if (typeof waiting === 'number') queued = (queued ?? 0) + waiting;
    if (typeof rank.num_reqs === 'number') running = (running ?? 0) + Math.max(0, rank.num_reqs - (waiting ?? 0));
  }
  if (running === undefined && queued === undefined) return undefined;
  return { source: 'loads', ...(running !== undefined ? { runningRequests: running } : {}), ...(queued !== undefined ? { queuedRequests: queued } : {}) };
}
