// The Monitor: decides WHEN to probe and WHICH probes to run, and turns their results into the
// next SparkState (via the pure nextState()). Policy, in one place:
//   - healthy: ONE HTTP request per tick to the known Serve URL (/v1/models, or /metrics when
//     detail is wanted); the local `tailscale status` only every TAILNET_EVERY healthy ticks;
//   - down: exponential backoff up to maxBackoffSeconds; slower by unfocusedFactor when the
//     window is not focused; notConfigured: only the local `tailscale status` (no network),
//     every maxBackoffSeconds, so the walkthrough sees Tailscale come up; focusing the window
//     while the tailnet is not usable checks at once (the user may just have logged in);
//   - SSH only when the URL is unknown or fails (discovery), or when the port is closed
//     (is the service starting?) — and then at most once per condition (or per maxBackoff);
//   - refresh() (after any action) and networkChanged() probe at once; ticks never overlap;
//   - every probe has a time limit; dispose() stops the timer and aborts what is in flight.
import type { Finding } from '../findings';
import { makeFinding } from '../findings';
import { derivedServe } from '../discovery/serve';
import { nextState, type Observation, withHost, withTargets } from '../state/transitions';
import type { ServeInfo, ServerInfo, SparkState, TargetSync } from '../state/types';
import { initialState, isHealthy } from '../state/types';
import { type Disposable, Emitter } from '../util/emitter';
import type { Clock, MonitorConfig, Probes, TimerHandle } from './types';
import type { Logger } from '../util/log';
import { systemClock } from './types';

/** Re-read /v1/models every N healthy ticks even when /metrics is the cheap probe (model swaps). */
export const MODELS_EVERY = 10;
/** Refresh the tailnet path (direct / DERP) every N healthy ticks (a local CLI call, no network). */
export const TAILNET_EVERY = 4;
/** SSH probes get more time than HTTP ones: connect + handshake + command. */
export const sshTimeoutMs = (httpTimeoutMs: number) => Math.max(httpTimeoutMs * 3, 15_000);
/** Focusing the window re-checks a tailnet that was down, if the last check is this old. */
const FOCUS_RECHECK_MS = 5_000;
/** After a user action: look again every SETTLE_INTERVAL_MS for SETTLE_MS unless ready. */
const SETTLE_MS = 30_000;
const SETTLE_INTERVAL_MS = 3_000;
/** The first tick's SSH discovery waits at most this long for the URL's first answer. */
const FIRST_ANSWER_HEAD_START_MS = 400;
/** Safety margin over a probe's own time limit before the Monitor stops waiting. */
const GRACE_MS = 1_000;

export interface MonitorDeps {
  probes: Probes;
  getConfig(): MonitorConfig;
  log: Logger;
  clock?: Clock;
  /** Findings that are not probe results (invalid settings), shown with every state. */
  getExtraFindings?(): readonly Finding[];
  /** The URL verified in an earlier session, so the first tick needs no SSH. */
  initialServe?: ServeInfo;
  /** What that URL served then (kind, models): shown as "last known" until verified. */
  initialServer?: ServerInfo;
  /**
   * What the status bar already shows for that URL when its start-up answer arrived before the
   * Monitor existed (src/core/state/warmStart.ts): ready, reconciling. The first tick still runs
   * in full (it reads that same answer, then discovery confirms or corrects it).
   */
  initialState?: SparkState;
}

export class Monitor implements Disposable {
  private readonly clock: Clock;
  private readonly stateChanged = new Emitter<SparkState>();
  private state: SparkState;
  private timer: TimerHandle | undefined;
  private running = false;
  /** A refresh asked for while a tick ran: run again right after (forced if any asker forced). */
  private pending: { force: boolean } | undefined;
  private waiters: Array<() => void> = [];
  private focused = true;
  private disposed = false;
  private started = false;
  private healthyTicks = 0;
  private lastTickEnd = 0;
  private lastSsh: { key: string; at: number } | undefined;
  /** Probes in flight (the first tick runs several at once); dispose() aborts them all. */
  private readonly inflight = new Set<AbortController>();
  private cachedServe: ServeInfo | undefined;
  /** Read the Serve config over SSH on the next tick even while healthy (user's Refresh, serve changes). */
  private rediscoverNext = false;
  /** Until then, look again every few seconds: an action (a fix, a start) takes effect over seconds. */
  private settleUntil = 0;
  /** Failed ticks since the phase last changed: the backoff starts over with each new phase. */
  private failuresInPhase = 0;
  /** The Monitor's first tick runs the independent steps at once and reconciles (observeFirst). */
  private firstTickDone = false;

