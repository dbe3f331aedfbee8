// Start / Stop / Restart / Status of the inference service, and the two log followers.
import * as vscode from 'vscode';
import { controlService, detectTailscaleInstall, followTailscaleCommand, followUnitArgv, serviceStatus } from '../../../core/remote';
import type { ReadinessCheck, ReadyPhase } from '../../../core/remote/readiness';
import type { ServiceAction } from '../../../core/remote/systemd';
import { failed, type OpContext, type OpResult } from '../../../core/remote/types';
import { SshError } from '../../../core/ssh';
import { showInformationMessage } from '../../notify';
import type { Tailspark } from '../../tailspark';
import { currentBaseUrl, readinessCheck, runningRequests } from './http';
import { openLogTerminal } from './logTerminal';
import type { RemoteUi } from './ui';
import { runOperation } from './runOperation';
import { COMMANDS } from '../../../core/commands';

/** Literal l10n.t calls, so the string extractor (scripts/l10n-strings.mjs) finds them. */
function titleOf(action: ServiceAction): string {
  if (action === 'start') return vscode.l10n.t('Starting the inference service');
  if (action === 'stop') return vscode.l10n.t('Stopping the inference service');
  return vscode.l10n.t('Restarting the inference service');
}

export function registerServiceCommands(ts: Tailspark, ui: RemoteUi): vscode.Disposable[] {
  /** The setting, else the unit detected on the Spark (its choice is announced once, below). */
  const withUnit =
    <T>(op: (ctx: OpContext, unit: string) => Promise<OpResult<T>>) =>
    async (ctx: OpContext): Promise<OpResult<T>> => {
      const chosen = await ts.spark.serviceUnit(ctx);
      return chosen.ok ? op(ctx, chosen.unit) : failed<T>(chosen.finding.title, [chosen.finding]);
    };
  ts.spark.onUnitDetected(({ unit, reason, target }) => {
    const change = vscode.l10n.t('Choose Another…');
    void showInformationMessage(vscode.l10n.t('Tailspark uses {0} on {1} as the inference service: {2}.', unit, target, reason), change)
      .then((c) => (c === change ? vscode.commands.executeCommand('workbench.action.openSettings', 'tailspark.service.unit') : undefined));
  });
  const control = (action: ServiceAction) => async () => {
    const baseUrl = currentBaseUrl(ts);
    // The status bar follows the same phases as the progress notification (loading → warming up →
    // ready): look again at each change instead of waiting for the Monitor's backed-off tick.
    let lastPhase: ReadyPhase | undefined;
    const onPhase = ({ phase }: { phase: ReadyPhase }) => {
      if (phase === lastPhase) return;
      lastPhase = phase;
      void ts.monitor.refresh({ force: true, reason: `service ${action}: ${phase}` });
    };
    const r = await runOperation(
      ts,
      titleOf(action),
      withUnit((ctx, unit) =>
        controlService(ctx, unit, action, {
          runningRequests: runningRequests(ts, baseUrl),
          confirmBusy: (info) => ui.prompts.confirmBusy(info),
          ...(action === 'stop'
            ? {}
            : {
                readiness: {
                  timeoutSeconds: ts.settings.settings['service.readyTimeoutSeconds'],
                  onPhase,
                  ...(baseUrl ? { check: readyOnceMonitorSaysSo(ts, baseUrl, readinessCheck(ts, baseUrl)) } : {}),
                },
              }),
        }),
      ),
      { notifier: ui.notifier },
    );
    void ts.monitor.refresh({ force: true, reason: `service ${action}` });
    return r;
  };
  return [
    vscode.commands.registerCommand(COMMANDS.serviceStart, control('start')),
    vscode.commands.registerCommand(COMMANDS.serviceStop, control('stop')),
    vscode.commands.registerCommand(COMMANDS.serviceRestart, control('restart')),
    vscode.commands.registerCommand(COMMANDS.serviceStatus, () =>
      runOperation(ts, vscode.l10n.t('Reading the service status'), withUnit(serviceStatus), { notifier: ui.notifier }),
    ),
    vscode.commands.registerCommand(COMMANDS.logsFollow, () => {
      const configured = ts.settings.settings['service.unit'];
      const name = configured ? vscode.l10n.t('Spark: {0} log', configured) : vscode.l10n.t('Spark: inference service log');
      return ui.followers.add(
        openLogTerminal(ts, name, async (ctx) => {
          const chosen = await ts.spark.serviceUnit(ctx);
          if (!chosen.ok) throw new SshError(chosen.finding);
          return { argv: followUnitArgv(chosen.unit), sudo: false };
        }),
      );
    }),
    vscode.commands.registerCommand(COMMANDS.logsFollowTailscale, () =>
      ui.followers.add(
        openLogTerminal(ts, vscode.l10n.t('Spark: Tailscale log'), async (ctx) => followTailscaleCommand(await detectTailscaleInstall(ctx))),
      ),
    ),
  ];
}

/**
 * The progress and the status bar must not disagree: once the Monitor has seen the server ready
 * (after this action began), the progress says ready too instead of a last "warming up (503)".
 */
function readyOnceMonitorSaysSo(ts: Tailspark, baseUrl: string, check: ReadinessCheck): ReadinessCheck {
  const since = Date.now();
  return async (signal) => {
    const state = ts.monitor.getState();
    if ((state.phase === 'ready' || state.phase === 'degraded') && state.serve?.baseUrl === baseUrl && state.checkedAt > since) return { phase: 'ready' };
    return check(signal);
  };
}
