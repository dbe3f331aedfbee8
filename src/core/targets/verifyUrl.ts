// Turn a URL given on the command line into a VerifiedEndpoint: GET <baseUrl>/models must answer
// with an OpenAI model list. The extension gets its VerifiedEndpoint from the Monitor's probe;
// the CLI (`tailspark apply --url`) uses this small stand-alone check.
import { type Finding, makeFinding } from '../findings';
import { findingForHttpError } from '../inference/httpFindings';
import { modelListSchema } from '../inference/schemas';
import { HttpError, httpRequest } from '../net/httpClient';
import { type Exposure, type VerifiedEndpoint, verifiedEndpoint } from './types';

export async function verifyBaseUrl(
  baseUrl: string,
  options: {
    apiKey?: string;
    exposure?: Exposure;
    timeoutMs?: number;
    signal?: AbortSignal;
    /** Host name → address (CLI --resolve); TLS still checks the name. */
    resolve?: Record<string, string>;
    /** Extra CA certificates (PEM) to trust besides the system's (CLI --ca). */
    extraCa?: string[];
  } = {},
): Promise<{ ok: true; endpoint: VerifiedEndpoint } | { ok: false; finding: Finding }> {
  const url = baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const get = (withKey: boolean) =>
    httpRequest(`${url}/models`, {
      timeoutMs,
      signal: options.signal,
      ...(options.resolve ? { resolve: options.resolve } : {}),
      ...(options.extraCa?.length ? { extraCa: options.extraCa } : {}),
      headers: withKey && options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
    });
  try {
    const res = await get(true);
    if (res.status === 401 || res.status === 403) {
      return { ok: false, finding: makeFinding(options.apiKey ? 'probe.apiKeyWrong' : 'probe.apiKeyNeeded', { url, where: url }) };
    }
    if (res.status !== 200) return { ok: false, finding: makeFinding('probe.httpError', { url, where: url, status: res.status }, res.body.slice(0, 200)) };
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      body = undefined;
    }
    const parsed = modelListSchema.safeParse(body);
    if (!parsed.success) return { ok: false, finding: makeFinding('probe.notOpenAi', { url, where: url }, res.body.slice(0, 200)) };
    if (parsed.data.data.length === 0) return { ok: false, finding: makeFinding('probe.noModels', { url, where: url }) };
    // Does the server enforce a key? Only worth asking when we sent one.
    const authRequired = options.apiKey ? [401, 403].includes((await get(false)).status) : false;
    return {
      ok: true,
      endpoint: verifiedEndpoint({
        baseUrl: url,
        models: parsed.data.data.map((m) => ({ id: m.id, ...(m.max_model_len ? { contextLength: m.max_model_len } : {}) })),
        exposure: options.exposure ?? 'unknown',
        authRequired,
      }),
    };
  } catch (err) {
    if (err instanceof HttpError) return { ok: false, finding: findingForHttpError(err, { timeoutMs }) };
    throw err;
  }
}
