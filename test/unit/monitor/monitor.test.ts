// The Monitor's polling policy, driven by a fake clock and scripted probes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeFinding } from '../../../src/core/findings';
import { Monitor, MODELS_EVERY, TAILNET_EVERY } from '../../../src/core/monitor/monitor';
import type { MonitorConfig } from '../../../src/core/monitor/types';
import type { SparkState } from '../../../src/core/state/types';
import { FakeClock, settle } from './fakeClock';
import { BASE_URL, config, FakeProbes, MemoryLog, okModels, runningTailnet, served, unreachable } from './fakes';

function setup(over: Partial<MonitorConfig> = {}, withCachedUrl = true) {
  const clock = new FakeClock();
  const probes = new FakeProbes();
  const log = new MemoryLog();
  let cfg = config(over);
  const monitor = new Monitor({
    probes,
    clock,
    log,
    getConfig: () => cfg,
    ...(withCachedUrl ? { initialServe: { baseUrl: BASE_URL, exposure: 'tailnet', source: 'cache' } } : {}),
  });
  const states: SparkState[] = [];
  monitor.onDidChangeState((s) => states.push(s));
  return {
    clock,
    probes,
    log,
    monitor,
    states,
    setConfig: (o: Partial<MonitorConfig>) => {
      cfg = config({ ...over, ...o });
    },
  };
}

test('healthy: first tick reads models + tailnet from the cached URL; discovery confirms it once, in parallel', async () => {
  const { monitor, probes } = setup();
  monitor.start();
  await settle();
  assert.equal(monitor.getState().phase, 'ready');
  assert.equal(monitor.getState().server?.models[0]?.id, 'Qwen/Qwen2.5-7B-Instruct');
  assert.equal(monitor.getState().tailnet?.peer?.dnsName, 'spark-56d0.tail1234.ts.net');
  assert.equal(monitor.getState().serve?.source, 'ssh', 'confirmed by discovery');
  assert.equal(monitor.getState().reconciling, undefined);
  assert.deepEqual(probes.calls, { tailnet: 1, server: 1, discover: 1, service: 0 });
  assert.deepEqual(probes.details, ['models']);
  monitor.dispose();
});

test('healthy: ONE server request per tick at the healthy interval, no SSH after the first tick over 100 ticks', async () => {
  const { monitor, probes, clock } = setup({ healthySeconds: 15 });
  monitor.start();
  await settle();
  for (let i = 0; i < 100; i++) {
    const before = probes.calls.server;
    const waited = await clock.fireNext();
    assert.equal(waited, 15_000, 'tick every healthySeconds');
    assert.equal(probes.calls.server, before + 1, 'exactly one server request per tick');
  }
  assert.equal(probes.calls.discover, 1, 'only the first tick (reconciling the cached URL)');
  assert.equal(probes.calls.service, 0);
  // The local tailnet status only every TAILNET_EVERY healthy ticks, /v1/models every MODELS_EVERY.
  assert.equal(probes.calls.tailnet, 1 + Math.floor(100 / TAILNET_EVERY));
  assert.equal(probes.details.filter((d) => d === 'models').length, 1 + Math.floor(100 / MODELS_EVERY));
  assert.equal(probes.details.filter((d) => d === 'metrics').length, 100 - Math.floor(100 / MODELS_EVERY));
  monitor.dispose();
});

test('down (Spark online, server does not answer): exponential backoff 15, 30, 60, 120, 240, then capped at 300 s', async () => {
  const { monitor, probes, clock } = setup({ healthySeconds: 15, maxBackoffSeconds: 300 });
  probes.answers.server = unreachable();
  probes.answers.tailnet = runningTailnet(true);
  monitor.start();
  await settle();
  assert.notEqual(monitor.getState().phase, 'ready');
  const waits: number[] = [];
  for (let i = 0; i < 7; i++) waits.push(await clock.fireNext());
  assert.deepEqual(waits, [15_000, 30_000, 60_000, 120_000, 240_000, 300_000, 300_000]);
  monitor.dispose();
});

