// Entry point: build one context object, register everything, start the Monitor.
// Logic lives in src/core (editor-free) and src/ui (VS Code adapters).
import type * as vscode from 'vscode';
import type { Monitor } from './core/monitor/monitor';
import type { StatusView } from './core/state/render';
import type { SparkState } from './core/state/types';
import { registerCommands } from './ui/commands';
import { type RemoteTestHooks, registerRemoteCommands } from './ui/commands/remote';
import { createTailspark } from './ui/tailspark';
import { registerTargets } from './ui/targets';

/** Returned by activate(): lets extension-host tests observe the real Monitor and status bar. */
export interface TailsparkApi {
  monitor: Monitor;
  getState(): SparkState;
  /** What the status bar shows right now (text, tooltip Markdown, background, command). */
  getStatusView(): StatusView | undefined;
  /** Answers the remote commands' questions and captures their notifications in tests. */
  remote: RemoteTestHooks;
  /** Only when TAILSPARK_TEST=1 (the test runners set it). */
  test?: {
    /** Trust the emulated Spark's CA for the HTTPS probes. */
    trustCertificate(pem: string): void;
    /** The value Tailspark last gave a `when`-clause context key (walkthrough completion). */
    contextKey(key: string): unknown;
    /** Press "Use Workspace Value" on every workspace value of a guarded setting waiting for it. */
    allowWorkspaceValues(): Promise<void>;
  };
}

export function activate(context: vscode.ExtensionContext): TailsparkApi {
  const ts = createTailspark(context);
  context.subscriptions.push(...registerCommands(ts));
  const remote = registerRemoteCommands(ts);
  context.subscriptions.push(remote);
  context.subscriptions.push(registerTargets(ts));
  ts.monitor.start();
  ts.log.info('Tailspark activated');
  return {
    monitor: ts.monitor,
    getState: () => ts.monitor.getState(),
    getStatusView: () => ts.statusBar.current,
    remote: remote.testHooks,
    ...(process.env.TAILSPARK_TEST === '1'
      ? {
          test: {
            trustCertificate: (pem: string) => void ts.extraCa.push(pem),
            contextKey: (key: string) => ts.contextKeys.get(key),
            allowWorkspaceValues: () => ts.settings.allowPending(),
          },
        }
      : {}),
  };
}

// Everything is in context.subscriptions (Monitor, timers, SSH pool, status bar, log).
export function deactivate(): void {}
