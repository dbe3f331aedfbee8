// Everything the doctor writes goes through here: the report is opened in an editor and may be
// pasted into an issue, so no secret may survive — known values (API key, passwords) and
// patterns that look like secrets (tailscale private keys in `debug prefs`, bearer tokens,
// SGLang's echoed api_key).
const PATTERNS: [RegExp, string][] = [
  [/\b(privkey|nlpriv|nodekey-priv|discokey-priv):[0-9a-f]{16,}/gi, '$1:«redacted»'],
  [/\btskey-[A-Za-z0-9-]+/g, 'tskey-«redacted»'],
  [/(Authorization:\s*Bearer\s+)\S+/gi, '$1«redacted»'],
  [/("?(?:admin_)?api_key"?\s*[:=]\s*"?)[^"\s,}]+/gi, '$1«redacted»'],
  [/(--api-key[= ])\S+/g, '$1«redacted»'],
  [/\bsk-[A-Za-z0-9_-]{16,}/g, 'sk-«redacted»'],
];

export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Longest first, so a secret that contains another is removed whole.
  for (const s of [...secrets].filter((x) => x.length >= 4).sort((a, b) => b.length - a.length)) out = out.split(s).join('«redacted»');
  for (const [re, to] of PATTERNS) out = out.replace(re, to);
  return out;
}
