// "Tailspark: Diagnose Connection": runs the checklist with a cancellable progress notification,
// shows the report as a rendered, read-only page whose fixes are buttons (secrets redacted; Copy
// as Markdown for sharing) and offers the runnable fixes of the failed checks as buttons.
import * as vscode from 'vscode';
import { type DoctorReport, fixButtons, renderReport, runDoctor, type TargetStatus } from '../../../core/doctor';
import { makeFinding } from '../../../core/findings';
import type { PooledShell } from '../../../core/ssh';
import { runTailscaleCli } from '../../../core/tailnet/cliRunner';
import { showDoctorReport } from '../../doctorPanel';
import { runFixAction } from '../../fixes';
import type { Tailspark } from '../../tailspark';
import { showErrorMessage, showInformationMessage, showWarningMessage } from '../../notify';

export interface DoctorOutcome {
  report: DoctorReport;
  markdown: string;
  panel?: vscode.WebviewPanel;
}

export async function runDoctorCommand(ts: Tailspark, options: { openEditor?: boolean } = {}): Promise<DoctorOutcome | undefined> {
  const s = ts.settings.settings;
  const apiKey = await ts.http.apiKey();
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Diagnosing the connection to the Spark'), cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      // The SSH checks log in afresh: a pooled connection from before a policy change would pass.
      const shells: PooledShell[] = [];
      try {
        return await runDoctor(
          {
            hostSelector: s['spark.host'],
            serviceUnit: s['service.unit'],
            resolveUnit: (ctx) => ts.spark.serviceUnit(ctx),
            inferencePort: s['spark.inferencePort'],
            baseUrlOverride: s.baseUrl,
            runLocal: (args, signal) => runTailscaleCli(args, { ...(s['tailscale.path'] ? { cliPath: s['tailscale.path'] } : {}), signal, timeoutMs: 10_000 }),
            openShell: async (peer) => {
              ts.spark.rememberPeer(peer);
              const shell = ts.spark.freshShell();
              shells.push(shell);
              return shell;
            },
            probe: (baseUrl, signal) => ts.http.probe(baseUrl, { signal }),
            targets: async (): Promise<TargetStatus[]> =>
              ts.monitor
                .getState()
                .targets.filter((t) => t.status !== 'disabled')
                .map((t) => {
                  const summary = `${t.status}${t.detail ? ` — ${t.detail}` : ''}`;
                  // A target that merely lacks the URL has a one-click fix; say so in the report and as a button.
                  const findings = t.status === 'differs' ? [makeFinding('target.notWritten', { target: t.label, ...(t.detail ? { state: t.detail } : {}) })] : [];
                  return { name: t.label, ok: t.status === 'inSync', summary, findings };
                }),
            log: ts.log,
            secrets: () => (apiKey ? [apiKey] : []),
          },
          {
            signal: controller.signal,
            onCheck: (r, done, total) => progress.report({ message: `${done}/${total} ${r.title}`, increment: 100 / total }),
          },
        );
      } finally {
        sub.dispose();
        for (const shell of shells) shell.close();
      }
    },
  );
  const secrets = apiKey ? [apiKey] : [];
  const markdown = renderReport(report, secrets);
  const panel = options.openEditor !== false ? showDoctorReport(report, markdown, secrets, ts.log) : undefined;
  const failedCount = report.checks.filter((c) => c.status === 'fail').length;
  const warnCount = report.checks.filter((c) => c.status === 'warn').length;
  const buttons = fixButtons(report);
  const problems = [
    ...(failedCount === 0 ? [] : [failedCount === 1 ? vscode.l10n.t('1 check failed') : vscode.l10n.t('{0} checks failed', failedCount)]),
    ...(warnCount === 0 ? [] : [warnCount === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', warnCount)]),
  ];
  const text =
    problems.length === 0
      ? vscode.l10n.t('Diagnosis: all {0} checks passed.', report.checks.filter((c) => c.status === 'pass').length)
      : vscode.l10n.t('Diagnosis: {0}. The report is open.', problems.join(', '));
  const show = failedCount > 0 ? showErrorMessage : warnCount > 0 ? showWarningMessage : showInformationMessage;
  void show(text, ...buttons.map((b) => b.label)).then((choice) => {
    const b = buttons.find((x) => x.label === choice);
    if (b) void runFixAction(b.action, ts.log);
  });
  return { report, markdown, ...(panel ? { panel } : {}) };
}
