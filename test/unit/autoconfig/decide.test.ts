// The auto-configuration decision (src/core/autoconfig/decide.ts), exhaustively: every mode
// against every situation the readings can be in. The readings come from the core's real
// planApply over in-memory targets whose reachability is the real rule (local clients reach a
// tailnet URL, Cursor's cloud does not), so the decision is checked on what planApply produces.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type AutoConfigInput,
  type AutoConfigPlan,
  type AutoConfigureMode,
  applyAnswerEffect,
  decideAutoConfig,
  funnelOffer,
  servedForAutoConfig,
  unreachableAnswerEffect,
  type Verification,
  writeNow,
  writeResult,
} from '../../../src/core/autoconfig/decide';
import { makeFinding } from '../../../src/core/findings';
import { initialState, type SparkState } from '../../../src/core/state/types';
import { type PlanResult, planApply, type StepOutcome } from '../../../src/core/targets/plan';
import { cursorCloudReachability, localReachability } from '../../../src/core/targets/reachability';
import type { RegisteredTarget } from '../../../src/core/targets/registry';
import { type EndpointExposure, type Target, type TargetId, verifiedEndpoint } from '../../../src/core/targets/types';

const TAILNET_URL = 'https://spark.tail1.ts.net/v1';
const FUNNEL_URL = 'https://spark.tail1.ts.net/v1';

const healthy = (over: Partial<SparkState> = {}): SparkState => ({
  ...initialState(0, 'spark'),
  phase: 'ready',
  checkedAt: 1,
  serve: { baseUrl: TAILNET_URL, exposure: 'tailnet', source: 'ssh' },
  server: { kind: 'sglang', models: [{ id: 'm' }] },
  ...over,
});
const funnelState = () => healthy({ serve: { baseUrl: FUNNEL_URL, exposure: 'funnel', source: 'ssh' } });

/** A target holding `value`; reads fail when `value` is an Error. */
function memTarget(id: TargetId, value: string | undefined | Error): Target {
  const reach = id === 'cursor' ? cursorCloudReachability : (url: string) => localReachability(url);
  return {
    id,
    label: id,
    detect: async () => ({ present: true, where: id, reason: 'test' }),
    read: async () => (value instanceof Error ? { ok: false, finding: makeFinding('internal.unexpected', { message: value.message }) } : { ok: true, value, where: id }),
    inSync: async (url: string) => value === url,
    apply: async () => assert.fail('the decision never writes'),
    revert: async () => assert.fail('the decision never reverts'),
    reachability: (url: string, exposure: EndpointExposure, authRequired?: boolean) => reach(url, exposure, authRequired),
  };
}

const verified = (url = TAILNET_URL, exposure: EndpointExposure = 'tailnet', authRequired?: boolean): Verification => ({
  ok: true,
  endpoint: verifiedEndpoint({ baseUrl: url, models: [{ id: 'm' }], exposure, ...(authRequired === undefined ? {} : { authRequired }) }),
});

async function input(
  targets: Target[],
  over: Partial<Omit<AutoConfigInput, 'readings'>> & { mode?: AutoConfigureMode; readings?: PlanResult | 'skip' } = {},
): Promise<AutoConfigInput> {
  const state = over.state ?? healthy();
  const verification = 'verification' in over ? over.verification : verified();
  const readings = over.readings === 'skip' ? undefined : (over.readings ?? (verification?.ok ? await planApply(verification.endpoint, targets) : undefined));
  return {
    state,
    settings: { autoConfigure: over.mode ?? 'auto', settingsKeys: over.settings?.settingsKeys ?? [] },
    verification,
    readings,
    disabled: over.disabled ?? [],
  };
}

const decide = async (targets: Target[], over: Parameters<typeof input>[1] = {}) => decideAutoConfig(await input(targets, over));
const writesOf = (p: AutoConfigPlan) => (p.kind === 'act' ? (p.write?.targets ?? []) : []);
const MODES: AutoConfigureMode[] = ['auto', 'ask', 'off'];