test('Spark offline: only the local tailnet status each healthy interval (no HTTPS to an offline host, no backoff); back online shows at the next tick', async () => {
  const { monitor, probes, clock } = setup({ healthySeconds: 15, maxBackoffSeconds: 300 });
  probes.answers.server = unreachable();
  probes.answers.tailnet = runningTailnet(false);
  monitor.start();
  await settle();
  assert.equal(monitor.getState().phase, 'sparkOffline');
  const serverCalls = probes.calls.server;
  const waits: number[] = [];
  for (let i = 0; i < 6; i++) waits.push(await clock.fireNext());
  assert.deepEqual(waits, [15_000, 15_000, 15_000, 15_000, 15_000, 15_000]);
  assert.equal(probes.calls.server, serverCalls, 'no HTTPS while the tailnet says offline');
  assert.equal(probes.calls.discover, 0, 'nothing to SSH to');
  probes.answers.server = okModels();
  probes.answers.tailnet = runningTailnet(true);
  assert.equal(await clock.fireNext(), 15_000);
  assert.equal(monitor.getState().phase, 'ready');
  monitor.dispose();
});

test('recovery resets the backoff to the healthy interval', async () => {
  const { monitor, probes, clock } = setup();
  probes.answers.server = unreachable();
  probes.answers.tailnet = runningTailnet(true);
  monitor.start();
  await settle();
  await clock.fireNext();
  await clock.fireNext();
  assert.equal(clock.nextDue(), 60_000);
  probes.answers.server = okModels();
  probes.answers.tailnet = runningTailnet(true);
  await clock.fireNext();
  assert.equal(monitor.getState().phase, 'ready');
  assert.equal(clock.nextDue(), 15_000);
  monitor.dispose();
});

test('network change probes at once and forgets the backoff', async () => {
  const { monitor, probes, clock } = setup();
  probes.answers.server = unreachable();
  probes.answers.tailnet = runningTailnet(true);
  monitor.start();
  await settle();
  for (let i = 0; i < 4; i++) await clock.fireNext();
  assert.equal(clock.nextDue(), 240_000);
  const calls = probes.calls.server;
  await monitor.networkChanged();
  assert.equal(probes.calls.server, calls + 1, 'probed immediately');
  assert.equal(clock.nextDue(), 15_000, 'backoff starts over');
  monitor.dispose();
});

test('unfocused window polls unfocusedFactor times slower; focusing brings the tick forward', async () => {
  const { monitor, clock } = setup({ healthySeconds: 15, unfocusedFactor: 4 });
  monitor.start();
  await settle();
  monitor.setFocused(false);
  assert.equal(clock.nextDue(), 60_000);
  assert.equal(await clock.fireNext(), 60_000);
  await clock.advance(10_000);
  monitor.setFocused(true);
  // 10 s of the 15 s focused interval have passed since the last tick.
  assert.equal(clock.nextDue(), 5_000);
  monitor.dispose();
});

test('no overlapping probes: refreshes during a running tick coalesce into one follow-up tick', async () => {
  const { monitor, probes } = setup();
  monitor.start();
  await settle();
  probes.hold.server = true;
  const first = monitor.refresh();
  await settle();
  assert.equal(probes.active, 1);
  const second = monitor.refresh();
  const third = monitor.refresh();
  await settle();
  assert.equal(probes.active, 1, 'no second probe while the first runs');
  probes.release();
  await Promise.all([first, second, third]);
  assert.equal(probes.maxActive, 1);
  // start tick + held tick + ONE coalesced follow-up
  assert.equal(probes.calls.server, 3);
  monitor.dispose();
});

test('a hung probe is cut off at its time limit and becomes a Finding; its signal is aborted', async () => {
  const { monitor, probes, clock } = setup({ timeoutMs: 5000 });
  const signals: AbortSignal[] = [];
  probes.server = (_url, _detail, signal) => {
    signals.push(signal);
    return new Promise(() => {}); // ignores its signal and never answers
  };
  monitor.start();
  await settle();
  assert.equal(monitor.getState().phase, 'checking');
  await clock.advance(5_999);
  assert.equal(monitor.getState().phase, 'checking', 'waits the full time limit (+1 s grace)');
  assert.equal(signals[0]?.aborted, false);
  await clock.advance(1);
  assert.equal(signals[0]?.aborted, true);
  // No answer → tailnet asked (peer online) → SSH discovery → the discovered URL hangs too.
  await clock.advance(6_000);
  const s = monitor.getState();
  assert.equal(s.phase, 'error');
  assert.equal(s.findings[0]?.code, 'monitor.probeTimeout');
  assert.equal(probes.calls.discover, 1);
  assert.equal(clock.pending, 1, 'only the next poll is pending');
  monitor.dispose();
});

