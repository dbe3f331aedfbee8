// Registers every command that acts on the Spark (service, logs, serve, funnel, Tailscale SSH,
// doctor) and the runner for "remote" fix buttons. Returns test hooks so extension-host tests
// can answer the modal questions and see the final notification (activate() exposes them).
import * as vscode from 'vscode';
import { classifyCliOutput } from '../../../core/classify';
import { commandFailedFinding, displayArgv, runRemote } from '../../../core/remote/run';
import { failed, type OpResult, succeeded } from '../../../core/remote/types';
import { setAfterFix, setRemoteFixRunner } from '../../fixes';
import type { Tailspark } from '../../tailspark';
import { runDoctorCommand } from './doctorCommand';
import { type RemotePrompts, vscodePrompts } from './prompts';
import { type RemoteNotifier, runOperation, vscodeNotifier } from './runOperation';
import { registerServeCommands } from './serveCommands';
import { registerServiceCommands } from './serviceCommands';
import { Followers, type RemoteUi } from './ui';
import { COMMANDS } from '../../../core/commands';
import { type Registration, registration } from '../registration';

export interface RemoteTestHooks {
  /** Replace some or all questions (undefined restores the modal dialogs). */
  setPrompts(prompts: Partial<RemotePrompts> | undefined): void;
  /** Replace the final notification (undefined restores VS Code notifications). */
  setNotifier(notifier: RemoteNotifier | undefined): void;
  /** Open log followers (their terminals and received lines). */
  followers(): Followers;
  /** What a "remote" fix button runs (the same function the button calls). */
  runRemoteFix(argv: readonly string[], sudo: boolean): Promise<OpResult<undefined>>;
}

export type RemoteCommands = Registration<RemoteTestHooks>;

export function registerRemoteCommands(ts: Tailspark): RemoteCommands {
  const defaultNotifier = vscodeNotifier(ts);
  const ui: RemoteUi = { prompts: vscodePrompts, notifier: defaultNotifier, followers: new Followers() };

  // "remote" fix buttons (e.g. "Make sparkuser Operator") run here, with progress and a result.
  const runRemoteFix = async (argv: readonly string[], sudo: boolean): Promise<OpResult<undefined>> => {
    const result = await runOperation(
      ts,
      vscode.l10n.t('Running on the Spark: {0}', displayArgv(argv, sudo)),
      async (ctx) => {
        const r = await runRemote(ctx, argv, { sudo, timeoutMs: 120_000 });
        const findings =
          argv[0] === 'tailscale' || argv[0]?.endsWith('/tailscale')
            ? classifyCliOutput({ stdout: r.stdout, stderr: r.stderr, exitCode: r.code, argv: r.argv }, { side: 'remote', user: ctx.shell.user })
            : [];
        if (r.code === 0 && findings.length === 0) return succeeded(vscode.l10n.t('Done: {0}', displayArgv(argv, sudo)), undefined);
        return failed(vscode.l10n.t('Failed: {0}', displayArgv(argv, sudo)), findings.length ? findings : [commandFailedFinding(r, sudo)]);
      },
      { notifier: ui.notifier },
    );
    void ts.monitor.refresh({ force: true, reason: 'remote fix', rediscover: true });
    return result;
  };
  setRemoteFixRunner(async (argv, sudo) => {
    await runRemoteFix(argv, sudo);
  });
  // Any fix button (notification, tooltip, Diagnose report): look again at once, then closely.
  setAfterFix(() => void ts.monitor.refresh({ force: true, reason: 'fix', rediscover: true }));

  const disposables = [
    ...registerServiceCommands(ts, ui),
    ...registerServeCommands(ts, ui),
    vscode.commands.registerCommand(COMMANDS.doctor, (opts?: { openEditor?: boolean }) => runDoctorCommand(ts, opts)),
    new vscode.Disposable(() => {
      setRemoteFixRunner(undefined);
      setAfterFix(undefined);
    }),
  ];
  const testHooks: RemoteTestHooks = {
    setPrompts: (p) => {
      ui.prompts = p ? { ...vscodePrompts, ...p } : vscodePrompts;
    },
    setNotifier: (n) => {
      ui.notifier = n ?? defaultNotifier;
    },
    followers: () => ui.followers,
    runRemoteFix,
  };
  return registration(disposables, testHooks, () => {
    for (const f of ui.followers.open) f.terminal.dispose();
  });
}
