// Entry point. activate() does only what must happen before it returns, and no I/O: it shows the
// status item (with the last known state from the global state, marked "checking…"), registers
// every contributed command with a thin handler, and returns. Right after, the remembered URL is
// asked once (src/core/state/warmStart.ts) and its answer shown. Everything else — settings
// validation, the Monitor, targets, secrets, the full zod schemas, remote operations — lives in
// dist/main.js (src/main.ts), a separate file required once the host has finished activating us
// and that answer is in, or at once by the first command or test-API use. Keeping it out of this
// bundle is what makes activation cheap: the host evaluates ~40 kB here instead of ~700 kB.
import * as vscode from 'vscode';
import type { InFlightModels } from './core/http/sparkHttp';
import { LAST_KNOWN_KEY, lastKnownState, parseLastKnown } from './core/state/lastKnown';
import type { StatusView } from './core/state/render';
import { initialState, type SparkState } from './core/state/types';
import { answeredState, askRemembered, warmStartPlan } from './core/state/warmStart';
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
  /** The state the warm start's early answer showed before the rest was loaded (undefined: none). */
  answered(): SparkState | undefined;
}

/** The internal command extension-host tests use (src/ui/targets, only in ExtensionMode.Test). */
const THIN_TEST_COMMANDS: readonly string[] = [TEST_COMMANDS.targets];

/** Give up waiting for the host's "active" flag after this many polls (~1 s) and start anyway. */
const START_POLLS = 100;
/** The rest is loaded at the latest this long after activation, answered or not (a Spark that is off). */
const WARM_WAIT_MS = 500;
/** The early request's own limit (its answer may still serve the Monitor's first probe). */
const WARM_TIMEOUT_MS = 5_000;

interface Boot {
  start(): TailsparkApi;
  /** True once the rest (main.js) runs. */
  started(): boolean;
  statusBar: StatusBar;
  /** What the status shows before the rest is loaded: the last known state, or its early answer. */
  early(): SparkState;
  answered(): SparkState | undefined;
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
    // Before the rest is loaded: what the status item shows (the tests' and the bench's view).
    getState: () => (boot.started() ? boot.start().getState() : boot.early()),
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
      answered: () => boot.answered(),
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
  let shown: SparkState = lastKnown ? lastKnownState(lastKnown, now) : { ...initialState(now), phase: 'checking' };
  statusBar.update(shown);

  let api: TailsparkApi | undefined;
  let thin: vscode.Disposable[] = [];
  /** The warm start's request, handed to main's HTTP client so its first probe does not ask again. */
  let inFlight: InFlightModels | undefined;
  let answered: SparkState | undefined;
  const start = (): TailsparkApi => {
    if (api) return api;
    // The real handlers replace the thin ones in the same synchronous step: no command can
    // arrive in between.
    for (const d of thin.splice(0)) d.dispose();
    const main = require('./main.js') as typeof import('./main');
    const early: EarlyParts = { statusBar, lastKnown, ...(inFlight ? { inFlight } : {}), ...(answered ? { answered } : {}), ...(extraCa ? { extraCa } : {}) };
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

  // After activate() returned: ask the remembered URL once, and load the rest when the host has
  // finished activating us (its own bookkeeping spans a few macrotasks; loading main.js inside
  // them would count as activation time) AND that answer is in — or WARM_WAIT_MS passed.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  let waitingForAnswer = false;
  let scheduledAt = 0;
  const startWhenReady = (tries: number) => {
    clearTimeout(timer);
    timer = undefined;
    if (api || disposed) return;
    const active = vscode.extensions.getExtension(context.extension.id)?.isActive === true;
    const waited = Date.now() - scheduledAt >= WARM_WAIT_MS;
    if ((active && (!waitingForAnswer || waited)) || tries >= START_POLLS) start();
    else timer = setTimeout(() => startWhenReady(tries + 1), tries < 10 ? 0 : 10);
  };
  timer = setTimeout(() => {
    scheduledAt = Date.now();
    const plan = lastKnown ? warmStartPlan(lastKnown, (key) => vscode.workspace.getConfiguration('tailspark').inspect(key)) : undefined;
    if (lastKnown && plan) {
      waitingForAnswer = true;
      const response = askRemembered(plan, { timeoutMs: WARM_TIMEOUT_MS, ...(extraCa ? { extraCa } : {}) });
      inFlight = { url: plan.url, resolvedTo: plan.resolvedTo, response };
      response
        .then(
          (res) => {
            const state = api || disposed ? undefined : answeredState(lastKnown, res, Date.now());
            if (!state) return;
            answered = state;
            shown = state;
            statusBar.update(state);
          },
          () => undefined, // the Monitor's first probe reads the same failure and explains it
        )
        .finally(() => {
          waitingForAnswer = false;
          // The status item sends its update from a 0 ms timer: let it go out before main.js
          // (a synchronous load) holds the thread.
          if (!api && !disposed) setTimeout(() => setTimeout(() => startWhenReady(0), 0), 0);
        });
    }
    startWhenReady(0);
  }, 0);
  return {
    start,
    started: () => api !== undefined,
    statusBar,
    early: () => shown,
    answered: () => answered,
    dispose: () => {
      disposed = true;
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