test('a probe that throws becomes internal.unexpected, and polling continues', async () => {
  const { monitor, probes, clock } = setup();
  probes.server = async () => {
    throw new Error('boom');
  };
  probes.answers.tailnet = runningTailnet(false);
  monitor.start();
  await settle();
  assert.equal(monitor.getState().phase, 'sparkOffline');
  assert.equal(clock.pending, 1, 'next tick scheduled');
  monitor.dispose();
});

test('unknown URL: discovers it over SSH once, then polls it over HTTPS only', async () => {
  const { monitor, probes, clock } = setup({}, false);
  monitor.start();
  await settle();
  assert.equal(monitor.getState().phase, 'ready');
  assert.equal(monitor.getState().serve?.baseUrl, BASE_URL);
  assert.equal(monitor.getState().serve?.source, 'ssh');
  assert.equal(probes.calls.discover, 1);
  for (let i = 0; i < 20; i++) await clock.fireNext();
  assert.equal(probes.calls.discover, 1, 'no SSH while healthy');
  monitor.dispose();
});

test('URL fails while the Spark is online: rediscovers over SSH and switches to the new URL', async () => {
  const { monitor, probes } = setup();
  const newUrl = 'https://spark-56d0.tail1234.ts.net:8443/v1';
  let calls = 0;
  probes.server = async (url) => {
    calls++;
    return url === newUrl ? okModels(30) : unreachable();
  };
  probes.answers.discover = served(newUrl);
  monitor.start();
  await settle();
  assert.equal(monitor.getState().phase, 'ready');
  assert.equal(monitor.getState().serve?.baseUrl, newUrl);
  assert.equal(calls, 2);
  assert.equal(probes.calls.discover, 1);
  monitor.dispose();
});

test('nothing served: reachableNotServed, and SSH discovery is rate-limited to once per max backoff', async () => {
  const { monitor, probes, clock } = setup({ healthySeconds: 15, maxBackoffSeconds: 120 }, false);
  probes.answers.discover = { kind: 'notServed', finding: makeFinding('serve.nothingServed', { port: 30001 }) };
  monitor.start();
  await settle();
  assert.equal(monitor.getState().phase, 'reachableNotServed');
  assert.equal(probes.calls.discover, 1);
  // Ticks at +15, +45 (30), +105 (60): within 120 s of the first SSH → no new SSH.
  await clock.fireNext();
  await clock.fireNext();
  await clock.fireNext();
  assert.equal(probes.calls.discover, 1);
  // +225 s: past the max backoff → one more discovery.
  await clock.fireNext();
  assert.equal(probes.calls.discover, 2);
  // An action (refresh) may always SSH.
  await monitor.refresh({ reason: 'serve.expose' });
  assert.equal(probes.calls.discover, 3);
  monitor.dispose();
});

test('port closed + service inactive → serverStopped; service asked once, not every tick', async () => {
  const { monitor, probes, clock } = setup();
  probes.answers.server = { kind: 'backendDown' };
  monitor.start();
  await settle();
  assert.equal(monitor.getState().phase, 'serverStopped');
  assert.equal(probes.calls.service, 1);
  for (let i = 0; i < 10; i++) await clock.fireNext();
  assert.equal(probes.calls.service, 1, 'no SSH while it stays stopped');
  monitor.dispose();
});

