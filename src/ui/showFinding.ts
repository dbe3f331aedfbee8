// A Finding as a notification: title and detail, one button per fix that has an action. When the
// Finding carries evidence (journal lines, command output), the notification quotes its telling
// line — the WHY (e.g. "CUDA out of memory") — and the full evidence goes to the log.
import * as vscode from 'vscode';
import type { Finding } from '../core/findings';
import type { Logger } from '../core/util/log';
import { tellingLine } from '../core/remote/evidence';
import { runFixAction } from './fixes';
import { showErrorMessage, showInformationMessage, showWarningMessage } from './notify';
import { COMMANDS } from '../core/commands';

export async function showFinding(finding: Finding, log: Logger): Promise<void> {
  const fixes = finding.fixes.filter((f) => f.action);
  const labels = fixes.map((f) => f.label);
  // "unit stopped while starting (unit)": the where adds nothing when the title already names it.
  const where = finding.where && !finding.title.includes(finding.where) ? ` (${finding.where})` : '';
  const telling = tellingLine(finding.evidence);
  const evidence = telling ? ` ${vscode.l10n.t('Last output: {0}', telling)}` : '';
  const text = `${finding.title}${where}: ${finding.detail}${evidence}`;
  const openLog = vscode.l10n.t('Open Log');
  const logsEvidence = finding.evidence !== undefined && finding.evidence.trim() !== '';
  if (logsEvidence) {
    log.warn(`${finding.title} [${finding.code}]${finding.where ? ` at ${finding.where}` : ''} — evidence:\n${finding.evidence}`);
    if (!labels.includes(openLog) && !fixes.some((f) => f.action?.kind === 'command' && f.action.command === COMMANDS.showLog)) labels.push(openLog);
  }
  const show =
    finding.severity === 'error'
      ? showErrorMessage
      : finding.severity === 'warning'
        ? showWarningMessage
        : showInformationMessage;
  const choice = await show(text, ...labels);
  const fix = fixes.find((f) => f.label === choice);
  if (fix?.action) await runFixAction(fix.action, log);
  else if (choice === openLog) await vscode.commands.executeCommand(COMMANDS.showLog);
}
