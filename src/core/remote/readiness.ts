// After `systemctl start/restart` the unit is "active" long before the model answers: first the
// port is closed while weights load (connection refused, or 502 through Serve), then the server
// answers 503 while it warms up, then it is ready. We follow that with one cheap HTTP check per
// tick, watch systemd for a crash, and report the phase plus the last journal line.
import { type Finding, makeFinding } from '../findings';
import { lastJournalLines, messageOf } from './journal';
import { runRemote } from './run';
import { parseShow, argv as systemctlArgv } from './systemd';
import type { OpContext, OpResult } from './types';
import { failed, succeeded } from './types';

export type ReadyPhase = 'loading' | 'warmingUp' | 'ready';

/** One HTTP look at the server. `answered` = it answered with something other than 502/503 (e.g. 401). */
export type ReadinessCheck = (signal: AbortSignal) => Promise<{ phase: ReadyPhase; finding?: Finding }>;

export interface ReadinessProgress {
  phase: ReadyPhase;
  elapsedSeconds: number;
  lastLogLine?: string;
}

export interface ReadinessOptions {
  /** The HTTP check; without one we can only wait for systemd to report "active". */
  check?: ReadinessCheck;
  timeoutSeconds: number;
  intervalMs?: number;
  onPhase?: (p: ReadinessProgress) => void;
  /** For tests: the clock. */
  now?: () => number;
}

export const PHASE_TEXT: Record<ReadyPhase, string> = {
  loading: 'loading the model (port not open yet)',
  warmingUp: 'warming up (503)',
  ready: 'ready',
};

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

/** Bounded time for one tick's check so a hanging request cannot eat the whole budget. */
function tickSignal(outer: AbortSignal | undefined, ms: number): AbortSignal {
  const t = AbortSignal.timeout(ms);
  return outer ? AbortSignal.any([outer, t]) : t;
}

export interface ReadyValue {
  seconds: number;
  /** True when the HTTP check saw the server answer; false when only systemd said "active". */
  verified: boolean;
  findings: Finding[];
}

export async function waitUntilReady(ctx: OpContext, unit: string, opts: ReadinessOptions): Promise<OpResult<ReadyValue>> {
  const now = opts.now ?? Date.now;
  const started = now();
  const interval = opts.intervalMs ?? 1500;
  const deadline = started + opts.timeoutSeconds * 1000;
  let lastLine: string | undefined;
  let phase: ReadyPhase = 'loading';
  while (true) {
    if (ctx.signal?.aborted) return failed('Stopped waiting for the server.', [], true);
    const elapsed = Math.round((now() - started) / 1000);
    const tick = tickSignal(ctx.signal, Math.max(1000, Math.min(10_000, interval * 4)));
    const [state, lines, http] = await Promise.all([
      runRemote({ ...ctx, signal: tick }, systemctlArgv.isActive(unit), { timeoutMs: 10_000 }).catch(() => undefined),
      lastJournalLines({ ...ctx, signal: tick }, unit, 1).catch(() => [] as string[]),
      opts.check ? opts.check(tick).catch(() => ({ phase: 'loading' as const, finding: undefined })) : Promise.resolve(undefined),
    ]);
    if (ctx.signal?.aborted) return failed('Stopped waiting for the server.', [], true);
    if (lines.length > 0) lastLine = messageOf(lines[lines.length - 1]!);
    const active = state?.stdout.trim();
    if (active === 'failed' || active === 'inactive') {
      const [tail, show] = await Promise.all([
        lastJournalLines(ctx, unit, 15).catch(() => []),
        runRemote(ctx, systemctlArgv.show(unit), { timeoutMs: 10_000 }).catch(() => undefined),
      ]);
      // systemd's Result (exit-code, signal, oom-kill, …) says how it died.
      const result = show ? parseShow(unit, show.stdout)?.result : undefined;
      return failed(`${unit} stopped while starting.`, [
        makeFinding('service.crashed', { unit, state: active, result: result && result !== 'success' ? result : undefined, where: unit }, tail.join('\n')),
      ]);
    }
    if (http) phase = http.phase;
    else if (active === 'active') phase = 'ready';
    opts.onPhase?.({ phase, elapsedSeconds: elapsed, ...(lastLine ? { lastLogLine: lastLine } : {}) });
    ctx.onProgress?.(`${unit}: ${PHASE_TEXT[phase]} — ${elapsed} s${lastLine ? ` — ${lastLine}` : ''}`);
    if (phase === 'ready') {
      const findings = http?.finding ? [http.finding] : [];
      const how = opts.check ? 'answers' : 'is active (no Serve URL known, so the HTTP answer was not checked)';
      return succeeded(`${unit} ${how} after ${elapsed} s.`, { seconds: elapsed, verified: Boolean(opts.check), findings }, findings);
    }
    if (now() >= deadline) {
      const tail = await lastJournalLines(ctx, unit, 15).catch(() => []);
      return failed(`${unit} was not ready after ${opts.timeoutSeconds} s (${PHASE_TEXT[phase]}).`, [
        makeFinding('service.notReadyInTime', { unit, seconds: opts.timeoutSeconds, where: unit }, tail.join('\n')),
      ]);
    }
    await sleep(Math.min(interval, Math.max(0, deadline - now())), ctx.signal);
  }
}

/** Probe failures that mean "not listening yet" (weights loading), not "broken". */
const LOADING_CODES = new Set(['probe.connectionRefused', 'probe.badGateway', 'probe.connectionReset', 'probe.timeout', 'probe.networkError', 'probe.noModels']);

/**
 * Maps one probe of the base URL to a phase: refused/502 → loading, 503 → warming up, a model
 * list → ready. Any other answer (401, 404, TLS…) also means the server is up; the finding says
 * what is still wrong.
 */
export function phaseFromProbe(r: { ok: boolean; findings: readonly Finding[] }): { phase: ReadyPhase; finding?: Finding } {
  const main = r.findings[0];
  if (r.ok) return main && main.code === 'probe.noModels' ? { phase: 'loading' } : { phase: 'ready' };
  if (!main || LOADING_CODES.has(main.code)) return { phase: 'loading' };
  if (main.code === 'probe.warmingUp') return { phase: 'warmingUp' };
  return { phase: 'ready', finding: main };
}
