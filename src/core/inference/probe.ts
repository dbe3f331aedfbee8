// Verifies an OpenAI base URL: GET <base>/models must be an OpenAI model list. Then (optional)
// who answers (SGLang/vLLM/…) and how loaded it is. NEVER calls /health: on SGLang that runs a
// generation (1–20 s) — /v1/models, /version, /server_info and /metrics are cheap.
import { LEGACY_LOAD_PATH, LEGACY_SERVER_INFO_PATH, loadFromGetLoad } from './legacySglang';
import { z } from 'zod';
import { type Finding, makeFinding } from '../findings';
import { checkKeyEnforced } from '../http/keyCheck';
import { HttpError, type HttpResponse, httpRequest, type LookupFunction } from '../net/httpClient';
import { hostKind } from '../tailnet/address';
import { type Exposure, type ModelInfo, modelsUrl as modelsUrlOf, serverRoot } from '../domain';
import { findingForHttpError } from './httpFindings';
import { kindFromModels, type ServerKind } from './identify';
import { loadFromLoads, loadFromMetrics, type MetricsSample, metricPrefix, type ServerLoad } from './load';
import { parsePrometheusText } from './prometheus';
import { redactSecrets } from './redact';
import { findOpenRoutes, INFORMATION_ONLY } from './openRoutes';
import { readModelList, toModelInfo } from './modelList';
import { loadsSchema, serverInfoSchema, versionSchema } from './schemas';

