// Every question a remote command asks, behind one interface: the VS Code implementation uses
// modal dialogs; extension-host tests replace it (see testHooks in index.ts) and answer themselves.
// The modal texts name the consequence, not just the command.
import * as vscode from 'vscode';
import type { Finding } from '../../../core/findings';
import type { AccessDeniedInfo, AccessFix } from '../../../core/remote';
import { displayArgv } from '../../../core/remote/run';
import type { ServiceAction } from '../../../core/remote/systemd';
import { showInformationMessage, showWarningMessage } from '../../notify';

export interface ResetQuestion {
  routes: string[];
  baseUrl: string | null;
  /** Editor targets that currently hold the URL (they stop working). */
  targets: string[];
  /** "reset" removes everything; "stopPort" one HTTPS port. */
  kind: 'reset' | 'stopPort';
}

export interface RemotePrompts {
  /** Before every stop/restart of a running unit; running = requests that would fail (undefined: unknown). */
  confirmBusy(info: { unit: string; action: ServiceAction; running: number | undefined }): Promise<boolean>;
  chooseAccessFix(info: AccessDeniedInfo): Promise<AccessFix | undefined>;
  confirmReset(info: ResetQuestion): Promise<boolean>;
  confirmPublic(info: { baseUrl: string }): Promise<boolean>;
  consentLoseSsh(finding: Finding): Promise<boolean>;
  /** Several HTTPS ports proxy to the inference port: which one to stop (undefined = cancel). */
  chooseHttpsPort(choices: HttpsPortChoice[]): Promise<number | undefined>;
}

export interface HttpsPortChoice {
  port: number;
  /** The routes on that port, one line each ("https://host:8443/ → http://127.0.0.1:30001 (tailnet only)"). */
  routes: string[];
}

async function modal(message: string, detail: string, yes: string, severity: 'warning' | 'info' = 'warning'): Promise<boolean> {
  const show = severity === 'warning' ? showWarningMessage : showInformationMessage;
  return (await show(message, { modal: true, detail }, yes)) === yes;
}

export const vscodePrompts: RemotePrompts = {
  confirmBusy: ({ unit, action, running }) => {
    const stop = action === 'stop';
    const busy = running !== undefined && running > 0;
    const question = busy
      ? running === 1
        ? vscode.l10n.t('{0} is answering 1 request right now.', unit)
        : vscode.l10n.t('{0} is answering {1} requests right now.', unit, running)
      : stop
        ? vscode.l10n.t('Stop {0}?', unit)
        : vscode.l10n.t('Restart {0}?', unit);
    const requests = busy
      ? vscode.l10n.t('These requests fail (chat answers stop mid-sentence).')
      : running === 0
        ? vscode.l10n.t('No requests are running right now.')
        : vscode.l10n.t('Tailspark could not tell whether requests are running.');
    const after = stop
      ? vscode.l10n.t('The model is unavailable to every client until the service is started again and has loaded (minutes).')
      : vscode.l10n.t('The model is unavailable to every client while it loads again (minutes).');
    const yes = busy ? (stop ? vscode.l10n.t('Stop Anyway') : vscode.l10n.t('Restart Anyway')) : stop ? vscode.l10n.t('Stop') : vscode.l10n.t('Restart');
    return modal(question, `${requests} ${after}`, yes);
  },

  async chooseAccessFix(info) {
    const operator = vscode.l10n.t('Set Operator Once');
    const root = vscode.l10n.t('Run as Root This Time');
    const choice = await showWarningMessage(
      vscode.l10n.t('{0} may not change the Serve config on the Spark.', info.user),
      {
        modal: true,
        detail: vscode.l10n.t(
          '"{0}" makes {1} the Tailscale operator (asks for the sudo password if needed); afterwards Serve works without sudo.\n"{2}" runs just this change as root: {3}',
          operator,
          info.user,
          root,
          displayArgv(info.sudoArgv, true),
        ),
      },
      operator,
      root,
    );
    return choice === operator ? 'setOperator' : choice === root ? 'sudo' : undefined;
  },

  confirmReset: ({ routes, baseUrl, targets, kind }) =>
    modal(
      kind === 'reset' ? vscode.l10n.t('Reset all Tailscale Serve routes on the Spark?') : vscode.l10n.t('Stop serving HTTPS port 443 on the Spark?'),
      [
        vscode.l10n.t('These stop working:'),
        ...routes.map((r) => `• ${r}`),
        ...(baseUrl ? [vscode.l10n.t('The base URL {0}', baseUrl)] : []),
        ...(targets.length ? [vscode.l10n.t('Used by: {0}', targets.join(', '))] : []),
      ].join('\n'),
      kind === 'reset' ? vscode.l10n.t('Reset Serve') : vscode.l10n.t('Stop Serving'),
    ),

  confirmPublic: ({ baseUrl }) =>
    modal(
      vscode.l10n.t('Make the model PUBLIC on the internet?'),
      vscode.l10n.t(
        'Tailscale Funnel exposes {0} to everyone on the internet, not only your tailnet. Anyone who has (or guesses) the API key can use your GPU; every bug in the inference server becomes reachable from outside. Tailspark checked that the server refuses requests without an API key.',
        baseUrl,
      ),
      vscode.l10n.t('Make Public'),
    ),

  consentLoseSsh: (finding) =>
    modal(
      vscode.l10n.t('Enabling Tailscale SSH will drop this SSH session.'),
      `${finding.detail}\n\n${vscode.l10n.t('Continue only if you can reach the Spark another way (local console), or accept reconnecting through Tailscale SSH.')}`,
      vscode.l10n.t('Enable and Drop Session'),
    ),

  async chooseHttpsPort(choices) {
    const picked = await vscode.window.showQuickPick(
      choices.map((c) => ({ label: vscode.l10n.t('HTTPS port {0}', c.port), detail: c.routes.join(' · '), port: c.port })),
      { title: vscode.l10n.t('Stop Serving the Inference Port'), placeHolder: vscode.l10n.t('Several HTTPS ports serve the inference server: which one should stop?') },
    );
    return picked?.port;
  },
};
