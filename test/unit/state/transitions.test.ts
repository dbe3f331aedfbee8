// What probe results MEAN: nextState() over hand-built observations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeFinding } from '../../../src/core/findings';
import { nextState, type Observation, withHost, withTargets } from '../../../src/core/state/transitions';
import { initialState, type SparkState } from '../../../src/core/state/types';
import { BASE_URL, okModels, runningTailnet, unreachable } from '../monitor/fakes';

const T0 = 1_700_000_000_000;
const ctx = (now = T0) => ({ now, slowMs: 1500, serviceUnit: 'vllm.service', readyTimeoutSeconds: 600 });
const serve = { baseUrl: BASE_URL, exposure: 'tailnet' as const, source: 'cache' as const };
const host = 'spark-56d0';

function step(prev: SparkState, obs: Omit<Observation, 'host'>, now = T0): SparkState {
  return nextState(prev, { host, ...obs }, ctx(now));
}

test('no host → notConfigured, whatever else was known', () => {
  const s = nextState(initialState(T0, host), {}, ctx());
  assert.equal(s.phase, 'notConfigured');
  assert.equal(s.failures, 0);
  assert.equal(s.serve, undefined);
});

test('server ok → ready with models, kind and latency', () => {
  const s = step(initialState(T0, host), { serve, server: okModels(42) });
  assert.equal(s.phase, 'ready');
  assert.deepEqual(s.server?.models, [{ id: 'Qwen/Qwen2.5-7B-Instruct', contextLength: 32768 }]);
  assert.equal(s.server?.kind, 'sglang');
  assert.equal(s.server?.latencyMs, 42);
  assert.equal(s.serve?.baseUrl, BASE_URL);
});

test('a /metrics-only tick keeps the models and kind from the previous /v1/models tick', () => {
  const s1 = step(initialState(T0, host), { serve, server: okModels() });
  const s2 = step(s1, { server: { kind: 'ok', latencyMs: 50, metrics: { running: 2, queued: 0 } } });
  assert.equal(s2.server?.models[0]?.id, 'Qwen/Qwen2.5-7B-Instruct');
  assert.equal(s2.server?.kind, 'sglang');
  assert.deepEqual(s2.server?.metrics, { running: 2, queued: 0 });
  assert.equal(s2.serve?.baseUrl, BASE_URL, 'the URL is kept');
});

test('degraded: slow answers', () => {
  const s = step(initialState(T0, host), { serve, server: okModels(2500) });
  assert.equal(s.phase, 'degraded');
  assert.deepEqual(s.degraded, ['slow']);
});

test('degraded: queue growing over two samples (one waiting request is not growth)', () => {
  const m = (queued: number) => ({ kind: 'ok' as const, latencyMs: 40, metrics: { queued } });
  let s = step(initialState(T0, host), { serve, server: okModels() });
  s = step(s, { server: m(0) });
  s = step(s, { server: m(1) });
  assert.equal(s.phase, 'ready', '0 → 1 is not growth');
  s = step(s, { server: m(4) });
  assert.equal(s.phase, 'degraded');
  assert.deepEqual(s.degraded, ['queueGrowing']);
  s = step(s, { server: m(2) });
  assert.equal(s.phase, 'ready');
});

test('degraded: relayed via DERP', () => {
  const tailnet = runningTailnet(true);
  tailnet.peer!.path = { kind: 'derp', region: 'fra' };
  const s = step(initialState(T0, host), { serve, server: okModels(), tailnet });
  assert.equal(s.phase, 'degraded');
  assert.deepEqual(s.degraded, ['relayed']);
});

test('the deepest cause wins: tailnet down explains an unreachable server', () => {
  const s = step(initialState(T0, host), {
    serve,
    server: unreachable(),
    tailnet: { backendState: 'NeedsLogin', finding: makeFinding('tailscale.needsLogin', {}) },
  });
  assert.equal(s.phase, 'tailnetDown');
  assert.deepEqual(
    s.findings.map((f) => f.code),
    ['tailscale.needsLogin'],
  );
});

