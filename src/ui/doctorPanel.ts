// Shows the doctor's report as a rendered, read-only page (one panel, reused by every run): no
// unsaved "Untitled" buffer to dismiss, and each fix is a button. The page sends only an index;
// the action is looked up here, from the report this panel was rendered for.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { type DoctorReport, type ReportPage, renderReportPage, renderServersReportPage, type ServerSection } from '../core/doctor';
import type { Logger } from '../core/util/log';
import { runFixAction } from './fixes';

export const DOCTOR_PANEL_TYPE = 'tailspark.doctorReport';

let current: { panel: vscode.WebviewPanel; listener: vscode.Disposable } | undefined;

export function showDoctorReport(report: DoctorReport, markdown: string, secrets: readonly string[], log: Logger): vscode.WebviewPanel {
  return showPage(renderReportPage(report, pageOptions(report.startedAt, secrets)), markdown, log);
}

/** Diagnose with several servers: one section per server in the same panel. */
export function showServersReport(sections: readonly ServerSection[], markdown: string, secrets: readonly string[], log: Logger): vscode.WebviewPanel {
  return showPage(renderServersReportPage(sections, pageOptions(sections[0]?.report.startedAt ?? new Date().toISOString(), secrets)), markdown, log);
}

function pageOptions(startedAt: string, secrets: readonly string[]) {
  return { nonce: randomBytes(16).toString('base64'), secrets, when: new Date(startedAt).toLocaleString(vscode.env.language) };
}

function showPage(page: ReportPage, markdown: string, log: Logger): vscode.WebviewPanel {
  if (!current) {
    const panel = vscode.window.createWebviewPanel(
      DOCTOR_PANEL_TYPE,
      vscode.l10n.t('Tailspark Diagnosis'),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      // Scripts only for the buttons (nonce-bound by the page's CSP); no local files, no network.
      { enableScripts: true, localResourceRoots: [], enableFindWidget: true },
    );
    current = { panel, listener: new vscode.Disposable(() => {}) };
    panel.onDidDispose(() => {
      current?.listener.dispose();
      current = undefined;
    });
  } else {
    current.panel.reveal(vscode.ViewColumn.Active);
  }
  const { panel } = current;
  current.listener.dispose();
  current.listener = panel.webview.onDidReceiveMessage((message: unknown) => {
    const m = (message ?? {}) as { fix?: unknown; copy?: unknown };
    if (typeof m.fix === 'number' && Number.isInteger(m.fix)) {
      const fix = page.fixes[m.fix];
      if (fix) void runFixAction(fix.action, log);
    } else if (m.copy === 'markdown') {
      void vscode.env.clipboard.writeText(markdown).then(() => vscode.window.showInformationMessage(vscode.l10n.t('The diagnosis is on the clipboard as Markdown.')));
    }
  });
  panel.webview.html = page.html;
  return panel;
}
