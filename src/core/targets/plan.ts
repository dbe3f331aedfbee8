// Plan, confirm, apply. The extension (and the CLI) never write directly:
//   1. planApply(endpoint, targets) — refuses anything that is not a VerifiedEndpoint; reads
//      every target, says per target: already in sync / will write / blocked (the client that
//      would make the requests cannot reach this URL — never claim such a target configured).
//   2. show the plan, let the user confirm (the UI's job),
//   3. executePlan(plan, {stateDir, confirmed}) — writes the confirmed targets one by one under
//      the writer lock and returns what happened per target.
import { type Finding, makeFinding } from '../findings';
import type { ApplyResult, ReadResult, Reachability, Target, TargetId, VerifiedEndpoint } from './types';
import { isVerifiedEndpoint } from './types';
import { lockPathFor, withWriterLock } from './writerLock';

export type StepAction = 'write' | 'none' | 'blocked';

export interface PlanStep {
  target: Target;
  current: ReadResult;
  reachability: Reachability;
  /** write: differs and reachable; none: already in sync; blocked: unreachable for its client, or unreadable. */
  action: StepAction;
  /** One line for the confirmation dialog. */
  summary: string;
}

export interface Plan {
  endpoint: VerifiedEndpoint;
  steps: PlanStep[];
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; finding: Finding };

export async function planApply(endpoint: unknown, targets: readonly Target[]): Promise<PlanResult> {
  if (!isVerifiedEndpoint(endpoint)) {
    const url = endpoint && typeof endpoint === 'object' && 'baseUrl' in endpoint ? String((endpoint as { baseUrl: unknown }).baseUrl) : undefined;
    return { ok: false, finding: makeFinding('target.unverifiedUrl', { url, where: url }) };
  }
  const steps: PlanStep[] = [];
  for (const target of targets) {
    const current = await target.read();
    const reachability = target.reachability(endpoint.baseUrl, endpoint.exposure, endpoint.authRequired);
    let action: StepAction;
    let summary: string;
    if (!current.ok) {
      action = 'blocked';
      summary = `${target.label}: ${current.finding.title}`;
    } else if (await target.inSync(endpoint.baseUrl)) {
      action = 'none';
      summary = `${target.label}: already ${endpoint.baseUrl}`;
    } else if (!reachability.ok) {
      action = 'blocked';
      summary = `${target.label}: not written — ${reachability.reason}`;
    } else {
      action = 'write';
      summary = `${target.label}: ${current.value ?? '(not set)'} → ${endpoint.baseUrl}`;
    }
    steps.push({ target, current, reachability, action, summary });
  }
  return { ok: true, plan: { endpoint, steps } };
}

export interface ExecuteOptions {
  stateDir: string;
  /** Targets the user confirmed; default: every step whose action is 'write'. */
  confirmed?: readonly TargetId[];
  /** Targets the user chose to write although their client cannot reach the URL ("write anyway"). */
  writeAnyway?: readonly TargetId[];
  lockWaitMs?: number;
}

export interface StepOutcome {
  targetId: TargetId;
  label: string;
  result: ApplyResult | { status: 'skipped'; reason: string };
  /** False when written although its client cannot reach the URL: never report it as working. */
  works: boolean;
  reachability: Reachability;
}

export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<{ ok: true; outcomes: StepOutcome[] } | { ok: false; finding: Finding }> {
  const locked = await withWriterLock(
    lockPathFor(options.stateDir),
    async () => {
      const outcomes: StepOutcome[] = [];
      for (const step of plan.steps) {
        const { target, reachability } = step;
        const base = { targetId: target.id, label: target.label, reachability };
        const confirmed = options.confirmed ? options.confirmed.includes(target.id) : step.action === 'write';
        const anyway = options.writeAnyway?.includes(target.id) ?? false;
        if (!confirmed) {
          outcomes.push({ ...base, result: { status: 'skipped', reason: step.action === 'none' ? 'already in sync' : 'not confirmed' }, works: step.action === 'none' && reachability.ok });
          continue;
        }
        if (step.action === 'blocked' && !(anyway && step.current.ok)) {
          outcomes.push({ ...base, result: { status: 'skipped', reason: step.summary }, works: false });
          continue;
        }
        const result = await target.apply(plan.endpoint);
        const wrote = result.status === 'written' || result.status === 'unchanged' || result.status === 'pending';
        outcomes.push({ ...base, result, works: wrote && reachability.ok });
      }
      return outcomes;
    },
    { waitMs: options.lockWaitMs },
  );
  return locked.ok ? { ok: true, outcomes: locked.value } : { ok: false, finding: locked.finding };
}

/** Revert one target under the writer lock. */
export async function revertTarget(target: Target, options: { stateDir: string; lockWaitMs?: number }): Promise<ApplyResult> {
  const locked = await withWriterLock(lockPathFor(options.stateDir), () => target.revert(), { waitMs: options.lockWaitMs });
  return locked.ok ? locked.value : { status: 'failed', where: lockPathFor(options.stateDir), finding: locked.finding };
}
