// The VS Code side of the core's TargetEnvironment: where this editor keeps things, how to write
// a settings key (the configuration API, user scope), and how Cursor's detached writer is started.
// Paths can be overridden by extension-host tests (TargetOverrides) so they never touch the real
// home directory or the real editor settings.
import * as vscode from 'vscode';
import { makeFinding } from '../../core/findings';
import {
  cursorRelaunchCommand,
  FindingError,
  listTargets,
  type RegisteredTarget,
  type SettingsKey,
  type SettingsWriter,
  type TargetEnvironment,
} from '../../core/targets';

export interface TargetOverrides {
  /** Tailspark's state dir (backups, writer lock, prompt ledger). Default: globalStorageUri. */
  stateDir?: string;
  home?: string;
  continueConfigPath?: string;
  vscodeUserDir?: string;
  isCursor?: boolean;
  cursorDbPath?: string;
}

export function isCursorEditor(): boolean {
  return vscode.env.uriScheme === 'cursor' || /cursor/i.test(vscode.env.appName);
}

/** User-scope settings through the configuration API; a refused key becomes a clear Finding. */
export const userSettingsWriter: SettingsWriter = {
  where: 'user settings',
  read: async (key) => vscode.workspace.getConfiguration().inspect(key)?.globalValue,
  async write(key, value) {
    try {
      await vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);
    } catch (err) {
      // Typically "not a registered configuration": the extension that owns the key is not installed.
      throw new FindingError(makeFinding('target.settingsKeyInvalid', { key, message: err instanceof Error ? err.message : String(err) }));
    }
  },
};

export function stateDirOf(extension: vscode.ExtensionContext, overrides: TargetOverrides): string {
  return overrides.stateDir ?? extension.globalStorageUri.fsPath;
}

/**
 * The targets of this editor. `relaunch`: the Cursor writer starts Cursor again after writing
 * (the "Restart Cursor Now" path); without it the value is written when Cursor next closes.
 */
export function registeredTargets(
  extension: vscode.ExtensionContext,
  overrides: TargetOverrides,
  settingsKeys: SettingsKey[],
  options: { relaunch?: boolean } = {},
): RegisteredTarget[] {
  const env: TargetEnvironment = {
    stateDir: stateDirOf(extension, overrides),
    isCursor: overrides.isCursor ?? isCursorEditor(),
    vscodeVersion: vscode.version,
    extensionGlobalStoragePath: extension.globalStorageUri.fsPath,
    ...(overrides.home ? { home: overrides.home } : {}),
    ...(overrides.vscodeUserDir ? { vscodeUserDir: overrides.vscodeUserDir } : {}),
    ...(overrides.continueConfigPath ? { continueConfigPath: overrides.continueConfigPath } : {}),
    settingsKeys,
    settingsWriter: userSettingsWriter,
    cursor: {
      whenRunning: 'detached-helper',
      helper: { command: process.execPath, args: [extension.asAbsolutePath('dist/cursor-db-helper.js')] },
      ...(overrides.cursorDbPath ? { dbPath: overrides.cursorDbPath } : {}),
      ...(options.relaunch ? { relaunch: cursorRelaunchCommand(vscode.env.appRoot) } : {}),
    },
  };
  return listTargets(env);
}
