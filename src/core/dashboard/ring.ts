// A time window of samples with a hard size cap: old points fall out by age (the window, 15
// minutes) and by count (the cap), so memory stays bounded whatever the sampling interval.

export class TimeRing<T extends { t: number }> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(
    readonly windowMs: number,
    readonly capacity: number,
  ) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1');
    this.items = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Adds a point (times must not go backwards; an older point is dropped) and trims by age. */
  push(item: T): void {
    const last = this.last();
    if (last && item.t < last.t) return;
    if (this.count === this.capacity) {
      this.items[this.start] = undefined;
      this.start = (this.start + 1) % this.capacity;
      this.count--;
    }
    this.items[(this.start + this.count) % this.capacity] = item;
    this.count++;
    this.trim(item.t);
  }

  /** Drops points older than the window, measured from `now`. */
  trim(now: number): void {
    while (this.count > 0 && this.items[this.start]!.t < now - this.windowMs) {
      this.items[this.start] = undefined;
      this.start = (this.start + 1) % this.capacity;
      this.count--;
    }
  }

  last(): T | undefined {
    return this.count === 0 ? undefined : this.items[(this.start + this.count - 1) % this.capacity];
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.items[(this.start + i) % this.capacity]!);
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
  }
}
