// SparkHttp: the ONE way every part of Tailspark talks HTTP to the Spark's inference server.
// One instance per window (src/ui/tailspark.ts) or per CLI run (src/cli/*): it reads the
// settings, the API key and the extra CAs through a small source AT EACH REQUEST, so a changed
// setting or key applies to the next request without anyone rebuilding options. It owns:
//  - the request options (resolve map, timeout, extra CA, Authorization),
//  - the /v1/models probe (src/core/inference/probe.ts) — the Monitor's, the doctor's, the CLI's,
//  - the key check: does the server refuse a request without the key? (keyCheck.ts),
//  - URL verification before a write: probe → VerifiedEndpoint or the Finding that says why not.
// Editor-free: no `vscode` import.
import type { ProbeOptions, ProbeResult } from '../inference/probe';
import { probeInference } from '../inference/probe';
import { type HttpRequestOptions, type HttpResponse, httpRequest, type LookupFunction, resolvedAddress } from '../net/httpClient';
import { type UrlVerification, verifiedFromProbe } from '../targets/probeEndpoint';
import type { EndpointExposure } from '../domain';
import { checkKeyEnforced, type KeyCheck } from './keyCheck';
import { modelsUrl } from '../domain';

/** The settings every request reads (the extension: tailspark.network.resolve, tailspark.probe.timeoutMs). */
export interface SparkHttpSettings {
  /** Host → address, like curl --resolve (split DNS, tests). */
  resolve: Record<string, string>;
  /** Per request. */
  timeoutMs: number;
}

/** Where SparkHttp reads its inputs; each getter is asked again for every request. */
export interface SparkHttpSource {
  settings(): SparkHttpSettings;
  /** The server's API key (SecretStorage in the extension, an environment variable in the CLI); never logged. */
  apiKey(): Promise<string | undefined>;
  /** Extra trusted CA certificates (PEM): private CAs, the emulated Spark in tests. */
  extraCa(): readonly string[];
  /** Replaces DNS for names not in `resolve` (tests). */
  lookup?: LookupFunction;
}

/** What a request carries besides its URL: where to connect, whom to trust, how long to wait. */
export interface SparkTransport {
  resolve: Record<string, string>;
  timeoutMs: number;
  extraCa?: string[];
  lookup?: LookupFunction;
}

/** The transport plus the API key, for the core functions that take options (chat, readiness). */
export interface SparkRequestOptions extends SparkTransport {
  apiKey?: string;
}

export interface SparkGet {
  signal?: AbortSignal;
  /** Default: the settings' timeout. */
  timeoutMs?: number;
  /** Default: send the stored API key (false: ask as a stranger would). */
  withKey?: boolean;
  /** Send this key instead of the stored one (a key being set up, not stored yet). */
  apiKey?: string;
  maxBodyBytes?: number;
}

/** A successful /v1/models answer SparkHttp saw, numbered so a reader can tell "new since I last looked". */
export interface SparkAnswer {
  seq: number;
  result: ProbeResult;
}

export type SparkProbeOptions = Omit<ProbeOptions, 'baseUrl' | 'apiKey' | 'resolve' | 'extraCa' | 'lookup'>;

/** A GET <base>/models sent before this object existed (the warm start), and where it went. */
export interface InFlightModels {
  /** <base>/models */
  url: string;
  /** The address the request was sent to by the resolve map; undefined: by DNS. */
  resolvedTo: string | undefined;
  response: Promise<HttpResponse>;
}

/** Marks "the key source has not answered yet" (see probe()). */
const NOT_AT_HAND = Symbol('not at hand');

export class SparkHttp {
  private seq = 0;
  private answer: SparkAnswer | undefined;
  private inFlight: InFlightModels | undefined;

  constructor(private readonly source: SparkHttpSource) {}

  /** A SparkHttp with fixed inputs (the CLI: flags and environment, read once). */
  static fixed(o: { resolve?: Record<string, string>; timeoutMs?: number; apiKey?: string; extraCa?: readonly string[]; lookup?: LookupFunction }): SparkHttp {
    const settings = { resolve: o.resolve ?? {}, timeoutMs: o.timeoutMs ?? 8000 };
    return new SparkHttp({
      settings: () => settings,
      apiKey: async () => o.apiKey,
      extraCa: () => o.extraCa ?? [],
      ...(o.lookup ? { lookup: o.lookup } : {}),
    });
  }

  /** Where to connect, whom to trust, how long to wait — without the key. */
  transport(): SparkTransport {
    const s = this.source.settings();
    const extraCa = this.source.extraCa();
    return {
      resolve: s.resolve,
      timeoutMs: s.timeoutMs,
      ...(extraCa.length > 0 ? { extraCa: [...extraCa] } : {}),
      ...(this.source.lookup ? { lookup: this.source.lookup } : {}),
    };
  }

  apiKey(): Promise<string | undefined> {
    return this.source.apiKey();
  }

  /** The transport and the current API key. */
  async options(): Promise<SparkRequestOptions> {
    const apiKey = await this.source.apiKey();
    return { ...this.transport(), ...(apiKey ? { apiKey } : {}) };
  }