describe('stale state never causes a write', () => {
  test('every unhealthy phase stops before anything is read or written', async () => {
    for (const phase of ['notConfigured', 'checking', 'tailnetDown', 'sparkOffline', 'reachableNotServed', 'serverStopped', 'loading', 'warmingUp', 'error'] as const) {
      for (const mode of MODES) {
        const p = await decide([memTarget('continue', undefined)], { state: healthy({ phase }), mode });
        assert.deepEqual(p, { kind: 'stop', result: 'notHealthy' }, `${phase}/${mode}`);
      }
    }
  });

  test('a cached URL shown at start (checking, from the last session) writes nothing', async () => {
    const cached = healthy({ phase: 'checking', serve: { baseUrl: TAILNET_URL, exposure: 'tailnet', source: 'cache' } });
    const p = await decide([memTarget('continue', undefined)], { state: cached });
    assert.equal(p.kind, 'stop');
    assert.equal(p.kind === 'stop' && p.result, 'notHealthy');
  });

  test('a healthy state that still reconciles a remembered URL writes nothing', async () => {
    const p = await decide([memTarget('continue', undefined)], { state: healthy({ reconciling: true, serve: { baseUrl: TAILNET_URL, exposure: 'tailnet', source: 'cache' } }) });
    assert.deepEqual(p, { kind: 'stop', result: 'notHealthy' });
  });

  test('without our own verification (not probed, or the probe failed) nothing is written, whatever the mode', async () => {
    const finding = makeFinding('target.unverifiedUrl', { url: TAILNET_URL, where: TAILNET_URL });
    for (const mode of MODES) {
      const notProbed = await decide([memTarget('continue', undefined)], { mode, verification: undefined });
      assert.deepEqual(notProbed, { kind: 'stop', result: 'unverified', url: TAILNET_URL }, mode);
      const failed = await decide([memTarget('continue', undefined)], { mode, verification: { ok: false, finding } });
      assert.deepEqual(failed, { kind: 'stop', result: 'unverified', url: TAILNET_URL, finding }, mode);
    }
  });

  test('a verification of another URL, or with another exposure, does not count', async () => {
    const other = await decide([memTarget('continue', undefined)], { verification: verified('https://other.tail1.ts.net/v1') });
    assert.equal(other.kind === 'stop' && other.result, 'unverified');
    const exposure = await decide([memTarget('continue', undefined)], { verification: verified(TAILNET_URL, 'funnel') });
    assert.equal(exposure.kind === 'stop' && exposure.result, 'unverified');
  });

  test('readings of another endpoint, missing readings, or a refused plan stop as unverified', async () => {
    const other = verified('https://other.tail1.ts.net/v1');
    const otherPlan = await planApply(other.ok ? other.endpoint : undefined, [memTarget('continue', undefined)]);
    const a = await decide([memTarget('continue', undefined)], { readings: otherPlan });
    assert.equal(a.kind === 'stop' && a.result, 'unverified');
    const b = await decide([memTarget('continue', undefined)], { readings: 'skip' });
    assert.equal(b.kind === 'stop' && b.result, 'unverified');
    const refused = await planApply({ baseUrl: TAILNET_URL }, [memTarget('continue', undefined)]);
    const c = await decide([memTarget('continue', undefined)], { readings: refused });
    assert.equal(c.kind === 'stop' && c.result, 'unverified');
    assert.equal(c.kind === 'stop' && c.finding?.code, 'target.unverifiedUrl');
  });

  test('the answer to a question that stayed open while the URL changed writes nothing', () => {
    const served = { baseUrl: TAILNET_URL, exposure: 'tailnet' as const };
    assert.equal(writeNow(true, healthy(), served), 'write');
    assert.equal(writeNow(true, healthy({ serve: { baseUrl: 'https://new.tail1.ts.net/v1', exposure: 'tailnet', source: 'ssh' } }), served), 'stale');
    assert.equal(writeNow(true, funnelState(), served), 'stale', 'the exposure changed');
    assert.equal(writeNow(true, healthy({ phase: 'serverStopped' }), served), 'stale');
    assert.equal(writeNow(false, healthy(), served), 'declined');
  });
});

