// Where the SSH layer keeps passphrases and sudo passwords: VS Code's SecretStorage (the OS
// keychain), and only while the user opted in (tailspark.ssh.rememberSecrets). No runtime
// dependency on vscode, so it is unit-tested on plain Node with an in-memory SecretStorage.
import type * as vscode from 'vscode';
import type { SecretStore } from '../core/ssh';

/** Where the names of the SSH secrets we keep are listed, so turning the opt-in off can delete them all. */
const REMEMBERED_SSH_SECRETS = 'tailspark.ssh.rememberedSecrets';

/** The SSH layer's SecretStore on VS Code's SecretStorage, plus `forgetAll` for the opt-out. */
export interface SshSecretStore extends SecretStore {
  /** Deletes every SSH passphrase/password this store kept (the user turned remembering off). */
  forgetAll(): Promise<void>;
}

/**
 * SSH passphrases and sudo passwords in SecretStorage, only while `remember()` is true
 * (tailspark.ssh.rememberSecrets). While it is false nothing is read or written, so a secret
 * kept earlier is not silently reused after the user opted out.
 */
export function secretStore(secrets: vscode.SecretStorage, remember: () => boolean): SshSecretStore {
  // The list of kept names is read-modify-write: one change at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(job, job);
    queue = next.catch(() => undefined);
    return next;
  };
  const names = async (): Promise<string[]> => {
    try {
      const parsed: unknown = JSON.parse((await secrets.get(REMEMBERED_SSH_SECRETS)) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === 'string') : [];
    } catch {
      return [];
    }
  };
  const saveNames = (list: string[]) => (list.length > 0 ? secrets.store(REMEMBERED_SSH_SECRETS, JSON.stringify(list)) : secrets.delete(REMEMBERED_SSH_SECRETS));
  return {
    get: async (key) => (remember() ? secrets.get(key) : undefined),
    store: (key, value) =>
      serial(async () => {
        if (!remember()) return;
        await secrets.store(key, value);
        const list = await names();
        if (!list.includes(key)) await saveNames([...list, key]);
      }),
    delete: (key) =>
      serial(async () => {
        await secrets.delete(key);
        const list = await names();
        if (list.includes(key)) await saveNames(list.filter((n) => n !== key));
      }),
    forgetAll: () =>
      serial(async () => {
        for (const key of await names()) await secrets.delete(key);
        await secrets.delete(REMEMBERED_SSH_SECRETS);
      }),
  };
}
