// VS Code configuration → validated Settings (zod, per key). Re-read on every change to
// `tailspark.*`; an invalid value is logged and shown once with an "Open Settings" button, and
// the Monitor carries it as a Finding until it is fixed.
import * as vscode from 'vscode';
import type { Finding } from '../core/findings';
import { Emitter } from '../core/monitor/emitter';
import { changedKeys, type ParsedSettings, parseSettings, SECTION, type SettingKey, type Settings } from '../core/settings';
import type { TailsparkLog } from './log';
import { showFinding } from './showFinding';

export interface SettingsChange {
  settings: Settings;
  changed: SettingKey[];
}

export class SettingsSource implements vscode.Disposable {
  private parsed: ParsedSettings;
  private readonly changed = new Emitter<SettingsChange>();
  private readonly subscription: vscode.Disposable;
  /** Invalid values already shown, so a notification appears once per bad value, not per read. */
  private readonly announced = new Set<string>();

  constructor(private readonly log: TailsparkLog) {
    this.parsed = this.read();
    this.announce(this.parsed.findings);
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      const before = this.parsed.settings;
      this.parsed = this.read();
      this.announce(this.parsed.findings);
      const changed = changedKeys(before, this.parsed.settings);
      if (changed.length === 0) return;
      this.log.info(`settings changed: ${changed.map((k) => `${SECTION}.${k}`).join(', ')}`);
      this.changed.fire({ settings: this.parsed.settings, changed });
    });
  }

  get settings(): Settings {
    return this.parsed.settings;
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
    this.changed.clear();
  }

  private read(): ParsedSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    return parseSettings((key) => config.get(key));
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