export interface ProbeOptions {
  /** OpenAI base URL ending in /v1, e.g. https://spark-56d0.tail1234.ts.net/v1 */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …`; never logged, never part of a finding. */
  apiKey?: string;
  /** Host name → address (split DNS, tests), like curl --resolve. */
  resolve?: Record<string, string>;
  lookup?: LookupFunction;
  extraCa?: string[];
  /** Per request. Default 8 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Ask /version, /server_info (and the metric prefix) who answers. Default true. */
  identify?: boolean;
  /** Read /metrics (or /v1/loads). Default true. */
  load?: boolean;
  /** Sample from the previous probe, for vLLM's throughput rate. */
  previous?: MetricsSample;
  /**
   * The answer to GET <base>/models when that request is already in flight (the warm start sends
   * it before the rest of the extension is loaded): used instead of asking again.
   */
  modelsResponse?: Promise<HttpResponse>;
  /** From the serve config: a Funnel route must not answer without a key. */
  exposure?: Exposure | null;
  now?: () => number;
}

export type { ModelInfo };

export interface ProbeResult {
  /** /v1/models answered with an OpenAI model list. */
  ok: boolean;
  baseUrl: string;
  checkedAt: string;
  /** Round trip of GET /v1/models in ms (including connect and TLS). */
  latencyMs?: number;
  server?: { kind: ServerKind; version?: string };
  models: ModelInfo[];
  load?: ServerLoad;
  /** Pass to the next probe's `previous`. */
  metricsSample?: MetricsSample;
  /** SGLang /server_info with api_key/admin_api_key redacted. */
  serverInfo?: Record<string, unknown>;
  findings: Finding[];
}

/** The error bodies the servers send, most specific first: vLLM (OpenAI style) nests
 * {"error":{"message":…}}, SGLang answers {"message":…} or {"error":…}, FastAPI {"detail":…}. */
const errorBodySchema = z.union([
  z.looseObject({ error: z.looseObject({ message: z.string() }) }).transform((j) => j.error.message),
  z.looseObject({ message: z.string() }).transform((j) => j.message),
  z.looseObject({ error: z.string() }).transform((j) => j.error),
  z.looseObject({ detail: z.string() }).transform((j) => j.detail),
]);

/** A short, secret-free reason from an error body (SGLang flat, vLLM nested, or plain text). */
export function errorMessageOf(body: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    // not JSON: fall through to the text
  }
  const parsed = errorBodySchema.safeParse(json);
  if (parsed.success) return parsed.data.slice(0, 200);
  const text = body.trim();
  return text === '' ? undefined : text.slice(0, 200);
}

function findingForStatus(res: HttpResponse, hadKey: boolean): Finding {
  const ctx = { where: res.url, url: res.url, status: res.status, message: errorMessageOf(res.body) };
  switch (res.status) {
    case 401:
      return makeFinding(hadKey ? 'probe.apiKeyWrong' : 'probe.apiKeyNeeded', ctx, errorMessageOf(res.body));
    case 404:
      return makeFinding('probe.notFound', ctx, errorMessageOf(res.body));
    case 503:
      return makeFinding('probe.warmingUp', ctx);
    case 502:
    case 504:
      return makeFinding('probe.badGateway', ctx, errorMessageOf(res.body));
    default: {
      // A redirect is not followed (a probe must not wander off); say where it points.
      const location = res.status >= 300 && res.status < 400 ? res.headers.location : undefined;
      return makeFinding('probe.httpError', location ? { ...ctx, message: `redirects to ${location}` } : ctx, errorMessageOf(res.body));
    }
  }
}

export { serverRoot };

export async function probeInference(options: ProbeOptions): Promise<ProbeResult> {
  const r = await probeOnce(options);
  const lan = lanWarning(r.baseUrl);
  return lan ? { ...r, findings: [lan, ...r.findings] } : r;
}

/** tailnet.lanAddress when the base URL points at a private LAN address, else undefined. */
export function lanWarning(baseUrl: string): Finding | undefined {
  let host: string;
  try {
    host = new URL(baseUrl).hostname;
  } catch {
    return undefined;
  }
  return hostKind(host) === 'lanIp' ? makeFinding('tailnet.lanAddress', { host: host.replace(/^\[|\]$/g, ''), where: baseUrl }) : undefined;
}

async function probeOnce(options: ProbeOptions): Promise<ProbeResult> {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 8000;
  const baseUrl = options.baseUrl.trim().replace(/\/+$/, '');
  const result: ProbeResult = { ok: false, baseUrl, checkedAt: new Date(now()).toISOString(), models: [], findings: [] };
  const authHeaders: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
  const get = (url: string, headers: Record<string, string> = authHeaders, maxBodyBytes = 2 * 1024 * 1024) =>
    httpRequest(url, { headers, timeoutMs, signal: options.signal, resolve: options.resolve, lookup: options.lookup, extraCa: options.extraCa, maxBodyBytes });

  // 1. The one request that decides "works / does not work".
  const modelsUrl = modelsUrlOf(baseUrl);
  let res: HttpResponse;
  try {
    res = await (options.modelsResponse ?? get(modelsUrl));
  } catch (e) {
    if (e instanceof HttpError) return { ...result, findings: [findingForHttpError(e, { timeoutMs, limit: 2 * 1024 * 1024 })] };
    throw e;
  }
  result.latencyMs = res.durationMs;
  if (res.status < 200 || res.status >= 300) return { ...result, findings: [findingForStatus(res, Boolean(options.apiKey))] };
  const list = readModelList(res.body);
  if (!list.ok) {
    return { ...result, findings: [makeFinding('probe.notOpenAi', { where: modelsUrl, url: modelsUrl, status: res.status, message: list.message }, res.body.slice(0, 200))] };
  }
  result.ok = true;
  result.models = list.entries.map(toModelInfo);
  if (result.models.length === 0) result.findings.push(makeFinding('probe.noModels', { where: modelsUrl, url: modelsUrl }));
  const serverHeader = typeof res.headers.server === 'string' ? res.headers.server : undefined;
  let kind = kindFromModels(list.entries, serverHeader);

  // 2. Follow-ups in parallel; each is optional, so their failures only leave fields empty.
  const root = serverRoot(baseUrl);
  const optional = async (url: string, run: boolean) => {
    if (!run) return undefined;
    try {
      const r = await get(url);
      return r.status === 200 ? r : undefined;
    } catch {
      return undefined;
    }
  };
  const identify = options.identify !== false;
  const wantLoad = options.load !== false;
  const [versionRes, infoRes, metricsRes] = await Promise.all([
    optional(`${root}/version`, identify && (kind === 'vllm' || kind === 'other')),
    optional(`${root}/server_info`, identify && (kind === 'sglang' || kind === 'other')),
    optional(`${root}/metrics`, wantLoad || (identify && kind === 'other')),
  ]);
  const metricsAt = now();

  let version: string | undefined;
  const versionJson = versionRes ? versionSchema.safeParse(safeJson(versionRes.body)) : undefined;
  if (versionJson?.success) {
    version = versionJson.data.version;
    if (kind === 'other') kind = 'vllm'; // SGLang answers 404 on /version
  }
  // Older SGLang has only /get_server_info (same body); vLLM has neither, and told us via /version.
  const legacyInfoRes =
    !infoRes && identify && (kind === 'sglang' || (kind === 'other' && !versionJson?.success)) ? await optional(`${root}${LEGACY_SERVER_INFO_PATH}`, true) : undefined;
  const info = (infoRes ?? legacyInfoRes) ? serverInfoSchema.safeParse(safeJson((infoRes ?? legacyInfoRes)!.body)) : undefined;
  if (info?.success) {
    result.serverInfo = redactSecrets(info.data) as Record<string, unknown>;
    if (Array.isArray(info.data.internal_states) && kind === 'other') kind = 'sglang';
    if (kind === 'sglang' && info.data.version) version = info.data.version;
  }

  if (metricsRes) {
    const samples = parsePrometheusText(metricsRes.body);
    const prefix = metricPrefix(samples);
    if (kind === 'other' && prefix !== 'other') kind = prefix;
    if (wantLoad) {
      const { load, sample } = loadFromMetrics(samples, metricsAt, options.previous);
      if (load) result.load = load;
      result.metricsSample = sample;
    }
  }
  if (wantLoad && !result.load && kind === 'sglang') {
    const loadsRes = await optional(`${baseUrl}/loads`, true);
    const loads = loadsRes ? loadsSchema.safeParse(safeJson(loadsRes.body)) : undefined;
    if (loads?.success) result.load = loadFromLoads(loads.data);
    if (!result.load) {
      const legacy = await optional(`${root}${LEGACY_LOAD_PATH}`, true);
      const load = legacy ? loadFromGetLoad(safeJson(legacy.body)) : undefined;
      if (load) result.load = load;
    }
  }
  result.server = { kind, ...(version ? { version } : {}) };

  // 3. Public route: it must refuse a request without the key.
  if (options.exposure === 'funnel') {
    const statusWithoutKey = async (url: string) => (await get(url, {}).catch(() => undefined))?.status;
    // Without a key of ours nothing is checked; with one: would the server also answer a stranger?
    const open = !options.apiKey || (await checkKeyEnforced(baseUrl, statusWithoutKey)).verdict === 'open';
    const httpsPort = Number(new URL(baseUrl).port) || 443;
    if (open) result.findings.push(makeFinding('funnel.noApiKey', { where: baseUrl, url: baseUrl, httpsPort }));
    else {
      // The model list needs the key; other routes of the same server may not (vLLM guards only /v1).
      const all = await findOpenRoutes(baseUrl, statusWithoutKey);
      const routes = all.filter((p) => !INFORMATION_ONLY.has(p));
      const telling = all.filter((p) => INFORMATION_ONLY.has(p));
      if (routes.length > 0) result.findings.push(makeFinding('funnel.openRoutes', { where: baseUrl, url: baseUrl, routes: routes.join(', ') }));
      if (telling.length > 0) result.findings.push(makeFinding('funnel.metricsOpen', { where: baseUrl, url: baseUrl, routes: telling.join(', ') }));
    }
  }
  return result;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
