// Resolves what the user wrote (settings value or ~/.ssh/config alias) into everything needed to
// connect: real host, port, user, identity files, jump hosts, timeouts, known_hosts files and
// the host-key policy — the same answers OpenSSH would give for `ssh TARGET`.
import { isIP } from 'node:net';
import { defaultIdentityFiles, defaultKnownHostsPaths, expandSshPath, localUserName, type PathEnv } from './paths';
import { type ConfigFiles, type ConfigValues, firstValue, readSshConfig, realConfigFiles } from './sshConfigRead';
import { parseTargetSpec, type TargetSpec } from './target';

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
  /** ssh_config HostKeyAlias (lower-cased): the name known_hosts is searched for instead of host/port. */
  hostKeyAlias?: string;
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
  /** Path of that config, for messages (Include paths do not depend on it). */
  sshConfigPath?: string;
  /** How Include reads files (default: the real file system). */
  configFiles?: ConfigFiles;
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
  const spec = parseTargetSpec(raw);
  const main = resolveHop(spec, raw, opts);
  const jumpValue = main.proxyJump;
  const jumps: ResolvedHop[] = [];
  if (jumpValue && jumpValue.toLowerCase() !== 'none') {
    for (const hopRaw of jumpValue.split(',')) {
      const hopSpec = parseTargetSpec(hopRaw);
      // A hop's own ProxyJump is not followed: one level keeps loops impossible and the
      // connection chain easy to explain in error messages.
      const { proxyJump: _ignored, ...hop } = resolveHop(hopSpec, hopRaw.trim(), { ...opts, defaultUser: undefined });
      jumps.push(hop);
    }
  }
  const { proxyJump: _p, ...hop } = main;
  return { ...hop, jumps };
}

/** The ssh_config options that apply to this hop (none without a config). */
function configFor(spec: TargetSpec, opts: ResolveOptions): ConfigValues {
  if (!opts.sshConfigText) return new Map();
  const files = opts.configFiles ?? realConfigFiles(opts.pathEnv.platform, opts.pathEnv.home);
  const query = { host: spec.host, user: spec.user, port: spec.port, localUser: localUserName(opts.pathEnv) };
  return readSshConfig(opts.sshConfigText, opts.sshConfigPath ?? 'ssh_config', query, files);
}

function resolveHop(spec: TargetSpec, name: string, opts: ResolveOptions): ResolvedHop & { proxyJump?: string } {
  const c = configFor(spec, opts);
  const one = (k: string): string | undefined => firstValue(c, k);
  /** Every argument of every line (IdentityFile, CertificateFile accumulate). */
  const all = (k: string): string[] => (c.get(k) ?? []).map((args) => args[0]);
  /** The arguments of the first line (UserKnownHostsFile: first line wins, several files on it). */
  const firstLine = (k: string): string[] => c.get(k)?.[0] ?? [];
  // ssh.c: HostName with %h expanded, then lower-cased unless it is an address.
  let host = one('hostname') !== undefined ? one('hostname')!.replace(/%h/g, spec.host) : spec.host;
  if (!isIP(host)) host = host.toLowerCase();
  const port = spec.port ?? (one('port') ? Number(one('port')) : 22);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`invalid Port for ${name}: ${one('port')}`);
  const user = spec.user ?? one('user') ?? opts.defaultUser ?? localUserName(opts.pathEnv);
  const alias = one('hostkeyalias')?.toLowerCase();
  const tokens = { host, remoteUser: user, port, originalHost: spec.host, ...(alias ? { keyAlias: alias } : {}) };
  const expand = (p: string) => expandSshPath(p, opts.pathEnv, tokens);

  const configured = all('identityfile').filter((f) => f.toLowerCase() !== 'none');
  const explicit = [...(opts.identityFiles ?? []), ...configured].map(expand);
  const identityFiles = explicit.length > 0 ? dedupe(explicit) : defaultIdentityFiles(opts.pathEnv);

  const userKnown = firstLine('userknownhostsfile');
  const knownHostsFiles =
    opts.knownHostsFiles ??
    (userKnown.length === 0 ? defaultKnownHostsPaths(opts.pathEnv) : userKnown[0] === 'none' ? [] : userKnown.map(expand));
  const globalKnown = firstLine('globalknownhostsfile');
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
    identitiesOnly: ['yes', 'true'].includes((one('identitiesonly') ?? 'no').toLowerCase()),
    connectTimeoutMs: seconds('connecttimeout', DEFAULT_CONNECT_TIMEOUT_MS) || DEFAULT_CONNECT_TIMEOUT_MS,
    serverAliveIntervalMs: seconds('serveraliveinterval', DEFAULT_KEEPALIVE_MS),
    serverAliveCountMax: Number.isInteger(countMax) && countMax > 0 ? countMax : 3,
    ...(alias ? { hostKeyAlias: alias } : {}),
    knownHostsFiles,
    globalKnownHostsFiles,
    strictHostKeyChecking: opts.strictHostKeyChecking ?? parseStrict(one('stricthostkeychecking')),
    ...(one('proxyjump') ? { proxyJump: one('proxyjump') } : {}),
  };
}

function parseStrict(v: string | undefined): StrictHostKeyChecking {
  switch ((v ?? 'ask').toLowerCase()) {
    case 'yes':
    case 'true':
      return 'yes';
    case 'no':
    case 'false':
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
