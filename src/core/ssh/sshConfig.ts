// Resolves what the user wrote (settings value or ~/.ssh/config alias) into everything needed to
// connect: real host, port, user, identity files, jump hosts, timeouts, known_hosts files and
// the host-key policy — the same answers OpenSSH would give for `ssh TARGET`.
import { expandSshPath, defaultIdentityFiles, defaultKnownHostsPaths, localUserName, type PathEnv } from './paths';
import { parseTargetSpec, type TargetSpec } from './target';

/** The one call we use from the ssh-config package (its type files are ESM-only, so typed here). */
interface SSHConfig {
  compute(host: string, options: { ignoreCase: boolean; matchExec: boolean }): Record<string, string | string[]>;
}
// ssh-config's CommonJS build, required directly: its ESM-only types cannot be imported from CommonJS.
const { parse: parseSshConfig } = require('ssh-config') as { parse(text: string): SSHConfig };

export type StrictHostKeyChecking = 'yes' | 'no' | 'accept-new' | 'ask';

export interface ResolvedHop {
  /** What the user wrote for this hop (alias or host), for messages. */
  name: string;
  /** Real host name (ssh_config HostName); known_hosts entries are matched against this. */
  host: string;
  /** Where the TCP connection goes: `resolve[host]` when given, else `host`. */
  connectAddress: string;
  port: number;
  user: string;
  identityFiles: string[];
  /** True when IdentityFile came from config/options (missing files are then worth a warning). */
  identityFilesExplicit: boolean;
  identitiesOnly: boolean;
  connectTimeoutMs: number;
  /** 0 = no keepalive. */
  serverAliveIntervalMs: number;
  serverAliveCountMax: number;
  /** First one is where newly trusted keys are written. */
  knownHostsFiles: string[];
  globalKnownHostsFiles: string[];
  strictHostKeyChecking: StrictHostKeyChecking;
}

export interface ResolvedTarget extends ResolvedHop {
  /** ProxyJump hops, outermost first. */
  jumps: ResolvedHop[];
}