describe('modes: auto / ask / off', () => {
  test('auto: writes the differing targets, silently, one window (answers ignored)', async () => {
    const p = await decide([memTarget('continue', 'https://old/v1'), memTarget('vscode-custom-endpoint', undefined)], { mode: 'auto' });
    assert.equal(p.kind, 'act');
    if (p.kind !== 'act') return;
    assert.deepEqual(p.write?.targets, ['continue', 'vscode-custom-endpoint']);
    assert.equal(p.write?.honourAnswers, false);
    assert.equal(p.write?.ask, undefined);
    assert.equal(p.write?.ledgerKey, `apply ${TAILNET_URL} → continue,vscode-custom-endpoint`);
    assert.equal(p.url, TAILNET_URL);
    assert.deepEqual(p.sync.map((s) => s.status), ['differs', 'differs']);
  });

  test('ask: asks once per change with old → new per target; answered questions are honoured', async () => {
    const p = await decide([memTarget('vscode-custom-endpoint', undefined), memTarget('continue', 'https://old/v1')], { mode: 'ask' });
    assert.equal(p.kind, 'act');
    if (p.kind !== 'act') return;
    assert.equal(p.write?.honourAnswers, true);
    assert.equal(p.write?.ledgerKey, `apply ${TAILNET_URL} → continue,vscode-custom-endpoint`, 'the key does not depend on the order of the targets');
    assert.deepEqual(p.write?.ask, {
      url: TAILNET_URL,
      changes: [
        { label: 'vscode-custom-endpoint', from: undefined, to: TAILNET_URL },
        { label: 'continue', from: 'https://old/v1', to: TAILNET_URL },
      ],
    });
  });

  test('ask: a settings key with a suffix is shown with its own value', async () => {
    const p = await decide([memTarget('settings-keys', undefined)], { mode: 'ask', settings: { autoConfigure: 'ask', settingsKeys: [{ key: 'x.url', suffix: '/api' }] } });
    assert.equal(p.kind === 'act' && p.write?.ask?.changes[0]?.to, 'https://spark.tail1.ts.net/api');
  });

  test('off: reads and reports the sync state, never writes or asks', async () => {
    const p = await decide([memTarget('continue', 'https://old/v1'), memTarget('cursor', undefined)], { mode: 'off' });
    assert.equal(p.kind, 'stop');
    assert.equal(p.kind === 'stop' && p.result, 'off');
    assert.deepEqual(p.kind === 'stop' && p.sync?.map((s) => [s.id, s.status]), [
      ['continue', 'differs'],
      ['cursor', 'unreachable'],
    ]);
  });

  test('answers: Apply/Always write, Always→auto, Never→off, Not Now and dismissal decline and are remembered', () => {
    assert.deepEqual(applyAnswerEffect('ask', 'apply'), { go: true, remember: 'apply' });
    assert.deepEqual(applyAnswerEffect('ask', 'always'), { go: true, setMode: 'auto', remember: 'always' });
    assert.deepEqual(applyAnswerEffect('ask', 'never'), { go: false, setMode: 'off', remember: 'never' });
    assert.deepEqual(applyAnswerEffect('ask', 'notNow'), { go: false, remember: 'notNow' });
    assert.deepEqual(applyAnswerEffect('ask', undefined), { go: false, remember: 'dismissed' });
    assert.deepEqual(applyAnswerEffect('auto', undefined), { go: true });
    assert.deepEqual(applyAnswerEffect('off', 'apply'), { go: false });
  });
});

describe('disabled targets, already in sync, no targets', () => {
  test('disabled targets are shown as such and never written', async () => {
    const disabled: RegisteredTarget[] = [{ target: memTarget('continue', 'https://old/v1'), enabledByDefault: false, why: 'no Continue config' }];
    for (const mode of MODES) {
      const p = await decide([memTarget('vscode-custom-endpoint', undefined)], { mode, disabled });
      assert.ok(!writesOf(p).includes('continue'), mode);
      const sync = p.kind === 'act' ? p.sync : p.sync;
      assert.deepEqual(sync?.at(-1), { id: 'continue', label: 'continue', status: 'disabled', detail: 'no Continue config' }, mode);
    }
  });

  test('every target disabled: noTargets, with the sync state of the disabled ones', async () => {
    const disabled: RegisteredTarget[] = [{ target: memTarget('cursor', undefined), enabledByDefault: true, why: 'off in the settings' }];
    const p = await decide([], { disabled });
    assert.equal(p.kind === 'stop' && p.result, 'noTargets');
    assert.deepEqual(p.kind === 'stop' && p.sync?.map((s) => s.status), ['disabled']);
  });

  test('already in sync: nothing to write or ask in any mode', async () => {
    for (const mode of MODES) {
      const p = await decide([memTarget('continue', TAILNET_URL), memTarget('vscode-custom-endpoint', TAILNET_URL)], { mode });
      assert.equal(p.kind, 'stop', mode);
      assert.equal(p.kind === 'stop' && p.result, mode === 'off' ? 'off' : 'inSync', mode);
      assert.deepEqual(p.kind === 'stop' && p.sync?.map((s) => s.status), ['inSync', 'inSync']);
    }
  });

  test('an unreadable target is not written and does not make a question', async () => {
    const p = await decide([memTarget('continue', new Error('EACCES'))], { mode: 'ask' });
    assert.equal(p.kind === 'stop' && p.result, 'inSync');
    assert.equal(p.kind === 'stop' && p.sync?.[0]?.status, 'differs');
  });
});

