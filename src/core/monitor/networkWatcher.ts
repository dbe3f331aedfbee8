// Notices network changes without any network traffic: the set of local interface addresses
// (Wi-Fi switch, VPN up/down, Tailscale's own interface appearing) and wake-from-sleep (a timer
// that fires far later than asked). Either calls onChange, and the Monitor probes at once.
import { networkInterfaces } from 'node:os';
import type { Disposable } from '../util/emitter';
import type { Clock, TimerHandle } from './types';
import { systemClock } from './types';

export interface NetworkWatcherOptions {
  onChange: (reason: 'interfaces' | 'wake') => void;
  clock?: Clock;
  intervalMs?: number;
  /** Returns a fingerprint of the interfaces; replaceable for tests. */
  fingerprint?: () => string;
}

export function interfaceFingerprint(): string {
  const all = networkInterfaces();
  return Object.keys(all)
    .sort()
    .map((name) => `${name}=${(all[name] ?? []).map((a) => a.address).sort().join(',')}`)
    .join(';');
}

export function watchNetwork(o: NetworkWatcherOptions): Disposable {
  const clock = o.clock ?? systemClock;
  const interval = o.intervalMs ?? 10_000;
  const fingerprint = o.fingerprint ?? interfaceFingerprint;
  let last = fingerprint();
  let expected = clock.now() + interval;
  let timer: TimerHandle | undefined;
  let disposed = false;

  const check = () => {
    timer = undefined;
    if (disposed) return;
    const now = clock.now();
    const slept = now - expected > interval + 30_000;
    const current = fingerprint();
    const changed = current !== last;
    last = current;
    if (slept) o.onChange('wake');
    else if (changed) o.onChange('interfaces');
    expected = now + interval;
    timer = clock.setTimeout(check, interval);
  };
  timer = clock.setTimeout(check, interval);
  return {
    dispose: () => {
      disposed = true;
      if (timer !== undefined) clock.clearTimeout(timer);
    },
  };
}
