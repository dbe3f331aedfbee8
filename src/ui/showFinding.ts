// A Finding as a notification: title and detail, one button per fix that has an action.
import * as vscode from 'vscode';
import type { Finding } from '../core/findings';
import type { Logger } from '../core/monitor/types';
import { runFixAction } from './fixes';

export async function showFinding(finding: Finding, log: Logger): Promise<void> {
  const fixes = finding.fixes.filter((f) => f.action);
  const labels = fixes.map((f) => f.label);
  const where = finding.where ? ` (${finding.where})` : '';
  const text = `${finding.title}${where}: ${finding.detail}`;
  const show =
    finding.severity === 'error'
      ? vscode.window.showErrorMessage
      : finding.severity === 'warning'
        ? vscode.window.showWarningMessage
        : vscode.window.showInformationMessage;
  const choice = await show(text, ...labels);
  const fix = fixes.find((f) => f.label === choice);
  if (fix?.action) await runFixAction(fix.action, log);
}
