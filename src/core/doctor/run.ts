// The whole checklist, in three stages because later checks need earlier answers:
//   1. this machine's Tailscale → which peer is the Spark;
//   2. in parallel: ping + whois of that peer, and SSH login → then every check on the Spark;
//   3. the HTTPS probe of the URL (from the serve config, the override, or the MagicDNS guess)
//      and the editor targets.
// Each check has its own time limit; a check whose input is missing is "skipped" with the reason.
import type { RemoteShell } from '../ssh/types';
import type { PeerInfo } from '../tailnet/peers';
import { derivedServe } from '../discovery/serve';
import { type CheckSpec, outcome, runCheck, skipped } from './check';
import { checkLocalStatus, checkPing, checkWhois } from './clientChecks';
import { checkInstall, checkJournal, checkLogin, checkPrefs, checkServe, checkService, checkVersion } from './serverChecks';
import type { CheckResult, DoctorDeps, DoctorOptions, DoctorReport } from './types';
import type { TailscaleInstall } from '../remote/install';
import { tr } from '../l10n';
import type { UnitChoice } from '../remote/unitDetect';

export const CHECKS = {
  localStatus: { id: 'client.status', group: 'client', title: 'Tailscale on this machine', timeoutMs: 10_000 },
  ping: { id: 'client.ping', group: 'client', title: 'Path to the Spark (tailscale ping)', timeoutMs: 8_000 },
  whois: { id: 'client.whois', group: 'client', title: 'Who the Spark is (tailscale whois)', timeoutMs: 8_000 },
  login: { id: 'ssh.login', group: 'ssh', title: 'SSH login and sudo', timeoutMs: 45_000 },
  version: { id: 'server.version', group: 'server', title: 'Tailscale version on the Spark', timeoutMs: 15_000 },
  install: { id: 'server.install', group: 'server', title: 'Tailscale install (snap or package)', timeoutMs: 20_000 },
  prefs: { id: 'server.prefs', group: 'server', title: 'Tailscale prefs (RunSSH, OperatorUser)', timeoutMs: 20_000 },
  serve: { id: 'server.serve', group: 'server', title: 'Serve config', timeoutMs: 15_000 },
  service: { id: 'server.service', group: 'server', title: 'Inference service', timeoutMs: 20_000 },
  journal: { id: 'server.journal', group: 'server', title: 'Last log lines of the service', timeoutMs: 15_000 },
  probe: { id: 'http.probe', group: 'http', title: 'HTTPS probe of the base URL', timeoutMs: 20_000 },
  targets: { id: 'editor.targets', group: 'editor', title: 'Editor base-URL targets', timeoutMs: 15_000 },
} satisfies Record<string, CheckSpec>;

