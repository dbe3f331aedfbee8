// The SSH layer's questions, answered with VS Code UI: password boxes (never logged, never
// stored unless the SSH layer is told to remember), and a modal for an unknown host key.
import * as vscode from 'vscode';
import type { SshPrompter } from '../core/ssh';
import { isTailscaleLoginUrl } from '../core/tailnet/loginUrl';

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
    // The URL is the SSH server's text: offer to open it only when it is Tailscale's login page.
    if (!isTailscaleLoginUrl(url)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Tailscale SSH needs an additional check in the browser before it lets you in.'));
      return;
    }
    const open = vscode.l10n.t('Open Login Page');
    void vscode.window
      .showWarningMessage(vscode.l10n.t('Tailscale SSH needs an additional check in the browser before it lets you in.'), open)
      .then((c) => {
        if (c === open) void vscode.env.openExternal(vscode.Uri.parse(url, true));
      });
  },
};

/** The inference server's API key lives here (SecretStorage), never in settings. */
export const API_KEY_SECRET = 'tailspark.apiKey';
