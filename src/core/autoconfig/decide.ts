// Automatic configuration as one pure decision: from the Monitor's state, the settings, our own
// fresh verification of the served URL and the target readings (planApply) to the writes and
// prompts to make. Editor-free; the UI (src/ui/targets/controller.ts) only asks, shows and runs
// the plan through the core's writers. The rules, in one place:
//   - only a healthy, reconciled state names a URL (servedUrlOf), and only our OWN successful
//     probe of exactly that URL makes it writable: a cached or stale state never causes a write;
//   - the sync state (status-bar tooltip) is published whenever the targets were read;
//   - autoConfigure off → nothing more; auto → write; ask → one question (old → new), whose
//     "Always"/"Never" change the setting so the choice is remembered;
//   - Cursor's native chat with a tailnet-only URL is never written silently: the user is told
//     that Cursor's cloud cannot reach it (once per URL, any window) and chooses what to do.
import type { Finding } from '../findings';
import type { SparkState, TargetSync } from '../state/types';
import type { Plan, PlanResult, PlanStep, StepOutcome } from '../targets/plan';
import type { RegisteredTarget } from '../targets/registry';
import type { SettingsKey } from '../targets/settingsKeysTarget';
import type { TargetId, VerifiedEndpoint } from '../targets/types';
import { type ServedUrl, servedUrlOf, stillServed } from './served';
import { type Change, changesOf, syncFromPlan } from './sync';

export type AutoConfigureMode = 'auto' | 'ask' | 'off';

export type AutoRunResult =
  | 'notHealthy'
  | 'unverified'
  | 'noTargets'
  | 'off'
  | 'inSync'
  | 'busy'
  | 'answered'
  | 'declined'
  | 'written'
  | 'notWritten'
  /** The user answered after the Spark's URL had changed: the answer is about an old URL. */
  | 'stale'
  /** A newer URL arrived while the question was open: dropped unanswered, the newer URL is asked about. */
  | 'superseded';

/** What one auto-run did (for the log and the extension-host tests). */
export interface AutoRunReport {
  reason: string;
  mode: AutoConfigureMode;
  url?: string;
  result: AutoRunResult;
  /** Prompts shown, in order: askApply, cursorUnreachable, cursorRestart. */
  asked: string[];
  outcomes: StepOutcome[];
  finding?: Finding;
}

/** Our own probe of the served URL, right before deciding (never the Monitor's cached answer). */
export type Verification = { ok: true; endpoint: VerifiedEndpoint } | { ok: false; finding: Finding };

export interface AutoConfigInput {
  /** The Monitor's state when the run started (it names the URL: servedForAutoConfig). */
  state: SparkState;
  settings: { autoConfigure: AutoConfigureMode; settingsKeys: readonly SettingsKey[] };
  /** Our probe of servedForAutoConfig(state) (undefined: not probed). */
  verification: Verification | undefined;
  /** The enabled targets read against the verified endpoint (undefined: not read). */
  readings: PlanResult | undefined;
  /** Targets switched off (shown as such in the sync state). */
  disabled: readonly RegisteredTarget[];
}

/** The question "write this URL?" (ask mode), or the silent write (auto mode). */
export interface WriteDecision {
  targets: TargetId[];
  /** PromptLedger key: one window acts per change. */
  ledgerKey: string;
  /** ask: an answered question is not asked again; auto: one window writes, answers do not matter. */
  honourAnswers: boolean;
  /** Set in ask mode: what the question shows. */
  ask?: { url: string; changes: Change[] };
}

/** Cursor cannot reach this URL: tell the user (once per URL, any window). */
export interface CursorUnreachableDecision {
  step: PlanStep;
  ledgerKey: string;
}

export type AutoConfigPlan =
  /** Nothing to write or ask; `sync` is published when the targets were read. */
  | { kind: 'stop'; result: 'notHealthy' | 'unverified' | 'noTargets' | 'off' | 'inSync'; url?: string; finding?: Finding; sync?: TargetSync[] }
  | { kind: 'act'; url: string; plan: Plan; sync: TargetSync[]; write?: WriteDecision; cursorUnreachable?: CursorUnreachableDecision };

/** What to verify first: the URL the Monitor sees answering, or nothing (not healthy / reconciling). */
export function servedForAutoConfig(state: SparkState): ServedUrl | undefined {
  return servedUrlOf(state);
}

