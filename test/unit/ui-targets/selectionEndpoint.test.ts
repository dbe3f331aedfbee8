// Pure logic of the VS Code target adapter: which targets are on, which URL counts as verified,
// and how plan/outcomes become the status bar's per-target sync state.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeFinding } from '../../../src/core/findings';
import type { ProbeResult } from '../../../src/core/inference/probe';
import { initialState, type SparkState } from '../../../src/core/state/types';
import { cursorCloudReachability, localReachability } from '../../../src/core/targets/reachability';
import type { Plan, StepOutcome } from '../../../src/core/targets/plan';
import type { RegisteredTarget } from '../../../src/core/targets/registry';
import { type Target, verifiedEndpoint } from '../../../src/core/targets/types';
import { endpointFromProbe, servedKey, servedUrlOf } from '../../../src/ui/targets/endpoint';
import { isEnabled, settingsKeysFrom } from '../../../src/ui/targets/selection';
import { changesOf, describeOutcome, syncAfter, syncFromPlan } from '../../../src/core/autoconfig/sync';

const fakeTarget = (id: Target['id'], label: string = id): Target => ({ id, label }) as unknown as Target;
const reg = (id: Target['id'], enabledByDefault: boolean): RegisteredTarget => ({ target: fakeTarget(id), enabledByDefault, why: 'w' });

describe('isEnabled', () => {
  const toggle = (value: boolean, explicit: boolean) => () => ({ value, explicit });
  test('default setting follows detection; explicit true overrides it; false always wins', () => {
    assert.equal(isEnabled(reg('continue', true), toggle(true, false)), true);
    assert.equal(isEnabled(reg('continue', false), toggle(true, false)), false, 'Continue not set up: off by default');
    assert.equal(isEnabled(reg('continue', false), toggle(true, true)), true, 'user turned it on explicitly');
    assert.equal(isEnabled(reg('cursor', true), toggle(false, true)), false);
  });
  test('settings keys have no toggle: listed means on', () => {
    assert.equal(isEnabled(reg('settings-keys', true), () => assert.fail('no toggle for settings keys')), true);
  });
  test('the toggle asked is the one of the target', () => {
    const asked: string[] = [];
    const record = (k: string) => {
      asked.push(k);
      return { value: true, explicit: false };
    };
    isEnabled(reg('vscode-custom-endpoint', true), record);
    isEnabled(reg('cursor', true), record);
    assert.deepEqual(asked, ['targets.vscodeCustomEndpoint', 'targets.cursor']);
  });
});

describe('settingsKeysFrom', () => {
  test('empty suffix means the full base URL; invalid entries are named, not written', () => {
    const r = settingsKeysFrom([{ key: 'a.b', suffix: '' }, { key: 'c.d', suffix: '/v1' }, { key: 'nodot' }, { key: 'e.f', suffix: 'v1' }]);
    assert.deepEqual(r.keys, [{ key: 'a.b' }, { key: 'c.d', suffix: '/v1' }]);
    assert.deepEqual(r.invalid.map((i) => i.key), ['nodot', 'e.f']);
  });
});

const healthy = (over: Partial<SparkState> = {}): SparkState => ({
  ...initialState(0, 'spark'),
  phase: 'ready',
  checkedAt: 1,
  serve: { baseUrl: 'https://spark.tail1.ts.net/v1/', exposure: 'tailnet', source: 'ssh' },
  server: { kind: 'sglang', models: [{ id: 'm' }] },
  ...over,
});

describe('servedUrlOf / servedKey', () => {
  test('only a healthy state with a Serve URL and a server answer yields a URL', () => {
    assert.deepEqual(servedUrlOf(healthy()), { baseUrl: 'https://spark.tail1.ts.net/v1', exposure: 'tailnet' });
    assert.deepEqual(servedUrlOf(healthy({ phase: 'degraded' }))?.baseUrl, 'https://spark.tail1.ts.net/v1');
    for (const phase of ['checking', 'serverStopped', 'warmingUp', 'error', 'loading'] as const) assert.equal(servedUrlOf(healthy({ phase })), undefined, phase);
    assert.equal(servedUrlOf(healthy({ server: undefined })), undefined);
  });
  test('a URL fixed in the settings has an unknown exposure (not assumed tailnet or public)', () => {
    const s = healthy({ serve: { baseUrl: 'https://llm.example.com/v1', exposure: 'tailnet', source: 'setting' } });
    assert.deepEqual(servedUrlOf(s), { baseUrl: 'https://llm.example.com/v1', exposure: 'unknown' });
  });
  test('the key changes with the URL and with the exposure', () => {
    const a = servedKey(servedUrlOf(healthy()));
    const b = servedKey(servedUrlOf(healthy({ serve: { baseUrl: 'https://spark.tail1.ts.net/v1', exposure: 'funnel', source: 'ssh' } })));
    assert.notEqual(a, b);
    assert.equal(servedKey(undefined), undefined);
  });
});

