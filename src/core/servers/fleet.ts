// Watching every configured server, cheaply, by composition: the extension's one Monitor keeps
// following the ACTIVE server (its settings come through settingsForServer, so nothing in it
// changes), and the fleet runs one more Monitor per server that is NOT active, at the slow
// interval `poll.otherServersSeconds`. The Monitor's own policy keeps them cheap: a healthy tick
// is ONE HTTPS request and no SSH; SSH only to discover a URL (once at start) or when the URL
// fails. One configured server: no extra Monitor at all — exactly the single-server path.
import { type Disposable, Emitter } from '../monitor/emitter';
import { Monitor } from '../monitor/monitor';
import type { Clock, Logger, MonitorConfig, Probes } from '../monitor/types';
import { monitorConfig } from '../settings/monitorConfig';
import type { Settings } from '../settings/schema';
import type { SparkState } from '../state/types';
import { resolveServers, type ServerEntry, settingsForServer } from './serverList';

/** What the fleet needs from the extension's Monitor (it never starts or disposes it). */
export interface StateSource {
  getState(): SparkState;
  onDidChangeState(listener: (state: SparkState) => void): Disposable;
}

/** Probes for one server that is not active, and how to release what they hold (an SSH pool). */
export interface BackgroundProbes {
  probes: Probes;
  dispose?(): void;
}

export interface FleetDeps {
  /** All settings as configured (not the active server's view). */
  settings(): Settings;
  /** The extension's Monitor: it follows the active server. */
  active: StateSource;
  /** Probes for a server that is not active; they must not ask the user anything (no prompts). */
  probesFor(entry: ServerEntry): BackgroundProbes;
  /** A logger for one server (the fleet prefixes nothing; the factory may). */
  logFor(entry: ServerEntry): Logger;
  clock?: Clock;
}

export interface FleetMember {
  entry: ServerEntry;
  state: SparkState;
  active: boolean;
}

/** The Monitor settings of a server that is not active: the slow interval, never faster than the active one. */
export function backgroundMonitorConfig(settings: Settings, entry: ServerEntry): MonitorConfig {
  const c = monitorConfig(settingsForServer(settings, entry));
  const every = Math.max(settings['poll.otherServersSeconds'], c.healthySeconds);
  return { ...c, healthySeconds: every, maxBackoffSeconds: Math.max(c.maxBackoffSeconds, every) };
}

interface Background {
  entry: ServerEntry;
  monitor: Monitor;
  subscription: Disposable;
  probes: BackgroundProbes;
}

export class ServerFleet implements Disposable {
  private readonly changed = new Emitter<void>();
  private readonly background = new Map<string, Background>();
  private list: ServerEntry[] = [];
  private activeEntry: ServerEntry | undefined;
  private readonly activeSubscription: Disposable;
  private focused = true;
  private disposed = false;
  private started = false;

  constructor(private readonly deps: FleetDeps) {
    this.activeSubscription = deps.active.onDidChangeState(() => this.changed.fire());
    this.reconcile();
  }

  /** Starts the Monitors of the servers that are not active (the active one is started by its owner). */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    for (const b of this.background.values()) b.monitor.start();
  }

  /**
   * After a settings change: a Monitor for each server that is not active, keyed by everything
   * that decides where it looks (a changed entry gets a fresh Monitor); the rest are disposed.
   */
  reconcile(): void {
    if (this.disposed) return;
    const { list, active } = resolveServers(this.deps.settings());
    this.list = list;
    this.activeEntry = active;
    const wanted = new Map(list.filter((e) => e !== active).map((e) => [entryKey(e), e]));
    for (const [key, b] of this.background) {
      if (wanted.has(key)) continue;
      this.drop(b);
      this.background.delete(key);
    }
    for (const [key, entry] of wanted) {
      if (this.background.has(key)) continue;
      const b = this.create(entry);
      this.background.set(key, b);
      if (this.started) b.monitor.start();
    }
    this.changed.fire();
  }

  /** Every configured server in settings order, the active one with the extension Monitor's state. */
  states(): FleetMember[] {
    return this.list.map((entry) => {
      if (entry === this.activeEntry) return { entry, state: this.deps.active.getState(), active: true };
      const b = this.background.get(entryKey(entry));
      return { entry, state: b ? b.monitor.getState() : this.deps.active.getState(), active: false };
    });
  }

  get active(): ServerEntry | undefined {
    return this.activeEntry;
  }

  /** How many Monitors the fleet runs itself (the servers that are not active). */
  get backgroundCount(): number {
    return this.background.size;
  }

  /** Fired when any server's state or the list changed. */
  onDidChange(listener: () => void): Disposable {
    return this.changed.on(listener);
  }

  setFocused(focused: boolean): void {
    this.focused = focused;
    for (const b of this.background.values()) b.monitor.setFocused(focused);
  }

  networkChanged(): void {
    for (const b of this.background.values()) void b.monitor.networkChanged();
  }

  /** Looks at every server that is not active now (the user's Refresh in the server list). */
  refreshOthers(): Promise<void> {
    return Promise.all([...this.background.values()].map((b) => b.monitor.refresh({ force: false, reason: 'server list' }))).then(() => undefined);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.activeSubscription.dispose();
    for (const b of this.background.values()) this.drop(b);
    this.background.clear();
    this.changed.clear();
  }

  private create(entry: ServerEntry): Background {
    const probes = this.deps.probesFor(entry);
    const monitor = new Monitor({
      probes: probes.probes,
      log: this.deps.logFor(entry),
      getConfig: () => backgroundMonitorConfig(this.deps.settings(), entry),
      ...(this.deps.clock ? { clock: this.deps.clock } : {}),
    });
    monitor.setFocused(this.focused);
    const subscription = monitor.onDidChangeState(() => this.changed.fire());
    return { entry, monitor, subscription, probes };
  }

  private drop(b: Background): void {
    b.subscription.dispose();
    b.monitor.dispose();
    try {
      b.probes.dispose?.();
    } catch {
      // a pool that fails to close must not keep the other Monitors alive
    }
  }
}

/** Everything that decides where a server is looked at. */
export function entryKey(e: ServerEntry): string {
  return JSON.stringify([e.name, e.host, e.port, e.unit, e.sshTarget]);
}