describe("Cursor's tailnet-only URL rule", () => {
  test('a tailnet URL is never written into Cursor silently: the user is told, once per URL', async () => {
    for (const mode of ['auto', 'ask'] as const) {
      const p = await decide([memTarget('cursor', undefined), memTarget('continue', 'https://old/v1')], { mode });
      assert.equal(p.kind, 'act', mode);
      if (p.kind !== 'act') return;
      assert.deepEqual(p.write?.targets, ['continue'], `${mode}: Cursor is not among the writes`);
      assert.equal(p.cursorUnreachable?.step.target.id, 'cursor');
      assert.equal(p.cursorUnreachable?.ledgerKey, `cursor cannot reach ${TAILNET_URL}`);
      assert.equal(p.sync.find((s) => s.id === 'cursor')?.status, 'unreachable');
    }
  });

  test('only Cursor blocked: no write decision, only the Cursor message', async () => {
    const p = await decide([memTarget('cursor', 'https://old/v1')], { mode: 'auto' });
    assert.equal(p.kind, 'act');
    assert.equal(p.kind === 'act' && p.write, undefined);
    assert.equal(p.kind === 'act' && p.cursorUnreachable?.step.target.id, 'cursor');
  });

  test('Cursor already holding the tailnet URL is still not in sync (its cloud cannot reach it), and is not told again by the plan', async () => {
    const p = await decide([memTarget('cursor', TAILNET_URL)], { mode: 'auto' });
    assert.equal(p.kind === 'stop' && p.result, 'inSync', 'nothing to write');
    assert.equal(p.kind === 'stop' && p.sync?.[0]?.status, 'unreachable');
  });

  test('a Funnel URL with an enforced API key is written into Cursor like any target', async () => {
    const p = await decide([memTarget('cursor', undefined)], { state: funnelState(), verification: verified(FUNNEL_URL, 'funnel', true), mode: 'auto' });
    assert.deepEqual(writesOf(p), ['cursor']);
    assert.equal(p.kind === 'act' && p.cursorUnreachable, undefined);
  });

  test('an unreadable Cursor is not reported as unreachable (nothing to tell)', async () => {
    const p = await decide([memTarget('cursor', new Error('locked'))], { mode: 'auto' });
    assert.equal(p.kind === 'stop' && p.result, 'inSync');
  });

  test('Funnel is offered only with a key the server enforces', () => {
    assert.deepEqual(funnelOffer(true, true), { possible: true });
    assert.deepEqual(funnelOffer(true, false), { possible: false, why: 'notEnforced' });
    assert.deepEqual(funnelOffer(false, false), { possible: false, why: 'noKey' });
  });

  test('answers: Funnel / Set Up Chat run their command, Continue opens the pick, Write Anyway only while the URL is served', () => {
    assert.deepEqual(unreachableAnswerEffect('funnel', healthy(), TAILNET_URL), { kind: 'command', command: 'funnel' });
    assert.deepEqual(unreachableAnswerEffect('setupChat', healthy(), TAILNET_URL), { kind: 'command', command: 'setupChat' });
    assert.deepEqual(unreachableAnswerEffect('extensions', healthy(), TAILNET_URL), { kind: 'openTargetsPick' });
    assert.deepEqual(unreachableAnswerEffect('writeAnyway', healthy(), TAILNET_URL), { kind: 'writeCursorAnyway' });
    assert.deepEqual(unreachableAnswerEffect('writeAnyway', healthy({ phase: 'error' }), TAILNET_URL), { kind: 'stale' });
    assert.deepEqual(unreachableAnswerEffect(undefined, healthy(), TAILNET_URL), { kind: 'none' });
  });
});

describe('results', () => {
  const outcome = (works: boolean): StepOutcome => ({
    targetId: 'continue',
    label: 'Continue',
    result: { status: 'written', where: 'x', previous: undefined, now: TAILNET_URL },
    works,
    reachability: localReachability(TAILNET_URL),
  });
  test('written only when some target now works', () => {
    assert.equal(writeResult([outcome(false), outcome(true)]), 'written');
    assert.equal(writeResult([outcome(false)]), 'notWritten');
    assert.equal(writeResult([]), 'notWritten');
  });
  test('servedForAutoConfig names the URL to verify (trailing slash removed; a setting URL has unknown exposure)', () => {
    assert.deepEqual(servedForAutoConfig(healthy({ serve: { baseUrl: `${TAILNET_URL}/`, exposure: 'tailnet', source: 'ssh' } })), { baseUrl: TAILNET_URL, exposure: 'tailnet' });
    assert.deepEqual(servedForAutoConfig(healthy({ serve: { baseUrl: 'https://llm.example.com/v1', exposure: 'funnel', source: 'setting' } })), {
      baseUrl: 'https://llm.example.com/v1',
      exposure: 'unknown',
    });
  });
});
