// Entry point: build one context object, register everything, start the Monitor.
// Logic lives in src/core (editor-free) and src/ui (VS Code adapters).
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Tailspark', { log: true });
  context.subscriptions.push(log);
  const item = vscode.window.createStatusBarItem('tailspark.status', vscode.StatusBarAlignment.Left, 100);
  item.name = 'Tailspark';
  item.text = '$(sparkle) Tailspark';
  item.command = 'tailspark.showLog';
  item.show();
  context.subscriptions.push(
    item,
    vscode.commands.registerCommand('tailspark.showLog', () => log.show()),
    vscode.commands.registerCommand('tailspark.refresh', () => log.info('refresh requested')),
  );
  log.info('Tailspark activated');
}

export function deactivate(): void {}
