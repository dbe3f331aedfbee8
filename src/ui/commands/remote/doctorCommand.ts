// "Tailspark: Diagnose Connection": runs the checklist with a cancellable progress notification,
// shows the report as a rendered, read-only page whose fixes are buttons (secrets redacted; Copy
// as Markdown for sharing) and offers the runnable fixes of the failed checks as buttons.
// With several servers (`tailspark.servers`) it diagnoses each, the active one first, with that
// server's settings (src/core/servers/eachServer.ts, as `tailspark doctor` does): one section each.
import * as vscode from 'vscode';
import { type DoctorReport, fixButtons, type ReportVerdict, renderReport, reportVerdict, runDoctor, type TargetStatus } from '../../../core/doctor';
import { makeFinding } from '../../../core/findings';
import { forEachServer, serverHeading, serverSectionMarkdown } from '../../../core/servers/eachServer';
import { resolveServers, settingsForServer } from '../../../core/servers/serverList';
import type { Settings } from '../../../core/settings';
import type { PooledShell } from '../../../core/ssh';
import { runTailscaleCli } from '../../../core/tailnet/cliRunner';
import { showDoctorReport, showServersReport } from '../../doctorPanel';
import { runFixAction } from '../../fixes';
import { quietConnection } from '../../servers/fleetWiring';
import type { SparkConnection } from '../../sparkConnection';
import type { Tailspark } from '../../tailspark';
import { showErrorMessage, showInformationMessage, showWarningMessage } from '../../notify';

export interface DoctorOutcome {
  /** The active server's report. */
  report: DoctorReport;
  markdown: string;
  panel?: vscode.WebviewPanel;
  /** With more than one server configured: every server's report, the active one first. */
  servers?: ServerDiagnosis[];
}

export interface ServerDiagnosis {
  name: string;
  active: boolean;
  report: DoctorReport;
  verdict: ReportVerdict;
}

/** One server's checklist: its settings, its SSH connection, and the editor targets only for the active one. */
interface DoctorSubject {
  settings: Settings;
  connection: SparkConnection;
  /** The editor targets hold the active server's URL: checked only in its report. */
  withTargets: boolean;
  log: { info(m: string): void; warn(m: string): void; error(m: string): void };
}

export async function runDoctorCommand(ts: Tailspark, options: { openEditor?: boolean } = {}): Promise<DoctorOutcome | undefined> {
  const apiKey = await ts.http.apiKey();
  const secrets = apiKey ? [apiKey] : [];
  if (resolveServers(ts.settings.all).list.length > 1) return diagnoseEveryServer(ts, secrets, options);
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Diagnosing the connection to the Spark'), cancellable: true },
    (progress, token) =>
      diagnose(ts, { settings: ts.settings.settings, connection: ts.spark, withTargets: true, log: ts.log }, secrets, token, (r, done, total) =>
        progress.report({ message: `${done}/${total} ${r.title}`, increment: 100 / total }),
      ),
  );
  const markdown = renderReport(report, secrets);
  const panel = options.openEditor !== false ? showDoctorReport(report, markdown, secrets, ts.log) : undefined;
  const failedCount = report.checks.filter((c) => c.status === 'fail').length;
  const warnCount = report.checks.filter((c) => c.status === 'warn').length;
  const problems = [
    ...(failedCount === 0 ? [] : [failedCount === 1 ? vscode.l10n.t('1 check failed') : vscode.l10n.t('{0} checks failed', failedCount)]),
    ...(warnCount === 0 ? [] : [warnCount === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', warnCount)]),
  ];
  const text =
    problems.length === 0
      ? vscode.l10n.t('Diagnosis: all {0} checks passed.', report.checks.filter((c) => c.status === 'pass').length)
      : vscode.l10n.t('Diagnosis: {0}. The report is open.', problems.join(', '));
  notify(ts, text, reportVerdict(report).status, report);
  return { report, markdown, ...(panel ? { panel } : {}) };
}

/** Every configured server, the active one first, one after the other; one section each. */
async function diagnoseEveryServer(ts: Tailspark, secrets: string[], options: { openEditor?: boolean }): Promise<DoctorOutcome | undefined> {
  const all = ts.settings.all;
  const { list, active } = resolveServers(all);
  const runs = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Diagnosing {0} inference servers', list.length), cancellable: true },
    (progress, token) => {
      let at = '';
      return forEachServer(
        list,
        active,
        async (entry, isActive) => {
          if (token.isCancellationRequested) return undefined;
          // The active server through the window's own connection (its prompts, its known peer);
          // the others through a quiet one of their own, as the background watching does.
          const connection = isActive ? ts.spark : quietConnection(ts, entry);
          const log = { info: (m: string) => ts.log.info(`[${entry.name}] ${m}`), warn: (m: string) => ts.log.warn(`[${entry.name}] ${m}`), error: (m: string) => ts.log.error(`[${entry.name}] ${m}`) };
          try {
            return await diagnose(ts, { settings: isActive ? ts.settings.settings : settingsForServer(all, entry), connection, withTargets: isActive, log }, secrets, token, (r, done, total) =>
              progress.report({ message: `${at} · ${done}/${total} ${r.title}`, increment: 100 / total / list.length }),
            );
          } finally {
            if (!isActive) connection.dispose();
          }
        },
        (entry, i, total) => {
          at = `${i + 1}/${total} ${entry.name}`;
          progress.report({ message: at });
        },
      );
    },
  );
  const done = runs.flatMap((r) => (r.result ? [{ ...r, result: r.result }] : []));
  const first = done[0];
  if (!first) return undefined; // cancelled before the first server was done
  const servers: ServerDiagnosis[] = done.map((r) => ({ name: r.entry.name, active: r.active, report: r.result, verdict: reportVerdict(r.result) }));
  const markdown = done.map((r, i) => serverSectionMarkdown(r.entry, renderReport(r.result, secrets), i)).join('');
  const panel =
    options.openEditor !== false
      ? showServersReport(
          done.map((r) => ({ heading: serverHeading(r.entry), report: r.result, runnableFixes: r.active })),
          markdown,
          secrets,
          ts.log,
        )
      : undefined;
  const worst = servers.some((s) => s.verdict.status === 'fail') ? 'fail' : servers.some((s) => s.verdict.status === 'warn') ? 'warn' : 'pass';
  const text = vscode.l10n.t('Diagnosis of {0} servers: {1}. The report is open.', servers.length, servers.map((s) => `${s.name}: ${s.verdict.text}`).join('; '));
  const activeRun = done.find((r) => r.active);
  notify(ts, text, worst, activeRun?.result);
  return { report: (activeRun ?? first).result, markdown, servers, ...(panel ? { panel } : {}) };
}