export async function runDoctor(deps: DoctorDeps, options: DoctorOptions = {}): Promise<DoctorReport> {
  const started = Date.now();
  const startedAt = (options.now?.() ?? new Date()).toISOString();
  const results: CheckResult[] = [];
  const total = Object.keys(CHECKS).length - (deps.targets ? 0 : 1);
  const spec = (s: CheckSpec): CheckSpec => ({ ...s, timeoutMs: options.timeoutsMs?.[s.id] ?? s.timeoutMs });
  const record = (r: CheckResult): CheckResult => {
    results.push(r);
    deps.log.info(`doctor: ${r.status.toUpperCase()} ${r.title}: ${r.summary} (${r.durationMs} ms)`);
    options.onCheck?.(r, results.length, total);
    return r;
  };
  const signal = options.signal;

  // ── Stage 1: the local tailnet view ──
  let spark: PeerInfo | undefined;
  const local = record(
    await runCheck(spec(CHECKS.localStatus), signal, async (s) => {
      const r = await checkLocalStatus(deps, s);
      spark = r.discovery?.spark;
      return r.outcome;
    }),
  );

  // ── Stage 2: the peer from here, and everything on the Spark over SSH ──
  // Filled in by the checks that find them (an object, so TypeScript sees the later writes).
  const found: { shell?: RemoteShell; baseUrlFromServe: string | null } = { baseUrlFromServe: null };
  const clientSide = Promise.all([
    spark ? runCheck(spec(CHECKS.ping), signal, (s) => checkPing(deps, spark!, s)).then(record) : record(skipped(CHECKS.ping, tr('no Spark peer in the local status'))),
    spark ? runCheck(spec(CHECKS.whois), signal, (s) => checkWhois(deps, spark!, s)).then(record) : record(skipped(CHECKS.whois, tr('no Spark peer in the local status'))),
  ]);
  const serverSide = (async () => {
    const login = record(
      await runCheck(spec(CHECKS.login), signal, async (s) => {
        const shell = await deps.openShell(spark, s);
        found.shell = shell;
        return checkLogin({ shell, log: deps.log, signal: s });
      }),
    );
    const sh = found.shell;
    const serverChecks = [CHECKS.version, CHECKS.install, CHECKS.prefs, CHECKS.serve, CHECKS.service, CHECKS.journal];
    if (!sh || login.status === 'fail') {
      for (const c of serverChecks) record(skipped(c, tr('no SSH connection to the Spark')));
      return;
    }
    const ctxFor = (s: AbortSignal) => ({ shell: sh, log: deps.log, signal: s });
    let install: TailscaleInstall | undefined;
    // An empty tailspark.service.unit is detected on the Spark once, for both checks that need it.
    let unitChoice: Promise<UnitChoice> | undefined;
    const unitFor = (s: AbortSignal) =>
      (unitChoice ??= deps.resolveUnit ? deps.resolveUnit(ctxFor(s)) : Promise.resolve({ ok: true as const, unit: deps.serviceUnit, reason: 'setting' }));
    await Promise.all([
      runCheck(spec(CHECKS.version), signal, (s) => checkVersion(ctxFor(s))).then(record),
      runCheck(spec(CHECKS.install), signal, async (s) => {
        const r = await checkInstall(ctxFor(s));
        install = r.install;
        return r.outcome;
      })
        .then(record)
        .then(() => runCheck(spec(CHECKS.prefs), signal, (s) => checkPrefs(ctxFor(s), install)))
        .then(record),
      runCheck(spec(CHECKS.serve), signal, async (s) => {
        const r = await checkServe(ctxFor(s), deps.inferencePort, spark?.dnsName || undefined);
        found.baseUrlFromServe = r.baseUrl;
        return r.outcome;
      }).then(record),
      runCheck(spec(CHECKS.service), signal, (s) =>
        unitFor(s).then((u) => (u.ok ? checkService(ctxFor(s), u.unit) : outcome('fail', u.finding.title, { findings: [u.finding] }))),
      ).then(record),
      runCheck(spec(CHECKS.journal), signal, (s) =>
        unitFor(s).then((u) => (u.ok ? checkJournal(ctxFor(s), u.unit) : outcome('skip', tr('no inference service known')))),
      ).then(record),
    ]);
  })();
  await Promise.all([clientSide, serverSide]);

  // ── Stage 3: the URL the editor would use ──
  // The discovery pipeline's derived URL (source 'derived'), only when the serve config gave none.
  const guessed = (!deps.baseUrlOverride && !found.baseUrlFromServe && derivedServe(spark?.dnsName)?.baseUrl) || null;
  const baseUrl = deps.baseUrlOverride || found.baseUrlFromServe || guessed;
  const probe = deps.probe;
  const stage3: Promise<unknown>[] = [];
  if (!probe) record(skipped(CHECKS.probe, tr('no HTTP probe available')));
  else if (!baseUrl) record(skipped(CHECKS.probe, tr('no base URL: nothing served, no override, no MagicDNS name')));
  else if (local.status === 'fail' && isTailnetUrl(baseUrl)) {
    // The cause is already the first ✗ (Tailscale here): a failed HTTPS check would blame the model.
    record(skipped(CHECKS.probe, tr('not checked: {0} is a tailnet address and Tailscale does not work on this machine (see "{1}")', baseUrl, tr('This machine'))));
  }
  else {
    stage3.push(
      runCheck(spec(CHECKS.probe), signal, async (s) => {
        const r = await probe(baseUrl, s);
        const source = deps.baseUrlOverride ? ' (tailspark.baseUrl)' : guessed ? tr(' (guessed from the MagicDNS name)') : '';
        if (r.ok) {
          const models = r.models.map((m) => m.id).join(', ') || tr('none');
          const server = r.server ? `${r.server.kind}${r.server.version ? ` ${r.server.version}` : ''}` : 'server';
          return outcome(r.findings.some((f) => f.severity !== 'info') ? 'warn' : 'pass', tr('{0}{1}: {2}, models {3}, {4} ms', baseUrl, source, server, models, r.latencyMs ?? '?'), { findings: r.findings });
        }
        return outcome('fail', `${baseUrl}${source}: ${r.findings[0]?.title ?? tr('failed')}`, { findings: r.findings });
      }).then(record),
    );
  }
  if (deps.targets) {
    const targets = deps.targets;
    stage3.push(
      runCheck(spec(CHECKS.targets), signal, async (s) => {
        const list = await targets(baseUrl ?? null, s);
        const bad = list.filter((t) => !t.ok);
        const details = list.map((t) => `${t.ok ? '✓' : '✗'} ${t.name}: ${t.summary}`);
        if (list.length === 0) return outcome('skip', tr('no editor target is enabled'));
        // A target without the URL is advice (one click writes it), not a fault of the Spark: ⚠, never ✗.
        return outcome(bad.length ? 'warn' : 'pass', bad.length
            ? tr(bad.length === 1 ? '{0} of {1} targets needs attention' : '{0} of {1} targets need attention', bad.length, list.length)
            : tr(list.length === 1 ? '{0} target in sync' : '{0} targets in sync', list.length), {
          details,
          findings: bad.flatMap((t) => t.findings),
        });
      }).then(record),
    );
  }
  await Promise.all(stage3);

  // Report order = checklist order, whatever order they finished in.
  const order = Object.values(CHECKS).map((c) => c.id);
  results.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  return {
    startedAt,
    durationMs: Date.now() - started,
    ...(spark ? { spark: spark.dnsName || spark.hostName } : {}),
    ...(found.shell ? { sshTarget: found.shell.target } : {}),
    baseUrl,
    checks: results,
  };
}

/** A URL only the tailnet reaches: a MagicDNS name or a Tailscale (CGNAT 100.64/10) address. */
function isTailnetUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    if (/\.ts\.net$/i.test(host)) return true;
    const m = /^100\.(\d+)\./.exec(host);
    return m !== null && Number(m[1]) >= 64 && Number(m[1]) <= 127;
  } catch {
    return false;
  }
}
