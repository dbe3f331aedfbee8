// A manual clock for Monitor tests: time moves only when the test says so, and pending timers
// can be counted (to prove nothing accumulates).
import type { Clock, TimerHandle } from '../../../src/core/monitor/types';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private t = 1_700_000_000_000;
  private seq = 0;
  private timers = new Map<number, Timer>();
  /** Delays passed to setTimeout, in order (probe time limits included). */
  readonly scheduled: number[] = [];

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { id, due: this.t + ms, fn });
    this.scheduled.push(ms);
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === 'number') this.timers.delete(handle);
  }

  get pending(): number {
    return this.timers.size;
  }

  /** The earliest pending timer's delay from now, or undefined. */
  nextDue(): number | undefined {
    let min: number | undefined;
    for (const t of this.timers.values()) if (min === undefined || t.due < min) min = t.due;
    return min === undefined ? undefined : min - this.t;
  }

  /** Moves time forward, firing due timers in order and letting promises settle between them. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      const next = [...this.timers.values()].filter((x) => x.due <= end).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) break;
      this.timers.delete(next.id);
      this.t = Math.max(this.t, next.due);
      next.fn();
    }
    this.t = end;
    await settle();
  }

  /** Jumps to the next timer and fires it (and whatever that schedules at the same instant). */
  async fireNext(): Promise<number> {
    const d = this.nextDue();
    if (d === undefined) throw new Error('no timer pending');
    await this.advance(d);
    return d;
  }
}

/** Lets queued promise callbacks run (probes answer through several awaits). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
}