  /** GET url with the Spark's options (and the key unless withKey is false). Throws HttpError. */
  async get(url: string, o: SparkGet = {}): Promise<HttpResponse> {
    const { apiKey: stored, ...transport } = await this.options();
    const apiKey = o.apiKey ?? stored;
    const request: HttpRequestOptions = {
      ...transport,
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.maxBodyBytes !== undefined ? { maxBodyBytes: o.maxBodyBytes } : {}),
      headers: apiKey && o.withKey !== false ? { authorization: `Bearer ${apiKey}` } : {},
    };
    return httpRequest(url, request);
  }

  /** GET url WITHOUT Authorization: the status, or undefined when nothing answered. */
  async statusWithoutKey(url: string, signal?: AbortSignal): Promise<number | undefined> {
    try {
      return (await this.get(url, { withKey: false, ...(signal ? { signal } : {}) })).status;
    } catch {
      return undefined;
    }
  }

  /** Does the server refuse GET <base>/models without the key? */
  keyCheck(baseUrl: string, signal?: AbortSignal): Promise<KeyCheck> {
    return checkKeyEnforced(baseUrl, (url, s) => this.statusWithoutKey(url, s), signal);
  }

  /**
   * GET <base>/models (then, as asked, who answers and its load): probeInference with the Spark's
   * options. When the key is not at hand yet (SecretStorage is a round trip to the workbench that
   * can take a second while a window starts) the probe does not wait for it: it asks without the
   * key, and only a server that refuses that (401) is asked again with the key. An open server
   * answers the same either way; a protected one costs one refused request, once.
   */
  async probe(baseUrl: string, o: SparkProbeOptions = {}): Promise<ProbeResult> {
    const keyRead = this.source.apiKey();
    const atHand = await Promise.race([keyRead, new Promise<typeof NOT_AT_HAND>((resolve) => setImmediate(() => resolve(NOT_AT_HAND)))]);
    const transport = this.transport();
    const { timeoutMs, ...rest } = transport;
    const modelsResponse = this.takeInFlight(baseUrl, transport);
    const run = (apiKey: string | undefined, first?: Promise<HttpResponse>) =>
      probeInference({ timeoutMs, ...rest, ...(apiKey ? { apiKey } : {}), ...o, ...(first ? { modelsResponse: first } : {}), baseUrl });
    let result: ProbeResult;
    if (atHand !== NOT_AT_HAND && !modelsResponse) result = await run(atHand);
    else {
      // Without the key first (an answer already on its way was sent without one, too).
      result = await run(undefined, modelsResponse);
      if (result.findings.some((f) => f.code === 'probe.apiKeyNeeded')) {
        const key = atHand === NOT_AT_HAND ? await keyRead : atHand;
        if (key) result = await run(key);
      }
    }
    this.remember(result);
    return result;
  }

  /**
   * Hands over a GET <base>/models already on its way (sent without the key): the next probe of
   * that URL uses its answer instead of asking again — if it went where this client would send it.
   */
  adoptInFlight(request: InFlightModels): void {
    this.inFlight = request;
    // Nobody may be left with an unhandled rejection when no probe takes it.
    request.response.catch(() => undefined);
  }

  private takeInFlight(baseUrl: string, transport: SparkTransport): Promise<HttpResponse> | undefined {
    const pending = this.inFlight;
    this.inFlight = undefined;
    if (!pending || pending.url !== modelsUrl(baseUrl)) return undefined;
    let host: string;
    try {
      host = new URL(pending.url).hostname;
    } catch {
      return undefined;
    }
    return resolvedAddress(transport.resolve, host) === pending.resolvedTo ? pending.response : undefined;
  }

  /** The last /v1/models answer with models (undefined after that URL stopped answering). */
  lastAnswer(): SparkAnswer | undefined {
    return this.answer;
  }

  /**
   * May this URL be written? Only a /v1/models answer with models becomes a VerifiedEndpoint.
   * `answered`: a probe result of this URL the caller knows is current (the Monitor's, of the state
   * it just published) — used instead of asking again. A Funnel URL still gets the key check then.
   */
  async verify(baseUrl: string, exposure: EndpointExposure, o: { signal?: AbortSignal; answered?: ProbeResult } = {}): Promise<UrlVerification> {
    const url = baseUrl.trim().replace(/\/+$/, '');
    if (o.answered?.ok && o.answered.baseUrl === url && o.answered.models.length > 0) {
      if (exposure !== 'funnel') return verifiedFromProbe(o.answered, exposure);
      // The Monitor's probe does not ask as a stranger; without a key of ours nothing is checked.
      const open = !(await this.source.apiKey()) || (await this.keyCheck(url, o.signal)).verdict === 'open';
      return verifiedFromProbe(o.answered, exposure, !open);
    }
    const result = await this.probe(url, {
      identify: false,
      load: false,
      exposure: exposure === 'unknown' ? null : exposure,
      ...(o.signal ? { signal: o.signal } : {}),
    });
    return verifiedFromProbe(result, exposure);
  }

  private remember(result: ProbeResult): void {
    if (result.ok && result.models.length > 0) this.answer = { seq: ++this.seq, result };
    else if (this.answer?.result.baseUrl === result.baseUrl) this.answer = undefined;
  }
}
