// The one redaction for text that goes to a log, a notification or a report: Bearer tokens,
// api_key / password / passphrase / secret / token values (JSON, key=value, CLI flags) and URL
// passwords. Structured values go through redactSecrets (inference/redact.ts) first; this is the
// last line of defence for free text (error messages, command output, HTTP bodies).
import { REDACTED } from './inference/redact';

export { REDACTED, redactSecrets } from './inference/redact';

const SECRET_NAME = '(?:[A-Za-z0-9_-]*(?:api[_-]?key|apikey|password|passwd|passphrase|secret|token))';

const RULES: Array<[RegExp, (m: string, ...g: string[]) => string]> = [
  // Authorization: Bearer xyz / Basic xyz
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, (_m, scheme) => `${scheme} ${REDACTED}`],
  // "api_key": "value" (JSON, any quoting of the value, null stays visible)
  [new RegExp(String.raw`("${SECRET_NAME}"\s*:\s*)"(?:[^"\\]|\\.)*"`, 'gi'), (_m, head) => `${head}"${REDACTED}"`],
  // --api-key value / --api-key=value / --password value
  [new RegExp(String.raw`(--${SECRET_NAME})([=\s]+)(?!-)("[^"]*"|'[^']*'|\S+)`, 'gi'), (_m, flag, sep) => `${flag}${sep}${REDACTED}`],
  // api_key=value, PASSWORD: value, VLLM_API_KEY=value (not JSON)
  [new RegExp(String.raw`\b(${SECRET_NAME})(\s*[=:]\s*)(?!["\s])([^\s,;&"']+)`, 'gi'), (_m, name, sep) => `${name}${sep}${REDACTED}`],
  // https://user:password@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi, (_m, head) => `${head}:${REDACTED}@`],
  // OpenAI-style keys appearing bare
  [/\bsk-[A-Za-z0-9_-]{8,}/g, () => REDACTED],
  // tailscale private keys (`tailscale debug prefs`) and auth keys
  [/\b(privkey|nlpriv|nodekey-priv|discokey-priv):[0-9a-f]{16,}/gi, (_m, kind) => `${kind}:${REDACTED}`],
  [/\btskey-[A-Za-z0-9-]+/g, () => `tskey-${REDACTED}`],
];

/**
 * Redacts secret-looking patterns, and every known secret value passed in (API key, passwords
 * the user typed) wherever it appears — longest first, so a secret containing another goes whole.
 */
export function redact(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of [...knownSecrets].filter((x) => x.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(REDACTED);
  }
  for (const [re, fn] of RULES) out = out.replace(re, fn as (m: string, ...g: string[]) => string);
  return out;
}
