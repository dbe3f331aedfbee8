// The doctor's Markdown report: a ✓/✗/⚠/– line per check, grouped by where it ran, and under
// each ✗/⚠ the fix (what to do, and the action the notification offers as a button). Every
// byte goes through redact (src/core/redact.ts): the report is meant to be read, saved and shared.
import type { Finding, FixAction } from '../findings';
import { tr } from '../l10n';
import { redact } from '../redact';
import { displayArgv } from '../remote/run';
import type { CheckGroup, CheckResult, CheckStatus, DoctorReport } from './types';

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', warn: '⚠', skip: '–' };

/** English source strings: render through tr(). */
export const GROUP_TITLE: Record<CheckGroup, string> = {
  client: 'This machine',
  ssh: 'SSH to the Spark',
  server: 'On the Spark',
  http: 'The inference server over HTTPS',
  editor: 'The editor',
};

/** Markdown inline code that holds any text: a quoted command may contain backticks, so the
 * fence is one longer than the longest backtick run inside (CommonMark). */
function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

export function describeAction(a: FixAction): string {
  switch (a.kind) {
    case 'openUrl':
      return tr('open {0}', a.url);
    case 'remote':
      return tr('run on the Spark: {0}', inlineCode(displayArgv(a.argv, a.sudo)));
    case 'openSettings':
      return tr('open the setting {0}', `\`${a.setting}\``);
    case 'command':
      return tr('run the command {0}', `\`${a.command}\``);
    case 'copy':
      return tr('copy {0}', inlineCode(a.text));
  }
}

function fixLines(f: Finding): string[] {
  const out = [`  - **${f.severity === 'error' ? tr('Problem') : tr('Note')}: ${f.title}.** ${f.detail}`];
  if (f.where) out.push(`    - ${tr('Where')}: \`${f.where}\``);
  for (const fix of f.fixes) out.push(`    - ${tr('Fix')} — ${fix.label}${fix.action ? `: ${describeAction(fix.action)}` : ''}`);
  if (f.evidence) out.push(`    - ${tr('Evidence')}:`, '', '      ```', ...f.evidence.split(/\r?\n/).slice(0, 20).map((l) => `      ${l}`), '      ```', '');
  return out;
}

function checkLines(c: CheckResult): string[] {
  const out = [`- ${MARK[c.status]} **${c.title}** — ${c.summary}${c.durationMs >= 1000 ? ` _(${(c.durationMs / 1000).toFixed(1)} s)_` : ''}`];
  if (c.details?.length) out.push('', '  ```', ...c.details.slice(0, 30).map((l) => `  ${l}`), '  ```', '');
  if (c.status === 'fail' || c.status === 'warn') for (const f of c.findings) out.push(...fixLines(f));
  return out;
}

export function renderReport(report: DoctorReport, secrets: readonly string[] = []): string {
  const count = (s: CheckStatus) => report.checks.filter((c) => c.status === s).length;
  const lines = [
    `# ${tr('Tailspark — connection diagnosis')}`,
    '',
    `${report.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} · ${(report.durationMs / 1000).toFixed(1)} s`,
    '',
    `- Spark: ${report.spark ?? tr('(not found)')}`,
    `- SSH: ${report.sshTarget ?? tr('(no connection)')}`,
    `- ${tr('Base URL')}: ${report.baseUrl ?? tr('(none)')}`,
    '',
    `**${count('pass')} ✓ · ${count('fail')} ✗ · ${count('warn')} ⚠ · ${tr('{0} skipped', count('skip'))}**`,
  ];
  for (const group of Object.keys(GROUP_TITLE) as CheckGroup[]) {
    const checks = report.checks.filter((c) => c.group === group);
    if (checks.length === 0) continue;
    lines.push('', `## ${tr(GROUP_TITLE[group])}`, '');
    for (const c of checks) lines.push(...checkLines(c));
  }
  lines.push('', `_${tr('Secrets (API keys, passwords, private keys) are removed from this report.')}_`, '');
  return redact(lines.join('\n'), secrets);
}

export interface ReportVerdict {
  status: 'pass' | 'warn' | 'fail';
  /** One line: "2 checks failed, 1 warning", or "all 11 checks passed". */
  text: string;
}

/** A whole report in one line (a server's section heading when Diagnose covers several servers). */
export function reportVerdict(report: DoctorReport): ReportVerdict {
  const count = (s: CheckStatus) => report.checks.filter((c) => c.status === s).length;
  const failed = count('fail');
  const warned = count('warn');
  const problems = [
    ...(failed === 0 ? [] : [tr(failed === 1 ? '1 check failed' : '{0} checks failed', failed)]),
    ...(warned === 0 ? [] : [tr(warned === 1 ? '1 warning' : '{0} warnings', warned)]),
  ];
  if (problems.length === 0) return { status: 'pass', text: tr('all {0} checks passed', count('pass')) };
  return { status: failed > 0 ? 'fail' : 'warn', text: problems.join(', ') };
}

/** The first runnable fix of each failed (then warned) check, each label once: notification buttons. */
export function fixButtons(report: DoctorReport, max = 3): { label: string; action: FixAction }[] {
  const out: { label: string; action: FixAction }[] = [];
  for (const f of actionableFindings(report)) {
    const fix = f.fixes.find((x) => x.action);
    if (fix?.action && !out.some((o) => o.label === fix.label)) out.push({ label: fix.label, action: fix.action });
  }
  return out.slice(0, max);
}

/** The findings whose fixes can be run as buttons, most severe first, each code once. */
export function actionableFindings(report: DoctorReport): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const status of ['fail', 'warn'] as const) {
    for (const c of report.checks.filter((x) => x.status === status)) {
      for (const f of c.findings) {
        if (seen.has(f.code) || !f.fixes.some((x) => x.action)) continue;
        seen.add(f.code);
        out.push(f);
      }
    }
  }
  return out;
}
