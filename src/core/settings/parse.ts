// Reads raw values (from VS Code's configuration, a JSON file or a test) into typed Settings.
// One invalid value never disables the extension: it falls back to its default and becomes a
// `settings.invalid` Finding with an "Open Settings" fix pointing at exactly that key.
import { type Finding, makeFinding } from '../findings';
import { defaultSettings, SETTING_KEYS, type SettingKey, type Settings, settingsSchema } from './schema';

export const SECTION = 'tailspark';

export interface ParsedSettings {
  settings: Settings;
  findings: Finding[];
}

/** `read(key)` returns the raw value of `tailspark.<key>`, or undefined when unset. */
export function parseSettings(read: (key: SettingKey) => unknown): ParsedSettings {
  const defaults = defaultSettings();
  const out: Record<string, unknown> = {};
  const findings: Finding[] = [];
  for (const key of SETTING_KEYS) {
    const raw = read(key);
    const result = settingsSchema[key].safeParse(raw === null ? undefined : raw);
    if (result.success) {
      out[key] = result.data;
    } else {
      out[key] = defaults[key];
      const message = result.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
      findings.push(
        makeFinding(
          'settings.invalid',
          { setting: `${SECTION}.${key}`, message, fallback: JSON.stringify(defaults[key]) },
          // The value itself is the evidence, shortened; settings never hold secrets (the API key is in SecretStorage).
          truncate(JSON.stringify(raw) ?? String(raw), 200),
        ),
      );
    }
  }
  return { settings: out as Settings, findings };
}

/** Which keys differ between two parsed settings (to decide what a change affects). */
export function changedKeys(a: Settings, b: Settings): SettingKey[] {
  return SETTING_KEYS.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