  constructor(private readonly deps: MonitorDeps) {
    this.clock = deps.clock ?? systemClock;
    const host = deps.getConfig().host.trim() || undefined;
    this.state = initialState(this.clock.now(), host);
    this.cachedServe = deps.initialServe;
    // Shown at once as "last known, checking…" (phase stays 'checking': nothing is written from it).
    if (host && deps.initialServe) {
      this.state = { ...this.state, serve: deps.initialServe, ...(deps.initialServer ? { server: deps.initialServer } : {}) };
      if (deps.initialState?.host === host && deps.initialState.serve?.baseUrl === deps.initialServe.baseUrl) this.state = deps.initialState;
    }
  }

  getState(): SparkState {
    return this.state;
  }

  onDidChangeState(listener: (state: SparkState) => void): Disposable {
    return this.stateChanged.on(listener);
  }

  /** Starts polling with an immediate first probe. */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    void this.refresh({ force: false, reason: 'start' });
  }

  /**
   * Probe now (after an action, a settings change, or the user's Refresh). `force` allows SSH
   * discovery even if it ran recently. Resolves when a tick that began after this call ended.
   */
  refresh(opts: { force?: boolean; reason?: string; rediscover?: boolean } = {}): Promise<void> {
    if (this.disposed) return Promise.resolve();
    const force = opts.force ?? true;
    // Healthy ticks never use SSH, so a change of the Serve config (Funnel on/off) would go unseen.
    if (opts.rediscover) this.rediscoverNext = true;
    // A forced refresh follows something the user did: its effect may take seconds to show.
    if (force) this.settleUntil = this.clock.now() + SETTLE_MS;
    this.deps.log.debug(`refresh (${opts.reason ?? 'requested'}${force ? ', forced' : ''})`);
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.running) {
      this.pending = { force: force || (this.pending?.force ?? false) };
    } else {
      this.cancelTimer();
      void this.runTick(force);
    }
    return done;
  }

  /** The network changed (interface up/down, wake from sleep): forget the backoff and look now. */
  networkChanged(): Promise<void> {
    this.state = { ...this.state, failures: 0 };
    this.failuresInPhase = 0;
    this.lastSsh = undefined;
    return this.refresh({ force: false, reason: 'network change' });
  }

  setFocused(focused: boolean): void {
    if (focused === this.focused) return;
    this.focused = focused;
    this.deps.log.trace(`window ${focused ? 'focused' : 'not focused'}`);
    const waitingForUser = this.state.phase === 'notConfigured' || this.state.phase === 'tailnetDown';
    if (focused && waitingForUser && !this.running && this.clock.now() - this.lastTickEnd >= FOCUS_RECHECK_MS) {
      // Back from the browser or the Tailscale app: maybe logged in now.
      void this.refresh({ force: false, reason: 'window focused' });
      return;
    }
    if (!this.running && this.timer !== undefined) this.schedule();
  }

  /** Target writers report whether each target holds the verified URL. */
  setTargets(targets: readonly TargetSync[]): void {
    if (this.disposed) return;
    this.publish(withTargets(this.state, targets));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cancelTimer();
    for (const c of this.inflight) c.abort();
    this.inflight.clear();
    this.stateChanged.clear();
    for (const w of this.waiters.splice(0)) w();
  }

  /** For tests and diagnostics: how many listeners and timers the Monitor holds right now. */
  resources(): { listeners: number; timerPending: boolean; waiters: number } {
    return { listeners: this.stateChanged.size, timerPending: this.timer !== undefined, waiters: this.waiters.length };
  }

  /** The delay before the next tick, in ms (undefined: do not poll). Exposed for tests. */
  nextDelayMs(): number | undefined {
    const cfg = this.deps.getConfig();
    const s = this.state;
    if (s.phase === 'notConfigured') return cfg.maxBackoffSeconds * 1000 * (this.focused ? 1 : cfg.unfocusedFactor);
    const healthyMs = cfg.healthySeconds * 1000;
    let delay = healthyMs;
    if (isDownLocally(s.phase)) {
      // Only a local CLI call runs while down (see observe): no backoff, so "back online" shows fast.
    } else if (s.failures > 0 && this.failuresInPhase > 0) {
      // 1×, 2×, 4×, … the healthy interval, capped; counted in the current phase, so a change
      // (e.g. "offline" → "connection refused" while the Spark boots) is looked at again soon.
      const exp = Math.min(this.failuresInPhase - 1, 30);
      delay = Math.min(healthyMs * 2 ** exp, cfg.maxBackoffSeconds * 1000);
    }
    if (this.clock.now() < this.settleUntil && s.phase !== 'ready') delay = Math.min(delay, SETTLE_INTERVAL_MS);
    return this.focused ? delay : delay * cfg.unfocusedFactor;
  }

  private async runTick(force: boolean): Promise<void> {
    this.running = true;
    const waiters = this.waiters.splice(0);
    try {
      await this.tick(force);
    } catch (err) {
      // tick() converts probe errors into findings; reaching here is a bug in the Monitor.
      this.deps.log.error(`monitor tick failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    } finally {
      this.running = false;
      this.lastTickEnd = this.clock.now();
      for (const w of waiters) w();
    }
    if (this.disposed) return;
    const pending = this.pending;
    this.pending = undefined;
    if (pending) void this.runTick(pending.force);
    else this.schedule();
  }

  private schedule(): void {
    this.cancelTimer();
    const delay = this.nextDelayMs();
    if (delay === undefined || this.disposed) return;
    const due = Math.max(0, this.lastTickEnd + delay - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.runTick(false);
    }, due);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async tick(force: boolean): Promise<void> {
    const cfg = this.deps.getConfig();
    const host = cfg.host.trim() || undefined;
    if (host !== this.state.host) {
      this.deps.log.info(`Spark host: ${host ?? '(none)'}`);
      this.publish(withHost(this.state, host, this.clock.now()));
      this.lastSsh = undefined;
      this.healthyTicks = 0;
      // A URL remembered for another host is worthless.
      this.cachedServe = undefined;
    }
    const first = !this.firstTickDone;
    this.firstTickDone = true;
    const obs = host ? await this.observe(host, cfg, force, first) : await this.observeTailnetOnly(cfg);
    if (this.disposed) return;
    const observation: Observation = { ...obs, ...(host ? { host } : {}), extraFindings: this.deps.getExtraFindings?.() ?? [] };
    const next = nextState(this.state, observation, {
      now: this.clock.now(),
      slowMs: cfg.slowMs,
      serviceUnit: cfg.serviceUnit,
      readyTimeoutSeconds: cfg.readyTimeoutSeconds,
    });
    this.healthyTicks = isHealthy(next.phase) ? this.healthyTicks + 1 : 0;
    this.failuresInPhase = next.failures === 0 ? 0 : next.phase === this.state.phase ? this.failuresInPhase + 1 : 1;
    this.logTransition(this.state, next);
    this.publish(next);
  }

  /** No Spark chosen yet: only whether Tailscale runs here (local CLI), for the walkthrough. */
  private async observeTailnetOnly(cfg: MonitorConfig): Promise<Observation> {
    const t = await this.guard('tailnet', cfg.timeoutMs, (s) => this.deps.probes.tailnet('', s));
    return t.ok ? { tailnet: t.value } : {};
  }

  /** Runs the probes this tick needs, cheapest first, stopping as soon as the answer is clear. */
  private async observe(host: string, cfg: MonitorConfig, force: boolean, first: boolean): Promise<Observation> {
    const obs: { -readonly [K in keyof Observation]: Observation[K] } = {};
    const failures: Finding[] = [];
    const sshMs = sshTimeoutMs(cfg.timeoutMs);
    const override: ServeInfo | undefined = cfg.baseUrlOverride
      ? { baseUrl: cfg.baseUrlOverride, exposure: this.state.serve?.exposure ?? 'tailnet', source: 'setting' }
      : undefined;
    const remembered = this.state.serve?.source === 'setting' ? undefined : this.state.serve;
    const serve = override ?? remembered ?? this.cachedServe;
    this.cachedServe = undefined;
    const rediscover = this.rediscoverNext && !override;
    this.rediscoverNext = false;
    const wasHealthy = isHealthy(this.state.phase);
    if (!override && first) return this.observeFirst(host, cfg, serve);

    const probeServer = async (url: string) => {
      const wantModels = !this.state.server?.models.length || this.healthyTicks % MODELS_EVERY === MODELS_EVERY - 1;
      const detail = wantModels ? 'models' : cfg.detail;
      const r = await this.guard('server', cfg.timeoutMs, (s) => this.deps.probes.server(url, detail, s));
      this.deps.log.trace(`probe server ${url} (${detail}) → ${r.ok ? r.value.kind : 'no answer'}`);
      if (!r.ok) failures.push(r.finding);
      return r.ok ? r.value : undefined;
    };
    const probeService = async () => {
      const r = await this.guard('service', sshMs, (s) => this.deps.probes.service(cfg.serviceUnit, s));
      if (!r.ok) failures.push(r.finding);
      else this.deps.log.debug(`ssh: service ${cfg.serviceUnit} → ${r.value.kind === 'ok' ? r.value.activeState : 'failed'}`);
      return r.ok ? r.value : undefined;
    };
    const finish = (): Observation => (failures.length > 0 ? { ...obs, probeFailures: failures } : obs);

    // Tailnet down or Spark offline: the local `tailscale status` decides. While it still says so,
    // no HTTPS to a host that cannot answer, and (see nextDelayMs) no growing backoff either — a
    // local check is cheap, and the Spark coming back must show within one interval.
    if (!force && isDownLocally(this.state.phase)) {
      const t = await this.guard('tailnet', cfg.timeoutMs, (s) => this.deps.probes.tailnet(host, s));
      if (t.ok && (t.value.backendState !== 'Running' || !t.value.peer?.online)) {
        obs.tailnet = t.value;
        if (serve) obs.serve = serve;
        return finish();
      }
    }

    if (serve) {
      obs.serve = serve;
      obs.server = await probeServer(serve.baseUrl);
      const kind = obs.server?.kind;
      if (kind === 'ok' || kind === 'warmingUp') {
        // Healthy: the tailnet path (direct / DERP) only now and then, never SSH.
        if (!wasHealthy || this.healthyTicks % TAILNET_EVERY === TAILNET_EVERY - 1) {
          const t = await this.guard('tailnet', cfg.timeoutMs, (s) => this.deps.probes.tailnet(host, s));
          if (t.ok) obs.tailnet = t.value;
        }
        if (!rediscover) return finish();
      }
      else if (kind === 'backendDown') {
        // Stopped or still loading? Only systemd knows; ask once per condition, not per tick.
        const overdue = this.state.phase === 'loading' && this.clock.now() - this.state.since > cfg.readyTimeoutSeconds * 1000;
        if (this.sshAllowed(`service ${serve.baseUrl}`, force || overdue, false)) obs.service = await probeService();
        return finish();
      }
      else if (kind === 'failed') return finish(); // e.g. 401: the URL is right, SSH would not help
    }

    // The URL is unknown or does not answer: find out why, locally first.
    const t = await this.guard('tailnet', cfg.timeoutMs, (s) => this.deps.probes.tailnet(host, s));
    if (!t.ok) {
      failures.push(t.finding);
      return finish();
    }
    obs.tailnet = t.value;
    if (t.value.backendState !== 'Running' || !t.value.peer?.online) return finish();

    // A URL fixed in the settings is not ours to rediscover.
    if (override) return finish();
    // The Spark is online: (re)discover the Serve URL over SSH, rate-limited.
    if (!this.sshAllowed(serve ? `rediscover ${serve.baseUrl}` : 'discover', force, true)) return finish();
    const d = await this.guard('discovery', sshMs, (s) => this.deps.probes.discover(host, s));
    if (!d.ok) {
      failures.push(d.finding);
      return finish();
    }
    obs.discovery = d.value;
    this.deps.log.debug(`ssh: discovery → ${d.value.kind}${d.value.kind === 'served' ? ` ${d.value.serve.baseUrl}` : ''}`);
    if (d.value.kind === 'served') {
      const found = d.value.serve;
      obs.serve = found;
      if (found.baseUrl !== serve?.baseUrl || !obs.server) {
        this.deps.log.info(`Serve URL discovered: ${found.baseUrl} (${found.exposure})`);
        obs.server = await probeServer(found.baseUrl);
        if (obs.server?.kind === 'backendDown' && this.sshAllowed(`service ${found.baseUrl}`, true, false)) {
          obs.service = await probeService();
        }
      }
    }
    return finish();
  }

  /**
   * The first tick of a session runs the independent steps at once instead of one after another:
   * the HTTPS probe of the remembered URL (or, on a first run, of the URL the discovery pipeline
   * derives from a MagicDNS host: source 'derived'), the local `tailscale status`, and SSH discovery right after it (discovery
   * needs the peer's name and host keys). As soon as the probed URL answers, that state is
   * published ("ready" sooner, marked `reconciling`, so targets wait); discovery then
   * reconciles: the state follows what the Spark's serve config says, and the log says what changed.
   */
  private async observeFirst(host: string, cfg: MonitorConfig, known: ServeInfo | undefined): Promise<Observation> {
    const failures: Finding[] = [];
    const obs: { -readonly [K in keyof Observation]: Observation[K] } = {};
    const finish = (): Observation => (failures.length > 0 ? { ...obs, probeFailures: failures } : obs);
    const candidate = known ?? derivedServe(host);
    const serverP = candidate ? this.probeServerFirst(candidate.baseUrl, cfg) : Promise.resolve(undefined);
    const tailnetP = this.guard('tailnet', cfg.timeoutMs, (s) => this.deps.probes.tailnet(host, s));
    // SSH (loading ssh2, the key exchange) is CPU on this very thread: it starts once the URL's
    // answer is in, or after a short head start, so it does not hold up the first status.
    let headStartTimer: TimerHandle | undefined;
    const headStart = Promise.race([
      serverP.then(() => undefined),
      new Promise<void>((resolve) => {
        headStartTimer = this.clock.setTimeout(resolve, FIRST_ANSWER_HEAD_START_MS);
      }),
    ]).finally(() => this.clock.clearTimeout(headStartTimer));
    const discoveryP = Promise.all([tailnetP, headStart]).then(([t]) =>
      t.ok && t.value.backendState === 'Running' && t.value.peer?.online && this.sshAllowed('discover', true, true)
        ? this.guard('discovery', sshTimeoutMs(cfg.timeoutMs), (s) => this.deps.probes.discover(host, s))
        : undefined,
    );
    // "Ready" as soon as the URL answers: the tailnet facts and discovery follow in this tick.
    const server = await serverP;
    if (this.disposed) return finish();
    const answered = server?.ok === true && (server.value.kind === 'ok' || server.value.kind === 'warmingUp');
    if (candidate && server?.ok) {
      // A guessed URL that does not answer proves nothing (serve may use another port): drop it.
      if (answered || candidate.source !== 'derived') {
        obs.serve = candidate;
        obs.server = server.value;
      }
    } else if (candidate && server && !server.ok && candidate.source !== 'derived') {
      failures.push(server.finding);
    }
    if (answered) this.publishInterim(host, cfg, obs);
    const t = await tailnetP;
    if (this.disposed) return finish();
    if (t.ok) obs.tailnet = t.value;
    else failures.push(t.finding);

    const d = await discoveryP;
    if (this.disposed || !d) return finish();
    if (!d.ok) {
      if (!answered) failures.push(d.finding);
      return finish();
    }
    obs.discovery = d.value;
    // The pipeline's rule: a serve config that could not be read does not refute a URL that answers.
    if (d.value.kind === 'failed' && answered) {
      this.deps.log.info(`discovery failed (${d.value.finding.code}); keeping ${obs.serve?.baseUrl ?? '?'}: it answers`);
      return finish();
    }
    if (d.value.kind !== 'served') {
      if (obs.serve) this.deps.log.info(`discovery: ${d.value.kind === 'notServed' ? 'nothing served on the Spark' : `failed (${d.value.finding.code})`}; not using ${obs.serve.baseUrl}`);
      delete obs.serve;
      delete obs.server;
      return finish();
    }
    const found = d.value.serve;
    if (obs.serve?.baseUrl === found.baseUrl && obs.server) {
      if (obs.serve.exposure !== found.exposure) this.deps.log.info(`Serve exposure changed: ${obs.serve.exposure} → ${found.exposure}`);
      obs.serve = found;
      return this.withServiceIfDown(obs, cfg, failures).then(finish);
    }
    this.deps.log.info(
      candidate && candidate.baseUrl !== found.baseUrl
        ? `Serve URL changed: ${candidate.baseUrl} (${candidate.source === 'derived' ? 'guessed' : 'last known'}) → ${found.baseUrl} (${found.exposure}, discovered)`
        : `Serve URL discovered: ${found.baseUrl} (${found.exposure})`,
    );
    obs.serve = found;
    const r = await this.probeServerFirst(found.baseUrl, cfg);
    if (!r.ok) {
      delete obs.server;
      failures.push(r.finding);
      return finish();
    }
    obs.server = r.value;
    await this.withServiceIfDown(obs, cfg, failures);
    return finish();
  }

  /** Port closed behind Serve: stopped or loading? Only systemd knows (once per condition). */
  private async withServiceIfDown(obs: { service?: Observation['service']; server?: Observation['server']; serve?: ServeInfo }, cfg: MonitorConfig, failures: Finding[]): Promise<void> {
    if (obs.server?.kind !== 'backendDown' || !this.sshAllowed(`service ${obs.serve?.baseUrl}`, true, false)) return;
    const sv = await this.guard('service', sshTimeoutMs(cfg.timeoutMs), (s) => this.deps.probes.service(cfg.serviceUnit, s));
    if (sv.ok) obs.service = sv.value;
    else failures.push(sv.finding);
  }

  private probeServerFirst(url: string, cfg: MonitorConfig) {
    return this.guard('server', cfg.timeoutMs, (s) => this.deps.probes.server(url, 'models', s));
  }

  /** Publishes what the first answers show while discovery still runs. */
  private publishInterim(host: string, cfg: MonitorConfig, obs: Observation): void {
    const next = nextState(this.state, { ...obs, host, extraFindings: this.deps.getExtraFindings?.() ?? [] }, {
      now: this.clock.now(),
      slowMs: cfg.slowMs,
      serviceUnit: cfg.serviceUnit,
      readyTimeoutSeconds: cfg.readyTimeoutSeconds,
    });
    this.logTransition(this.state, next);
    this.publish({ ...next, reconciling: true });
  }

  /**
   * SSH is the expensive, visible probe: run it when forced, when the condition (key) is new,
   * or — for discovery only — when the last attempt is older than the maximum backoff.
   */
  private sshAllowed(key: string, force: boolean, retryAfterBackoff: boolean): boolean {
    const now = this.clock.now();
    const last = this.lastSsh;
    const maxMs = this.deps.getConfig().maxBackoffSeconds * 1000;
    const allowed = force || !last || last.key !== key || (retryAfterBackoff && now - last.at >= maxMs);
    if (allowed) this.lastSsh = { key, at: now };
    else this.deps.log.trace(`ssh skipped (${key}: asked ${Math.round((now - (last?.at ?? now)) / 1000)} s ago)`);
    return allowed;
  }

  /** Runs one probe with its own AbortController and a hard time limit; never throws. */
  private async guard<T>(
    probe: string,
    timeoutMs: number,
    run: (signal: AbortSignal) => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; finding: Finding }> {
    const controller = new AbortController();
    this.inflight.add(controller);
    let timer: TimerHandle | undefined;
    const limit = timeoutMs + GRACE_MS;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = this.clock.setTimeout(() => resolve('timeout'), limit);
    });
    try {
      const result = await Promise.race([run(controller.signal), timedOut]);
      if (result === 'timeout') {
        this.deps.log.warn(`${probe} probe did not finish within ${limit} ms; aborted`);
        return { ok: false, finding: makeFinding('monitor.probeTimeout', { probe, timeoutMs: limit }) };
      }
      return { ok: true, value: result };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.deps.log.error(`${probe} probe threw: ${message}`);
      return { ok: false, finding: makeFinding('internal.unexpected', { message: `${probe} probe: ${message}` }) };
    } finally {
      this.clock.clearTimeout(timer);
      controller.abort(); // lets the probe release sockets/channels it still holds
      this.inflight.delete(controller);
    }
  }

  private publish(next: SparkState): void {
    this.state = next;
    this.stateChanged.fire(next);
  }

  private logTransition(prev: SparkState, next: SparkState): void {
    if (prev.phase !== next.phase) {
      const why = next.findings[0] ? `: ${next.findings[0].code} — ${next.findings[0].title}` : '';
      const line = `state ${prev.phase} → ${next.phase}${why}`;
      if (next.phase === 'error') this.deps.log.error(line);
      else if (isHealthy(next.phase) || next.phase === 'checking') this.deps.log.info(line);
      else this.deps.log.warn(line);
    } else {
      this.deps.log.trace(`state ${next.phase} (checked)`);
    }
    const before = new Set(prev.findings.map((f) => f.code));
    for (const f of next.findings) {
      if (!before.has(f.code)) this.deps.log.warn(`finding ${f.code}: ${f.title}${f.where ? ` (${f.where})` : ''}`);
    }
  }
}

/** Phases the local Tailscale CLI alone can confirm (tailnet down here, or the Spark offline). */
function isDownLocally(phase: SparkState['phase']): boolean {
  return phase === 'tailnetDown' || phase === 'sparkOffline';
}
