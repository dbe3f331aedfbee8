// Automatic configuration and the shared machinery of the target commands.
//
// Flow: the Monitor publishes a healthy state with a Serve URL → if that URL (or its exposure)
// is new, autoRun() verifies it through the window's SparkHttp: with the Monitor's own /v1/models
// answer when that answer produced this very state, else with a probe of its own (never writes
// what only a cached state claims; explicit runs always ask again), plans every enabled target (old → new), reports each target's sync state to the
// Monitor (status bar tooltip), and then, per tailspark.autoConfigure:
//   off  → nothing more;  auto → write;  ask → one notification with old and new values
//   ("Always"/"Never" change the setting, so the choice is remembered).
// Cursor's native chat with a tailnet-only URL is never written silently: the user is told
// plainly that Cursor's cloud cannot reach it and chooses Funnel / Continue / write anyway.
// One window acts per change (PromptLedger); auto-runs are serialized within a window.
import * as vscode from 'vscode';
import type { Finding } from '../../core/findings';
import type { ProbeResult } from '../../core/inference/probe';
import type { UrlVerification } from '../../core/targets/probeEndpoint';
import type { SparkState, TargetSync } from '../../core/state/types';
import {
  type CursorTarget,
  executePlan,
  type Plan,
  type PlanStep,
  planApply,
  type RegisteredTarget,
  type SettingsKey,
  type StepOutcome,
  type Target,
  type TargetId,
  type VerifiedEndpoint,
} from '../../core/targets';
import { runFixAction } from '../fixes';
import type { Tailspark } from '../tailspark';
import { type ServedUrl, servedKey, servedUrlOf } from './endpoint';
import { registeredTargets, stateDirOf, type TargetOverrides } from './environment';
import { PromptLedger } from './promptLedger';
import { type TargetPrompts, vscodeTargetPrompts } from './prompts';
import { isEnabled, settingsKeysFrom, type ToggleSetting, type ToggleState } from './selection';
import { changesOf, describeOutcome, disabledSync, syncAfter, syncFromPlan } from './syncState';

export type AutoRunResult =
  | 'notHealthy'
  | 'unverified'
  | 'noTargets'
  | 'off'
  | 'inSync'
  | 'busy'
  | 'answered'
  | 'declined'
  | 'written'
  | 'notWritten'
  /** The user answered after the Spark's URL had changed: the answer is about an old URL. */
  | 'stale';

/** What one auto-run did (for the log and the extension-host tests). */
export interface AutoRunReport {
  reason: string;
  mode: 'auto' | 'ask' | 'off';
  url?: string;
  result: AutoRunResult;
  /** Prompts shown, in order: askApply, cursorUnreachable, cursorRestart. */
  asked: string[];
  outcomes: StepOutcome[];
  finding?: Finding;
}

export interface TargetSet {
  registered: RegisteredTarget[];
  enabled: Target[];
  disabled: RegisteredTarget[];
}

/** A /v1/models answer of the Monitor and the state it produced (usable while that state is current). */
interface MonitorAnswer {
  state: SparkState;
  result: ProbeResult;
}

/** If a claim is busy (another window asks), look again after this. */
const RETRY_BUSY_MS = 20_000;
/** Re-read the targets on window focus at most this often. */
const FOCUS_REFRESH_MS = 30_000;

export class TargetsController implements vscode.Disposable {
  prompts: TargetPrompts = vscodeTargetPrompts;
  overrides: TargetOverrides = {};
  readonly reports: AutoRunReport[] = [];
  /** Opens the target pick with live values (set by index.ts; commands.ts imports this file). */
  openTargetsPick: () => Promise<void> = async () => {
    await vscode.commands.executeCommand('tailspark.configureTargets');
  };
  /** The endpoint of the last successful verification (for the pick and sync refreshes). */
  lastEndpoint: VerifiedEndpoint | undefined;
  private lastKey: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private retry: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private sync: TargetSync[] = [];
  /** The number of the last SparkHttp /v1/models answer a Monitor state was seen with. */
  private answerSeen = 0;

