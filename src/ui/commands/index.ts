// Registers the commands this module owns. Remote operations (service, logs, serve, funnel,
// doctor) are registered by src/ui/commands/remote; targets (configure, apply, revert) by src/ui/targets.
import type * as vscode from 'vscode';
import type { Tailspark } from '../tailspark';
import { registerBasicCommands } from './basic';
import { registerPickSpark } from './pickSpark';
import { registerTestSsh } from './testSsh';

export function registerCommands(ts: Tailspark): vscode.Disposable[] {
  return [...registerBasicCommands(ts), registerPickSpark(ts), registerTestSsh(ts)];
}
