// Applies the ONE renderer's output (src/core/state/render.ts) to a StatusBarItem. No decisions
// here: text, tooltip, colour and command all come from renderStatus().
import * as vscode from 'vscode';
import { renderStatus, type ServerListRow, type StatusView } from '../core/state/render';
import type { SparkState } from '../core/state/types';

export class StatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private view: StatusView | undefined;
  /** Set by the chat provider once registered: the tooltip then says where the models appear. */
  chatModels = false;
  /** Set by src/ui/servers: every configured server with its health (listed when two or more). */
  servers: readonly ServerListRow[] = [];

  /** `trustedCommands`: the only commands the tooltip's links may run. */
  constructor(private readonly trustedCommands: readonly string[]) {
    this.item = vscode.window.createStatusBarItem('tailspark.status', vscode.StatusBarAlignment.Left, 100);
    this.item.name = 'Tailspark';
    this.item.show();
  }

  update(state: SparkState, now = Date.now()): StatusView {
    const v = renderStatus(state, { t: vscode.l10n.t, now, chatModels: this.chatModels, servers: this.servers });
    this.view = v;
    this.item.text = v.text;
    const tooltip = new vscode.MarkdownString(v.tooltip, true);
    // Trusted only for our own commands: remote text is escaped by the renderer, and even a
    // link that slipped through could not run anything else.
    tooltip.isTrusted = { enabledCommands: [...this.trustedCommands] };
    this.item.tooltip = tooltip;
    this.item.backgroundColor =
      v.background === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : v.background === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.command = v.command;
    this.item.accessibilityInformation = { label: v.accessibilityLabel, role: 'button' };
    return v;
  }

  /** What is shown right now (for the test API). */
  get current(): StatusView | undefined {
    return this.view;
  }

  dispose(): void {
    this.item.dispose();
  }
}
