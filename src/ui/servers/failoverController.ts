// Failover in the editor: feeds the fleet's states to the pure decision
// (src/core/servers/failover.ts) and carries it out — a question (ask), or a switch with a
// notification (auto), and later the offer to go back. A switch only writes
// tailspark.activeServer; the target writers then follow under tailspark.autoConfigure, so
// Cursor's own setting keeps its rules (and auto asks first when it would follow silently).
import * as vscode from 'vscode';
import { decideFailover, downSince, type FailoverDecision } from '../../core/servers/failover';
import type { ServerFleet } from '../../core/servers/fleet';
import { isHealthy } from '../../core/state/types';
import type { Tailspark } from '../tailspark';
import { switchServer } from './commands';

export class FailoverController implements vscode.Disposable {
  private activeName: string | undefined;
  private activeDownSince: number | undefined;
  /** The model each server served when last healthy (a down server lists none). */
  private readonly lastModel = new Map<string, string>();
  /** The server we failed over from, until the user goes back or chooses another. */
  private origin: string | undefined;
  private readonly declined = new Set<string>();
  private asking = false;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscription: { dispose(): void };
  /** What the last decision was (log once per change, and for the extension-host tests). */
  last: FailoverDecision | undefined;

  constructor(
    private readonly ts: Tailspark,
    private readonly fleet: ServerFleet,
  ) {
    this.subscription = fleet.onDidChange(() => this.update());
  }

  /** The user chose a server: no failover is in effect any more. */
  manualSwitch(): void {
    this.origin = undefined;
  }

  update(now = Date.now()): void {
    const members = this.fleet.states();
    for (const m of members) {
      const model = m.state.server?.models[0]?.id;
      if (isHealthy(m.state.phase) && model) this.lastModel.set(m.entry.name, model);
    }
    const active = members.find((m) => m.active);
    if (!active) return;
    if (active.entry.name !== this.activeName) {
      this.activeName = active.entry.name;
      this.activeDownSince = undefined;
    }
    this.activeDownSince = downSince(this.activeDownSince, active.state, now);
    const s = this.ts.settings.settings;
    const decision = decideFailover({
      mode: s.failover,
      now,
      graceMs: s['failoverGraceSeconds'] * 1000,
      members,
      activeDownSince: this.activeDownSince,
      activeModel: this.lastModel.get(active.entry.name),
      origin: this.origin,
      declined: this.declined,
      cursorFollowsSilently: s.autoConfigure === 'auto' && s['targets.cursor'] && /cursor/i.test(vscode.env.appName),
    });
    const changed = JSON.stringify(decision) !== JSON.stringify(this.last);
    this.last = decision;
    clearTimeout(this.graceTimer);
    if (decision.kind === 'none' && decision.why === 'grace' && this.activeDownSince !== undefined) {
      // A server that is down is polled with backoff: look again exactly when the grace period ends.
      const at = this.activeDownSince + s['failoverGraceSeconds'] * 1000;
      this.graceTimer = setTimeout(() => this.update(), Math.max(0, at - now) + 50);
      this.graceTimer.unref?.();
    }
    if (decision.kind === 'none') return;
    if (changed) this.ts.log.info(`failover: ${decision.kind} ${decision.from.name} → ${decision.to.name}`);
    if (this.asking) return;
    this.asking = true;
    void this.act(decision)
      .catch((err) => this.ts.log.error(`failover failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.asking = false;
      });
  }

  private async act(d: Exclude<FailoverDecision, { kind: 'none' }>): Promise<void> {
    const t = vscode.l10n.t;
    if (d.kind === 'switch') {
      this.origin = d.from.name;
      await switchServer(this.ts, d.to.name);
      const back = t('Switch Back to {0}', d.from.name);
      const choice = await vscode.window.showWarningMessage(t('{0} is down: switched to {1}, which serves {2}. Tailspark offers to switch back once {0} is ready.', d.from.name, d.to.name, d.model), back);
      if (choice === back) {
        this.origin = undefined;
        this.declined.add(d.key); // the user wants the down server: do not switch away again
        await switchServer(this.ts, d.from.name);
      }
      return;
    }
    if (d.kind === 'ask') {
      const go = t('Switch to {0}', d.to.name);
      const choice = await vscode.window.showWarningMessage(t('{0} is down. {1} is ready and serves the same model ({2}). Switch the editor to {1}?', d.from.name, d.to.name, d.model), go, t('Not Now'));
      if (choice !== go) {
        this.declined.add(d.key);
        return;
      }
      this.origin = d.from.name;
      await switchServer(this.ts, d.to.name);
      return;
    }
    const back = t('Switch Back to {0}', d.to.name);
    const choice = await vscode.window.showInformationMessage(t('{0} is ready again. Switch back from {1}?', d.to.name, d.from.name), back, t('Stay on {0}', d.from.name));
    if (choice !== back) {
      this.declined.add(d.key);
      return;
    }
    this.origin = undefined;
    await switchServer(this.ts, d.to.name);
  }

  dispose(): void {
    clearTimeout(this.graceTimer);
    this.subscription.dispose();
  }
}
