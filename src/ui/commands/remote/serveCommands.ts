// Serve / Funnel / Tailscale SSH on the Spark. After every serve change the new URL goes to the
// Monitor (refresh), which re-verifies it and lets the base-URL logic update the editor targets.
import * as vscode from 'vscode';
import { describeRoute, enableTailscaleSsh, exposeServe, readServe, resetServe, type ServeOptions, startFunnel, stopFunnel, stopServePort } from '../../../core/remote';
import type { Tailspark } from '../../tailspark';
import { statusWithoutKey } from './http';
import { runOperation } from './runOperation';
import type { RemoteUi } from './ui';

/** Editor targets that hold the current URL: they stop working when Serve goes away. */
function targetsUsingUrl(ts: Tailspark): string[] {
  return ts.monitor
    .getState()
    .targets.filter((t) => t.status === 'inSync' || t.status === 'pendingRestart')
    .map((t) => t.label);
}

export function registerServeCommands(ts: Tailspark, ui: RemoteUi): vscode.Disposable[] {
  const options = (): ServeOptions => {
    const state = ts.monitor.getState();
    return {
      port: ts.settings.settings['spark.inferencePort'],
      ...(state.tailnet?.peer?.dnsName ? { host: state.tailnet.peer.dnsName } : {}),
      chooseAccessFix: (info) => ui.prompts.chooseAccessFix(info),
      onServeChanged: (url) => {
        ts.log.info(`serve changed: base URL now ${url ?? '(none)'}`);
        void ts.monitor.refresh({ force: true, reason: 'serve changed' });
      },
    };
  };
  const run = <T>(title: string, op: Parameters<typeof runOperation<T>>[2]) => runOperation(ts, title, op, { notifier: ui.notifier });

  return [
    vscode.commands.registerCommand('tailspark.serve.expose', () => run(vscode.l10n.t('Serving the inference port in the tailnet'), (ctx) => exposeServe(ctx, options()))),
    vscode.commands.registerCommand('tailspark.serve.status', () => run(vscode.l10n.t('Reading the serve config'), (ctx) => readServe(ctx, options()))),
    vscode.commands.registerCommand('tailspark.serve.reset', () =>
      run(vscode.l10n.t('Resetting Tailscale Serve'), (ctx) =>
        resetServe(ctx, { ...options(), confirmReset: (info) => ui.prompts.confirmReset({ ...info, targets: targetsUsingUrl(ts), kind: 'reset' }) }),
      ),
    ),
    vscode.commands.registerCommand('tailspark.serve.stopPort', () =>
      run(vscode.l10n.t('Stopping Serve on HTTPS port 443'), async (ctx) => {
        // Same question as reset: name what stops working before anything changes.
        const before = await readServe(ctx, options());
        const on443 = before.ok ? before.value.routes.filter((r) => r.port === 443) : [];
        if (before.ok && on443.length > 0) {
          const go = await ui.prompts.confirmReset({
            routes: on443.map(describeRoute),
            baseUrl: before.value.route?.port === 443 ? before.value.baseUrl : null,
            targets: targetsUsingUrl(ts),
            kind: 'stopPort',
          });
          if (!go) return { ok: false, message: vscode.l10n.t('Serve left as it was.'), findings: [], cancelled: true };
        }
        return stopServePort(ctx, { ...options(), httpsPort: 443 });
      }),
    ),
    vscode.commands.registerCommand('tailspark.funnel.expose', () =>
      run(vscode.l10n.t('Making the model public (Funnel)'), (ctx) =>
        startFunnel(ctx, { ...options(), statusWithoutKey: statusWithoutKey(ts), confirmPublic: (info) => ui.prompts.confirmPublic(info) }),
      ),
    ),
    vscode.commands.registerCommand('tailspark.funnel.stop', () => run(vscode.l10n.t('Turning Funnel off'), (ctx) => stopFunnel(ctx, options()))),
    vscode.commands.registerCommand('tailspark.enableTailscaleSsh', () =>
      run(vscode.l10n.t('Enabling Tailscale SSH on the Spark'), (ctx) => enableTailscaleSsh(ctx, { consentLoseSsh: (f) => ui.prompts.consentLoseSsh(f) })),
    ),
  ];
}
