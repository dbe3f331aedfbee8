// Runs ONE check with its own time limit. A check that throws, hangs or ignores its signal still
// yields a result line; it never stops the others.
import { makeFinding } from '../findings';
import { errorToFinding, isCancellation } from '../remote/run';
import type { CheckGroup, CheckResult, CheckStatus } from './types';

export type Outcome = Omit<CheckResult, 'id' | 'group' | 'title' | 'durationMs'>;

export interface CheckSpec {
  id: string;
  group: CheckGroup;
  title: string;
  timeoutMs: number;
}

export const outcome = (status: CheckStatus, summary: string, extra: Partial<Pick<Outcome, 'details' | 'findings'>> = {}): Outcome => ({
  status,
  summary,
  findings: extra.findings ?? [],
  ...(extra.details && extra.details.length > 0 ? { details: extra.details } : {}),
});

export function skipped(spec: CheckSpec, why: string): CheckResult {
  return { id: spec.id, group: spec.group, title: spec.title, ...outcome('skip', why), durationMs: 0 };
}

export async function runCheck(spec: CheckSpec, outer: AbortSignal | undefined, fn: (signal: AbortSignal) => Promise<Outcome>): Promise<CheckResult> {
  const started = Date.now();
  const local = new AbortController();
  const signal = outer ? AbortSignal.any([outer, local.signal]) : local.signal;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      local.abort();
      resolve('timeout');
    }, spec.timeoutMs);
  });
  const base = { id: spec.id, group: spec.group, title: spec.title };
  try {
    const r = await Promise.race([fn(signal), timedOut]);
    if (r === 'timeout') {
      const seconds = Math.round(spec.timeoutMs / 100) / 10;
      return { ...base, ...outcome('fail', `no answer within ${seconds} s`, { findings: [makeFinding('doctor.checkTimedOut', { check: spec.title, seconds })] }), durationMs: Date.now() - started };
    }
    return { ...base, ...r, durationMs: Date.now() - started };
  } catch (err) {
    if (outer?.aborted) return { ...base, ...outcome('skip', 'cancelled'), durationMs: Date.now() - started };
    // Our own time limit aborted the command: report the timeout, not the SSH layer's "cancelled".
    if (local.signal.aborted) {
      const seconds = Math.round(spec.timeoutMs / 100) / 10;
      return { ...base, ...outcome('fail', `no answer within ${seconds} s`, { findings: [makeFinding('doctor.checkTimedOut', { check: spec.title, seconds })] }), durationMs: Date.now() - started };
    }
    if (isCancellation(err)) return { ...base, ...outcome('skip', 'cancelled'), durationMs: Date.now() - started };
    const finding = errorToFinding(err);
    return { ...base, ...outcome('fail', finding.title, { findings: [finding] }), durationMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}