  constructor(readonly ts: Tailspark) {}

  /** Subscribe to the Monitor and the settings; check a Cursor write left by the last session. */
  start(): void {
    const d = this.ts.monitor.onDidChangeState((state) => this.onUrl(servedUrlOf(state), 'URL verified by the Monitor', this.monitorAnswer(state)));
    this.disposables.push(
      new vscode.Disposable(() => d.dispose()),
      this.ts.settings.onDidChange(({ changed }) => {
        if (!changed.some((k) => k === 'autoConfigure' || k.startsWith('targets.'))) return;
        this.lastKey = undefined; // the same URL is worth a new look with other targets/mode
        this.onUrl(servedUrlOf(this.ts.monitor.getState()), `settings: ${changed.join(', ')}`);
      }),
    );
    // Targets change behind our back (the user edits Continue's file, Cursor's settings): re-read
    // them when the window gets focus again, at most every FOCUS_REFRESH_MS.
    let lastFocusRefresh = 0;
    this.disposables.push(
      vscode.window.onDidChangeWindowState((w) => {
        if (!w.focused || !this.lastEndpoint || Date.now() - lastFocusRefresh < FOCUS_REFRESH_MS) return;
        lastFocusRefresh = Date.now();
        void this.enqueue(() => this.refreshSync());
      }),
    );
    void this.checkPendingCursorWrite();
    this.onUrl(servedUrlOf(this.ts.monitor.getState()), 'start');
  }

