// Per-target sync state for the status bar tooltip (SparkState.targets), and the old → new lines
// of a confirmation. Editor-free.
// The rule that matters: a target is "inSync" only when it holds the URL AND the client that
// reads it can reach the URL. Cursor holding a tailnet-only URL is "unreachable", never in sync.
import { type Plan, type PlanStep, type RegisteredTarget, type SettingsKey, type StepOutcome, valueForKey } from '../targets';
import type { TargetSync } from '../state/types';

/** One line of a confirmation: a target's value now and what it will be. */
export interface Change {
  label: string;
  from: string | undefined;
  to: string;
}

export function syncFromPlan(plan: Plan, disabled: readonly RegisteredTarget[] = []): TargetSync[] {
  const out: TargetSync[] = plan.steps.map((step) => {
    const { id, label } = step.target;
    if (!step.current.ok) return { id, label, status: 'differs', detail: step.current.finding.title };
    if (!step.reachability.ok) return { id, label, status: 'unreachable', detail: step.reachability.reason };
    if (step.action === 'none') return { id, label, status: 'inSync' };
    return { id, label, status: 'differs', detail: `${step.current.value ?? '(not set)'} → ${plan.endpoint.baseUrl}` };
  });
  return [...out, ...disabledSync(disabled)];
}

export function disabledSync(disabled: readonly RegisteredTarget[]): TargetSync[] {
  return disabled.map((r) => ({ id: r.target.id, label: r.target.label, status: 'disabled' as const, detail: r.why }));
}

/** After executePlan: overwrite the planned state of each target that was acted on. */
export function syncAfter(before: readonly TargetSync[], outcomes: readonly StepOutcome[]): TargetSync[] {
  return before.map((sync) => {
    const o = outcomes.find((x) => x.targetId === sync.id);
    if (!o) return sync;
    const r = o.result;
    switch (r.status) {
      case 'written':
      case 'unchanged':
        return o.works ? { ...sync, status: 'inSync', detail: undefined } : { ...sync, status: 'unreachable', detail: o.reachability.reason };
      case 'pending':
        return { ...sync, status: 'pendingRestart', detail: r.detail };
      case 'failed':
        return { ...sync, status: 'differs', detail: r.finding.title };
      case 'reverted':
        return { ...sync, status: 'differs', detail: `restored ${r.restored ?? '(not set)'}` };
      default:
        return sync; // skipped: keeps what the plan said
    }
  });
}

/** One line per outcome, for the result notification and the log. */
export function describeOutcome(o: StepOutcome): string {
  const r = o.result;
  switch (r.status) {
    case 'written':
      return o.works ? `${o.label}: ${r.previous ?? '(not set)'} → ${r.now}` : `${o.label}: written, but it cannot work — ${o.reachability.reason}`;
    case 'unchanged':
      return o.works ? `${o.label}: already ${r.now}` : `${o.label}: holds ${r.now}, but it cannot work — ${o.reachability.reason}`;
    case 'pending':
      return `${o.label}: waiting — ${r.detail}`;
    case 'failed':
      return `${o.label}: failed — ${r.finding.title} (${r.where})`;
    case 'reverted':
      return `${o.label}: restored ${r.restored ?? '(not set)'}`;
    case 'skipped':
      return `${o.label}: skipped (${r.reason})`;
  }
}

/** Old → new per step; a settings key with a suffix gets its own value (server root + suffix). */
export function changesOf(plan: Plan, steps: readonly PlanStep[], settingsKeys: readonly SettingsKey[] = []): Change[] {
  return steps.map((s) => ({
    label: s.target.label,
    from: s.current.ok ? s.current.value : undefined,
    to: s.target.id === 'settings-keys' && settingsKeys[0] ? valueForKey(settingsKeys[0], plan.endpoint.baseUrl) : plan.endpoint.baseUrl,
  }));
}
