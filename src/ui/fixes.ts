// Runs a Finding's fix action (or a status-bar action): the one place that turns FixAction data
// into editor behaviour. Remote fixes are handed to the remote-operations runner when one is
// registered; otherwise the exact command is offered for copying.
import * as vscode from 'vscode';
import type { FixAction } from '../core/findings';
import type { Logger } from '../core/util/log';
import { displayArgv } from '../core/remote/run';
import { showInformationMessage } from './notify';

/** Set by the remote commands module: runs an argv on the Spark with progress and output. */
export type RemoteFixRunner = (argv: readonly string[], sudo: boolean) => Promise<void>;

let remoteRunner: RemoteFixRunner | undefined;

export function setRemoteFixRunner(runner: RemoteFixRunner | undefined): void {
  remoteRunner = runner;
}

let afterFix: (() => void) | undefined;

/** Told after every fix that ran: a fix that worked must show in the status at once, not after the backoff. */
export function setAfterFix(hook: (() => void) | undefined): void {
  afterFix = hook;
}

export async function runFixAction(action: FixAction, log: Logger): Promise<void> {
  log.info(`action: ${describeAction(action)}`);
  try {
    await runAction(action);
  } finally {
    // Opening a URL or a setting changes nothing yet; everything else may have fixed something.
    if (action.kind === 'command' || action.kind === 'remote') afterFix?.();
  }
}

async function runAction(action: FixAction): Promise<void> {
  switch (action.kind) {
    case 'command':
      await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
      return;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', action.setting);
      return;
    case 'openUrl':
      await vscode.env.openExternal(vscode.Uri.parse(action.url, true));
      return;
    case 'copy':
      await vscode.env.clipboard.writeText(action.text);
      void showInformationMessage(vscode.l10n.t('Copied to the clipboard: {0}', action.text));
      return;
    case 'remote': {
      if (remoteRunner) {
        await remoteRunner(action.argv, action.sudo ?? false);
        return;
      }
      const line = displayArgv(action.argv, action.sudo);
      const copy = vscode.l10n.t('Copy Command');
      const choice = await showInformationMessage(vscode.l10n.t('Run this on the Spark: {0}', line), copy);
      if (choice === copy) await vscode.env.clipboard.writeText(line);
      return;
    }
  }
}

export function describeAction(a: FixAction): string {
  switch (a.kind) {
    case 'command':
      return `command ${a.command}`;
    case 'openSettings':
      return `open settings ${a.setting}`;
    case 'openUrl':
      return `open ${a.url}`;
    case 'copy':
      return 'copy to clipboard';
    case 'remote':
      return `remote ${displayArgv(a.argv, a.sudo)}`;
  }
}
