// Which registered targets receive the URL. Editor-free (unit-tested on plain Node).
//   tailspark.targets.<id> = false        → off
//   left at its default (true)            → on when Tailspark's detection says so
//                                            (Continue config exists, this editor is Cursor, …)
//   set to true explicitly by the user    → on even when detection says no (the user knows)
// Settings keys are on whenever the user listed some.
import { type RegisteredTarget, type SettingsKey, settingsKeySchema, type TargetId } from '../../core/targets';

export const TARGET_SETTINGS = {
  cursor: 'targets.cursor',
  'vscode-custom-endpoint': 'targets.vscodeCustomEndpoint',
  continue: 'targets.continue',
} as const satisfies Partial<Record<TargetId, string>>;

export type ToggleSetting = (typeof TARGET_SETTINGS)[keyof typeof TARGET_SETTINGS];

/** A target's on/off setting as the user left it: effective value, and whether they set it. */
export interface ToggleState {
  value: boolean;
  explicit: boolean;
}

export function settingFor(id: TargetId): ToggleSetting | undefined {
  return (TARGET_SETTINGS as Partial<Record<TargetId, ToggleSetting>>)[id];
}

export function isEnabled(registered: RegisteredTarget, toggle: (key: ToggleSetting) => ToggleState): boolean {
  const key = settingFor(registered.target.id);
  if (!key) return true; // settings keys: listed → on
  const state = toggle(key);
  if (!state.value) return false;
  return registered.enabledByDefault || state.explicit;
}

/**
 * tailspark.targets.settingsKeys entries → the core's SettingsKey list. An empty suffix means
 * "the full base URL" (the core's `suffix: undefined`); entries the core refuses are returned
 * separately so the UI can name them instead of writing something half-right.
 */
export function settingsKeysFrom(entries: ReadonlyArray<{ key: string; suffix?: string }>): {
  keys: SettingsKey[];
  invalid: Array<{ key: string; message: string }>;
} {
  const keys: SettingsKey[] = [];
  const invalid: Array<{ key: string; message: string }> = [];
  for (const entry of entries) {
    const parsed = settingsKeySchema.safeParse({ key: entry.key, ...(entry.suffix ? { suffix: entry.suffix } : {}) });
    if (parsed.success) keys.push(parsed.data);
    else invalid.push({ key: entry.key, message: parsed.error.issues[0]?.message ?? 'invalid' });
  }
  return { keys, invalid };
}
