// The failover decision, exhaustively: every mode × active phase × candidate phase × model ×
// grace × declined × Cursor-would-follow combination is checked against the rules, plus the
// named cases (switch back, settings order, ready before degraded, down time across phases).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type FailoverInput, type FailoverMember, type FailoverMode, decideFailover, downSince, isDown, offerKey } from '../../../src/core/servers/failover';
import type { ServerEntry } from '../../../src/core/servers/serverList';
import { initialState, isHealthy, type SparkPhase, type SparkState } from '../../../src/core/state/types';

const NOW = 1_700_000_000_000;
const GRACE = 60_000;
const MODEL = 'Qwen/Qwen2.5-7B-Instruct';
const PHASES: SparkPhase[] = ['notConfigured', 'checking', 'tailnetDown', 'sparkOffline', 'reachableNotServed', 'serverStopped', 'loading', 'warmingUp', 'ready', 'degraded', 'error'];
const MODES: FailoverMode[] = ['off', 'ask', 'auto'];

const entry = (name: string): ServerEntry => ({ name, host: `spark-${name}`, port: 30001, unit: '', sshTarget: '' });
function state(phase: SparkPhase, models: string[] = [], since = NOW - 10 * GRACE): SparkState {
  return { ...initialState(since, 'h'), phase, since, ...(models.length > 0 ? { server: { kind: 'sglang', models: models.map((id) => ({ id })) } } : {}) };
}
const member = (name: string, s: SparkState, active = false): FailoverMember => ({ entry: entry(name), state: s, active });

function input(over: Partial<FailoverInput> & { members: FailoverMember[] }): FailoverInput {
  const active = over.members.find((m) => m.active);
  return {
    mode: 'ask',
    now: NOW,
    graceMs: GRACE,
    activeDownSince: active && isDown(active.state.phase) ? active.state.since : undefined,
    activeModel: MODEL,
    origin: undefined,
    declined: new Set(),
    cursorFollowsSilently: false,
    ...over,
  };
}

test('exhaustive: the rules hold for every combination', () => {
  let offers = 0;
  let checked = 0;
  for (const mode of MODES)
    for (const activePhase of PHASES)
      for (const otherPhase of PHASES)
        for (const sameModel of [true, false])
          for (const pastGrace of [true, false])
            for (const declined of [true, false])
              for (const cursorSilent of [true, false]) {
                const since = pastGrace ? NOW - GRACE : NOW - GRACE + 1;
                const a = member('a', state(activePhase, [], since), true);
                const b = member('b', state(otherPhase, [sameModel ? MODEL : 'other/model']));
                const d = decideFailover(
                  input({
                    mode,
                    members: [a, b],
                    declined: new Set(declined ? [offerKey('to', a.entry, b.entry)] : []),
                    cursorFollowsSilently: cursorSilent,
                  }),
                );
                checked++;
                const where = JSON.stringify({ mode, activePhase, otherPhase, sameModel, pastGrace, declined, cursorSilent });
                const expectOffer = mode !== 'off' && isDown(activePhase) && pastGrace && isHealthy(otherPhase) && sameModel && !declined;
                assert.equal(d.kind === 'ask' || d.kind === 'switch', expectOffer, where);
                if (d.kind === 'ask' || d.kind === 'switch') {
                  offers++;
                  assert.equal(d.from.name, 'a', where);
                  assert.equal(d.to.name, 'b', where);
                  assert.equal(d.model, MODEL, where);
                  // Auto switches only when Cursor's own setting would not follow silently.
                  assert.equal(d.kind, mode === 'auto' && !cursorSilent ? 'switch' : 'ask', where);
                }
                assert.notEqual(d.kind, 'askBack', `${where}: no origin, nothing to go back to`);
              }
  assert.equal(checked, 3 * 11 * 11 * 2 * 2 * 2 * 2);
  assert.equal(offers, 2 * 4 * 2 * 2, 'ask/auto × 4 down phases × ready/degraded × Cursor follows or not');
});

test('off never decides anything, not even the way back', () => {
  const d = decideFailover(input({ mode: 'off', origin: 'a', members: [member('a', state('ready', [MODEL])), member('b', state('ready', [MODEL]), true)] }));
  assert.deepEqual(d, { kind: 'none', why: 'off' });
});

test('one server: nothing to fail over to', () => {
  assert.deepEqual(decideFailover(input({ members: [member('a', state('serverStopped'), true)] })), { kind: 'none', why: 'single' });
});

