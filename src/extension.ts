// Entry point. activate() does only what must happen before it returns, and no I/O: it shows the
// status item (with the last known state from the global state, marked "checking…"), registers
// every contributed command with a thin handler, and returns. Everything else — settings
// validation, the Monitor, targets, secrets, the full zod schemas, remote operations — lives in
// dist/main.js (src/main.ts), a separate file required in the next macrotask, or at once by the
// first command or test-API use. Keeping it out of this bundle is what makes activation cheap:
// the host evaluates ~30 kB here instead of ~480 kB.
import * as vscode from 'vscode';
import { LAST_KNOWN_KEY, lastKnownState, parseLastKnown } from './core/state/lastKnown';
import type { StatusView } from './core/state/render';
import { initialState } from './core/state/types';
import type { EarlyParts, TailsparkApi } from './main';
import { StatusBar } from './ui/statusBar';
import { TEST_COMMANDS } from './core/commands';
import { isTestRun } from './ui/testMode';

export type { TailsparkApi } from './main';

/** Test-only additions to the API (ExtensionMode.Test, src/ui/testMode.ts). */
export interface BootTestApi {
  /** Disposes the running Tailspark (what deactivation does). */
  stop(): void;
  /**
   * Disposes the running Tailspark and boots it again exactly as activate() does, with `stored`
   * as the global state's last known endpoint (a restart, in the same host); `trust`: CA
   * certificates the new instance's probes trust from the start. Returns the status shown
   * before the rest was loaded.
   */
  restart(stored: unknown, trust?: string[]): StatusView | undefined;
}

/** The internal command extension-host tests use (src/ui/targets, only in ExtensionMode.Test). */
const THIN_TEST_COMMANDS: readonly string[] = [TEST_COMMANDS.targets];

/** Give up waiting for the host's "active" flag after this many polls (~1 s) and start anyway. */
const START_POLLS = 100;

interface Boot {
  start(): TailsparkApi;
  statusBar: StatusBar;
  dispose(): void;
}

export function activate(context: vscode.ExtensionContext): TailsparkApi & { boot?: BootTestApi } {
  let boot = bootTailspark(childContext(context), storedLastKnown(context));
  context.subscriptions.push(new vscode.Disposable(() => boot.dispose()));
  const api: TailsparkApi & { boot?: BootTestApi } = {
    // The test API loads the rest at once when asked (require is synchronous).
    get monitor() {
      return boot.start().monitor;
    },
    getState: () => boot.start().getState(),
    getStatusView: () => boot.statusBar.current,
    get remote() {
      return boot.start().remote;
    },
    get test() {
      return boot.start().test;
    },
  };
  if (isTestRun(context)) {
    api.boot = {
      stop: () => boot.dispose(),
      restart: (stored, trust) => {
        boot.dispose();
        boot = bootTailspark(childContext(context), stored, trust);
        return boot.statusBar.current;
      },
    };
  }
  return api;
}

/** What activate() does: status item, thin handlers, the rest scheduled. Synchronous, no I/O. */
function bootTailspark(context: vscode.ExtensionContext, stored: unknown, extraCa?: string[]): Boot {
  const commandIds = ((context.extension.packageJSON.contributes?.commands ?? []) as Array<{ command: string }>).map((c) => c.command);
  const statusBar = new StatusBar([...commandIds, 'workbench.action.openSettings']);
  // Disposed by main as well once it runs; a second dispose of a status item is harmless.
  context.subscriptions.push(statusBar);
  // The global state is in memory already (no I/O); the value is validated before use.
  const lastKnown = parseLastKnown(stored);
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
    const early: EarlyParts = { statusBar, lastKnown, ...(extraCa ? { extraCa } : {}) };
    api = main.startTailspark(context, early);
    return api;
  };
  const ids = isTestRun(context) ? [...commandIds, ...THIN_TEST_COMMANDS] : commandIds;
  thin = ids.map((id) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => {
      start();
      return vscode.commands.executeCommand(id, ...args);
    }),
  );
  // VS Code asks for this serializer right after the onWebviewPanel activation: it must exist
  // before activate() returns, so the panel (in main.js) is loaded only when one is restored.
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer('tailspark.dashboard', {
      async deserializeWebviewPanel(panel) {
        start();
        (require('./main.js') as typeof import('./main')).reviveDashboard(panel);
      },
    }),
  );
  // Start once the host has finished activating us (its own bookkeeping after activate() returned
  // spans a few macrotasks; loading main.js inside them would count as activation time).
  let timer: ReturnType<typeof setTimeout> | undefined;
  const startWhenActive = (tries: number) => {
    timer = undefined;
    if (api) return;
    if (tries >= START_POLLS || vscode.extensions.getExtension(context.extension.id)?.isActive) start();
    else timer = setTimeout(() => startWhenActive(tries + 1), tries < 10 ? 0 : 10);
  };
  timer = setTimeout(() => startWhenActive(0), 0);
  return {
    start,
    statusBar,
    dispose: () => {
      clearTimeout(timer);
      for (const d of thin.splice(0)) d.dispose();
      for (const d of context.subscriptions.splice(0).reverse()) {
        try {
          d.dispose();
        } catch {
          // one failing dispose must not keep the rest alive
        }
      }
    },
  };
}

/** The real context with its own subscriptions list, so one boot can be disposed as a whole. */
function childContext(context: vscode.ExtensionContext): vscode.ExtensionContext {
  return Object.create(context, { subscriptions: { value: [] as vscode.Disposable[] } }) as vscode.ExtensionContext;
}

/**
 * The remembered endpoint as stored. Test runs (ExtensionMode.Test) may hand in the state of an
 * earlier host via TAILSPARK_TEST_LAST_KNOWN (the bench's warm start: a fresh browser profile
 * keeps no global state); it is validated exactly like the stored value.
 */
function storedLastKnown(context: vscode.ExtensionContext): unknown {
  const seeded = isTestRun(context) ? process.env.TAILSPARK_TEST_LAST_KNOWN : undefined;
  if (!seeded) return context.globalState.get(LAST_KNOWN_KEY);
  try {
    return JSON.parse(seeded);
  } catch {
    return undefined;
  }
}

// Everything is in context.subscriptions (Monitor, timers, SSH pool, status bar, log).
export function deactivate(): void {}
