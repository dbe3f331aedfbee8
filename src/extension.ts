// Entry point. activate() does only what must happen before it returns, and no I/O: it shows the
// status item (with the last known state from the global state, marked "checking…"), registers
// every contributed command with a thin handler, and returns. Everything else — settings
// validation, the Monitor, targets, secrets, zod schemas, remote operations — lives in
// dist/main.js (src/main.ts), a separate file required in the next macrotask, or at once by the
// first command or test-API use. Keeping it out of this bundle is what makes activation cheap:
// the host evaluates ~20 kB here instead of ~480 kB.
import * as vscode from 'vscode';
import { LAST_KNOWN_KEY, lastKnownState, parseLastKnown } from './core/state/lastKnown';
import { initialState } from './core/state/types';
import type { EarlyParts, TailsparkApi } from './main';
import { StatusBar } from './ui/statusBar';

export type { TailsparkApi } from './main';

/** The internal command extension-host tests use (src/ui/targets, only with TAILSPARK_TEST=1). */
const TEST_COMMANDS = ['tailspark.test.targets'];

export function activate(context: vscode.ExtensionContext): TailsparkApi {
  const commandIds = ((context.extension.packageJSON.contributes?.commands ?? []) as Array<{ command: string }>).map((c) => c.command);
  const statusBar = new StatusBar([...commandIds, 'workbench.action.openSettings']);
  // Disposed by main as well once it runs; a second dispose of a status item is harmless.
  context.subscriptions.push(statusBar);
  // The global state is in memory already (no I/O); the value is validated before use.
  const lastKnown = parseLastKnown(context.globalState.get(LAST_KNOWN_KEY));
  const now = Date.now();
  statusBar.update(lastKnown ? lastKnownState(lastKnown, now) : { ...initialState(now), phase: 'checking' });

  let api: TailsparkApi | undefined;
  let thin: vscode.Disposable[] = [];
  const start = (): TailsparkApi => {
    if (api) return api;
    // The real handlers replace the thin ones in the same synchronous step: no command can
    // arrive in between.
    for (const d of thin.splice(0)) d.dispose();
    const main = require('./main.js') as typeof import('./main');
    const early: EarlyParts = { statusBar, lastKnown };
    api = main.startTailspark(context, early);
    return api;
  };
  const ids = process.env.TAILSPARK_TEST === '1' ? [...commandIds, ...TEST_COMMANDS] : commandIds;
  thin = ids.map((id) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => {
      start();
      return vscode.commands.executeCommand(id, ...args);
    }),
  );
  const timer = setTimeout(start, 0);
  context.subscriptions.push(
    new vscode.Disposable(() => clearTimeout(timer)),
    new vscode.Disposable(() => {
      for (const d of thin.splice(0)) d.dispose();
    }),
  );

  // The test API loads the rest at once when asked (require is synchronous).
  return {
    get monitor() {
      return start().monitor;
    },
    getState: () => start().getState(),
    getStatusView: () => (api ? api.getStatusView() : statusBar.current),
    get remote() {
      return start().remote;
    },
    get test() {
      return start().test;
    },
  };
}

// Everything is in context.subscriptions (Monitor, timers, SSH pool, status bar, log).
export function deactivate(): void {}
