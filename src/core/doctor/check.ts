// Runs ONE check with its own time limit. A check that throws, hangs or ignores its signal still
// yields a result line; it never stops the others.
import { makeFinding } from '../findings';
import { tr } from '../l10n';
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
  return { id: spec.id, group: spec.group, title: tr(spec.title), ...outcome('skip', why), durationMs: 0 };
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
  // Titles are English source strings (CHECKS); the locale is known only when a check runs.
  const base = { id: spec.id, group: spec.group, title: tr(spec.title) };
  try {
    const r = await Promise.race([fn(signal), timedOut]);
    if (r === 'timeout') {
      const seconds = Math.round(spec.timeoutMs / 100) / 10;
      return { ...base, ...outcome('fail', tr('no answer within {0} s', seconds), { findings: [makeFinding('doctor.checkTimedOut', { check: base.title, seconds })] }), durationMs: Date.now() - started };
    }
    return { ...base, ...r, durationMs: Date.now() - started };
  } catch (err) {
    if (outer?.aborted) return { ...base, ...outcome('skip', tr('cancelled')), durationMs: Date.now() - started };
    // Our own time limit aborted the command: report the timeout, not the SSH layer's "cancelled".
    if (local.signal.aborted) {
      const seconds = Math.round(spec.timeoutMs / 100) / 10;
      return { ...base, ...outcome('fail', tr('no answer within {0} s', seconds), { findings: [makeFinding('doctor.checkTimedOut', { check: base.title, seconds })] }), durationMs: Date.now() - started };
    }
    if (isCancellation(err)) return { ...base, ...outcome('skip', tr('cancelled')), durationMs: Date.now() - started };
    const finding = errorToFinding(err);
    return { ...base, ...outcome('fail', finding.title, { findings: [finding] }), durationMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}
