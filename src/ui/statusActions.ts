// Clicking the status item: a quick pick of what makes sense now (src/core/state/actions.ts).
import * as vscode from 'vscode';
import type { Logger } from '../core/util/log';
import { actionsFor } from '../core/state/actions';
import { phaseLabel } from '../core/state/render';
import type { SparkState } from '../core/state/types';
import { runFixAction } from './fixes';

export async function showStatusActions(state: SparkState, log: Logger): Promise<void> {
  const actions = actionsFor(state, vscode.l10n.t);
  const picked = await vscode.window.showQuickPick(
    actions.map((a) => ({ label: a.label, ...(a.description ? { description: a.description } : {}), action: a.action })),
    { title: `Tailspark — ${phaseLabel(state, vscode.l10n.t)}`, placeHolder: vscode.l10n.t('What do you want to do?') },
  );
  if (picked) await runFixAction(picked.action, log);
}
