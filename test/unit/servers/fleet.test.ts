// ServerFleet: one extra Monitor per server that is not active, at the slow interval, with no SSH
// while healthy; none at all for a single server (the extension's Monitor alone, as before).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Emitter } from '../../../src/core/monitor/emitter';
import { backgroundMonitorConfig, ServerFleet } from '../../../src/core/servers/fleet';
import type { ServerEntry } from '../../../src/core/servers/serverList';
import { defaultSettings, type Settings } from '../../../src/core/settings';
import { initialState, type SparkState } from '../../../src/core/state/types';
import { FakeClock } from '../monitor/fakeClock';
import { FakeProbes, MemoryLog } from '../monitor/fakes';

const entry = (name: string, host = `spark-${name}`, port = 30001) => ({ name, host, port, unit: '', sshTarget: '' });

function setup(settings: Settings) {
  const clock = new FakeClock();
  let current = settings;
  const activeChanged = new Emitter<SparkState>();
  const activeState = initialState(clock.now(), 'active-host');
  const probes = new Map<string, FakeProbes>();
  const disposed: string[] = [];
  const created: string[] = [];
  const fleet = new ServerFleet({
    settings: () => current,
    active: { getState: () => activeState, onDidChangeState: (l) => activeChanged.on(l) },
    probesFor: (e: ServerEntry) => {
      const p = new FakeProbes();
      probes.set(e.name, p);
      created.push(e.name);
      return { probes: p, dispose: () => disposed.push(e.name) };
    },
    logFor: () => new MemoryLog(),
    clock,
  });
  return {
    fleet,
    clock,
    probes,
    created,
    disposed,
    activeChanged,
    activeState,
    set(s: Settings) {
      current = s;
      fleet.reconcile();
    },
  };
}

const withServers = (names: string[], active = '', over: Partial<Settings> = {}): Settings => ({
  ...defaultSettings(),
  servers: names.map((n) => entry(n)),
  activeServer: active,
  ...over,
});

test('one server (the spark.host shorthand): no extra Monitor, the extension Monitor is the whole fleet', async () => {
  const h = setup({ ...defaultSettings(), 'spark.host': 'spark-56d0' });
  h.fleet.start();
  await h.clock.advance(3_600_000);
  assert.equal(h.fleet.backgroundCount, 0);
  assert.deepEqual(h.created, []);
  assert.equal(h.clock.pending, 0, 'no timer of its own');
  const states = h.fleet.states();
  assert.equal(states.length, 1);
  assert.equal(states[0]!.active, true);
  assert.equal(states[0]!.entry.host, 'spark-56d0');
  assert.equal(states[0]!.state, h.activeState);
  // A list of one behaves the same.
  const one = setup(withServers(['a']));
  assert.equal(one.fleet.backgroundCount, 0);
});

test('three servers: the two that are not active are polled every poll.otherServersSeconds, SSH only on the first tick', async () => {
  const h = setup(withServers(['a', 'b', 'c'], 'b', { 'poll.otherServersSeconds': 120 }));
  assert.deepEqual(h.created.sort(), ['a', 'c']);
  h.fleet.start();
  await h.clock.advance(3_600_000); // one hour, all healthy
  for (const name of ['a', 'c']) {
    const p = h.probes.get(name)!;
    assert.equal(p.calls.discover, 1, `${name}: one SSH discovery at start, none while healthy`);
    assert.equal(p.calls.service, 0, name);
    // First tick + one per 120 s: 3600/120 = 30 more.
    assert.ok(p.calls.server >= 30 && p.calls.server <= 32, `${name}: ${p.calls.server} HTTPS probes in an hour`);
  }
  const states = h.fleet.states();
  assert.deepEqual(
    states.map((s) => [s.entry.name, s.active, s.state.phase]),
    [
      ['a', false, 'ready'],
      ['b', true, 'checking'],
      ['c', false, 'ready'],
    ],
  );
  assert.equal(states[1]!.state, h.activeState, 'the active server shows the extension Monitor’s state');
});

test('the slow interval never polls a server faster than the active one, nor backs off less', () => {
  const s = { ...withServers(['a', 'b']), 'poll.healthySeconds': 300, 'poll.otherServersSeconds': 60, 'poll.maxBackoffSeconds': 100 };
  const c = backgroundMonitorConfig(s, entry('b', 'spark-b', 8000));
  assert.equal(c.healthySeconds, 300);
  assert.equal(c.maxBackoffSeconds, 300);
  assert.equal(c.host, 'spark-b');
  assert.equal(c.baseUrlOverride, undefined);
  const d = backgroundMonitorConfig({ ...s, 'poll.healthySeconds': 15 }, entry('b'));
  assert.equal(d.healthySeconds, 60);
});

test('switching the active server: its Monitor goes, the old active gets one; unchanged entries keep theirs', async () => {
  const h = setup(withServers(['a', 'b', 'c'], 'a'));
  h.fleet.start();
  await h.clock.advance(1000);
  const cProbes = h.probes.get('c')!;
  let changes = 0;
  h.fleet.onDidChange(() => changes++);
  h.set(withServers(['a', 'b', 'c'], 'b'));
  assert.deepEqual(h.disposed, ['b']);
  assert.deepEqual(h.created, ['b', 'c', 'a']);
  assert.equal(h.probes.get('c'), cProbes, 'c keeps its Monitor (and its known URL)');
  assert.equal(h.fleet.active?.name, 'b');
  assert.deepEqual(
    h.fleet.states().map((s) => [s.entry.name, s.active]),
    [
      ['a', false],
      ['b', true],
      ['c', false],
    ],
  );
  assert.ok(changes >= 1);
  // The new background Monitor is started (the fleet is running).
  await h.clock.advance(1000);
  assert.equal(h.probes.get('a')!.calls.server, 1);
  // A changed entry (port) is a new Monitor; an unknown active name falls back to the first.
  h.set({ ...withServers(['a', 'b', 'c'], 'nope'), servers: [entry('a'), entry('b'), entry('c', 'spark-c', 8000)] });
  assert.equal(h.fleet.active?.name, 'a');
  assert.deepEqual(h.disposed.slice(1).sort(), ['a', 'c'], 'a is active now, c changed');
  assert.deepEqual(h.created.slice(3).sort(), ['b', 'c'], 'b is not active any more, c anew');
});

test('the active Monitor changing state is a fleet change; dispose stops every Monitor it made', async () => {
  const h = setup(withServers(['a', 'b', 'c']));
  h.fleet.start();
  await h.clock.advance(1000);
  let changes = 0;
  h.fleet.onDidChange(() => changes++);
  h.activeChanged.fire(h.activeState);
  assert.equal(changes, 1);
  h.fleet.dispose();
  assert.deepEqual(h.disposed.sort(), ['b', 'c']);
  assert.equal(h.clock.pending, 0, 'no timer left behind');
  h.activeChanged.fire(h.activeState);
  assert.equal(changes, 1, 'no events after dispose');
});