test('the model must be known and the same id (not just a similar name)', () => {
  const members = [member('a', state('serverStopped'), true), member('b', state('ready', [`${MODEL}-AWQ`, 'x']))];
  assert.equal(decideFailover(input({ members })).kind, 'none');
  assert.deepEqual(decideFailover(input({ members, activeModel: undefined })), { kind: 'none', why: 'modelUnknown' });
  const c = member('c', state('ready', ['x', MODEL]));
  assert.equal((decideFailover(input({ members: [...members, c] })) as { to: ServerEntry }).to.name, 'c', 'any of its models may match');
});

test('settings order among ready servers; a ready one before a degraded one earlier in the list', () => {
  const a = member('a', state('error'), true);
  const deg = member('b', state('degraded', [MODEL]));
  const r1 = member('c', state('ready', [MODEL]));
  const r2 = member('d', state('ready', [MODEL]));
  assert.equal((decideFailover(input({ members: [a, deg, r1, r2] })) as { to: ServerEntry }).to.name, 'c');
  assert.equal((decideFailover(input({ members: [a, deg] })) as { to: ServerEntry }).to.name, 'b', 'degraded is better than down');
  // A declined offer to c does not block d... the first ready one is still chosen, and declined.
  const declined = new Set([offerKey('to', a.entry, r1.entry)]);
  assert.deepEqual(decideFailover(input({ members: [a, r1, r2], declined })), { kind: 'none', why: 'declined' });
});

test('the grace period starts when the server went down and survives a change between down phases', () => {
  const s1 = state('sparkOffline', [], NOW - 30_000);
  const first = downSince(undefined, s1, NOW);
  assert.equal(first, NOW - 30_000);
  // Offline → server stopped (it booted, the service did not start): still the same outage.
  const s2 = state('serverStopped', [], NOW + 20_000);
  assert.equal(downSince(first, s2, NOW + 20_000), NOW - 30_000);
  assert.equal(downSince(first, state('loading', [], NOW + 40_000), NOW + 40_000), undefined, 'loading is on its way up');
  assert.equal(downSince(first, state('ready', [MODEL]), NOW), undefined);
  const members = [member('a', s2, true), member('b', state('ready', [MODEL]))];
  assert.deepEqual(decideFailover(input({ members, activeDownSince: NOW - 30_000, now: NOW + 20_000 })), { kind: 'none', why: 'grace' });
  assert.equal(decideFailover(input({ members, activeDownSince: NOW - 30_000, now: NOW + 30_000 })).kind, 'ask');
});

test('after a failover: the way back is offered once the origin is ready (never taken automatically)', () => {
  const b = member('b', state('ready', [MODEL]), true);
  for (const mode of ['ask', 'auto'] as const) {
    for (const phase of PHASES) {
      const a = member('a', state(phase, [MODEL]));
      const d = decideFailover(input({ mode, origin: 'a', members: [a, b] }));
      if (phase === 'ready') assert.deepEqual(d, { kind: 'askBack', from: b.entry, to: a.entry, key: offerKey('back', b.entry, a.entry) }, `${mode} ${phase}`);
      else assert.deepEqual(d, { kind: 'none', why: 'originNotReady' }, `${mode} ${phase}`);
    }
  }
  const a = member('a', state('ready', [MODEL]));
  assert.deepEqual(decideFailover(input({ origin: 'a', members: [a, b], declined: new Set([offerKey('back', b.entry, a.entry)]) })), { kind: 'none', why: 'declined' });
  assert.deepEqual(decideFailover(input({ origin: 'gone', members: [a, b] })), { kind: 'none', why: 'originNotReady' }, 'origin removed from the list');
  assert.deepEqual(decideFailover(input({ origin: 'b', members: [a, b] })), { kind: 'none', why: 'healthy' }, 'back on the origin');
  assert.deepEqual(decideFailover(input({ members: [a, b] })), { kind: 'none', why: 'healthy' });
});

test('failed over and the new server goes down too: failing over onward follows the same rules', () => {
  const a = member('a', state('serverStopped'));
  const b = member('b', state('sparkOffline'), true);
  const c = member('c', state('ready', [MODEL]));
  const d = decideFailover(input({ origin: 'a', members: [a, b, c] }));
  assert.equal(d.kind, 'ask');
  assert.equal((d as { to: ServerEntry }).to.name, 'c');
});
