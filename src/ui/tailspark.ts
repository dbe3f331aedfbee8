// The one context object of a running extension: every long-lived part, built once in
// activate() and disposed (in reverse order) on deactivate. Commands receive it instead of
// reaching for globals.
import * as vscode from 'vscode';
import { setLocale } from '../core/l10n';
import { Monitor } from '../core/monitor/monitor';
import { watchNetwork } from '../core/monitor/networkWatcher';
import { createProbes } from '../core/monitor/probes';
import { monitorConfig } from '../core/settings';
import type { ServeInfo, SparkState } from '../core/state/types';
import { isHealthy } from '../core/state/types';
import { CONTEXT, ContextKeys } from './contextKeys';
import { createLog, type TailsparkLog } from './log';
import { SettingsSource } from './settings';
import { SparkConnection } from './sparkConnection';
import { API_KEY_SECRET, vscodePrompter } from './sshPrompter';
import { secretStore } from './sshSecrets';
import { StatusBar } from './statusBar';

export interface Tailspark {
  extension: vscode.ExtensionContext;
  log: TailsparkLog;
  settings: SettingsSource;
  spark: SparkConnection;
  monitor: Monitor;
  statusBar: StatusBar;
  contextKeys: ContextKeys;
  /**
   * Extra CA certificates the HTTPS probes trust. Empty in normal use (Serve certificates come
   * from Let's Encrypt); extension-host tests add the emulated Spark's CA here.
   */
  extraCa: string[];
}

/** The verified Serve URL of the last session, so the first probe needs no SSH. */
const LAST_SERVE = 'tailspark.lastServe';
interface RememberedServe {
  host: string;
  baseUrl: string;
  exposure: ServeInfo['exposure'];
}

export function createTailspark(extension: vscode.ExtensionContext): Tailspark {
  // Finding texts and the doctor report follow the editor's display language (no I/O).
  setLocale(vscode.env.language);
  // Disposed in REVERSE order of creation on deactivate: the Monitor stops before the SSH pool
  // closes, and the log goes last so everything can still log while shutting down.
  const subs: vscode.Disposable[] = [];
  extension.subscriptions.push(
    new vscode.Disposable(() => {
      for (const d of subs.splice(0).reverse()) {
        try {
          d.dispose();
        } catch {
          // one failing dispose must not keep the rest alive
        }
      }
    }),
  );
  const log = createLog();
  subs.push(log);
  const settings = new SettingsSource(log);
  subs.push(settings);
  const spark = new SparkConnection(
    () => settings.settings,
    log,
    vscodePrompter,
    secretStore(extension.secrets, () => settings.settings['ssh.rememberSecrets']),
  );
  subs.push(spark);

  const extraCa: string[] = [];
  const probes = createProbes({
    settings: () => {
      const s = settings.settings;
      return {
        tailscalePath: s['tailscale.path'],
        resolve: s['network.resolve'],
        inferencePort: s['spark.inferencePort'],
        timeoutMs: s['probe.timeoutMs'],
        ...(extraCa.length > 0 ? { extraCa } : {}),
      };
    },
    apiKey: () => Promise.resolve(extension.secrets.get(API_KEY_SECRET)),
    onPeer: (peer) => spark.rememberPeer(peer),
    serviceUnit: (ctx) => spark.serviceUnit(ctx),
    remote: async (peer, signal) => {
      spark.rememberPeer(peer);
      return spark.context(signal);
    },
  });

  const remembered = extension.globalState.get<RememberedServe>(LAST_SERVE);
  const host = settings.settings['spark.host'];
  const monitor = new Monitor({
    probes,
    log,
    getConfig: () => monitorConfig(settings.settings),
    getExtraFindings: () => settings.findings,
    ...(remembered && remembered.host === host
      ? { initialServe: { baseUrl: remembered.baseUrl, exposure: remembered.exposure, source: 'cache' as const } }
      : {}),
  });
  subs.push(monitor);

  const ownCommands = (extension.extension.packageJSON.contributes?.commands ?? []) as Array<{ command: string }>;
  const statusBar = new StatusBar([...ownCommands.map((c) => c.command), 'workbench.action.openSettings']);
  subs.push(statusBar);
  const contextKeys = new ContextKeys(extension.globalState);
  spark.onInstallLearned((install) => contextKeys.set(CONTEXT.snap, install?.snap === true));

  const onState = (state: SparkState) => {
    statusBar.update(state);
    contextKeys.fromState(state, settings.settings);
    rememberServe(extension, state);
  };
  subs.push(new vscode.Disposable(monitor.onDidChangeState(onState).dispose));
  onState(monitor.getState());

  // Refresh at once when something that matters changed: settings, focus, network.
  subs.push(
    settings.onDidChange(({ changed }) => {
      if (changed.some((k) => k.startsWith('ssh.') || k === 'spark.host' || k === 'network.resolve')) spark.reset();
      if (changed.includes('ssh.rememberSecrets') && !settings.settings['ssh.rememberSecrets']) void spark.forgetSecrets();
      if (changed.some((k) => k.startsWith('targets.'))) void contextKeys.markTargetsConfigured();
      contextKeys.fromState(monitor.getState(), settings.settings);
      void monitor.refresh({ force: true, reason: `settings: ${changed.join(', ')}` });
    }),
    vscode.window.onDidChangeWindowState((w) => monitor.setFocused(w.focused)),
  );
  monitor.setFocused(vscode.window.state.focused);
  const network = watchNetwork({
    onChange: (reason) => {
      log.info(`network change (${reason}): checking now`);
      void monitor.networkChanged();
    },
  });
  subs.push(new vscode.Disposable(() => network.dispose()));

  return { extension, log, settings, spark, monitor, statusBar, contextKeys, extraCa };
}

function rememberServe(extension: vscode.ExtensionContext, state: SparkState): void {
  if (!state.host || !state.serve || state.serve.source === 'setting' || !isHealthy(state.phase)) return;
  const prev = extension.globalState.get<RememberedServe>(LAST_SERVE);
  if (prev?.host === state.host && prev.baseUrl === state.serve.baseUrl && prev.exposure === state.serve.exposure) return;
  void extension.globalState.update(LAST_SERVE, { host: state.host, baseUrl: state.serve.baseUrl, exposure: state.serve.exposure });
}
