// The configured inference servers as one list, and the settings each of them runs with.
// `tailspark.servers` when it has entries; otherwise ONE entry from `spark.host` /
// `spark.inferencePort` / `service.unit` / `ssh.target` — the shorthand every existing setup
// already has, so nothing needs migrating. settingsForServer() gives the single-server code
// (Monitor, RemoteOps, Doctor, targets) the settings it already expects, per server.
import type { Settings } from '../settings/schema';
import { parseTargetSpec } from '../ssh/target';

export interface ServerEntry {
  name: string;
  host: string;
  port: number;
  /** '' = detect on the Spark. */
  unit: string;
  /** '' = what OpenSSH picks for `host` (your ssh_config). Already resolved against `ssh.target`. */
  sshTarget: string;
}

/** Name of the shorthand entry when `spark.host` is still empty (not set up yet). */
export const UNCONFIGURED_NAME = 'Spark';

/** The configured servers; never empty (the shorthand entry stands for "not set up" too). */
export function serverList(settings: Settings): ServerEntry[] {
  const servers = settings.servers;
  if (servers.length === 0) {
    return [
      {
        name: settings['spark.host'] || UNCONFIGURED_NAME,
        host: settings['spark.host'],
        port: settings['spark.inferencePort'],
        unit: settings['service.unit'],
        sshTarget: settings['ssh.target'],
      },
    ];
  }
  return servers.map((s) => ({
    name: s.name,
    host: s.host,
    port: s.port,
    unit: s.unit,
    sshTarget: s.sshTarget || inheritedSshTarget(settings['ssh.target'], s.host),
  }));
}

/** Whether the list comes from `tailspark.servers` (false: the spark.host shorthand). */
export function hasServerList(settings: Settings): boolean {
  return settings.servers.length > 0;
}

/**
 * The active entry: '' → the first; otherwise the entry of that name (exact, then ignoring case,
 * as names are unique ignoring case). undefined when no entry has that name — the caller decides
 * (the extension falls back to the first and says so).
 */
export function activeServer(list: readonly ServerEntry[], activeName: string): ServerEntry | undefined {
  const name = activeName.trim();
  if (name === '') return list[0];
  return list.find((e) => e.name === name) ?? list.find((e) => e.name.toLowerCase() === name.toLowerCase());
}

export interface ResolvedServers {
  list: ServerEntry[];
  /** The active entry: the named one, or the first when the name is '' or unknown. */
  active: ServerEntry;
  /** `tailspark.activeServer` names no entry (the first is used; the caller says so). */
  unknownActive?: string;
}

/** The list and the active entry, with the fallback to the first entry for an unknown name. */
export function resolveServers(settings: Settings): ResolvedServers {
  const list = serverList(settings);
  const named = activeServer(list, settings.activeServer);
  // serverList() is never empty, so list[0] exists.
  const first = list[0] as ServerEntry;
  return named ? { list, active: named } : { list, active: first, unknownActive: settings.activeServer.trim() };
}

/** The settings of the active server (what the Monitor, the remote commands and the targets read). */
export function activeSettings(settings: Settings): Settings {
  return settingsForServer(settings, resolveServers(settings).active);
}

/**
 * The settings as the single-server code expects them, for one entry: spark.host, the port, the
 * unit and the SSH target from the entry. A manual `baseUrl` names one endpoint, so it stays only
 * for the shorthand entry; every entry of `tailspark.servers` discovers its own URL.
 */
export function settingsForServer(settings: Settings, entry: ServerEntry): Settings {
  return {
    ...settings,
    'spark.host': entry.host,
    'spark.inferencePort': entry.port,
    'service.unit': entry.unit,
    'ssh.target': entry.sshTarget,
    baseUrl: hasServerList(settings) ? '' : settings.baseUrl,
  };
}

/**
 * An entry without its own sshTarget: the global `ssh.target` when it names this very host (one
 * Spark, two ports); its user on this host when it names another machine (the same account on
 * every Spark is the usual case); otherwise '' (your ssh_config for this host). Never the global
 * target's host for another entry: Start/Stop would act on the wrong machine.
 */
export function inheritedSshTarget(globalTarget: string, host: string): string {
  if (globalTarget.trim() === '' || host.startsWith('tag:')) return '';
  let spec: ReturnType<typeof parseTargetSpec>;
  try {
    spec = parseTargetSpec(globalTarget);
  } catch {
    return '';
  }
  if (sameMachine(spec.host, host)) return globalTarget.trim();
  if (!spec.user) return ''; // an ssh_config alias for some other host: not ours to reuse
  return `${spec.user}@${host.includes(':') ? `[${host}]` : host}`;
}

/** The same name, or a short name and its MagicDNS name (`spark-1` / `spark-1.tail1234.ts.net`). */
function sameMachine(a: string, b: string): boolean {
  const x = a.toLowerCase().replace(/\.$/, '');
  const y = b.toLowerCase().replace(/\.$/, '');
  if (x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return !short.includes('.') && !/^[0-9]+$/.test(short) && long.startsWith(`${short}.`);
}
