// The one way a probe answer becomes the VerifiedEndpoint the writers accept — used by SparkHttp's
// URL verification (src/core/http/sparkHttp.ts), which the extension's targets and the CLI's
// `tailspark apply` both call, so both write the same entries (e.g. chatLanguageModels.json gets
// the same apiKey reference from either).
import { makeFinding, type Finding } from '../findings';
import type { ProbeResult } from '../inference/probe';
import { type EndpointExposure, type VerifiedEndpoint, verifiedEndpoint } from './types';

/** A URL verified for writing: the endpoint, or the finding that says why it cannot be written. */
export type UrlVerification = { ok: true; endpoint: VerifiedEndpoint } | { ok: false; finding: Finding };

/**
 * A successful probe → VerifiedEndpoint; anything else → undefined. For a Funnel URL the probe
 * also asked without the key: `funnel.noApiKey` among its findings means strangers get in.
 */
export function endpointFromProbe(
  result: ProbeResult,
  exposure: EndpointExposure,
  authRequired = !result.findings.some((f) => f.code === 'funnel.noApiKey'),
): VerifiedEndpoint | undefined {
  if (!result.ok || result.models.length === 0) return undefined;
  return verifiedEndpoint({
    baseUrl: result.baseUrl,
    models: result.models.map((m) => ({ id: m.id, ...(m.contextLength ? { contextLength: m.contextLength } : {}) })),
    exposure,
    ...(exposure === 'funnel' ? { authRequired } : {}),
    verifiedAt: result.checkedAt,
  });
}

/** The endpoint, or the finding that says why the URL cannot be written. */
export function verifiedFromProbe(result: ProbeResult, exposure: EndpointExposure, authRequired?: boolean): UrlVerification {
  const endpoint = endpointFromProbe(result, exposure, authRequired);
  if (endpoint) return { ok: true, endpoint };
  const finding = result.findings.find((f) => f.severity === 'error') ?? makeFinding('target.unverifiedUrl', { url: result.baseUrl, where: result.baseUrl });
  return { ok: false, finding };
}
