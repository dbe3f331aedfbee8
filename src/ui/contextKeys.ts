// `when`-clause context keys. They drive the command palette (tailspark.configured) and complete
// the walkthrough steps on the real event (completionEvents: onContext:…), e.g. "served" turns
// true only when the Serve URL actually answered.
import * as vscode from 'vscode';
import type { Settings } from '../core/settings';
import { isHealthy, type SparkState } from '../core/state/types';

export const CONTEXT = {
  configured: 'tailspark.configured',
  tailnetRunning: 'tailspark.tailnetRunning',
  sparkChosen: 'tailspark.sparkChosen',
  sshVerified: 'tailspark.sshVerified',
  served: 'tailspark.served',
  targetsConfigured: 'tailspark.targetsConfigured',
  phase: 'tailspark.phase',
  /** Tailscale on the Spark is the snap (learned after the first SSH use): no Tailscale SSH there. */
  snap: 'tailspark.snap',
} as const;

/** The keys of the walkthrough's completionEvents (package.json contributes.walkthroughs). */
const WALKTHROUGH_KEYS = [CONTEXT.tailnetRunning, CONTEXT.sparkChosen, CONTEXT.sshVerified, CONTEXT.served, CONTEXT.targetsConfigured];
const WALKTHROUGH_SETTLE_MS = 6_000;

/** Keys remembered across sessions (a walkthrough step stays done after a restart). */
export const REMEMBERED = { sshVerified: 'tailspark.sshVerifiedTarget', targetsConfigured: 'tailspark.targetsConfigured' } as const;

export class ContextKeys {
  private readonly values = new Map<string, unknown>();
  /** While the walkthrough opens, step keys are only recorded (see withWalkthroughKeysReset). */
  private suspended = false;

  constructor(private readonly memento: vscode.Memento) {}

  set(key: string, value: unknown): void {
    if (this.values.get(key) === value) return; // setContext is an IPC round trip: only on change
    this.values.set(key, value);
    if (this.suspended && (WALKTHROUGH_KEYS as readonly string[]).includes(key)) return;
    void vscode.commands.executeCommand('setContext', key, value);
  }

  /** The user chose targets (by any pick, or by editing tailspark.targets.* directly). */
  async markTargetsConfigured(): Promise<void> {
    await this.memento.update(REMEMBERED.targetsConfigured, true);
    this.set(CONTEXT.targetsConfigured, true);
  }

  get(key: string): unknown {
    return this.values.get(key);
  }

  /**
   * VS Code creates its walkthrough service when a walkthrough is first shown and registers the
   * steps up to 5 s later (it races an experiment lookup against a 5 s timer). A step whose context
   * key is ALREADY true when it registers is never checked: the service records the event as seen
   * without progressing the step. So the step keys read false while the walkthrough opens and for
   * WALKTHROUGH_SETTLE_MS after, then get their real values — a change the service does see.
   */
  async withWalkthroughKeysReset(open: () => Thenable<unknown>, settleMs = WALKTHROUGH_SETTLE_MS): Promise<void> {
    this.suspended = true;
    await Promise.all(WALKTHROUGH_KEYS.map((k) => vscode.commands.executeCommand('setContext', k, false)));
    try {
      await open();
      await new Promise((r) => setTimeout(r, settleMs));
    } finally {
      this.suspended = false;
      await Promise.all(WALKTHROUGH_KEYS.map((k) => vscode.commands.executeCommand('setContext', k, this.values.get(k) ?? false)));
    }
  }

  fromState(state: SparkState, settings: Settings): void {
    const host = settings['spark.host'] !== '';
    this.set(CONTEXT.configured, host);
    this.set(CONTEXT.sparkChosen, host);
    this.set(CONTEXT.phase, state.phase);
    if (state.tailnet) this.set(CONTEXT.tailnetRunning, state.tailnet.backendState === 'Running');
    this.set(CONTEXT.served, Boolean(state.serve) && (isHealthy(state.phase) || state.phase === 'warmingUp'));
    const sshTarget = this.memento.get<string>(REMEMBERED.sshVerified);
    this.set(CONTEXT.sshVerified, sshTarget !== undefined && sshTarget === sshKey(settings));
    this.set(CONTEXT.targetsConfigured, this.memento.get<boolean>(REMEMBERED.targetsConfigured) === true);
  }
}

/** What "SSH verified" was verified for: a new target or host needs a new test. */
export function sshKey(settings: Settings): string {
  return `${settings['ssh.target']}|${settings['spark.host']}`;
}
