// VS Code configuration → validated Settings (zod, per key). Re-read on every change to
// `tailspark.*`; an invalid value is logged and shown once with an "Open Settings" button, and
// the Monitor carries it as a Finding until it is fixed.
import * as vscode from 'vscode';
import type { Finding } from '../core/findings';
import { Emitter } from '../core/util/emitter';
import { activeView } from '../core/servers/serverList';
import { changedKeys, type ParsedSettings, parseSettings, SECTION, type SettingKey, type Settings } from '../core/settings';
import { gateWorkspaceValue, isGuardedKey, type PendingWorkspaceValue } from '../core/settings/workspaceGate';
import type { TailsparkLog } from './log';
import { showWarningMessage } from './notify';
import { showFinding } from './showFinding';

/** globalState key: ids (hashes) of workspace values of guarded settings the user allowed. */
const CONFIRMED_WORKSPACE_VALUES = 'tailspark.confirmedWorkspaceValues';

export interface SettingsChange {
  settings: Settings;
  changed: SettingKey[];
}

export class SettingsSource implements vscode.Disposable {
  /** The active server's view (src/core/servers): what every single-server part reads. */
  private parsed: ParsedSettings;
  /** Every setting as configured (tailspark.servers and the global spark.host / ssh.target). */
  private configured!: Settings;
  private readonly changed = new Emitter<SettingsChange>();
  private readonly subscription: vscode.Disposable;
  /** Invalid values already shown, so a notification appears once per bad value, not per read. */
  private readonly announced = new Set<string>();

  /** Workspace values waiting for the user (asked once per value and session). */
  private pending: PendingWorkspaceValue[] = [];
  private readonly asked = new Set<string>();
  private readonly trustSubscription: vscode.Disposable;

  /** `memento` (globalState) remembers which workspace values of guarded settings the user allowed. */
  constructor(
    private readonly log: TailsparkLog,
    private readonly memento?: vscode.Memento,
  ) {
    this.parsed = this.read();
    this.announce(this.parsed.findings);
    this.askPending();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) this.reread();
    });
    this.trustSubscription = vscode.workspace.onDidGrantWorkspaceTrust(() => this.reread());
  }

  private reread(): void {
    const before = this.parsed.settings;
    this.parsed = this.read();
    this.announce(this.parsed.findings);
    this.askPending();
    const changed = changedKeys(before, this.parsed.settings);
    if (changed.length === 0) return;
    this.log.info(`settings changed: ${changed.map((k) => `${SECTION}.${k}`).join(', ')}`);
    this.changed.fire({ settings: this.parsed.settings, changed });
  }

  private confirmedIds(): string[] {
    return this.memento?.get<string[]>(CONFIRMED_WORKSPACE_VALUES) ?? [];
  }

  /** A workspace value of a guarded setting that differs from the user's is shown and used only once allowed. */
  private askPending(): void {
    for (const p of this.pending) {
      if (this.asked.has(p.id)) continue;
      this.asked.add(p.id);
      const setting = `${SECTION}.${p.key}`;
      this.log.warn(`${setting}: the workspace sets ${JSON.stringify(p.workspaceValue)}; using the user value ${JSON.stringify(p.userValue)} until allowed`);
      const allow = vscode.l10n.t('Use Workspace Value');
      void showWarningMessage(
        vscode.l10n.t(
          'This workspace sets {0} to {1} (yours: {2}). Tailspark keeps using your value until you allow it — this setting decides where the API key and SSH go.',
          setting,
          JSON.stringify(p.workspaceValue),
          JSON.stringify(p.userValue) ?? '—',
        ),
        allow,
      ).then((choice) => (choice === allow ? this.allow([p.id]) : undefined));
    }
  }

  /** The user allowed these workspace values: remember them (hashes in globalState) and apply. */
  private async allow(ids: readonly string[]): Promise<void> {
    if (!this.memento) return;
    await this.memento.update(CONFIRMED_WORKSPACE_VALUES, [...new Set([...this.confirmedIds(), ...ids])]);
    this.reread();
  }

  /** Allows every workspace value now waiting (the notification's button, and extension-host tests). */
  allowPending(): Promise<void> {
    return this.allow(this.pending.map((p) => p.id));
  }

  /** The settings of the ACTIVE server (spark.host, port, unit and SSH target from its entry). */
  get settings(): Settings {
    return this.parsed.settings;
  }

  /** Every setting as configured, for the parts that look at all servers (src/ui/servers). */
  get all(): Settings {
    return this.configured;
  }

  /** Findings for invalid values (empty when all are valid). */
  get findings(): readonly Finding[] {
    return this.parsed.findings;
  }

  onDidChange(listener: (change: SettingsChange) => void): vscode.Disposable {
    const d = this.changed.on(listener);
    return new vscode.Disposable(() => d.dispose());
  }

  /** Writes one setting in the user (global) settings, where Tailspark's machine settings belong. */
  async update(key: SettingKey, value: unknown): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
  }

  dispose(): void {
    this.subscription.dispose();
    this.trustSubscription.dispose();
    this.changed.clear();
  }

  private read(): ParsedSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    const confirmed = new Set(this.confirmedIds());
    const pending: PendingWorkspaceValue[] = [];
    const parsed = parseSettings((key) => {
      if (!isGuardedKey(key)) return config.get(key);
      const gate = gateWorkspaceValue(key, config.inspect(key), { trusted: vscode.workspace.isTrusted, confirmed: (id) => confirmed.has(id) });
      if (gate.pending) pending.push(gate.pending);
      return gate.value;
    });
    this.pending = pending;
    this.configured = parsed.settings;
    const view = activeView(parsed.settings);
    return { settings: view.settings, findings: [...parsed.findings, ...view.findings] };
  }

  private announce(findings: readonly Finding[]): void {
    for (const f of findings) {
      const id = `${f.title}\u0000${f.evidence ?? ''}`;
      if (this.announced.has(id)) continue;
      this.announced.add(id);
      this.log.warn(`${f.title}: ${f.detail}`);
      void showFinding(f, this.log);
    }
  }
}
