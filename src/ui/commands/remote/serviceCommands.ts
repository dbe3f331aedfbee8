// Start / Stop / Restart / Status of the inference service, and the two log followers.
import * as vscode from 'vscode';
import { controlService, detectTailscaleInstall, followTailscaleCommand, followUnitArgv, serviceStatus } from '../../../core/remote';
import type { ReadyPhase } from '../../../core/remote/readiness';
import type { ServiceAction } from '../../../core/remote/systemd';
import type { Tailspark } from '../../tailspark';
import { currentBaseUrl, readinessCheck, runningRequests } from './http';
import { openLogTerminal } from './logTerminal';
import type { RemoteUi } from './ui';
import { runOperation } from './runOperation';

/** Literal l10n.t calls, so the string extractor (scripts/l10n-strings.mjs) finds them. */
function titleOf(action: ServiceAction): string {
  if (action === 'start') return vscode.l10n.t('Starting the inference service');
  if (action === 'stop') return vscode.l10n.t('Stopping the inference service');
  return vscode.l10n.t('Restarting the inference service');
}

export function registerServiceCommands(ts: Tailspark, ui: RemoteUi): vscode.Disposable[] {
  const unit = () => ts.settings.settings['service.unit'];
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
      (ctx) =>
        controlService(ctx, unit(), action, {
          runningRequests: runningRequests(ts, baseUrl),
          confirmBusy: (info) => ui.prompts.confirmBusy(info),
          ...(action === 'stop'
            ? {}
            : {
                readiness: {
                  timeoutSeconds: ts.settings.settings['service.readyTimeoutSeconds'],
                  onPhase,
                  ...(baseUrl ? { check: readinessCheck(ts, baseUrl) } : {}),
                },
              }),
        }),
      { notifier: ui.notifier },
    );
    void ts.monitor.refresh({ force: true, reason: `service ${action}` });
    return r;
  };
  return [
    vscode.commands.registerCommand('tailspark.service.start', control('start')),
    vscode.commands.registerCommand('tailspark.service.stop', control('stop')),
    vscode.commands.registerCommand('tailspark.service.restart', control('restart')),
    vscode.commands.registerCommand('tailspark.service.status', () =>
      runOperation(ts, vscode.l10n.t('Reading the service status'), (ctx) => serviceStatus(ctx, unit()), { notifier: ui.notifier }),
    ),
    vscode.commands.registerCommand('tailspark.logs.follow', () => {
      const u = unit();
      return ui.followers.add(openLogTerminal(ts, vscode.l10n.t('Spark: {0} log', u), async () => ({ argv: followUnitArgv(u), sudo: false })));
    }),
    vscode.commands.registerCommand('tailspark.logs.followTailscale', () =>
      ui.followers.add(
        openLogTerminal(ts, vscode.l10n.t('Spark: Tailscale log'), async (ctx) => followTailscaleCommand(await detectTailscaleInstall(ctx))),
      ),
    ),
  ];
}