/**
 * The notification: what the diagnosis found, with the runnable fixes of the ACTIVE server's
 * failed checks as buttons (a fix runs on the active server; another server's would hit the wrong one).
 */
function notify(ts: Tailspark, text: string, status: ReportVerdict['status'], activeReport: DoctorReport | undefined): void {
  const buttons = activeReport ? fixButtons(activeReport) : [];
  const show = status === 'fail' ? showErrorMessage : status === 'warn' ? showWarningMessage : showInformationMessage;
  void show(text, ...buttons.map((b) => b.label)).then((choice) => {
    const b = buttons.find((x) => x.label === choice);
    if (b) void runFixAction(b.action, ts.log);
  });
}

/** The one doctor run for one server, cancellable from the progress notification. */
async function diagnose(
  ts: Tailspark,
  subject: DoctorSubject,
  secrets: string[],
  token: vscode.CancellationToken,
  onCheck: (r: DoctorReport['checks'][number], done: number, total: number) => void,
): Promise<DoctorReport> {
  const s = subject.settings;
  const { connection } = subject;
  const controller = new AbortController();
  const sub = token.onCancellationRequested(() => controller.abort());
  // The SSH checks log in afresh: a pooled connection from before a policy change would pass.
  const shells: PooledShell[] = [];
  try {
    return await runDoctor(
      {
        hostSelector: s['spark.host'],
        serviceUnit: s['service.unit'],
        resolveUnit: (ctx) => connection.serviceUnit(ctx),
        inferencePort: s['spark.inferencePort'],
        baseUrlOverride: s.baseUrl,
        runLocal: (args, signal) => runTailscaleCli(args, { ...(s['tailscale.path'] ? { cliPath: s['tailscale.path'] } : {}), signal, timeoutMs: 10_000 }),
        openShell: async (peer) => {
          connection.rememberPeer(peer);
          const shell = connection.freshShell();
          shells.push(shell);
          return shell;
        },
        probe: (baseUrl, signal) => ts.http.probe(baseUrl, { signal }),
        ...(subject.withTargets ? { targets: async () => targetStatuses(ts) } : {}),
        log: subject.log,
        secrets: () => secrets,
      },
      { signal: controller.signal, onCheck },
    );
  } finally {
    sub.dispose();
    for (const shell of shells) shell.close();
  }
}

function targetStatuses(ts: Tailspark): TargetStatus[] {
  return ts.monitor
    .getState()
    .targets.filter((t) => t.status !== 'disabled')
    .map((t) => {
      const summary = `${t.status}${t.detail ? ` — ${t.detail}` : ''}`;
      // A target that merely lacks the URL has a one-click fix; say so in the report and as a button.
      const findings = t.status === 'differs' ? [makeFinding('target.notWritten', { target: t.label, ...(t.detail ? { state: t.detail } : {}) })] : [];
      return { name: t.label, ok: t.status === 'inSync', summary, findings };
    });
}
