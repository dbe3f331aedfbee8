// SGLang's /server_info echoes api_key and admin_api_key in clear text. Everything it returns
// goes through here before it is shown, logged or kept.

const SECRET_KEY = /api_key|secret|password|passphrase|^token$|_token$|authorization/i;

export const REDACTED = '«redacted»';

/** A deep copy with every secret-looking field's value replaced (null/empty stay as they are). */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined && v !== '' ? REDACTED : redactSecrets(v);
    }
    return out as T;
  }
  return value;
}
