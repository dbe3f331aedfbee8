// The one way a probe answer becomes the VerifiedEndpoint the writers accept — used by the
// extension (src/ui/targets/controller.ts) and the CLI (`tailspark apply`), so both write the
// same entries (e.g. chatLanguageModels.json gets the same apiKey reference from either).
import { makeFinding, type Finding } from '../findings';
import { type ProbeOptions, type ProbeResult, probeInference } from '../inference/probe';
import { type EndpointExposure, type VerifiedEndpoint, verifiedEndpoint } from './types';

/**
 * A successful probe → VerifiedEndpoint; anything else → undefined. For a Funnel URL the probe
 * also asked without the key: `funnel.noApiKey` among its findings means strangers get in.
 */
export function endpointFromProbe(result: ProbeResult, exposure: EndpointExposure): VerifiedEndpoint | undefined {
  if (!result.ok || result.models.length === 0) return undefined;
  return verifiedEndpoint({
    baseUrl: result.baseUrl,
    models: result.models.map((m) => ({ id: m.id, ...(m.contextLength ? { contextLength: m.contextLength } : {}) })),
    exposure,
    ...(exposure === 'funnel' ? { authRequired: !result.findings.some((f) => f.code === 'funnel.noApiKey') } : {}),
    verifiedAt: result.checkedAt,
  });
}

/** The endpoint, or the finding that says why the URL cannot be written. */
export function verifiedFromProbe(result: ProbeResult, exposure: EndpointExposure): { ok: true; endpoint: VerifiedEndpoint } | { ok: false; finding: Finding } {
  const endpoint = endpointFromProbe(result, exposure);
  if (endpoint) return { ok: true, endpoint };
  const finding = result.findings.find((f) => f.severity === 'error') ?? makeFinding('target.unverifiedUrl', { url: result.baseUrl, where: result.baseUrl });
  return { ok: false, finding };
}

/** Ask the URL again right before writing: GET /models only (no identify, no load). */
export async function verifyForWriting(
  baseUrl: string,
  exposure: EndpointExposure,
  options: Pick<ProbeOptions, 'apiKey' | 'resolve' | 'extraCa' | 'timeoutMs' | 'signal'>,
): Promise<{ ok: true; endpoint: VerifiedEndpoint } | { ok: false; finding: Finding }> {
  const result = await probeInference({ ...options, baseUrl, identify: false, load: false, exposure: exposure === 'unknown' ? null : exposure });
  return verifiedFromProbe(result, exposure);
}