  dispose(): void {
    clearTimeout(this.retry);
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  get stateDir(): string {
    return stateDirOf(this.ts.extension, this.overrides);
  }

  get ledger(): PromptLedger {
    return new PromptLedger(this.stateDir);
  }

  private onUrl(served: ServedUrl | undefined, reason: string, answered?: MonitorAnswer): void {
    const key = servedKey(served);
    if (key === this.lastKey) return;
    this.lastKey = key;
    if (key) void this.enqueue(() => this.autoRun(reason, answered));
  }

  /** The /v1/models answer that produced this Monitor state, if the tick before it asked /v1/models. */
  private monitorAnswer(state: SparkState): MonitorAnswer | undefined {
    const answer = this.ts.http.lastAnswer();
    if (!answer || answer.seq <= this.answerSeen) return undefined;
    this.answerSeen = answer.seq;
    return { state, result: answer.result };
  }

  /** Auto-runs never overlap within a window (a prompt may stay open for a while). */
  enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch((err) => this.ts.log.error(`auto-configure failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
    return run;
  }

  /** Resolves when every queued auto-run has finished. */
  async idle(): Promise<void> {
    for (;;) {
      const q = this.queue;
      await q;
      if (q === this.queue) return;
    }
  }

  // ── targets, verification, sync ──

  /** A target's on/off setting, and whether the user set it (explicit true overrides detection). */
  readonly toggle = (key: ToggleSetting): ToggleState => {
    const inspected = vscode.workspace.getConfiguration('tailspark').inspect<boolean>(key);
    return { value: this.ts.settings.settings[key], explicit: inspected?.globalValue === true };
  };

  /** tailspark.targets.settingsKeys as the core's keys (invalid entries are logged and skipped). */
  settingsKeys(): SettingsKey[] {
    const { keys, invalid } = settingsKeysFrom(this.ts.settings.settings['targets.settingsKeys']);
    for (const bad of invalid) this.ts.log.warn(`tailspark.targets.settingsKeys: ${bad.key} skipped (${bad.message})`);
    return keys;
  }

  targets(options: { relaunch?: boolean } = {}): TargetSet {
    const registered = registeredTargets(this.ts.extension, this.overrides, this.settingsKeys(), options);
    const enabled: Target[] = [];
    const disabled: RegisteredTarget[] = [];
    for (const r of registered) {
      if (isEnabled(r, this.toggle)) enabled.push(r.target);
      else disabled.push(r);
    }
    return { registered, enabled, disabled };
  }

  /**
   * Only a successful answer with models becomes a VerifiedEndpoint: the Monitor's answer when it
   * produced the current state for this URL (no second request), else a probe now.
   */
  async verify(served: ServedUrl, answered?: MonitorAnswer): Promise<UrlVerification> {
    const current = answered && answered.state === this.ts.monitor.getState() ? answered.result : undefined;
    const verified = await this.ts.http.verify(served.baseUrl, served.exposure, {
      signal: AbortSignal.timeout(this.ts.settings.settings['probe.timeoutMs'] * 3),
      ...(current ? { answered: current } : {}),
    });
    if (verified.ok) this.lastEndpoint = verified.endpoint;
    return verified;
  }

  currentSync(): readonly TargetSync[] {
    return this.sync;
  }

  publishSync(sync: TargetSync[]): void {
    this.sync = sync;
    this.ts.monitor.setTargets(sync);
  }

  /** Re-read every target against the last verified endpoint (after a revert, a pick, …). */
  async refreshSync(): Promise<void> {
    const set = this.targets();
    if (!this.lastEndpoint) {
      this.publishSync(disabledSync(set.disabled));
      return;
    }
    const planned = await planApply(this.lastEndpoint, set.enabled);
    if (planned.ok) this.publishSync(syncFromPlan(planned.plan, set.disabled));
  }

  // ── the automatic flow ──

  async autoRun(reason: string, answered?: MonitorAnswer): Promise<AutoRunReport> {
    const mode = this.ts.settings.settings.autoConfigure;
    const asked: string[] = [];
    const done = (r: Omit<AutoRunReport, 'reason' | 'mode' | 'asked' | 'outcomes'> & { outcomes?: StepOutcome[] }): AutoRunReport => {
      const report: AutoRunReport = { reason, mode, asked, ...r, outcomes: r.outcomes ?? [] };
      this.reports.push(report);
      if (this.reports.length > 50) this.reports.shift();
      this.ts.log.info(`auto-configure (${reason}, ${mode}): ${report.result}${report.url ? ` ${report.url}` : ''}${report.finding ? ` — ${report.finding.title}` : ''}`);
      for (const o of report.outcomes) this.ts.log.info(`  ${describeOutcome(o)}`);
      return report;
    };

    const served = servedUrlOf(this.ts.monitor.getState());
    if (!served) return done({ result: 'notHealthy' });
    const verified = await this.verify(served, answered);
    if (!verified.ok) return done({ result: 'unverified', url: served.baseUrl, finding: verified.finding });
    const endpoint = verified.endpoint;
    const url = endpoint.baseUrl;
    const set = this.targets();
    const planned = await planApply(endpoint, set.enabled);
    if (!planned.ok) return done({ result: 'unverified', url, finding: planned.finding });
    const plan = planned.plan;
    this.publishSync(syncFromPlan(plan, set.disabled));
    if (set.enabled.length === 0) return done({ result: 'noTargets', url });
    if (mode === 'off') return done({ result: 'off', url });

    const writes = plan.steps.filter((s) => s.action === 'write');
    const cursorBlocked = plan.steps.find((s) => s.target.id === 'cursor' && s.action === 'blocked' && s.current.ok && !s.reachability.ok);
    if (writes.length === 0 && !cursorBlocked) return done({ result: 'inSync', url });

    let result: AutoRunResult = 'notWritten';
    const outcomes: StepOutcome[] = [];
    if (writes.length > 0) {
      const key = `apply ${url} → ${writes.map((s) => s.target.id).sort().join(',')}`;
      // auto: one window writes (answers do not matter); ask: one window asks, once per change.
      const claim = await this.ledger.claim(key, { honourAnswers: mode === 'ask' });
      if (claim !== 'claim') {
        if (claim === 'busy') this.retryLater();
        return done({ result: claim, url });
      }
      let answer: string | undefined;
      try {
        let go = mode === 'auto';
        if (mode === 'ask') {
          asked.push('askApply');
          const a = await this.prompts.askApply({ url, changes: changesOf(plan, writes, this.settingsKeys()) });
          answer = a ?? 'dismissed';
          if (a === 'always') await this.ts.settings.update('autoConfigure', 'auto');
          if (a === 'never') await this.ts.settings.update('autoConfigure', 'off');
          go = a === 'apply' || a === 'always';
        }
        if (go && !this.stillServed(served)) {
          // A notification can stay open for hours; never write a URL the Spark no longer serves.
          result = 'stale';
        } else if (go) {
          outcomes.push(...(await this.execute(plan, writes.map((s) => s.target.id), [], asked)));
          result = outcomes.some((o) => o.works) ? 'written' : 'notWritten';
        } else {
          result = 'declined';
        }
      } finally {
        await this.ledger.release(key, result === 'declined' ? answer : undefined);
      }
    }
    if (cursorBlocked) {
      // The truth about Cursor is told once per URL (any window), in both auto and ask mode.
      const key = `cursor cannot reach ${url}`;
      const claim = await this.ledger.claim(key);
      if (claim === 'claim') {
        let answer: string | undefined;
        try {
          answer = await this.cursorUnreachable(plan, cursorBlocked, asked, outcomes);
        } finally {
          await this.ledger.release(key, answer ?? 'dismissed');
        }
      }
    }
    return done({ result, url, outcomes });
  }

  /** Is the URL this run verified still the one the Monitor sees answering? */
  stillServed(served: ServedUrl): boolean {
    return servedKey(servedUrlOf(this.ts.monitor.getState())) === servedKey(served);
  }

  private retryLater(): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.lastKey = undefined;
      this.onUrl(servedUrlOf(this.ts.monitor.getState()), 'retry after another window');
    }, RETRY_BUSY_MS);
    this.retry.unref?.();
  }

  // ── writing, and telling the truth about the result ──

  /**
   * Write the confirmed targets (under the core's writer lock), publish the new sync state and
   * announce it. A Cursor write that waits for Cursor to close leads to the restart question.
   */
  async execute(plan: Plan, confirmed: TargetId[], writeAnyway: TargetId[], asked: string[]): Promise<StepOutcome[]> {
    const done = await executePlan(plan, { stateDir: this.stateDir, confirmed, writeAnyway });
    if (!done.ok) {
      await this.showFinding(done.finding);
      return [];
    }
    const outcomes = done.outcomes.filter((o) => confirmed.includes(o.targetId));
    this.publishSync(syncAfter(this.sync, outcomes));
    await this.announce(plan.endpoint, outcomes);
    const pending = outcomes.find((o) => o.targetId === 'cursor' && o.result.status === 'pending');
    if (pending) await this.cursorRestart(plan, pending, writeAnyway.includes('cursor'), asked);
    return outcomes;
  }

  private async announce(endpoint: VerifiedEndpoint, outcomes: StepOutcome[]): Promise<void> {
    const working = outcomes.filter((o) => o.works && (o.result.status === 'written' || o.result.status === 'unchanged'));
    if (working.length > 0) {
      void this.prompts.notify('info', vscode.l10n.t('Base URL {0} is now used by: {1}.', endpoint.baseUrl, working.map((o) => o.label).join(', ')));
    }
    for (const o of outcomes) {
      if ((o.result.status === 'written' || o.result.status === 'unchanged') && !o.works) {
        // Written on request ("write anyway"), but the client cannot reach it: never "configured".
        void this.prompts.notify('warning', vscode.l10n.t('{0} now holds {1}, but it cannot work: {2}', o.label, endpoint.baseUrl, o.reachability.reason));
      }
      if (o.result.status === 'failed') await this.showFinding(o.result.finding);
    }
  }

  async showFinding(finding: Finding): Promise<void> {
    const fixes = finding.fixes.filter((f) => f.action);
    const where = finding.where ? ` (${finding.where})` : '';
    const choice = await this.prompts.notify(finding.severity, `${finding.title}${where}: ${finding.detail}`, ...fixes.map((f) => f.label));
    const fix = fixes.find((f) => f.label === choice);
    if (fix?.action) await runFixAction(fix.action, this.ts.log);
  }

  /** Cursor's cloud cannot reach this URL: say so, offer what works. Returns the answer. */
  async cursorUnreachable(plan: Plan, step: PlanStep, asked: string[], outcomes: StepOutcome[]): Promise<string | undefined> {
    const url = plan.endpoint.baseUrl;
    const hasKey = (await this.ts.http.apiKey()) !== undefined;
    const enforced = hasKey && (await this.ts.http.keyCheck(url)).verdict === 'enforced';
    asked.push('cursorUnreachable');
    const answer = await this.prompts.cursorUnreachable({
      url,
      reason: step.reachability.reason,
      funnelPossible: enforced,
      ...(enforced
        ? {}
        : {
            funnelWhyNot: hasKey
              ? vscode.l10n.t('the server answers without an API key; start it with --api-key first.')
              : vscode.l10n.t('no API key is set; start the server with --api-key and run "Tailspark: Set API Key" first.'),
          }),
    });
    if (answer === 'funnel') await vscode.commands.executeCommand('tailspark.funnel.expose');
    if (answer === 'setupChat') await vscode.commands.executeCommand('tailspark.cursorChat.setup');
    if (answer === 'extensions') await this.openTargetsPick();
    if (answer === 'writeAnyway') {
      if (servedUrlOf(this.ts.monitor.getState())?.baseUrl !== url) {
        this.ts.log.info(`write anyway: ${url} is no longer the served URL; nothing written`);
        return answer;
      }
      outcomes.push(...(await this.execute(plan, ['cursor'], ['cursor'], asked)));
    }
    return answer;
  }

  /**
   * Cursor is running, so a background writer waits for it to close. "Restart Now" replaces that
   * writer by one that also starts Cursor again, then quits this Cursor window.
   */
  private async cursorRestart(plan: Plan, pending: StepOutcome, anyway: boolean, asked: string[]): Promise<void> {
    asked.push('cursorRestart');
    const answer = await this.prompts.cursorRestart({ url: plan.endpoint.baseUrl });
    if (answer !== 'restartNow') return;
    const oldPid = pending.result.status === 'pending' ? pending.result.helperPid : undefined;
    if (oldPid) {
      try {
        process.kill(oldPid); // our own helper, still waiting: it has not written anything
      } catch {
        // already gone
      }
    }
    const cursor = this.targets({ relaunch: true }).enabled.filter((t) => t.id === 'cursor');
    const replanned = await planApply(plan.endpoint, cursor);
    if (!replanned.ok) return;
    const again = await executePlan(replanned.plan, { stateDir: this.stateDir, confirmed: ['cursor'], writeAnyway: anyway ? ['cursor'] : [] });
    if (again.ok && again.outcomes.some((o) => o.result.status === 'pending')) {
      await vscode.commands.executeCommand('workbench.action.quit');
    } else if (again.ok) {
      await this.announce(plan.endpoint, again.outcomes);
    }
  }

  /** On activation: did the Cursor writer of the last session write, and did Cursor keep it? */
  async checkPendingCursorWrite(): Promise<void> {
    const cursor = this.targets().registered.find((r) => r.target.id === 'cursor')?.target as CursorTarget | undefined;
    if (!cursor) return;
    try {
      const v = await cursor.verifyPendingWrite();
      this.ts.log.info(`Cursor write of the last session: ${v.state}`);
      if (v.state === 'waiting') {
        this.publishSync([
          ...this.sync.filter((s) => s.id !== 'cursor'),
          { id: 'cursor', label: cursor.label, status: 'pendingRestart', detail: vscode.l10n.t('A background writer (pid {0}) waits for Cursor to close.', v.helperPid) },
        ]);
      }
      if (v.state === 'verified') await this.refreshSync(); // holds the URL; reachability still decides "works"
      if (v.state === 'failed') {
        const key = `cursor write failed ${v.finding.detail}`;
        if ((await this.ledger.claim(key)) === 'claim') {
          try {
            await this.showFinding(v.finding);
          } finally {
            await this.ledger.release(key, 'shown');
          }
        }
      }
    } catch (err) {
      this.ts.log.warn(`checking the Cursor write of the last session failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
