// Which targets exist in this environment, and which are on by default:
//   Cursor native        — when running in Cursor (and its state database exists)
//   VS Code endpoint     — in VS Code ≥ 1.122 (not in Cursor)
//   Continue             — when ~/.continue/config.yaml exists
//   settings keys        — when the user listed keys (and a SettingsWriter is available)
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ContinueTarget, defaultContinueConfigPath } from './continueTarget';
import { cursorStateDbPath } from './cursorPaths';
import { CursorTarget, type CursorTargetOptions } from './cursorTarget';
import { type SettingsKey, SettingsKeysTarget } from './settingsKeysTarget';
import type { SettingsWriter, Target } from './types';
import { MIN_VSCODE_VERSION, VscodeCustomEndpointTarget, versionAtLeast } from './vscodeCustomEndpointTarget';

export interface TargetEnvironment {
  /** Tailspark's state dir (extension: context.globalStorageUri.fsPath). Backups + writer lock live here. */
  stateDir: string;
  /** vscode.env.uriScheme === 'cursor' || /cursor/i.test(vscode.env.appName) */
  isCursor: boolean;
  /** vscode.version (VS Code) — enables the Custom Endpoint target from 1.122. */
  vscodeVersion?: string;
  /** The extension's globalStorage path: its grandparent is <userData>/User. */
  extensionGlobalStoragePath?: string;
  home?: string;
  cursor?: Partial<Omit<CursorTargetOptions, 'stateDir'>>;
  /** <userData>/User of VS Code (default: derived from extensionGlobalStoragePath). */
  vscodeUserDir?: string;
  continueConfigPath?: string;
  settingsKeys?: SettingsKey[];
  settingsWriter?: SettingsWriter;
}

export interface RegisteredTarget {
  target: Target;
  enabledByDefault: boolean;
  /** Why it is (not) enabled by default, for the UI. */
  why: string;
}

export function listTargets(env: TargetEnvironment): RegisteredTarget[] {
  const out: RegisteredTarget[] = [];
  const home = env.home ?? homedir();

  const dbPath = env.cursor?.dbPath ?? cursorStateDbPath({ extensionGlobalStoragePath: env.isCursor ? env.extensionGlobalStoragePath : undefined, home });
  if (env.isCursor || existsSync(dbPath) || env.cursor?.dbPath) {
    out.push({
      target: new CursorTarget({ whenRunning: 'refuse', ...env.cursor, dbPath, stateDir: env.stateDir }),
      enabledByDefault: env.isCursor,
      why: env.isCursor ? 'running in Cursor' : 'Cursor is installed, but this is not Cursor',
    });
  }

  if (!env.isCursor && env.vscodeVersion) {
    const userDir = env.vscodeUserDir ?? (env.extensionGlobalStoragePath ? join(env.extensionGlobalStoragePath, '..', '..') : undefined);
    if (userDir) {
      const target = new VscodeCustomEndpointTarget({ userDir, vscodeVersion: env.vscodeVersion, stateDir: env.stateDir });
      const supported = versionAtLeast(env.vscodeVersion, MIN_VSCODE_VERSION);
      out.push({ target, enabledByDefault: supported, why: supported ? `VS Code ${env.vscodeVersion}` : `VS Code ${env.vscodeVersion} is older than 1.122` });
    }
  }

  const continuePath = env.continueConfigPath ?? defaultContinueConfigPath(home);
  const continuePresent = existsSync(continuePath);
  out.push({
    target: new ContinueTarget({ configPath: continuePath, stateDir: env.stateDir }),
    enabledByDefault: continuePresent,
    why: continuePresent ? 'Continue config found' : 'Continue is not set up',
  });

  if (env.settingsWriter && env.settingsKeys && env.settingsKeys.length > 0) {
    out.push({
      target: new SettingsKeysTarget({ keys: env.settingsKeys, writer: env.settingsWriter, stateDir: env.stateDir }),
      enabledByDefault: true,
      why: 'settings keys listed in Tailspark settings',
    });
  }
  return out;
}
