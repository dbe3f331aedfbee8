// Writing the verified base URL where the client really uses it (issue 7), VS Code side.
// registerTargets() is the one call from activate(): it starts automatic configuration and
// registers the target commands. In a test run (ExtensionMode.Test) it also registers the internal command
// `tailspark.test.targets`, which returns TargetsTestHooks to extension-host tests (the command
// runs in the same extension host, so the object is passed as is).
import * as vscode from 'vscode';
import type { TargetSync } from '../../core/state/types';
import { type Registration, registration } from '../commands/registration';
import type { Tailspark } from '../tailspark';
import { isTestRun } from '../testMode';
import { registerCursorChatCommands } from '../cursorChatCommands';
import { applyBaseUrl, configureEditor, revertBaseUrl, showTargetsPick } from './commands';
import { type AutoRunReport, TargetsController } from './controller';
import type { TargetOverrides } from './environment';
import { type TargetPrompts, vscodeTargetPrompts } from './prompts';
import { COMMANDS, TEST_COMMANDS } from '../../core/commands';

export const TEST_HOOKS_COMMAND = TEST_COMMANDS.targets;

export interface TargetsTestHooks {
  /** Replace some or all prompts (undefined restores the VS Code dialogs). */
  setPrompts(prompts: Partial<TargetPrompts> | undefined): void;
  /** Point the targets at test paths (state dir, home, Continue config, VS Code user dir, …). */
  setOverrides(overrides: TargetOverrides): void;
  /** Run the automatic flow now (queued behind any running one) and return its report. */
  runNow(reason?: string): Promise<AutoRunReport>;
  /** Reports of the automatic runs so far (newest last). */
  reports(): readonly AutoRunReport[];
  /** Resolves when no automatic run is queued or running. */
  idle(): Promise<void>;
  /** The target sync state last reported to the Monitor. */
  sync(): readonly TargetSync[];
  /** Store or delete the inference API key in SecretStorage (what "Set API Key" does, without the input box). */
  setApiKey(key: string | undefined): Promise<void>;
  /** What activation does after a restart: check the Cursor write the background writer made. */
  checkCursorWrite(): Promise<void>;
  /** The target pick, with the pick itself answered by the test. */
  pickTargets(choose: (items: readonly vscode.QuickPickItem[]) => readonly vscode.QuickPickItem[] | undefined): Promise<void>;
}

export function registerTargets(ts: Tailspark): Registration<TargetsTestHooks | undefined> {
  const controller = new TargetsController(ts);
  controller.openTargetsPick = () => showTargetsPick(controller);
  const disposables: vscode.Disposable[] = [
    controller,
    vscode.commands.registerCommand(COMMANDS.applyBaseUrl, () => applyBaseUrl(controller)),
    vscode.commands.registerCommand(COMMANDS.revertBaseUrl, () => revertBaseUrl(controller)),
    vscode.commands.registerCommand(COMMANDS.configureEditor, () => configureEditor(controller)),
    registerCursorChatCommands(ts, controller),
  ];
  disposables.push(vscode.commands.registerCommand(COMMANDS.configureTargets, () => showTargetsPick(controller)));
  let testHooks: TargetsTestHooks | undefined;
  if (isTestRun(ts.extension)) {
    const hooks: TargetsTestHooks = {
      setPrompts: (p) => {
        controller.prompts = p ? { ...vscodeTargetPrompts, ...p } : vscodeTargetPrompts;
      },
      setOverrides: (o) => {
        controller.overrides = { ...o };
      },
      runNow: (reason = 'test') => controller.enqueue(() => controller.autoRun(reason)),
      reports: () => controller.reports,
      idle: () => controller.idle(),
      sync: () => controller.currentSync(),
      setApiKey: async (key) => {
        if (key === undefined) await ts.apiKey.delete();
        else await ts.apiKey.store(key);
      },
      checkCursorWrite: () => controller.checkPendingCursorWrite(),
      pickTargets: (choose) => showTargetsPick(controller, async (items) => choose(items)),
    };
    testHooks = hooks;
    disposables.push(vscode.commands.registerCommand(TEST_HOOKS_COMMAND, () => hooks));
  }
  controller.start();
  return registration(disposables, testHooks);
}