export function decideAutoConfig(input: AutoConfigInput): AutoConfigPlan {
  const { verification, readings } = input;
  // Not healthy, or still reconciling a remembered URL: nothing names a URL, nothing is written.
  const served = servedForAutoConfig(input.state);
  if (!served) return { kind: 'stop', result: 'notHealthy' };
  if (!verification) return { kind: 'stop', result: 'unverified', url: served.baseUrl };
  if (!verification.ok) return { kind: 'stop', result: 'unverified', url: served.baseUrl, finding: verification.finding };
  const endpoint = verification.endpoint;
  const url = endpoint.baseUrl;
  // A verification of another URL (or of the same URL with another exposure) proves nothing here.
  if (url !== served.baseUrl || endpoint.exposure !== served.exposure) return { kind: 'stop', result: 'unverified', url: served.baseUrl };
  if (!readings) return { kind: 'stop', result: 'unverified', url };
  if (!readings.ok) return { kind: 'stop', result: 'unverified', url, finding: readings.finding };
  const plan = readings.plan;
  if (plan.endpoint.baseUrl !== url) return { kind: 'stop', result: 'unverified', url };
  const sync = syncFromPlan(plan, input.disabled);
  if (plan.steps.length === 0) return { kind: 'stop', result: 'noTargets', url, sync };
  const mode = input.settings.autoConfigure;
  if (mode === 'off') return { kind: 'stop', result: 'off', url, sync };

  const writes = plan.steps.filter((s) => s.action === 'write');
  const blocked = plan.steps.find((s) => s.target.id === 'cursor' && s.action === 'blocked' && s.current.ok && !s.reachability.ok);
  if (writes.length === 0 && !blocked) return { kind: 'stop', result: 'inSync', url, sync };
  const targets = writes.map((s) => s.target.id);
  return {
    kind: 'act',
    url,
    plan,
    sync,
    ...(writes.length > 0
      ? {
          write: {
            targets,
            ledgerKey: `apply ${url} → ${[...targets].sort().join(',')}`,
            honourAnswers: mode === 'ask',
            ...(mode === 'ask' ? { ask: { url, changes: changesOf(plan, writes, input.settings.settingsKeys) } } : {}),
          },
        }
      : {}),
    ...(blocked ? { cursorUnreachable: { step: blocked, ledgerKey: `cursor cannot reach ${url}` } } : {}),
  };
}

export type ApplyAnswer = 'apply' | 'always' | 'never' | 'notNow';

/** What an answer to "write this URL?" means: write or not, and the mode to remember. */
export function applyAnswerEffect(mode: AutoConfigureMode, answer: ApplyAnswer | undefined): { go: boolean; setMode?: AutoConfigureMode; remember?: string } {
  if (mode === 'auto') return { go: true };
  if (mode === 'off') return { go: false };
  return {
    go: answer === 'apply' || answer === 'always',
    ...(answer === 'always' ? { setMode: 'auto' as const } : answer === 'never' ? { setMode: 'off' as const } : {}),
    remember: answer ?? 'dismissed',
  };
}

/**
 * Right before writing: a notification can stay open for hours, so the URL must still be the one
 * the Monitor sees answering. Returns what to do now.
 */
export function writeNow(go: boolean, state: SparkState, served: ServedUrl): 'write' | 'declined' | 'stale' {
  if (!go) return 'declined';
  return stillServed(state, served) ? 'write' : 'stale';
}

/** The result of the write step from what the writers returned. */
export function writeResult(outcomes: readonly StepOutcome[]): 'written' | 'notWritten' {
  return outcomes.some((o) => o.works) ? 'written' : 'notWritten';
}

/** Why Funnel is (not) offered for Cursor: only with an API key the server enforces. */
export type FunnelOffer = { possible: true } | { possible: false; why: 'noKey' | 'notEnforced' };

export function funnelOffer(hasKey: boolean, enforced: boolean): FunnelOffer {
  if (hasKey && enforced) return { possible: true };
  return { possible: false, why: hasKey ? 'notEnforced' : 'noKey' };
}

export type UnreachableAnswer = 'funnel' | 'setupChat' | 'extensions' | 'writeAnyway';

/** What an answer to "Cursor cannot reach this URL" leads to. */
export type UnreachableEffect =
  | { kind: 'none' }
  | { kind: 'command'; command: 'funnel' | 'setupChat' }
  | { kind: 'openTargetsPick' }
  | { kind: 'writeCursorAnyway' }
  /** "Write anyway", but the URL is no longer served: nothing is written. */
  | { kind: 'stale' };

export function unreachableAnswerEffect(answer: UnreachableAnswer | undefined, state: SparkState, url: string): UnreachableEffect {
  switch (answer) {
    case 'funnel':
    case 'setupChat':
      return { kind: 'command', command: answer };
    case 'extensions':
      return { kind: 'openTargetsPick' };
    case 'writeAnyway':
      return servedUrlOf(state)?.baseUrl === url ? { kind: 'writeCursorAnyway' } : { kind: 'stale' };
    default:
      return { kind: 'none' };
  }
}