test('start action: service activating → loading → ready; loading too long → error with a fix', async () => {
  const { monitor, probes, clock } = setup({ readyTimeoutSeconds: 60 });
  probes.answers.server = { kind: 'backendDown' };
  monitor.start();
  await settle();
  assert.equal(monitor.getState().phase, 'serverStopped');
  probes.answers.service = { kind: 'ok', unit: 'vllm.service', activeState: 'activating' };
  await monitor.refresh({ reason: 'service.start' });
  assert.equal(monitor.getState().phase, 'loading');
  // Right after the action it looks every 3 s (the start takes effect over seconds), then at the healthy pace.
  assert.equal(clock.nextDue(), 3_000, 'right after an action: every 3 s');
  const waits: number[] = [];
  while (waits.reduce((a, b) => a + b, 0) < 30_000) waits.push(await clock.fireNext());
  assert.deepEqual([...new Set(waits)], [3_000]);
  assert.equal(monitor.getState().phase, 'loading');
  assert.equal(await clock.fireNext(), 15_000, 'then loading polls at the healthy pace');
  // Past the ready timeout the service is asked again; still activating → error.
  for (let i = 0; i < 2; i++) await clock.fireNext();
  const s = monitor.getState();
  assert.equal(s.phase, 'error');
  assert.equal(s.findings[0]?.code, 'service.notReadyInTime');
  assert.ok(s.findings[0]?.fixes.some((f) => f.action?.kind === 'command' && f.action.command === 'tailspark.logs.follow'));
  // The model finally loads.
  probes.answers.server = okModels();
  await clock.fireNext();
  assert.equal(monitor.getState().phase, 'ready');
  monitor.dispose();
});

test('503 → warmingUp, then ready', async () => {
  const { monitor, probes, clock } = setup();
  probes.answers.server = { kind: 'warmingUp', latencyMs: 12 };
  monitor.start();
  await settle();
  assert.equal(monitor.getState().phase, 'warmingUp');
  probes.answers.server = okModels();
  await clock.fireNext();
  assert.equal(monitor.getState().phase, 'ready');
});

test('tailnet down: tailnetDown with the CLI finding, and no SSH attempt', async () => {
  const { monitor, probes } = setup();
  probes.answers.server = unreachable();
  probes.answers.tailnet = { backendState: 'Stopped', finding: makeFinding('tailscale.stopped') };
  monitor.start();
  await settle();
  assert.equal(monitor.getState().phase, 'tailnetDown');
  assert.equal(monitor.getState().findings[0]?.code, 'tailscale.stopped');
  assert.equal(probes.calls.discover + probes.calls.service, 0);
  monitor.dispose();
});

test('not configured: only the local tailnet status (for the walkthrough), slowly; a host + refresh starts checking', async () => {
  const { monitor, probes, clock, setConfig } = setup({ host: '', maxBackoffSeconds: 300 });
  monitor.start();
  await settle();
  assert.equal(monitor.getState().phase, 'notConfigured');
  assert.deepEqual(probes.calls, { tailnet: 1, server: 0, discover: 0, service: 0 });
  assert.equal(monitor.getState().tailnet?.backendState, 'Running');
  assert.equal(monitor.getState().tailnet?.peer, undefined, 'no Spark without a host');
  assert.equal(clock.nextDue(), 300_000, 'local check every maxBackoffSeconds');
  await clock.fireNext();
  assert.deepEqual(probes.calls, { tailnet: 2, server: 0, discover: 0, service: 0 });
  setConfig({ host: 'spark-56d0' });
  await monitor.refresh({ reason: 'settings changed' });
  assert.equal(monitor.getState().phase, 'ready');
  assert.equal(monitor.getState().host, 'spark-56d0');
  monitor.dispose();
});

test('focusing the window re-checks a tailnet that was down (the user may just have logged in)', async () => {
  const { monitor, probes, clock } = setup();
  probes.answers.server = unreachable();
  probes.answers.tailnet = { backendState: 'NeedsLogin' };
  monitor.start();
  await settle();
  assert.equal(monitor.getState().phase, 'tailnetDown');
  monitor.setFocused(false);
  await clock.advance(3_000);
  monitor.setFocused(true);
  await settle();
  assert.equal(probes.calls.tailnet, 1, 'not within 5 s of the last check');
  monitor.setFocused(false);
  await clock.advance(10_000);
  // The user logged in: the local status says Running now, and the server answers.
  probes.answers.tailnet = runningTailnet(true);
  probes.answers.server = okModels();
  monitor.setFocused(true);
  await settle();
  assert.equal(monitor.getState().phase, 'ready');
  monitor.dispose();
});

