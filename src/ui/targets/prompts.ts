// Every question the target flows ask, and every result they announce, behind one interface.
// The VS Code implementation below uses notifications (auto-configuration must not block the
// window with a modal) and modal dialogs for explicit commands; extension-host tests replace it
// through the test hooks (see index.ts) and answer themselves.
import * as vscode from 'vscode';
import type { ApplyAnswer, UnreachableAnswer } from '../../core/autoconfig/decide';
import type { Change } from '../../core/autoconfig/sync';
import { showErrorMessage, showInformationMessage, showWarningMessage } from '../notify';

export type { ApplyAnswer, Change, UnreachableAnswer };
export type RestartAnswer = 'restartNow' | 'nextClose';

export interface TargetPrompts {
  /** autoConfigure = ask: write this verified URL into these targets (old → new)? */
  askApply(info: { url: string; changes: Change[] }): Promise<ApplyAnswer | undefined>;
  /** Command "Write Base URL": a modal confirmation of the plan. */
  confirmApply(info: { url: string; changes: Change[]; notWritten: string[] }): Promise<boolean>;
  /** Cursor's native chat cannot reach this URL: what now? `funnelPossible` only with an enforced API key. */
  cursorUnreachable(info: { url: string; reason: string; funnelPossible: boolean; funnelWhyNot?: string }): Promise<UnreachableAnswer | undefined>;
  /** Cursor runs: its value can only change while it is closed. */
  cursorRestart(info: { url: string }): Promise<RestartAnswer | undefined>;
  /** Command "Revert": which targets to restore. Returns the chosen ids. */
  pickRevert(items: Array<{ id: string; label: string; description: string; detail: string }>): Promise<string[] | undefined>;
  /** A result; buttons are optional follow-ups, the chosen one is returned. */
  notify(severity: 'info' | 'warning' | 'error', message: string, ...buttons: string[]): Promise<string | undefined>;
}

const show = (severity: 'info' | 'warning' | 'error') =>
  severity === 'error' ? showErrorMessage : severity === 'warning' ? showWarningMessage : showInformationMessage;

const changeLine = (c: Change) => vscode.l10n.t('{0}: {1} → {2}', c.label, c.from ?? vscode.l10n.t('(not set)'), c.to);

export const vscodeTargetPrompts: TargetPrompts = {
  async askApply({ url, changes }) {
    const apply = vscode.l10n.t('Apply');
    const always = vscode.l10n.t('Always');
    const never = vscode.l10n.t('Never');
    const notNow = vscode.l10n.t('Not Now');
    const choice = await showInformationMessage(
      vscode.l10n.t('Tailspark verified {0}. Write it? {1}', url, changes.map(changeLine).join('; ')),
      apply,
      always,
      never,
      notNow,
    );
    return choice === apply ? 'apply' : choice === always ? 'always' : choice === never ? 'never' : choice === notNow ? 'notNow' : undefined;
  },

  async confirmApply({ url, changes, notWritten }) {
    const apply = vscode.l10n.t('Write');
    const detail = [
      ...changes.map(changeLine),
      ...(notWritten.length > 0 ? ['', vscode.l10n.t('Not written:'), ...notWritten.map((l) => `• ${l}`)] : []),
    ].join('\n');
    const choice = await showInformationMessage(vscode.l10n.t('Write the verified base URL {0}?', url), { modal: true, detail }, apply);
    return choice === apply;
  },

  async cursorUnreachable({ url, reason, funnelPossible, funnelWhyNot }) {
    const funnel = vscode.l10n.t('Make Public with Funnel…');
    const extensions = vscode.l10n.t('Use It in Continue');
    const anyway = vscode.l10n.t('Write Anyway');
    // Without an enforced key, Set Up Cursor Chat gives the server one first, then turns Funnel on.
    const setupChat = vscode.l10n.t('Set Up Cursor Chat…');
    const buttons = funnelPossible ? [funnel, extensions, anyway] : [setupChat, extensions, anyway];
    const message = funnelPossible
      ? vscode.l10n.t("Cursor's own chat cannot use {0}: {1} Extensions inside Cursor (Continue, Cline, Roo) call it from this machine and work.", url, reason)
      : vscode.l10n.t(
          "Cursor's own chat cannot use {0}: {1} Extensions inside Cursor (Continue, Cline, Roo) call it from this machine and work. Funnel is not offered: {2}",
          url,
          reason,
          funnelWhyNot ?? '',
        );
    const choice = await showWarningMessage(message, ...buttons);
    return choice === funnel ? 'funnel' : choice === setupChat ? 'setupChat' : choice === extensions ? 'extensions' : choice === anyway ? 'writeAnyway' : undefined;
  },

  async cursorRestart({ url }) {
    const now = vscode.l10n.t('Restart Cursor Now to Apply');
    const later = vscode.l10n.t('Apply Next Time Cursor Closes');
    const choice = await showInformationMessage(
      vscode.l10n.t('Cursor keeps its base URL in memory while it runs; {0} is written when Cursor closes and verified when it starts again.', url),
      now,
      later,
    );
    return choice === now ? 'restartNow' : choice === later ? 'nextClose' : undefined;
  },

  async pickRevert(items) {
    const picked = await vscode.window.showQuickPick(
      items.map((i) => ({ ...i, picked: true })),
      { title: vscode.l10n.t('Restore the value each target had before Tailspark wrote it'), canPickMany: true, ignoreFocusOut: true },
    );
    return picked?.map((p) => p.id);
  },

  notify: (severity, message, ...buttons) => Promise.resolve(show(severity)(message, ...buttons)),
};
