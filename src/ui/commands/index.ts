// Registers the commands this module owns. Remote operations (service, logs, serve, funnel,
// doctor, base URL apply/revert) are registered by src/ui/commands/remote*.
import type * as vscode from 'vscode';
import type { Tailspark } from '../tailspark';
import { registerBasicCommands } from './basic';
import { registerConfigureTargets } from './configureTargets';
import { registerPickSpark } from './pickSpark';
import { registerTestSsh } from './testSsh';

export function registerCommands(ts: Tailspark): vscode.Disposable[] {
  return [...registerBasicCommands(ts), registerPickSpark(ts), registerTestSsh(ts), registerConfigureTargets(ts)];
}