test('peer offline → sparkOffline, keeping the remembered URL for when it returns', () => {
  const s = step(initialState(T0, host), { serve, server: unreachable(), tailnet: runningTailnet(false) });
  assert.equal(s.phase, 'sparkOffline');
  assert.equal(s.tailnet?.peer?.lastSeen, '2023-11-14T20:00:00Z');
  assert.equal(s.serve?.baseUrl, BASE_URL);
});

test('peer missing → error with the tailnet finding', () => {
  const s = step(initialState(T0, host), {
    tailnet: { backendState: 'Running', finding: makeFinding('tailnet.peerNotFound', { host }) },
  });
  assert.equal(s.phase, 'error');
  assert.equal(s.findings[0]?.code, 'tailnet.peerNotFound');
});

test('nothing served → reachableNotServed and the stale URL is dropped', () => {
  const s = step(initialState(T0, host), {
    serve,
    server: unreachable(),
    tailnet: runningTailnet(true),
    discovery: { kind: 'notServed', finding: makeFinding('serve.nothingServed', { port: 30001 }) },
  });
  assert.equal(s.phase, 'reachableNotServed');
  assert.equal(s.serve, undefined);
  assert.equal(s.findings[0]?.code, 'serve.nothingServed');
});

test('502 with the service inactive/failed → serverStopped; active → loading', () => {
  const down = { serve, server: { kind: 'backendDown' as const } };
  const stopped = step(initialState(T0, host), { ...down, service: { kind: 'ok', unit: 'vllm.service', activeState: 'failed' } });
  assert.equal(stopped.phase, 'serverStopped');
  assert.equal(stopped.service?.activeState, 'failed');
  const loading = step(initialState(T0, host), { ...down, service: { kind: 'ok', unit: 'vllm.service', activeState: 'active' } });
  assert.equal(loading.phase, 'loading');
});

test('loading keeps its start time; past readyTimeout it becomes service.notReadyInTime', () => {
  const active = { kind: 'ok' as const, unit: 'vllm.service', activeState: 'activating' };
  const s1 = step(initialState(T0, host), { serve, server: { kind: 'backendDown' }, service: active }, T0);
  const s2 = step(s1, { server: { kind: 'backendDown' } }, T0 + 300_000);
  assert.equal(s2.phase, 'loading');
  assert.equal(s2.since, T0, 'phase start time unchanged while the phase stays');
  const s3 = step(s2, { server: { kind: 'backendDown' }, service: active }, T0 + 601_000);
  assert.equal(s3.phase, 'error');
  assert.equal(s3.findings[0]?.code, 'service.notReadyInTime');
  assert.match(s3.findings[0]!.title, /vllm\.service did not become ready in 600 s/);
});

test('503 → warmingUp; the failure counter resets (no backoff while starting)', () => {
  let s = step(initialState(T0, host), { serve, server: unreachable(), tailnet: runningTailnet(false) });
  s = step(s, { serve, server: unreachable(), tailnet: runningTailnet(false) });
  assert.equal(s.failures, 2);
  s = step(s, { server: { kind: 'warmingUp' } });
  assert.equal(s.phase, 'warmingUp');
  assert.equal(s.failures, 0);
});

test('401 → error carrying the probe finding', () => {
  const s = step(initialState(T0, host), { serve, server: { kind: 'failed', finding: makeFinding('probe.apiKeyWrong', { url: BASE_URL }) } });
  assert.equal(s.phase, 'error');
  assert.equal(s.findings[0]?.code, 'probe.apiKeyWrong');
});

test('settings findings ride along with every state', () => {
  const bad = makeFinding('settings.invalid', { setting: 'tailspark.poll.healthySeconds', message: 'too small', fallback: 15 });
  const s = nextState(initialState(T0, host), { host, serve, server: okModels(), extraFindings: [bad] }, ctx());
  assert.equal(s.phase, 'ready');
  assert.deepEqual(
    s.findings.map((f) => f.code),
    ['settings.invalid'],
  );
});