test('host change forgets the cached URL of the old host', async () => {
  const { monitor, probes, setConfig } = setup({ host: 'old-spark' });
  setConfig({ host: 'new-spark' });
  monitor.start();
  await settle();
  // Not the cached URL: the first request went to discovery over SSH.
  assert.equal(probes.calls.discover, 1);
  monitor.dispose();
});

test('dispose stops the timer, aborts the probe in flight and drops listeners', async () => {
  const { monitor, probes, clock } = setup();
  monitor.start();
  await settle();
  assert.equal(clock.pending, 1);
  probes.hold.server = true;
  void monitor.refresh();
  await settle();
  monitor.dispose();
  assert.equal(probes.signals.at(-1)?.aborted, true);
  assert.equal(monitor.resources().listeners, 0);
  probes.release();
  await settle();
  assert.equal(clock.pending, 0, 'nothing scheduled after dispose');
  const calls = probes.calls.server;
  await clock.advance(3_600_000);
  assert.equal(probes.calls.server, calls);
});

test('10,000 ticks through changing states: timers, listeners and waiters do not grow', async () => {
  const { monitor, probes, clock } = setup({ maxBackoffSeconds: 60 });
  monitor.start();
  await settle();
  const scenarios = [
    () => {
      probes.answers.server = okModels();
      probes.answers.tailnet = runningTailnet(true);
    },
    () => {
      probes.answers.server = unreachable();
      probes.answers.tailnet = runningTailnet(false);
    },
    () => {
      probes.answers.server = { kind: 'backendDown' };
    },
    () => {
      probes.answers.server = { kind: 'warmingUp' };
    },
  ];
  const baseline = monitor.resources();
  for (let i = 0; i < 10_000; i++) {
    if (i % 50 === 0) scenarios[(i / 50) % scenarios.length]!();
    if (i % 997 === 0) void monitor.refresh();
    await clock.fireNext();
    // At most the one poll timer may be pending between ticks (probe time limits are cleared).
    assert.ok(clock.pending <= 1, `tick ${i}: ${clock.pending} timers pending`);
  }
  assert.deepEqual(monitor.resources(), baseline);
  assert.equal(probes.maxActive, 1);
  // Every tick probes something: the server, or (while offline) only the local tailnet status.
  assert.ok(probes.calls.server + probes.calls.tailnet >= 10_000);
  monitor.dispose();
});

test('tailspark.baseUrl override: probes that URL and never discovers over SSH', async () => {
  const { monitor, probes } = setup({ baseUrlOverride: 'https://other.example.ts.net/v1' }, false);
  const urls: string[] = [];
  probes.server = async (url) => {
    urls.push(url);
    return unreachable();
  };
  monitor.start();
  await settle();
  assert.deepEqual(urls, ['https://other.example.ts.net/v1']);
  assert.equal(monitor.getState().serve?.source, 'setting');
  assert.equal(monitor.getState().phase, 'error');
  await monitor.refresh();
  assert.equal(probes.calls.discover, 0);
  monitor.dispose();
});

test('the backoff starts over with each new phase: a long outage, then "server not answering" is looked at again after 15 s, not 300 s', async () => {
  const { monitor, probes, clock } = setup({ healthySeconds: 15, maxBackoffSeconds: 300 });
  probes.answers.server = unreachable();
  probes.answers.tailnet = runningTailnet(true);
  monitor.start();
  await settle();
  for (let i = 0; i < 6; i++) await clock.fireNext();
  assert.equal(clock.nextDue(), 300_000, 'a long outage backs off to the maximum');
  // The server now answers 503-style "backend down": a new phase, a new (short) interval.
  probes.answers.server = { kind: 'backendDown' };
  await clock.fireNext();
  assert.equal(monitor.getState().phase, 'serverStopped');
  assert.equal(clock.nextDue(), 15_000);
  monitor.dispose();
});
