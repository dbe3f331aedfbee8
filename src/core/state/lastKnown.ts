// The last verified endpoint, remembered across sessions (the extension's global state), so a
// restart shows it at once as "last known, checking…" and verifies it with ONE HTTPS request
// instead of waiting for SSH discovery. Never a secret: host, URL, exposure, server kind, models.
// The stored value is a file boundary (it survives versions and can be edited by hand), so it is
// validated here with zod — zod/mini, because this runs inside activate(), where the full zod
// bundle would cost more than the whole rest of activation. A stale cache cannot cause a wrong
// write: it only ever produces a 'checking' state, and targets are written only from a healthy
// state whose URL Tailspark probed again itself (src/core/autoconfig/served.ts).
import * as z from 'zod/mini';
import type { Exposure, ModelInfo, ServeInfo, ServerInfo, ServerKind, SparkState } from './types';
import { isHealthy } from './types';

/** The global-state key. */
export const LAST_KNOWN_KEY = 'tailspark.lastKnown';
/** Model ids come from the Spark: keep what is stored small. */
const MAX_MODELS = 32;

export interface LastKnown {
  /** The tailspark.spark.host it was verified for. */
  host: string;
  baseUrl: string;
  exposure: Exposure;
  serverKind: ServerKind;
  models: ModelInfo[];
  /** Clock time (ms) of the probe that verified it. */
  verifiedAt: number;
}

let schema: z.ZodMiniType<LastKnown> | undefined;
/** Built on first use: nothing is constructed while the bundle is evaluated. */
function lastKnownSchema(): z.ZodMiniType<LastKnown> {
  schema ??= z.object({
    host: z.string().check(z.minLength(1), z.maxLength(255)),
    baseUrl: z.string().check(z.maxLength(2048), z.regex(/^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/)),
    exposure: z.enum(['tailnet', 'funnel']),
    serverKind: z.enum(['sglang', 'vllm', 'llamacpp', 'ollama', 'other']),
    models: z
      .array(z.object({ id: z.string().check(z.minLength(1), z.maxLength(512)), contextLength: z.optional(z.number().check(z.int(), z.positive())) }))
      .check(z.maxLength(MAX_MODELS)),
    verifiedAt: z.number().check(z.nonnegative()),
  }) as unknown as z.ZodMiniType<LastKnown>;
  return schema;
}

/** The stored value → LastKnown, or undefined when absent or invalid (then it is simply not used). */
export function parseLastKnown(raw: unknown): LastKnown | undefined {
  if (raw === undefined || raw === null) return undefined;
  const r = z.safeParse(lastKnownSchema(), raw);
  return r.success ? r.data : undefined;
}

/** What to remember from a state: only a healthy, discovered (not configured) endpoint. */
export function lastKnownFromState(state: SparkState): LastKnown | undefined {
  if (!state.host || !state.serve || !state.server || state.serve.source === 'setting' || !isHealthy(state.phase)) return undefined;
  // Discovery may still contradict it (src/core/monitor/monitor.ts, observeFirst).
  if (state.reconciling) return undefined;
  return {
    host: state.host,
    baseUrl: state.serve.baseUrl,
    exposure: state.serve.exposure,
    serverKind: state.server.kind,
    models: state.server.models.slice(0, MAX_MODELS).map((m) => ({ id: m.id, ...(m.contextLength ? { contextLength: m.contextLength } : {}) })),
    verifiedAt: state.checkedAt,
  };
}

/** Same endpoint (ignoring when it was verified): no need to write the global state again. */
export function sameEndpoint(a: LastKnown | undefined, b: LastKnown | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.host === b.host &&
    a.baseUrl === b.baseUrl &&
    a.exposure === b.exposure &&
    a.serverKind === b.serverKind &&
    a.models.map((m) => m.id).join('\n') === b.models.map((m) => m.id).join('\n')
  );
}

/** The Monitor's starting point: the cached URL (source 'cache') and the server facts it had. */
export function cachedServe(lk: LastKnown): { serve: ServeInfo; server: ServerInfo } {
  return {
    serve: { baseUrl: lk.baseUrl, exposure: lk.exposure, source: 'cache' },
    server: { kind: lk.serverKind, models: lk.models.map((m) => ({ ...m })) },
  };
}

/** The state shown before the first probe: 'checking', with the last known endpoint. */
export function lastKnownState(lk: LastKnown, now: number): SparkState {
  return {
    phase: 'checking',
    since: now,
    checkedAt: 0,
    host: lk.host,
    ...cachedServe(lk),
    targets: [],
    degraded: [],
    findings: [],
    failures: 0,
  };
}

/** True while the state shows a remembered endpoint that no probe of this session confirmed. */
export function isUnverifiedCache(state: SparkState): boolean {
  return state.phase === 'checking' && state.serve?.source === 'cache';
}
