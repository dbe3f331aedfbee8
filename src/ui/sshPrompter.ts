// The SSH layer's questions, answered with VS Code UI: password boxes (never logged, never
// stored unless the SSH layer is told to remember), and a modal for an unknown host key.
import * as vscode from 'vscode';
import type { SecretStore, SshPrompter } from '../core/ssh';

export const vscodePrompter: SshPrompter = {
  askPassphrase: (keyPath) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: vscode.l10n.t('SSH key passphrase'),
        prompt: vscode.l10n.t('Passphrase for {0}', keyPath),
        password: true,
        ignoreFocusOut: true,
      }),
    ),
  askPassword: ({ user, host, forSudo, text }) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: forSudo ? vscode.l10n.t('sudo password on the Spark') : vscode.l10n.t('SSH password'),
        prompt: text ?? (forSudo ? vscode.l10n.t('Password of {0} for sudo on {1}', user, host) : vscode.l10n.t('Password of {0}@{1}', user, host)),
        password: true,
        ignoreFocusOut: true,
      }),
    ),
  async confirmUnknownHostKey({ host, port, keyType, fingerprint }) {
    const trust = vscode.l10n.t('Trust and Connect');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Unknown SSH host key for {0}:{1}', host, port),
      {
        modal: true,
        detail: vscode.l10n.t(
          '{0} key fingerprint {1}. Compare it with `ssh-keygen -lf /etc/ssh/ssh_host_{2}_key.pub` on the Spark before trusting it.',
          keyType,
          fingerprint,
          keyType.replace(/^ssh-/, ''),
        ),
      },
      trust,
    );
    return choice === trust;
  },
  showCheckModeUrl(url) {
    const open = vscode.l10n.t('Open Login Page');
    void vscode.window
      .showWarningMessage(vscode.l10n.t('Tailscale SSH needs an additional check in the browser before it lets you in.'), open)
      .then((c) => {
        if (c === open) void vscode.env.openExternal(vscode.Uri.parse(url, true));
      });
  },
};

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

/** The inference server's API key lives here (SecretStorage), never in settings. */
export const API_KEY_SECRET = 'tailspark.apiKey';
