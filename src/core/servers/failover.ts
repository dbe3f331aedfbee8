// Failover, decided purely: when the active server has been down longer than the grace period
// (`tailspark.failover.graceSeconds`, a setting: a restart or a model reload is not an outage)
// and another configured server is ready with the SAME model id, offer the switch (ask) or make
// it (auto). Once the server we left is ready again, offer the way back — never automatically.
// Cursor's native base URL is never changed silently: when a switch would make the target
// writers rewrite it without a question (autoConfigure auto + the Cursor target on), auto asks.
import { isHealthy, type SparkPhase, type SparkState } from '../state/types';
import type { ServerEntry } from './serverList';

export type FailoverMode = 'off' | 'ask' | 'auto';

export interface FailoverMember {
  entry: ServerEntry;
  state: SparkState;
  active: boolean;
}

export interface FailoverInput {
  mode: FailoverMode;
  now: number;
  graceMs: number;
  members: readonly FailoverMember[];
  /** Since when the active server is down without a break (downSince()); undefined: it is not. */
  activeDownSince: number | undefined;
  /** The model the active server served when it was last healthy (its list is empty while down). */
  activeModel: string | undefined;
  /** Set while a failover is in effect: the name of the server we left. */
  origin: string | undefined;
  /** Offers the user turned down (offerKey()); not asked again. */
  declined: ReadonlySet<string>;
  /** Switching would rewrite Cursor's own setting without asking (autoConfigure auto, Cursor target on). */
  cursorFollowsSilently: boolean;
}

export type FailoverDecision =
  | { kind: 'none'; why: NoneReason }
  /** Ask: switch from the down server to a ready one with the same model? */
  | { kind: 'ask'; from: ServerEntry; to: ServerEntry; model: string; key: string }
  /** Switch now (auto), and say so. */
  | { kind: 'switch'; from: ServerEntry; to: ServerEntry; model: string; key: string }
  /** The server we left is ready again: offer to go back. */
  | { kind: 'askBack'; from: ServerEntry; to: ServerEntry; key: string };

export type NoneReason = 'off' | 'single' | 'healthy' | 'notDown' | 'grace' | 'modelUnknown' | 'noCandidate' | 'declined' | 'originNotReady';

/** Phases in which the active server counts as down. Not: checking/loading/warming up (on its way), tailnetDown (this machine is offline: no other server is reachable either), notConfigured. */
const DOWN: ReadonlySet<SparkPhase> = new Set<SparkPhase>(['sparkOffline', 'reachableNotServed', 'serverStopped', 'error']);

export function isDown(phase: SparkPhase): boolean {
  return DOWN.has(phase);
}

/** Since when the active server is down without a break: kept across down phases (offline → stopped), reset by any other. */
export function downSince(previous: number | undefined, state: SparkState, now: number): number | undefined {
  if (!isDown(state.phase)) return undefined;
  return previous ?? Math.min(state.since, now);
}

export function offerKey(kind: 'to' | 'back', from: ServerEntry, to: ServerEntry): string {
  return `${kind}\u0000${from.name}\u0000${to.name}`;
}

export function decideFailover(input: FailoverInput): FailoverDecision {
  if (input.mode === 'off') return { kind: 'none', why: 'off' };
  const active = input.members.find((m) => m.active);
  if (!active || input.members.length < 2) return { kind: 'none', why: 'single' };

  if (isHealthy(active.state.phase)) {
    // Healthy again, or on the server we failed over to: offer the way back once the origin is ready.
    if (input.origin === undefined || input.origin === active.entry.name) return { kind: 'none', why: 'healthy' };
    const origin = input.members.find((m) => m.entry.name === input.origin);
    if (origin?.state.phase !== 'ready') return { kind: 'none', why: 'originNotReady' };
    const key = offerKey('back', active.entry, origin.entry);
    if (input.declined.has(key)) return { kind: 'none', why: 'declined' };
    return { kind: 'askBack', from: active.entry, to: origin.entry, key };
  }

  if (input.activeDownSince === undefined || !isDown(active.state.phase)) return { kind: 'none', why: 'notDown' };
  if (input.now - input.activeDownSince < input.graceMs) return { kind: 'none', why: 'grace' };
  const model = input.activeModel;
  if (!model) return { kind: 'none', why: 'modelUnknown' };
  const serving = (m: FailoverMember) => !m.active && isHealthy(m.state.phase) && (m.state.server?.models ?? []).some((x) => x.id === model);
  // 'ready' before 'degraded', then settings order.
  const candidate = input.members.find((m) => serving(m) && m.state.phase === 'ready') ?? input.members.find(serving);
  if (!candidate) return { kind: 'none', why: 'noCandidate' };
  const key = offerKey('to', active.entry, candidate.entry);
  if (input.declined.has(key)) return { kind: 'none', why: 'declined' };
  const kind = input.mode === 'auto' && !input.cursorFollowsSilently ? 'switch' : 'ask';
  return { kind, from: active.entry, to: candidate.entry, model, key };
}
