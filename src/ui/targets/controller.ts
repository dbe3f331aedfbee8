// Automatic configuration (the UI half) and the shared machinery of the target commands.
//
// Flow: the Monitor publishes a healthy state with a Serve URL → if that URL (or its exposure)
// is new, autoRun() verifies it through the window's SparkHttp (with the Monitor's own /v1/models
// answer when that answer produced this very state, else a probe of its own), reads every enabled
// target (planApply), and hands state, settings, verification and readings to the core's pure
// decision (src/core/autoconfig/decide.ts), which says what to write and what to ask. This file only
// asks (prompts.ts), shows, and runs the plan through the core's writers. The Monitor's state is the
// one home of the target sync state: results are reported into it (monitor.setTargets).
// One window acts per change (PromptLedger); auto-runs are serialized within a window.
import * as vscode from 'vscode';
import {
  type AutoRunReport,
  type AutoRunResult,
  applyAnswerEffect,
  decideAutoConfig,
  funnelOffer,
  servedForAutoConfig,
  unreachableAnswerEffect,
  writeNow,
  writeResult,
} from '../../core/autoconfig/decide';
import { describeOutcome, disabledSync, syncAfter, syncFromPlan } from '../../core/autoconfig/sync';
import { COMMANDS } from '../../core/commands';
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
import { type ApplyAnswer, type TargetPrompts, vscodeTargetPrompts } from './prompts';
import { isEnabled, settingsKeysFrom, type ToggleSetting, type ToggleState } from './selection';

export type { AutoRunReport, AutoRunResult };

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
    await vscode.commands.executeCommand(COMMANDS.configureTargets);
  };
  /** The endpoint of the last successful verification (for the pick and sync refreshes). */
  lastEndpoint: VerifiedEndpoint | undefined;
  private lastKey: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * Ends the open "Write it?" question (set while one is open). A notification can stay unanswered
   * for hours; the runs are serialized, so without this a newer URL would wait behind it.
   */
  private supersedeQuestion: (() => void) | undefined;
  private retry: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
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
    if (!key) return;
    this.supersedeQuestion?.();
    void this.enqueue(() => this.autoRun(reason, answered));
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

  /** The target sync state: the Monitor's state is its one home. */
  currentSync(): readonly TargetSync[] {
    return this.ts.monitor.getState().targets;
  }

  publishSync(sync: TargetSync[]): void {
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

    // Gather the decision's inputs (our own probe, the target readings), then let the core decide.
    const state = this.ts.monitor.getState();
    const served = servedForAutoConfig(state);
    if (!served) return done({ result: 'notHealthy' });
    const verification = await this.verify(served, answered);
    const set = this.targets();
    const readings = verification.ok ? await planApply(verification.endpoint, set.enabled) : undefined;
    const decision = decideAutoConfig({ state, settings: { autoConfigure: mode, settingsKeys: this.settingsKeys() }, verification, readings, disabled: set.disabled });
    if (decision.sync) this.publishSync(decision.sync);
    if (decision.kind === 'stop') return done({ result: decision.result, ...(decision.url ? { url: decision.url } : {}), ...(decision.finding ? { finding: decision.finding } : {}) });
    const { url, plan, write, cursorUnreachable } = decision;

    let result: AutoRunResult = 'notWritten';
    const outcomes: StepOutcome[] = [];
    if (write) {
      // auto: one window writes (answers do not matter); ask: one window asks, once per change.
      const claim = await this.ledger.claim(write.ledgerKey, { honourAnswers: write.honourAnswers });
      if (claim !== 'claim') {
        if (claim === 'busy') this.retryLater();
        return done({ result: claim, url });
      }
      let remember: string | undefined;
      try {
        let answer: ApplyAnswer | undefined;
        if (write.ask) {
          asked.push('askApply');
          const reply = await this.askUnlessSuperseded(write.ask);
          if (reply === 'superseded') {
            // Nothing written, nothing remembered: the run queued behind this one asks anew.
            result = 'superseded';
            return done({ result, url });
          }
          answer = reply;
        }
        const effect = applyAnswerEffect(mode, answer);
        remember = effect.remember;
        if (effect.setMode) await this.ts.settings.update('autoConfigure', effect.setMode);
        const next = writeNow(effect.go, this.ts.monitor.getState(), served);
        if (next === 'write') {
          outcomes.push(...(await this.execute(plan, write.targets, [], asked)));
          result = writeResult(outcomes);
        } else {
          result = next;
        }
      } finally {
        await this.ledger.release(write.ledgerKey, result === 'declined' ? remember : undefined);
      }
    }
    if (cursorUnreachable) {
      // The truth about Cursor is told once per URL (any window), in both auto and ask mode.
      const claim = await this.ledger.claim(cursorUnreachable.ledgerKey);
      if (claim === 'claim') {
        let answer: string | undefined;
        try {
          answer = await this.cursorUnreachable(plan, cursorUnreachable.step, asked, outcomes);
        } finally {
          await this.ledger.release(cursorUnreachable.ledgerKey, answer ?? 'dismissed');
        }
      }
    }
    return done({ result, url, outcomes });
  }

  /** The question, or 'superseded' as soon as a newer URL arrives (the late answer is ignored). */
  private async askUnlessSuperseded(ask: Parameters<TargetPrompts['askApply']>[0]): Promise<ApplyAnswer | undefined | 'superseded'> {
    const superseded = new Promise<'superseded'>((resolve) => {
      this.supersedeQuestion = () => resolve('superseded');
    });
    try {
      return await Promise.race([this.prompts.askApply(ask), superseded]);
    } finally {
      this.supersedeQuestion = undefined;
    }
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
    this.publishSync(syncAfter(this.currentSync(), outcomes));
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
    const offer = funnelOffer(hasKey, hasKey && (await this.ts.http.keyCheck(url)).verdict === 'enforced');
    asked.push('cursorUnreachable');
    const answer = await this.prompts.cursorUnreachable({
      url,
      reason: step.reachability.reason,
      funnelPossible: offer.possible,
      ...(offer.possible
        ? {}
        : {
            funnelWhyNot:
              offer.why === 'notEnforced'
                ? vscode.l10n.t('the server answers without an API key; start it with --api-key first.')
                : vscode.l10n.t('no API key is set; start the server with --api-key and run "Tailspark: Set API Key" first.'),
          }),
    });
    const effect = unreachableAnswerEffect(answer, this.ts.monitor.getState(), url);
    if (effect.kind === 'command') await vscode.commands.executeCommand(effect.command === 'funnel' ? COMMANDS.funnelExpose : COMMANDS.cursorChatSetup);
    if (effect.kind === 'openTargetsPick') await this.openTargetsPick();
    if (effect.kind === 'stale') this.ts.log.info(`write anyway: ${url} is no longer the served URL; nothing written`);
    if (effect.kind === 'writeCursorAnyway') outcomes.push(...(await this.execute(plan, ['cursor'], ['cursor'], asked)));
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
          ...this.currentSync().filter((s) => s.id !== 'cursor'),
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
