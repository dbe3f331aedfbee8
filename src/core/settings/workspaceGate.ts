// A repository's .vscode/settings.json is untrusted. The settings that decide where the API key
// goes, which host we SSH to, which unit we drive or which binary we run take a workspace value
// only in a trusted workspace AND only once the user confirmed that exact value; until then the
// user's own value applies. (package.json also lists them in restrictedConfigurations, so VS Code
// ignores them in Restricted Mode; this gate does not rely on that.)
import { createHash } from 'node:crypto';
import type { SettingKey } from './schema';

/** Settings that decide a destination for secrets, a host, a unit or a binary. */
export const GUARDED_KEYS = [
  'baseUrl',
  'spark.host',
  'spark.inferencePort',
  'servers',
  'activeServer',
  'ssh.target',
  'ssh.configFile',
  'ssh.knownHostsFile',
  'service.unit',
  'tailscale.path',
  'network.resolve',
] as const satisfies readonly SettingKey[];

export type GuardedKey = (typeof GUARDED_KEYS)[number];

export function isGuardedKey(key: SettingKey): key is GuardedKey {
  return (GUARDED_KEYS as readonly string[]).includes(key);
}

/** What VS Code's `inspect()` says about one key. */
export interface InspectedValue {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** A workspace value waiting for the user's confirmation. */
export interface PendingWorkspaceValue {
  key: GuardedKey;
  workspaceValue: unknown;
  userValue: unknown;
  /** The id under which a confirmation is remembered (a hash of key and value; nothing secret). */
  id: string;
}

export function confirmationId(key: string, value: unknown): string {
  return createHash('sha256').update(`${key}\u0000${JSON.stringify(value)}`).digest('hex').slice(0, 32);
}

/**
 * The value to use for a guarded key: the workspace's only when the workspace is trusted and the
 * user confirmed exactly this value; otherwise the user's value, and (trusted) a pending question.
 */
export function gateWorkspaceValue(
  key: GuardedKey,
  inspected: InspectedValue | undefined,
  options: { trusted: boolean; confirmed: (id: string) => boolean },
): { value: unknown; pending?: PendingWorkspaceValue } {
  const userValue = inspected?.globalValue ?? inspected?.defaultValue;
  const workspaceValue = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
  if (workspaceValue === undefined || JSON.stringify(workspaceValue) === JSON.stringify(userValue)) return { value: workspaceValue ?? userValue };
  const id = confirmationId(key, workspaceValue);
  if (options.trusted && options.confirmed(id)) return { value: workspaceValue };
  return { value: userValue, ...(options.trusted ? { pending: { key, workspaceValue, userValue, id } } : {}) };
}
