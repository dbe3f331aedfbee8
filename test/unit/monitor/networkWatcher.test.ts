import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interfaceFingerprint, watchNetwork } from '../../../src/core/monitor/networkWatcher';
import { FakeClock } from './fakeClock';

test('an interface change is reported once; no change, no report', async () => {
  const clock = new FakeClock();
  let fp = 'eth0=192.168.1.5';
  const events: string[] = [];
  const w = watchNetwork({ clock, intervalMs: 10_000, fingerprint: () => fp, onChange: (r) => events.push(r) });
  await clock.advance(30_000);
  assert.deepEqual(events, []);
  fp = 'eth0=192.168.1.5;tailscale0=100.64.12.34';
  await clock.advance(10_000);
  await clock.advance(30_000);
  assert.deepEqual(events, ['interfaces']);
  w.dispose();
  assert.equal(clock.pending, 0, 'dispose clears the timer');
});

test('a timer that fires far too late means the machine slept: reported as wake', async () => {
  // A clock whose time jumps without firing timers in between, like a suspended laptop.
  const clock = new FakeClock();
  const events: string[] = [];
  const w = watchNetwork({ clock, intervalMs: 10_000, fingerprint: () => 'same', onChange: (r) => events.push(r) });
  const realNow = clock.now.bind(clock);
  let offset = 0;
  clock.now = () => realNow() + offset;
  offset = 3_600_000;
  await clock.advance(10_000);
  assert.deepEqual(events, ['wake']);
  w.dispose();
});

test('the real fingerprint lists loopback', () => {
  assert.match(interfaceFingerprint(), /127\.0\.0\.1/);
});