describe('endpointFromProbe', () => {
  const probe = (over: Partial<ProbeResult>): ProbeResult => ({ ok: true, baseUrl: 'https://h.ts.net/v1', checkedAt: '2026-01-01T00:00:00Z', models: [{ id: 'm', contextLength: 4096 }], findings: [], ...over });
  test('a successful probe with models becomes a VerifiedEndpoint', () => {
    const e = endpointFromProbe(probe({}), 'tailnet');
    assert.deepEqual(e, { verified: true, baseUrl: 'https://h.ts.net/v1', models: [{ id: 'm', contextLength: 4096 }], exposure: 'tailnet', verifiedAt: '2026-01-01T00:00:00Z' });
  });
  test('failed or empty probes are not verified', () => {
    assert.equal(endpointFromProbe(probe({ ok: false }), 'tailnet'), undefined);
    assert.equal(endpointFromProbe(probe({ models: [] }), 'tailnet'), undefined);
  });
  test('Funnel: authRequired is false exactly when the probe found funnel.noApiKey', () => {
    assert.equal(endpointFromProbe(probe({}), 'funnel')?.authRequired, true);
    const open = probe({ findings: [makeFinding('funnel.noApiKey', { url: 'https://h.ts.net/v1' })] });
    assert.equal(endpointFromProbe(open, 'funnel')?.authRequired, false);
    assert.equal(endpointFromProbe(open, 'tailnet')?.authRequired, undefined);
  });
});

describe('sync state', () => {
  const endpoint = verifiedEndpoint({ baseUrl: 'https://spark.tail1.ts.net/v1', models: [{ id: 'm' }], exposure: 'tailnet' });
  const url = endpoint.baseUrl;
  const plan: Plan = {
    endpoint,
    steps: [
      { target: fakeTarget('continue', 'Continue'), current: { ok: true, value: undefined, where: 'c' }, reachability: localReachability(url), action: 'write', summary: '' },
      { target: fakeTarget('settings-keys', 'Keys'), current: { ok: true, value: url, where: 'k' }, reachability: localReachability(url), action: 'none', summary: '' },
      { target: fakeTarget('cursor', 'Cursor'), current: { ok: true, value: 'https://api.openai.com/v1', where: 'db' }, reachability: cursorCloudReachability(url, 'tailnet'), action: 'blocked', summary: '' },
      {
        target: fakeTarget('vscode-custom-endpoint', 'VS Code'),
        current: { ok: false, finding: makeFinding('target.fileUnreadable', { target: 'x' }) },
        reachability: localReachability(url),
        action: 'blocked',
        summary: '',
      },
    ],
  };

  test('plan → differs / inSync / unreachable (never inSync for Cursor with a tailnet URL) / differs (unreadable); disabled listed', () => {
    const sync = syncFromPlan(plan, [reg('cursor', false)]);
    assert.deepEqual(
      sync.map((s) => [s.id, s.status]),
      [
        ['continue', 'differs'],
        ['settings-keys', 'inSync'],
        ['cursor', 'unreachable'],
        ['vscode-custom-endpoint', 'differs'],
        ['cursor', 'disabled'],
      ],
    );
    assert.match(sync[0].detail!, /\(not set\) → https:\/\/spark/);
    assert.match(sync[2].detail!, /Cursor's servers/);
  });

  test('outcomes: written+works → inSync; written anyway but unreachable → unreachable; pending → pendingRestart; failed → differs', () => {
    const before = syncFromPlan(plan);
    const o = (targetId: Target['id'], result: StepOutcome['result'], works: boolean, reach = localReachability(url)): StepOutcome => ({ targetId, label: targetId, result, works, reachability: reach });
    const after = syncAfter(before, [
      o('continue', { status: 'written', where: 'c', previous: undefined, now: url }, true),
      o('cursor', { status: 'written', where: 'db', previous: 'x', now: url }, false, cursorCloudReachability(url, 'tailnet')),
      o('vscode-custom-endpoint', { status: 'failed', where: 'f', finding: makeFinding('target.fileWriteFailed', {}) }, false),
    ]);
    assert.deepEqual(after.map((s) => s.status), ['inSync', 'inSync', 'unreachable', 'differs']);
    const pending = syncAfter(before, [o('cursor', { status: 'pending', where: 'db', detail: 'waits' }, false)]);
    assert.equal(pending[2].status, 'pendingRestart');
    assert.match(describeOutcome(o('cursor', { status: 'written', where: 'db', previous: 'x', now: url }, false, cursorCloudReachability(url, 'tailnet'))), /cannot work/);
  });
});

describe('changesOf', () => {
  test('old → new per target; a settings key with a suffix shows the value it will really get', () => {
    const endpoint = verifiedEndpoint({ baseUrl: 'https://spark.tail1.ts.net/v1', models: [{ id: 'm' }], exposure: 'tailnet' });
    const step = (id: Target['id'], value: string | undefined) => ({
      target: fakeTarget(id, id),
      current: { ok: true as const, value, where: 'w' },
      reachability: localReachability(endpoint.baseUrl),
      action: 'write' as const,
      summary: '',
    });
    const plan: Plan = { endpoint, steps: [step('continue', 'https://old/v1'), step('settings-keys', undefined)] };
    assert.deepEqual(changesOf(plan, plan.steps, [{ key: 'x.baseUrl', suffix: '/api' }]), [
      { label: 'continue', from: 'https://old/v1', to: 'https://spark.tail1.ts.net/v1' },
      { label: 'settings-keys', from: undefined, to: 'https://spark.tail1.ts.net/api' },
    ]);
    assert.equal(changesOf(plan, plan.steps)[1].to, endpoint.baseUrl, 'without a suffix: the base URL');
  });
});
