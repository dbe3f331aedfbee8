// A minimal event emitter (VS Code's EventEmitter is not available in src/core).
export interface Disposable {
  dispose(): void;
}

export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** Subscribe; the returned Disposable removes exactly this listener. */
  on(listener: (value: T) => void): Disposable {
    // Wrap so that subscribing the same function twice gives two independent subscriptions.
    const entry = (value: T) => listener(value);
    this.listeners.add(entry);
    return { dispose: () => this.listeners.delete(entry) };
  }

  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch {
        // A failing listener must not stop the others or the Monitor.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }

  clear(): void {
    this.listeners.clear();
  }
}
