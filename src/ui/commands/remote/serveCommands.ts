// Serve / Funnel / Tailscale SSH on the Spark. After every serve change the new URL goes to the
// Monitor (refresh), which re-verifies it and lets the base-URL logic update the editor targets.
import * as vscode from 'vscode';
import { describeRoute, enableTailscaleSsh, exposeServe, readServe, resetServe, type ServeOptions, startFunnel, stopFunnel, stopServePort, succeeded } from '../../../core/remote';
import { proxiesToPort, type ServeRoute } from '../../../core/tailnet/serveUrl';
import type { HttpsPortChoice } from './prompts';
import type { Tailspark } from '../../tailspark';
import { runOperation } from './runOperation';
import type { RemoteUi } from './ui';
import { COMMANDS } from '../../../core/commands';

/** Editor targets that hold the current URL: they stop working when Serve goes away. */
function targetsUsingUrl(ts: Tailspark): string[] {
  return ts.monitor
    .getState()
    .targets.filter((t) => t.status === 'inSync' || t.status === 'pendingRestart')
    .map((t) => t.label);
}

/** The HTTPS ports with a route that proxies to the inference port, each with all its routes. */
function httpsPortsServing(routes: readonly ServeRoute[], inferencePort: number): HttpsPortChoice[] {
  const https = routes.filter((r) => r.scheme === 'https');
  const ports = [...new Set(https.filter((r) => proxiesToPort(r.target, inferencePort)).map((r) => r.port))].sort((a, b) => a - b);
  return ports.map((port) => ({ port, routes: https.filter((r) => r.port === port).map(describeRoute) }));
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
        void ts.monitor.refresh({ force: true, reason: 'serve changed', rediscover: true });
      },
    };
  };
  const run = <T>(title: string, op: Parameters<typeof runOperation<T>>[2]) => runOperation(ts, title, op, { notifier: ui.notifier });

  return [
    vscode.commands.registerCommand(COMMANDS.serveExpose, () => run(vscode.l10n.t('Serving the inference port in the tailnet'), (ctx) => exposeServe(ctx, options()))),
    vscode.commands.registerCommand(COMMANDS.serveStatus, () => run(vscode.l10n.t('Reading the serve config'), (ctx) => readServe(ctx, options()))),
    vscode.commands.registerCommand(COMMANDS.serveReset, () =>
      run(vscode.l10n.t('Resetting Tailscale Serve'), (ctx) =>
        resetServe(ctx, { ...options(), confirmReset: (info) => ui.prompts.confirmReset({ ...info, targets: targetsUsingUrl(ts), kind: 'reset' }) }),
      ),
    ),
    vscode.commands.registerCommand(COMMANDS.serveStopPort, () =>
      run(vscode.l10n.t('Stopping Serve for the inference port'), async (ctx) => {
        // The inference port may be served on any HTTPS port (443, 8443, …): read which first.
        const opts = options();
        const before = await readServe(ctx, opts);
        if (!before.ok) return before;
        const choices = httpsPortsServing(before.value.routes, ts.settings.settings['spark.inferencePort']);
        if (choices.length === 0) return succeeded(vscode.l10n.t('Nothing to stop: no HTTPS port serves the inference port.'), before.value);
        const httpsPort = choices.length === 1 ? choices[0]!.port : await ui.prompts.chooseHttpsPort(choices);
        if (httpsPort === undefined) return { ok: false, message: vscode.l10n.t('Serve left as it was.'), findings: [], cancelled: true };
        // Same question as reset: name what stops working (every route on that port) before anything changes.
        const go = await ui.prompts.confirmReset({
          routes: before.value.routes.filter((r) => r.scheme === 'https' && r.port === httpsPort).map(describeRoute),
          baseUrl: before.value.route?.scheme === 'https' && before.value.route.port === httpsPort ? before.value.baseUrl : null,
          targets: targetsUsingUrl(ts),
          kind: 'stopPort',
        });
        if (!go) return { ok: false, message: vscode.l10n.t('Serve left as it was.'), findings: [], cancelled: true };
        return stopServePort(ctx, { ...opts, httpsPort });
      }),
    ),
    vscode.commands.registerCommand(COMMANDS.funnelExpose, () =>
      run(vscode.l10n.t('Making the model public (Funnel)'), (ctx) =>
        startFunnel(ctx, { ...options(), statusWithoutKey: (url, signal) => ts.http.statusWithoutKey(url, signal), confirmPublic: (info) => ui.prompts.confirmPublic(info) }),
      ),
    ),
    vscode.commands.registerCommand(COMMANDS.funnelStop, () => run(vscode.l10n.t('Turning Funnel off'), (ctx) => stopFunnel(ctx, options()))),
    vscode.commands.registerCommand(COMMANDS.enableTailscaleSsh, () =>
      run(vscode.l10n.t('Enabling Tailscale SSH on the Spark'), (ctx) => enableTailscaleSsh(ctx, { consentLoseSsh: (f) => ui.prompts.consentLoseSsh(f) })),
    ),
  ];
}
