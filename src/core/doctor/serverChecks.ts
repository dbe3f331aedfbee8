// Checks ON the Spark, over SSH: login and sudo rights, tailscale version and prefs (RunSSH,
// OperatorUser), snap or not, the serve config, the inference service and its last log lines.
import { makeFinding } from '../findings';
import { detectTailscaleInstall, type TailscaleInstall } from '../remote/install';
import { lastMeaningfulJournalLines, logLevelOf, messageOf } from '../remote/journal';
import { readPrefs } from '../remote/prefs';
import { runRemote } from '../remote/run';
import { readServeOverSsh } from '../discovery/serve';
import { describeRoute } from '../remote/serve';
import { serviceStatus } from '../remote/service';
import { describeStatus } from '../remote/systemd';
import type { OpContext } from '../remote/types';
import { type Outcome, outcome } from './check';
import { parseSnapServices, parseVersion } from './parse';
import { countOf, tr } from '../l10n';

export async function checkLogin(ctx: OpContext): Promise<Outcome> {
  const started = Date.now();
  const who = await runRemote(ctx, ['id', '-un'], { timeoutMs: 15_000 });
  const ms = Date.now() - started;
  if (who.code !== 0) return outcome('fail', tr('logged in, but "id -un" failed (exit {0})', String(who.code)), { details: [who.stderr.trim()] });
  const sudo = await runRemote(ctx, ['sudo', '-n', 'true'], { timeoutMs: 15_000 });
  const sudoText =
    sudo.code === 0
      ? 'sudo works without a password'
      : /password is required/.test(sudo.stderr)
        ? 'sudo asks for a password (Tailspark will prompt)'
        : /not in the sudoers|may not run sudo|not allowed/.test(sudo.stderr)
          ? 'NO sudo rights: starting/stopping the service and setting the operator are impossible'
          : `sudo: ${sudo.stderr.trim().split(/\r?\n/)[0] || `exit ${sudo.code}`}`;
  const status = /NO sudo rights/.test(sudoText) ? 'warn' : 'pass';
  const findings =
    status === 'warn' ? [makeFinding('ssh.sudoNotAllowed', { user: ctx.shell.user, host: ctx.shell.target, sudoText: sudo.stderr.trim().split(/\r?\n/)[0] })] : [];
  // sudoText is an English source string (the status above reads it); tr() leaves sudo's own words alone.
  return outcome(status, tr('{0}: logged in as {1} ({2} ms); {3}', ctx.shell.target, who.stdout.trim(), ms, tr(sudoText)), { findings });
}

export async function checkVersion(ctx: OpContext): Promise<Outcome> {
  const r = await runRemote(ctx, ['tailscale', 'version'], { timeoutMs: 15_000 });
  const v = parseVersion(r.stdout);
  if (r.code !== 0 || !v) return outcome('fail', tr('tailscale version failed: {0}', (r.stderr || r.stdout).trim().split(/\r?\n/)[0] || `exit ${r.code}`));
  return outcome('pass', `tailscale ${v}`);
}

export async function checkInstall(ctx: OpContext): Promise<{ outcome: Outcome; install?: TailscaleInstall }> {
  const install = await detectTailscaleInstall(ctx);
  if (!install.snap) return { outcome: outcome('pass', tr('not a snap ({0}; {1})', install.cliPath ?? 'tailscale', install.evidence)), install };
  const services = await runRemote(ctx, ['snap', 'services', 'tailscale'], { timeoutMs: 15_000 });
  const rows = parseSnapServices(services.stdout);
  const down = rows.filter((r) => r.current !== 'active');
  const summary = tr('snap install ({0}); {1}', install.evidence, rows.map((r) => `${r.service} ${r.current}`).join(', ') || tr('snap services: no rows'));
  if (down.length > 0) {
    return {
      outcome: outcome('fail', summary, { findings: [makeFinding('tailscale.daemonNotRunning', { side: 'remote', platform: 'linux', where: ctx.shell.target })] }),
      install,
    };
  }
  return { outcome: outcome('pass', summary), install };
}