test('an inconclusive tick (no decisive probe) keeps the phase', () => {
  const s1 = step(initialState(T0, host), { serve, server: unreachable(), tailnet: runningTailnet(false) });
  const s2 = step(s1, {}, T0 + 1000);
  assert.equal(s2.phase, 'sparkOffline');
  assert.equal(s2.since, T0);
});

test('withHost resets everything of the old Spark; withTargets keeps the rest', () => {
  const s1 = step(initialState(T0, host), { serve, server: okModels() });
  const s2 = withTargets(s1, [{ id: 'cursor', label: 'Cursor', status: 'inSync' }]);
  assert.equal(s2.phase, 'ready');
  assert.equal(s2.targets.length, 1);
  const s3 = withHost(s2, 'other-spark', T0 + 5);
  assert.equal(s3.phase, 'checking');
  assert.equal(s3.serve, undefined);
  assert.equal(s3.server, undefined);
  assert.equal(s3.targets.length, 1);
  assert.equal(withHost(s3, 'other-spark', T0 + 6), s3, 'same host: same object');
  assert.equal(withHost(s3, undefined, T0).phase, 'notConfigured');
});

/** Freezes every nested object and array, so a write anywhere in the state throws. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

test('states are not mutated (deep-frozen input, nested findings/serve/server included)', () => {
  const s1 = deepFreeze(step(initialState(T0, host), { serve, server: okModels() }));
  const before = JSON.stringify(s1);
  assert.doesNotThrow(() => step(s1, { server: unreachable(), tailnet: runningTailnet(false) }));
  const s2 = deepFreeze(step(s1, { server: unreachable(), tailnet: runningTailnet(false) }));
  assert.doesNotThrow(() => step(s2, { server: okModels(), service: { kind: 'ok', unit: 'vllm.service', activeState: 'active' } }));
  assert.equal(JSON.stringify(s1), before);
});

test('the service state is dropped once the server answers (it would be stale)', () => {
  const s1 = step(initialState(T0, host), { serve, server: { kind: 'backendDown' }, service: { kind: 'ok', unit: 'vllm.service', activeState: 'inactive' } });
  assert.equal(s1.service?.activeState, 'inactive');
  const s2 = step(s1, { server: { kind: 'backendDown' } });
  assert.equal(s2.service?.activeState, 'inactive', 'kept while still stopped');
  const s3 = step(s2, { server: okModels() });
  assert.equal(s3.service, undefined);
});

test('stopped with systemd saying inactive: no redundant 502 finding, so Start service leads the actions', () => {
  const badGateway = makeFinding('probe.badGateway', { url: BASE_URL });
  const unsure = step(initialState(T0, host), { serve, server: { kind: 'backendDown', finding: badGateway } });
  assert.equal(unsure.phase, 'serverStopped');
  assert.deepEqual(unsure.findings.map((f) => f.code), ['probe.badGateway'], 'without systemd the 502 explains');
  const known = step(unsure, { server: { kind: 'backendDown', finding: badGateway }, service: { kind: 'ok', unit: 'vllm.service', activeState: 'inactive' } });
  assert.deepEqual(known.findings, []);
  const later = step(known, { server: { kind: 'backendDown', finding: badGateway } });
  assert.deepEqual(later.findings, [], 'still known stopped on the next tick');
});

test('findings carried over an inconclusive tick do not pile up with the settings findings', () => {
  const bad = makeFinding('settings.invalid', { setting: 'tailspark.poll.healthySeconds', message: 'x', fallback: 15 });
  let s = nextState(initialState(T0, host), { host, serve, server: unreachable(), tailnet: runningTailnet(false), extraFindings: [bad] }, ctx());
  for (let i = 0; i < 5; i++) s = nextState(s, { host, extraFindings: [bad] }, ctx());
  assert.equal(s.findings.filter((f) => f.code === 'settings.invalid').length, 1);
});
