// Checks on THIS machine: the local Tailscale (backend state, the Spark peer), the path to the
// Spark (tailscale ping: direct or DERP, latency) and who the Spark is (tailscale whois).
import { classifyCliOutput } from '../classify';
import { makeFinding } from '../findings';
import { tr } from '../l10n';
import { discoverFromStatusText, type SparkDiscovery } from '../tailnet/discover';
import type { CliRun } from '../tailnet/cliRunner';
import type { PeerInfo } from '../tailnet/peers';
import { type Outcome, outcome } from './check';
import { parsePing, parseWhois } from './parse';
import type { DoctorDeps } from './types';

function cliFailure(run: Extract<CliRun, { ok: true }>): Outcome {
  const findings = classifyCliOutput({ stdout: run.result.stdout, stderr: run.result.stderr, exitCode: run.result.code, argv: run.result.argv }, { side: 'local' });
  return outcome('fail', findings[0]?.title ?? `exit ${run.result.code}`, { findings, details: [(run.result.stderr || run.result.stdout).trim()] });
}

export async function checkLocalStatus(deps: DoctorDeps, signal: AbortSignal): Promise<{ outcome: Outcome; discovery?: SparkDiscovery }> {
  const run = await deps.runLocal(['status', '--json'], signal);
  if (!run.ok) return { outcome: outcome('fail', run.finding.title, { findings: [run.finding] }) };
  if (run.result.code !== 0) return { outcome: cliFailure(run) };
  const d = discoverFromStatusText(run.result.stdout, deps.hostSelector || undefined);
  if (!d.tailnet) return { outcome: outcome('fail', d.findings[0]?.title ?? 'unreadable', { findings: d.findings }), discovery: d };
  const state = d.tailnet.backendState;
  if (state !== 'Running') return { outcome: outcome('fail', tr('backend state {0}', state), { findings: d.findings }), discovery: d };
  if (!d.spark) return { outcome: outcome('fail', tr('Running, but no Spark peer ({0} peers)', d.tailnet.peers.length), { findings: d.findings }), discovery: d };
  const s = d.spark;
  const where = `${s.dnsName || s.hostName} (${s.tailscaleIps[0] ?? '?'})`;
  const path = s.connection === 'direct' ? tr('direct {0}', s.directAddress ?? '').trim() : s.connection === 'relayed' ? tr('relayed via DERP {0}', s.relayRegion ?? '').trim() : s.connection;
  const summary = tr('{0}{1}, version {2}; Spark {3} {4}', state, d.tailnet.tailnetName ? tr(' in {0}', d.tailnet.tailnetName) : '', d.tailnet.version, where, s.online ? tr('online, {0}', path) : tr('OFFLINE'));
  const bad = d.findings.filter((f) => f.severity === 'error');
  const status = !s.online || bad.length > 0 ? 'fail' : d.findings.length > 0 ? 'warn' : 'pass';
  return { outcome: outcome(status, summary, { findings: d.findings }), discovery: d };
}

export async function checkPing(deps: DoctorDeps, spark: PeerInfo, signal: AbortSignal): Promise<Outcome> {
  const host = spark.tailscaleIps[0] ?? spark.dnsName;
  const run = await deps.runLocal(['ping', '-c', '1', '--until-direct=false', '--timeout', '3s', host], signal);
  if (!run.ok) return outcome('fail', run.finding.title, { findings: [run.finding] });
  const pong = parsePing(run.result.stdout);
  if (!pong) {
    const text = `${run.result.stdout}\n${run.result.stderr}`.trim();
    const known = classifyCliOutput({ stdout: run.result.stdout, stderr: run.result.stderr, argv: run.result.argv }, { side: 'local' });
    const findings = known.length > 0 ? known : [makeFinding('tailnet.pingFailed', { host, message: text.split(/\r?\n/).pop() || tr('no reply'), where: host }, text)];
    return outcome('fail', text.split(/\r?\n/).pop() || tr('no reply'), { findings });
  }
  if (pong.path === 'derp') {
    return outcome('warn', tr('pong via DERP relay {0} in {1} ms (no direct path)', pong.via, pong.latencyMs), {
      findings: [makeFinding('tailnet.peerRelayed', { host: spark.dnsName || host, relay: pong.via })],
    });
  }
  return outcome('pass', pong.path === 'direct' ? tr('pong direct via {0} in {1} ms', pong.via, pong.latencyMs) : tr('pong via {0} in {1} ms', pong.via, pong.latencyMs));
}

export async function checkWhois(deps: DoctorDeps, spark: PeerInfo, signal: AbortSignal): Promise<Outcome> {
  const ip = spark.tailscaleIps[0];
  if (!ip) return outcome('skip', tr('the Spark has no Tailscale IP in the status'));
  const run = await deps.runLocal(['whois', ip], signal);
  if (!run.ok) return outcome('fail', run.finding.title, { findings: [run.finding] });
  const who = parseWhois(run.result.stdout);
  if (!who) return run.result.code !== 0 ? cliFailure(run) : outcome('fail', tr('unreadable whois answer'), { details: [run.result.stdout.trim()] });
  const owner = who.tags.length > 0 ? tr('tagged {0}', who.tags.join(', ')) : tr('owned by {0}', who.user ?? '?');
  // The SSH policy rule in the runbook targets tag:spark; an untagged Spark needs another rule.
  const status = who.tags.includes('tag:spark') ? 'pass' : 'warn';
  return outcome(status, `${tr('{0} is {1}, {2}', ip, who.machine, owner)}${status === 'warn' ? tr(' (the suggested SSH policy matches tag:spark only)') : ''}`);
}