export interface ResolveOptions {
  /** Settings value: `user@host[:port]`, a host, or an ssh_config alias. Empty → defaultHost. */
  target?: string;
  /** Discovery's MagicDNS name, used when `target` is empty. */
  defaultHost?: string;
  /** Used when neither the target nor ssh_config names a user. */
  defaultUser?: string;
  /** Text of ~/.ssh/config (the caller reads the file; undefined = no config). */
  sshConfigText?: string;
  /** hostname → address: connect to the address, but match known_hosts on the name. */
  resolve?: Record<string, string>;
  /** Replace the known_hosts files (CLI --known-hosts). */
  knownHostsFiles?: string[];
  /** Extra identity files tried first (CLI --identity). */
  identityFiles?: string[];
  /** Overrides ssh_config StrictHostKeyChecking (CLI --accept-new). */
  strictHostKeyChecking?: StrictHostKeyChecking;
  pathEnv: PathEnv;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
/** OpenSSH's default is no keepalive; a pooled long-lived session needs one to notice a dead link. */
const DEFAULT_KEEPALIVE_MS = 15_000;

export function resolveTarget(opts: ResolveOptions): ResolvedTarget {
  const raw = opts.target?.trim() || opts.defaultHost;
  if (!raw) throw new Error('no SSH target: set tailspark.ssh.target or let discovery find the Spark');
  const config = opts.sshConfigText ? parseSshConfig(opts.sshConfigText) : undefined;
  const spec = parseTargetSpec(raw);
  const main = resolveHop(spec, raw, config, opts);
  const jumpValue = main.proxyJump;
  const jumps: ResolvedHop[] = [];
  if (jumpValue && jumpValue.toLowerCase() !== 'none') {
    for (const hopRaw of jumpValue.split(',')) {
      const hopSpec = parseTargetSpec(hopRaw);
      // A hop's own ProxyJump is not followed: one level keeps loops impossible and the
      // connection chain easy to explain in error messages.
      const { proxyJump: _ignored, ...hop } = resolveHop(hopSpec, hopRaw.trim(), config, { ...opts, defaultUser: undefined });
      jumps.push(hop);
    }
  }
  const { proxyJump: _p, ...hop } = main;
  return { ...hop, jumps };
}

function resolveHop(
  spec: TargetSpec,
  name: string,
  config: SSHConfig | undefined,
  opts: ResolveOptions,
): ResolvedHop & { proxyJump?: string } {
  // Match exec is off: a config file should not make Tailspark run shell commands.
  const c = config ? (config.compute(spec.host, { ignoreCase: true, matchExec: false })) : {};
  const one = (k: string): string | undefined => {
    const v = c[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const many = (k: string): string[] => {
    const v = c[k];
    if (v === undefined) return [];
    return (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(/\s+/)).filter(Boolean);
  };
  const host = one('hostname') ? one('hostname')!.replace(/%h/g, spec.host) : spec.host;
  const port = spec.port ?? (one('port') ? Number(one('port')) : 22);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`invalid Port for ${name}: ${one('port')}`);
  const user = spec.user ?? one('user') ?? opts.defaultUser ?? localUserName(opts.pathEnv);
  const tokens = { host, remoteUser: user, port, originalHost: spec.host };
  const expand = (p: string) => expandSshPath(p, opts.pathEnv, tokens);

  const configured = many('identityfile');
  const explicit = [...(opts.identityFiles ?? []), ...configured].map(expand);
  const identityFiles = explicit.length > 0 ? dedupe(explicit) : defaultIdentityFiles(opts.pathEnv);

  const userKnown = many('userknownhostsfile');
  const knownHostsFiles =
    opts.knownHostsFiles ??
    (userKnown.length === 0 ? defaultKnownHostsPaths(opts.pathEnv) : userKnown[0] === 'none' ? [] : userKnown.map(expand));
  const globalKnown = many('globalknownhostsfile');
  const globalKnownHostsFiles =
    globalKnown.length === 0
      ? opts.pathEnv.platform === 'win32'
        ? []
        : ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']
      : globalKnown[0] === 'none'
        ? []
        : globalKnown.map(expand);

  const seconds = (k: string, dflt: number): number => {
    const v = one(k);
    const n = v === undefined ? Number.NaN : Number(v);
    return Number.isFinite(n) && n >= 0 ? n * 1000 : dflt;
  };
  const countMax = Number(one('serveralivecountmax') ?? 3);

  return {
    name,
    host,
    connectAddress: opts.resolve?.[host] ?? opts.resolve?.[spec.host] ?? host,
    port,
    user,
    identityFiles,
    identityFilesExplicit: explicit.length > 0,
    identitiesOnly: (one('identitiesonly') ?? 'no').toLowerCase() === 'yes',
    connectTimeoutMs: seconds('connecttimeout', DEFAULT_CONNECT_TIMEOUT_MS) || DEFAULT_CONNECT_TIMEOUT_MS,
    serverAliveIntervalMs: seconds('serveraliveinterval', DEFAULT_KEEPALIVE_MS),
    serverAliveCountMax: Number.isInteger(countMax) && countMax > 0 ? countMax : 3,
    knownHostsFiles,
    globalKnownHostsFiles,
    strictHostKeyChecking: opts.strictHostKeyChecking ?? parseStrict(one('stricthostkeychecking')),
    ...(one('proxyjump') ? { proxyJump: one('proxyjump') } : {}),
  };
}

function parseStrict(v: string | undefined): StrictHostKeyChecking {
  switch ((v ?? 'ask').toLowerCase()) {
    case 'yes':
      return 'yes';
    case 'no':
    case 'off':
      return 'no';
    case 'accept-new':
      return 'accept-new';
    default:
      return 'ask';
  }
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}