export async function checkPrefs(ctx: OpContext, install: TailscaleInstall | undefined): Promise<Outcome> {
  const r = await readPrefs(ctx);
  if (!r.prefs) return outcome('fail', tr('tailscale debug prefs failed: {0}', r.stderr.trim().split(/\r?\n/)[0] || `exit ${r.code}`));
  const p = r.prefs;
  const operatorOk = p.operatorUser === ctx.shell.user;
  const parts = [`RunSSH ${p.runSsh ? 'on' : 'off'}`, `OperatorUser ${p.operatorUser || tr('(none)')}`];
  if (p.advertiseTags.length) parts.push(`tags ${p.advertiseTags.join(', ')}`);
  if (operatorOk) return outcome('pass', parts.join('; '));
  const argv = ['tailscale', 'set', `--operator=${ctx.shell.user}`];
  return outcome('warn', tr('{0} — {1} is not the operator, so serve changes need sudo', parts.join('; '), ctx.shell.user), {
    findings: [
      {
        ...makeFinding('tailscale.serveConfigDenied', { user: ctx.shell.user, snap: install?.snap ? 'yes' : undefined, where: ctx.shell.target }),
        severity: 'warning',
        fixes: [{ label: tr('Make {0} Operator', ctx.shell.user), action: { kind: 'remote', argv, sudo: true } }],
      },
    ],
  });
}

/** The discovery pipeline's serve step (src/core/discovery/serve.ts), as a check with every route as a detail. */
export async function checkServe(ctx: OpContext, port: number, host: string | undefined): Promise<{ outcome: Outcome; baseUrl: string | null }> {
  const r = await readServeOverSsh(ctx, { port, ...(host ? { host } : {}) });
  if (r.kind === 'failed') return { outcome: outcome('fail', r.finding.title, { findings: [r.finding] }), baseUrl: null };
  const lines = (r.routes ?? []).map(describeRoute);
  if (r.kind === 'notServed') {
    const message = lines.length === 0 ? 'Nothing is served on the Spark.' : `Port ${port} is not served (other routes: ${lines.join('; ')}).`;
    return { outcome: outcome('fail', message, { findings: [r.finding], details: lines }), baseUrl: null };
  }
  const { baseUrl, exposure } = r.serve;
  const message = `Base URL ${baseUrl} (${exposure === 'funnel' ? 'PUBLIC via Funnel' : 'tailnet only'}).`;
  return { outcome: outcome(exposure === 'funnel' ? 'warn' : 'pass', message, { findings: r.findings, details: lines }), baseUrl };
}

export async function checkService(ctx: OpContext, unit: string): Promise<Outcome> {
  const r = await serviceStatus(ctx, unit);
  if (!r.ok) return outcome('fail', r.message, { findings: r.findings });
  const s = r.value;
  if (s.activeState === 'active') return outcome('pass', describeStatus(s));
  if (s.activeState === 'activating' || s.activeState === 'reloading') return outcome('warn', describeStatus(s));
  return outcome('fail', describeStatus(s), {
    findings: [makeFinding('service.notRunning', { unit: s.unit, state: s.activeState, result: s.result, where: ctx.shell.target })],
  });
}

export async function checkJournal(ctx: OpContext, unit: string): Promise<Outcome> {
  const lines = await lastMeaningfulJournalLines(ctx, unit, 10);
  if (lines.length === 0) return outcome('warn', tr('no journal lines for {0} (not readable by {1}, or never started)', unit, ctx.shell.user));
  const errors = lines.filter((l) => logLevelOf(messageOf(l)) === 'error');
  const last = messageOf(lines[lines.length - 1]!);
  return outcome(errors.length > 0 ? 'warn' : 'pass', errors.length > 0 ? tr('{0} in the last {1}; last: {2}', countOf(errors.length, tr('error line'), tr('error lines')), lines.length, last) : tr('last: {0}', last), {
    details: lines,
  });
}
