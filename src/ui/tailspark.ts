// The one context object of a running extension: every long-lived part, built once in
// activate() and disposed (in reverse order) on deactivate. Commands receive it instead of
// reaching for globals.
import * as vscode from 'vscode';
import { type InFlightModels, SparkHttp } from '../core/http/sparkHttp';
import { setLocale } from '../core/l10n';
import { Monitor } from '../core/monitor/monitor';
import { watchNetwork } from '../core/monitor/networkWatcher';
import { createProbes } from '../core/monitor/probes';
import { monitorConfig } from '../core/settings';
import { cachedServe, LAST_KNOWN_KEY, type LastKnown, lastKnownFromState, sameEndpoint } from '../core/state/lastKnown';
import type { SparkState } from '../core/state/types';
import { CONTEXT, ContextKeys } from './contextKeys';
import { promptsKnown, storeKnown } from '../core/logRedaction';
import { createLog, type TailsparkLog } from './log';
import { SettingsSource } from './settings';
import { SparkConnection } from './sparkConnection';
import { ApiKeyStore } from './apiKeyStore';
import { vscodePrompter } from './sshPrompter';
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
  /** The window's one HTTP client to the Spark: current settings, the API key, the extra CAs. */
  http: SparkHttp;
  /** The inference server's API key (SecretStorage): read, store, remove — only through here. */
  apiKey: ApiKeyStore;
  /**
   * Extra CA certificates the HTTPS probes trust. Empty in normal use (Serve certificates come
   * from Let's Encrypt); extension-host tests add the emulated Spark's CA here.
   */
  extraCa: string[];
}

/** What activate() made before this ran (src/extension.ts). */
export interface EarlyTailspark {
  statusBar?: StatusBar;
  /** The endpoint verified in an earlier session (validated), so the first probe needs no SSH. */
  lastKnown?: LastKnown | undefined;
  /** The warm start's request to that endpoint, sent before this ran (src/core/state/warmStart.ts). */
  inFlight?: InFlightModels;
  /** What its answer showed already (ready, reconciling), when it came before this ran. */
  answered?: SparkState;
  extraCa?: string[];
}

export function createTailspark(extension: vscode.ExtensionContext, early: EarlyTailspark = {}): Tailspark {
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
  const settings = new SettingsSource(log, extension.globalState);
  subs.push(settings);
  const spark = new SparkConnection(
    () => settings.settings,
    log,
    promptsKnown(vscodePrompter, log.secrets),
    storeKnown(
      secretStore(extension.secrets, () => settings.settings['ssh.rememberSecrets']),
      log.secrets,
    ),
  );
  subs.push(spark);

  const extraCa: string[] = [...(early.extraCa ?? [])];
  const apiKey = new ApiKeyStore(extension.secrets, (key) => log.secrets.know(key));
  subs.push(apiKey);
  const http = new SparkHttp({
    settings: () => ({ resolve: settings.settings['network.resolve'], timeoutMs: settings.settings['probe.timeoutMs'] }),
    apiKey: () => apiKey.get(),
    extraCa: () => extraCa,
  });
  if (early.inFlight) http.adoptInFlight(early.inFlight);
  const probes = createProbes({
    settings: () => {
      const s = settings.settings;
      return { tailscalePath: s['tailscale.path'], inferencePort: s['spark.inferencePort'], timeoutMs: s['probe.timeoutMs'] };
    },
    http,
    shell: spark,
  });

  const remembered = early.lastKnown;
  const host = settings.settings['spark.host'];
  if (remembered) stored.set(extension, remembered);
  if (remembered && remembered.host !== host) log.info(`last known endpoint was for ${remembered.host}, not ${host || '(none)'}: not used`);
  const monitor = new Monitor({
    probes,
    log,
    getConfig: () => monitorConfig(settings.settings),
    getExtraFindings: () => settings.findings,
    ...(remembered && remembered.host === host
      ? (({ serve, server }) => ({ initialServe: serve, initialServer: server, ...(early.answered ? { initialState: early.answered } : {}) }))(cachedServe(remembered))
      : {}),
  });
  subs.push(monitor);

  const ownCommands = (extension.extension.packageJSON.contributes?.commands ?? []) as Array<{ command: string }>;
  const statusBar = early.statusBar ?? new StatusBar([...ownCommands.map((c) => c.command), 'workbench.action.openSettings']);
  subs.push(statusBar);
  const contextKeys = new ContextKeys(extension.globalState);
  spark.onInstallLearned((install) => contextKeys.set(CONTEXT.snap, install?.snap === true));

  const onState = (state: SparkState) => {
    statusBar.update(state);
    contextKeys.fromState(state, settings.settings);
    remember(extension, state);
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

  return { extension, log, settings, spark, monitor, statusBar, contextKeys, http, apiKey, extraCa };
}

/** Keeps the last verified endpoint for the next start (only when it changed: an IPC write). */
function remember(extension: vscode.ExtensionContext, state: SparkState): void {
  const now = lastKnownFromState(state);
  if (!now || sameEndpoint(now, stored.get(extension))) return;
  stored.set(extension, now);
  void extension.globalState.update(LAST_KNOWN_KEY, now);
}
/** What the global state holds now, per extension context (read once by activate()). */
const stored = new WeakMap<vscode.ExtensionContext, LastKnown>();
