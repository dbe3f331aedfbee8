// The warm start: the endpoint verified in an earlier session (lastKnown.ts) is asked ONE
// question — GET <url>/models, without the key — as soon as activate() has returned and BEFORE
// the rest of the extension (dist/main.js, ~700 kB) is loaded (src/extension.ts). An OpenAI model
// list in answer is shown at once as ready, marked `reconciling`: SSH discovery still confirms
// the URL, and nothing is written from such a state (src/core/autoconfig/served.ts). The Monitor
// then reads that same answer instead of asking again (SparkHttp.adoptInFlight), so the first
// status costs one HTTPS request, not the load of main.js plus a SecretStorage round trip.
// Why without the key: reading it is a round trip to the workbench that can take a second while
// a window starts. An open server answers the same; a protected one refuses, and the Monitor asks
// again with the key. The key never travels on this path.
// Runs inside the small activation bundle: zod/mini only, no catalogue of findings.
import { isIP } from 'node:net';
import * as z from 'zod/mini';
import { type HttpResponse, httpRequest, resolvedAddress } from '../net/httpClient';
import { readModelList, toModelInfo } from '../inference/modelList';
import { type LastKnown, lastKnownState } from './lastKnown';
import type { SparkState } from './types';
import { modelsUrl } from '../domain';

/** What VS Code's `inspect()` says about one setting (the same shape the settings gate reads). */
export interface InspectedSetting {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** Where the early request goes: the remembered URL, by the user's resolve entry or by DNS. */
export interface WarmStartPlan {
  /** <base>/models */
  url: string;
  /** The user's `tailspark.network.resolve` entry for the URL's host; undefined: DNS. */
  resolvedTo: string | undefined;
}

/**
 * The settings that decide which host is active and where its name points. A workspace value of
 * any of them waits for the settings gate in main (src/core/settings/workspaceGate.ts): then there
 * is no early request at all.
 */
const DECIDING = ['spark.host', 'servers', 'activeServer', 'baseUrl', 'network.resolve'] as const;

const userValues = z.object({
  'spark.host': z.optional(z.string()),
  servers: z.optional(z.array(z.looseObject({ name: z.string(), host: z.string() }))),
  activeServer: z.optional(z.string()),
  baseUrl: z.optional(z.string()),
  'network.resolve': z.optional(z.record(z.string(), z.string())),
});

/**
 * Whether to ask early, and how: only when the user's own settings still make the remembered
 * host the active one (tailspark.servers: the entry named by activeServer, else the first — as
 * src/core/servers/serverList.ts reads it) and no fixed baseUrl replaces discovery. Anything
 * else — a workspace value, an invalid value, another host — means no early request; main decides.
 */
export function warmStartPlan(lk: LastKnown, inspect: (key: string) => InspectedSetting | undefined): WarmStartPlan | undefined {
  const raw: Record<string, unknown> = {};
  for (const key of DECIDING) {
    const i = inspect(key);
    if (i?.workspaceValue !== undefined || i?.workspaceFolderValue !== undefined) return undefined;
    raw[key] = i?.globalValue ?? i?.defaultValue;
  }
  const parsed = z.safeParse(userValues, raw);
  if (!parsed.success) return undefined;
  const s = parsed.data;
  const servers = s.servers ?? [];
  const active = servers.length > 0 ? (servers.find((e) => e.name === s.activeServer) ?? servers[0])?.host : s['spark.host'];
  if (active?.trim() !== lk.host || (servers.length === 0 && (s.baseUrl ?? '').trim() !== '')) return undefined;
  let host: string;
  try {
    host = new URL(lk.baseUrl).hostname;
  } catch {
    return undefined;
  }
  const resolve = s['network.resolve'] ?? {};
  // An invalid map is refused as a whole by the settings in main: then the request would go elsewhere.
  if (Object.values(resolve).some((address) => isIP(address) === 0)) return undefined;
  const resolvedTo = resolvedAddress(resolve, host);
  return { url: modelsUrl(lk.baseUrl), resolvedTo };
}

/** Sends the one early request (no key; a fresh connection like every probe). */
export function askRemembered(plan: WarmStartPlan, o: { timeoutMs: number; extraCa?: readonly string[] }): Promise<HttpResponse> {
  const host = new URL(plan.url).hostname;
  return httpRequest(plan.url, {
    timeoutMs: o.timeoutMs,
    ...(plan.resolvedTo ? { resolve: { [host]: plan.resolvedTo } } : {}),
    ...(o.extraCa && o.extraCa.length > 0 ? { extraCa: [...o.extraCa] } : {}),
  });
}

/**
 * The state the early answer shows: the remembered endpoint, answering now with these models —
 * ready, but `reconciling` until discovery confirmed the URL. Undefined for anything but an OpenAI
 * model list with models (refused, an error page, warming up): the Monitor's first tick decides.
 */
export function answeredState(lk: LastKnown, res: HttpResponse, now: number): SparkState | undefined {
  if (res.status !== 200) return undefined;
  const list = readModelList(res.body);
  if (!list.ok || list.entries.length === 0) return undefined;
  const base = lastKnownState(lk, now);
  return {
    ...base,
    phase: 'ready',
    checkedAt: now,
    server: { kind: lk.serverKind, models: list.entries.map(toModelInfo), latencyMs: res.durationMs },
    reconciling: true,
  };
}
