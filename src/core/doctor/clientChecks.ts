// Checks on THIS machine: the local Tailscale (backend state, the Spark peer), the path to the
// Spark (tailscale ping: direct or DERP, latency) and who the Spark is (tailscale whois).
import { classifyCliOutput } from '../classify';
import { makeFinding } from '../findings';
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
  if (state !== 'Running') return { outcome: outcome('fail', `backend state ${state}`, { findings: d.findings }), discovery: d };
  if (!d.spark) return { outcome: outcome('fail', `Running, but no Spark peer (${d.tailnet.peers.length} peers)`, { findings: d.findings }), discovery: d };
  const s = d.spark;
  const where = `${s.dnsName || s.hostName} (${s.tailscaleIps[0] ?? '?'})`;
  const path = s.connection === 'direct' ? `direct ${s.directAddress ?? ''}`.trim() : s.connection === 'relayed' ? `relayed via DERP ${s.relayRegion ?? ''}`.trim() : s.connection;
  const summary = `${state}${d.tailnet.tailnetName ? ` in ${d.tailnet.tailnetName}` : ''}, version ${d.tailnet.version}; Spark ${where} ${s.online ? `online, ${path}` : 'OFFLINE'}`;
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
    const findings = known.length > 0 ? known : [makeFinding('tailnet.pingFailed', { host, message: text.split(/\r?\n/).pop() || 'no reply', where: host }, text)];
    return outcome('fail', text.split(/\r?\n/).pop() || 'no reply', { findings });
  }
  if (pong.path === 'derp') {
    return outcome('warn', `pong via DERP relay ${pong.via} in ${pong.latencyMs} ms (no direct path)`, {
      findings: [makeFinding('tailnet.peerRelayed', { host: spark.dnsName || host, relay: pong.via })],
    });
  }
  return outcome('pass', `pong ${pong.path === 'direct' ? `direct via ${pong.via}` : `via ${pong.via}`} in ${pong.latencyMs} ms`);
}

export async function checkWhois(deps: DoctorDeps, spark: PeerInfo, signal: AbortSignal): Promise<Outcome> {
  const ip = spark.tailscaleIps[0];
  if (!ip) return outcome('skip', 'the Spark has no Tailscale IP in the status');
  const run = await deps.runLocal(['whois', ip], signal);
  if (!run.ok) return outcome('fail', run.finding.title, { findings: [run.finding] });
  const who = parseWhois(run.result.stdout);
  if (!who) return run.result.code !== 0 ? cliFailure(run) : outcome('fail', 'unreadable whois answer', { details: [run.result.stdout.trim()] });
  const owner = who.tags.length > 0 ? `tagged ${who.tags.join(', ')}` : `owned by ${who.user ?? '?'}`;
  // The SSH policy rule in the runbook targets tag:spark; an untagged Spark needs another rule.
  const status = who.tags.includes('tag:spark') ? 'pass' : 'warn';
  return outcome(status, `${ip} is ${who.machine}, ${owner}${status === 'warn' ? ' (the suggested SSH policy matches tag:spark only)' : ''}`);
}
