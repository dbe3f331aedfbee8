// The ServerFleet (src/core/servers/fleet.ts) in the editor: the extension's Monitor stays the
// active server's; each other server gets its own probes and its own SSH connection, which never
// asks the user anything (a passphrase box or a host-key dialog for a server you did not pick
// would be a surprise; its tooltip line says what is missing instead).
import * as vscode from 'vscode';
import { createProbes } from '../../core/monitor/probes';
import type { Logger } from '../../core/util/log';
import { type BackgroundProbes, ServerFleet } from '../../core/servers/fleet';
import { type ServerEntry, settingsForServer } from '../../core/servers/serverList';
import type { SshPrompter } from '../../core/ssh';
import type { ServerListRow } from '../../core/state/render';
import { SparkConnection } from '../sparkConnection';
import { secretStore } from '../sshSecrets';
import type { Tailspark } from '../tailspark';

/** Declines every question: the background servers connect only with what works without asking. */
const silentPrompter: SshPrompter = {
  askPassphrase: async () => undefined,
  askPassword: async () => undefined,
  confirmUnknownHostKey: async () => false,
};

export function createFleet(ts: Tailspark): ServerFleet {
  return new ServerFleet({
    settings: () => ts.settings.all,
    active: ts.monitor,
    probesFor: (entry) => backgroundProbes(ts, entry),
    logFor: (entry) => prefixed(ts.log, entry.name),
  });
}

/**
 * An SSH connection to a server that is not active, with that server's settings, which never asks
 * (the fleet's watching, Diagnose of every server). Dispose it after use.
 */
export function quietConnection(ts: Tailspark, entry: ServerEntry): SparkConnection {
  const settings = () => settingsForServer(ts.settings.all, entry);
  return new SparkConnection(
    settings,
    prefixed(ts.log, entry.name),
    silentPrompter,
    secretStore(ts.extension.secrets, () => settings()['ssh.rememberSecrets']),
  );
}

function backgroundProbes(ts: Tailspark, entry: ServerEntry): BackgroundProbes {
  const settings = () => settingsForServer(ts.settings.all, entry);
  const connection = quietConnection(ts, entry);
  const probes = createProbes({
    settings: () => {
      const s = settings();
      return { tailscalePath: s['tailscale.path'], inferencePort: s['spark.inferencePort'], timeoutMs: s['probe.timeoutMs'] };
    },
    // The window's one HTTP client: one API key for every server, the same resolve map and CAs.
    http: ts.http,
    shell: connection,
  });
  return { probes, dispose: () => connection.dispose() };
}

/** The servers that are not active log at debug level at most, with their name in front. */
function prefixed(log: Logger, name: string): Logger {
  const p = (m: string) => `[${name}] ${m}`;
  return {
    trace: (m) => log.trace(p(m)),
    debug: (m) => log.debug(p(m)),
    info: (m) => log.debug(p(m)),
    warn: (m) => log.debug(p(m)),
    error: (m) => log.warn(p(m)),
  };
}

/** The tooltip's rows, from the fleet. */
export function serverRows(fleet: ServerFleet): ServerListRow[] {
  return fleet.states().map(({ entry, state, active }) => ({ name: entry.name, host: entry.host, port: entry.port, active, state }));
}

/** Keeps the fleet in step with the settings, the window focus and the status bar. */
export function wireFleet(ts: Tailspark, fleet: ServerFleet): vscode.Disposable {
  const showRows = () => {
    ts.statusBar.servers = serverRows(fleet);
    ts.statusBar.update(ts.monitor.getState());
  };
  const subs = [
    fleet.onDidChange(showRows),
    ts.settings.onDidChange(({ changed }) => {
      fleet.reconcile();
      // Another server on the SAME Spark: the host did not change, so the Monitor would keep the
      // old URL while it answers. Read the serve config for the new port now.
      if (changed.some((k) => k === 'activeServer' || k === 'servers' || k === 'spark.inferencePort')) {
        void ts.monitor.refresh({ force: true, rediscover: true, reason: 'active server changed' });
      }
    }),
    vscode.window.onDidChangeWindowState((w) => fleet.setFocused(w.focused)),
  ];
  fleet.setFocused(vscode.window.state.focused);
  showRows();
  fleet.start();
  return new vscode.Disposable(() => {
    for (const d of subs) d.dispose();
    fleet.dispose();
  });
}
