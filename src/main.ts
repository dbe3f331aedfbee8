// Everything activate() does not need, loaded right after it returned (src/extension.ts): build
// the one context object, register the real command handlers, start the Monitor and the targets.
// Logic lives in src/core (editor-free) and src/ui (VS Code adapters).
import type * as vscode from 'vscode';
import type { InFlightModels } from './core/http/sparkHttp';
import { LAST_KNOWN_KEY, type LastKnown } from './core/state/lastKnown';
import type { Monitor } from './core/monitor/monitor';
import type { StatusView } from './core/state/render';
import type { SparkState } from './core/state/types';
import type * as ChatProviderModule from './ui/chatProvider';
import { registerCommands } from './ui/commands';
import { type ApiKeyVerdict, storeApiKey } from './ui/commands/basic';
import { type RemoteTestHooks, registerRemoteCommands } from './ui/commands/remote';
import type { StatusBar } from './ui/statusBar';
import { reviveDashboard as reviveDashboardPanel, registerDashboard } from './ui/dashboard';
import { createTailspark, type Tailspark } from './ui/tailspark';
import { registerTargets } from './ui/targets';
import { isTestRun } from './ui/testMode';
import { registerServers } from './ui/servers';
import { serverRows } from './ui/servers/fleetWiring';
import type { ServerListRow } from './core/state/render';
import type { FailoverDecision } from './core/servers/failover';

/** Returned by activate(): lets extension-host tests observe the real Monitor and status bar. */
export interface TailsparkApi {
  monitor: Monitor;
  getState(): SparkState;
  /** What the status bar shows right now (text, tooltip Markdown, background, command). */
  getStatusView(): StatusView | undefined;
  /** Answers the remote commands' questions and captures their notifications in tests. */
  remote: RemoteTestHooks;
  /** Only in ExtensionMode.Test (the extension-host test runners, src/ui/testMode.ts). */
  test?: {
    /** Trust the emulated Spark's CA for the HTTPS probes. */
    trustCertificate(pem: string): void;
    /** The value Tailspark last gave a `when`-clause context key (walkthrough completion). */
    contextKey(key: string): unknown;
    /** The last known endpoint as stored in the global state (what the next start shows). */
    lastKnown(): unknown;
    /** Set API Key without its input box: what the user would type, and what Tailspark concluded. */
    storeApiKey(key: string): Promise<ApiKeyVerdict>;
    /** Press "Use Workspace Value" on every workspace value of a guarded setting waiting for it. */
    allowWorkspaceValues(): Promise<void>;
    /** Every configured server with its state (the tooltip's rows), and the last failover decision. */
    servers(): ServerListRow[];
    failover(): FailoverDecision | undefined;
    /** Look at every server that is not active now (they are polled slowly otherwise). */
    refreshServers(): Promise<void>;
  };
}

/** What activate() already made: the status item (showing the last known state) and that state. */
export interface EarlyParts {
  statusBar: StatusBar;
  lastKnown: LastKnown | undefined;
  /** The warm start's request to that endpoint (src/core/state/warmStart.ts), still on its way or answered. */
  inFlight?: InFlightModels;
  /** What its answer showed (ready, reconciling), when it came before main.js was loaded. */
  answered?: SparkState;
  /** Tests: CA certificates trusted from the first probe on. */
  extraCa?: string[];
}

let running: Tailspark | undefined;

/** A dashboard panel VS Code restores after a window reload (its serializer lives in activate()). */
export function reviveDashboard(panel: vscode.WebviewPanel): void {
  if (running) reviveDashboardPanel(running, panel);
  else panel.dispose();
}

export function startTailspark(context: vscode.ExtensionContext, early: EarlyParts): TailsparkApi {
  const ts = createTailspark(context, early);
  context.subscriptions.push(registerCommands(ts));
  const remote = registerRemoteCommands(ts);
  context.subscriptions.push(remote);
  context.subscriptions.push(registerTargets(ts));
  context.subscriptions.push(registerDashboard(ts));
  running = ts;
  ts.monitor.start();
  // Several inference servers: the others are watched slowly; one server adds nothing.
  const servers = registerServers(ts);
  context.subscriptions.push(servers.disposable);
  ts.log.info(`Tailspark started${early.lastKnown ? ` (last known: ${early.lastKnown.baseUrl}, checking)` : ''}`);
  // VS Code 1.104+ chat models: registered after this returns, so start-up stays short.
  setImmediate(() => context.subscriptions.push((require('./ui/chatProvider') as typeof ChatProviderModule).registerChatProvider(ts)));
  return {
    monitor: ts.monitor,
    getState: () => ts.monitor.getState(),
    getStatusView: () => ts.statusBar.current,
    remote: remote.testHooks,
    ...(isTestRun(context)
      ? {
          test: {
            trustCertificate: (pem: string) => void ts.extraCa.push(pem),
            contextKey: (key: string) => ts.contextKeys.get(key),
            lastKnown: () => context.globalState.get(LAST_KNOWN_KEY),
            storeApiKey: (key: string) => storeApiKey(ts, key),
            allowWorkspaceValues: () => ts.settings.allowPending(),
            servers: () => serverRows(servers.api.fleet),
            failover: () => servers.api.failover.last,
            refreshServers: () => servers.api.fleet.refreshOthers(),
          },
        }
      : {}),
  };
}
