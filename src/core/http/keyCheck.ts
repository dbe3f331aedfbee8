// "Does the server refuse a request without the API key?" — asked in ONE way everywhere (the
// Funnel guard, the probe of a public route, the targets' Funnel offer, "Set API Key"):
// GET <base>/models WITHOUT Authorization. 200 = anyone gets in; 401/403 = the key is checked;
// anything else (or no answer) proves neither.
import { modelsUrl } from '../domain';

export type KeyVerdict = 'enforced' | 'open' | 'unverified';

export interface KeyCheck {
  verdict: KeyVerdict;
  /** GET <base>/models, the request that decided. */
  url: string;
  /** Its status without a key; undefined when nothing answered. */
  status: number | undefined;
}

/** GET <url> without Authorization → the HTTP status, or undefined when nothing answered. */
export type StatusWithoutKey = (url: string, signal?: AbortSignal) => Promise<number | undefined>;

export function keyVerdict(status: number | undefined): KeyVerdict {
  if (status === 200) return 'open';
  if (status === 401 || status === 403) return 'enforced';
  return 'unverified';
}

export async function checkKeyEnforced(baseUrl: string, statusWithoutKey: StatusWithoutKey, signal?: AbortSignal): Promise<KeyCheck> {
  const url = modelsUrl(baseUrl);
  const status = await statusWithoutKey(url, signal).catch(() => undefined);
  return { verdict: keyVerdict(status), url, status };
}
