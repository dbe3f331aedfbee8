// `tailspark detect` — find the Spark on the tailnet and its OpenAI base URL.
// Offline: --status-json/--serve-json work on captured JSON. Live (the default): the local
// `tailscale status --json` finds the Spark, then `tailscale serve status --json` is read ON the
// Spark over SSH (same SSH layer as `tailspark run`). When SSH is off or fails, the URL is the
// MagicDNS guess, flagged `guess: true`, and the SSH finding says why.
// `detectEndpoint` is shared with `tailspark apply` (no --url → detect it).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Finding } from '../core/findings';
import { type DiscoveryOutcome, runDiscovery } from '../core/discovery/pipeline';
import { readingFromOutput, readServeOverSsh } from '../core/discovery/serve';
import { PooledSparkShell, peerShellSettings } from '../core/discovery/sparkShell';
import { SshError, SshPool, type SshPrompter } from '../core/ssh';
import { homeFolder, type PathEnv } from '../core/ssh/paths';
import { discoverFromStatusText, discoverSpark } from '../core/tailnet/discover';
import { tr } from '../core/l10n';
import { peerAddress } from '../core/tailnet/peers';
import { DEFAULT_INFERENCE_PORT } from '../core/tailnet/serveUrl';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, failureLine, findingJson, firstError, formatFinding, resolveMap } from './io';

export const DETECTION_FLAGS_HELP = `  --host H            the Spark: host name, MagicDNS name, Tailscale IP or tag:xyz (default: tag:spark / spark*)
  --port P            the inference server's port on the Spark (default ${DEFAULT_INFERENCE_PORT})
  --tailscale PATH    the local Tailscale CLI to run
  --ssh-target T      user@host[:port] or an ssh_config alias (default: the Spark's MagicDNS name, current user)
  --ssh-config FILE   ssh_config to read (default ~/.ssh/config)
  --known-hosts FILE  known_hosts to read (default from ssh_config / ~/.ssh/known_hosts)
  --identity FILE     identity file to try first (repeatable)
  --accept-new        trust and remember an unknown host key (a changed key is still refused)
  --resolve HOST:ADDR connect to ADDR for HOST, verify keys/certificates for HOST (repeatable)
  --no-ssh            do not read the serve config over SSH (the URL is then guessed)
`;

export const USAGE = `usage: tailspark detect [--status-json FILE] [--serve-json FILE] [options] [--json]
  --status-json FILE  captured \`tailscale status --json\` (otherwise the local tailscale is asked)
  --serve-json FILE   captured \`tailscale serve status [--json]\` from the Spark (otherwise read over SSH)
${DETECTION_FLAGS_HELP}  --json              one JSON object on stdout
With --status-json (captured, offline) SSH is used only when --ssh-target is given.
Exit 0 when a base URL was found and nothing failed, 1 otherwise (reason on stderr), 2 usage.
`;

/** The flags that steer detection (detect takes them all; apply takes them when --url is missing). */
export const DETECTION_OPTIONS = {
  'status-json': { type: 'string' },
  'serve-json': { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  tailscale: { type: 'string' },
  'ssh-target': { type: 'string' },
  'ssh-config': { type: 'string' },
  'known-hosts': { type: 'string' },
  identity: { type: 'string', multiple: true },
  'accept-new': { type: 'boolean' },
  resolve: { type: 'string', multiple: true },
  'no-ssh': { type: 'boolean' },
} as const;

export interface DetectionFlags {
  statusJson?: string;
  serveJson?: string;
  host?: string;
  port: number;
  tailscale?: string;
  sshTarget?: string;
  sshConfig?: string;
  knownHosts?: string;
  identity?: string[];
  acceptNew: boolean;
  resolve: Record<string, string>;
  noSsh: boolean;
}

type DetectionValues = { [K in keyof typeof DETECTION_OPTIONS]?: (typeof DETECTION_OPTIONS)[K] extends { multiple: true } ? string[] : (typeof DETECTION_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

/** Parsed flag values → DetectionFlags; throws an Error with the usage message on a bad value. */
export function detectionFlags(v: DetectionValues): DetectionFlags {
  const port = v.port === undefined ? DEFAULT_INFERENCE_PORT : Number(v.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a TCP port (1-65535), got "${v.port}"`);
  return {
    statusJson: v['status-json'],
    serveJson: v['serve-json'],
    host: v.host,
    port,
    tailscale: v.tailscale,
    sshTarget: v['ssh-target'],
    sshConfig: v['ssh-config'],
    knownHosts: v['known-hosts'],
    identity: v.identity,
    acceptNew: v['accept-new'] === true,
    resolve: resolveMap(v.resolve),
    noSsh: v['no-ssh'] === true,
  };
}

/**
 * Takes the detection flags out of an argument list (for `apply`, whose own parser rejects them).
 * Returns the detection flags and the rest, in order. `--flag=value` and `--flag value` both work.
 */
export function splitDetectionArgs(args: string[], extra: Record<string, { type: 'string' | 'boolean' }> = {}): { detection: string[]; rest: string[] } {
  const known: Record<string, { type: string }> = { ...DETECTION_OPTIONS, ...extra };
  const detection: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const name = a.startsWith('--') ? a.slice(2).split('=', 1)[0]! : '';
    const spec = Object.hasOwn(known, name) ? known[name] : undefined;
    if (!spec) {
      rest.push(a);
      continue;
    }
    detection.push(a);
    if (spec.type === 'string' && !a.includes('=') && i + 1 < args.length) detection.push(args[++i]!);
  }
  return { detection, rest };
}

/** The CLI never asks: every question is answered "no" (unknown host keys need --accept-new). */
const nonInteractive: SshPrompter = {
  askPassphrase: async () => undefined,
  askPassword: async () => undefined,
  confirmUnknownHostKey: async () => false,
  showCheckModeUrl: () => {},
};

export interface Detection {
  /** What the discovery pipeline found (src/core/discovery/pipeline.ts). */
  outcome: DiscoveryOutcome;
  /** The SSH target whose serve config was read (or tried); undefined when SSH was not used. */
  sshTarget?: string;
  /** Every finding in reading order: discovery, SSH, serve config, derived URL. */
  findings: Finding[];
}

export class InputError extends Error {}

/** The discovery pipeline with the CLI's transports (captured files or the local CLI, SSH). Never asks; closes its SSH connection. */
export async function detectEndpoint(flags: DetectionFlags, io: CliIo): Promise<Detection> {
  const statusText = flags.statusJson ? await readInput(flags.statusJson) : undefined;
  const servedText = flags.serveJson ? await readInput(flags.serveJson) : undefined;
  let pool: SshPool | undefined;
  let sshTarget: string | undefined;
  try {
    const outcome = await runDiscovery({
      selector: flags.host,
      tailnet: async () => (statusText !== undefined ? discoverFromStatusText(statusText, flags.host) : discoverSpark({ cliPath: flags.tailscale, selector: flags.host })),
      readServe: async (discovery) => {
        const spark = discovery.spark;
        const where = { port: flags.port, ...(spark?.dnsName ? { host: spark.dnsName } : {}), addresses: spark?.tailscaleIps ?? [] };
        if (servedText !== undefined) return readingFromOutput({ stdout: servedText, stderr: '', code: 0 }, where);
        // SSH needs somewhere to go: an explicit target, or a discovered peer that is online (an
        // offline peer already has its finding; connecting would only add a timeout). Captured
        // status = offline mode, so SSH only when asked for explicitly.
        const defaultHost = spark?.dnsName || undefined;
        const useSsh = !flags.noSsh && (flags.sshTarget !== undefined || (!flags.statusJson && defaultHost !== undefined && spark?.online !== false));
        if (!useSsh) return undefined;
        sshTarget = flags.sshTarget ?? defaultHost;
        pool = cliPool(io);
        const shell = cliSparkShell(pool, flags, io);
        shell.rememberPeer(spark);
        try {
          const ctx = shell.context();
          sshTarget = ctx.shell.target;
          return await readServeOverSsh(ctx, where);
        } catch (err) {
          if (!(err instanceof SshError)) throw err;
          return { kind: 'failed', finding: err.finding }; // e.g. ssh.targetInvalid: the derived URL still stands
        }
      },
    });
    return { outcome, ...(sshTarget ? { sshTarget } : {}), findings: outcome.findings };
  } finally {
    (pool as SshPool | undefined)?.closeAll();
  }
}

/** The CLI's SSH pool: never asks; TAILSPARK_SSH_LOG=1 traces to stderr. */
export function cliPool(io: CliIo): SshPool {
  const env = io.env ?? process.env;
  return new SshPool({ prompter: nonInteractive, pathEnv: cliPathEnv(io), log: env.TAILSPARK_SSH_LOG ? (l) => io.stderr.write(`[ssh] ${l}\n`) : undefined });
}

function cliPathEnv(io: CliIo): PathEnv {
  const env = io.env ?? process.env;
  return { platform: process.platform, home: homeFolder(process.platform, env), env };
}

/** The SparkShell the CLI runs the pipeline with: the detection flags, then what the tailnet says about the peer. */
export function cliSparkShell(pool: SshPool, flags: DetectionFlags, io: CliIo): PooledSparkShell {
  const env = io.env ?? process.env;
  const quiet = () => {};
  const trace = env.TAILSPARK_SSH_LOG ? (m: string) => io.stderr.write(`[ssh] ${m}\n`) : quiet;
  const pathEnv = cliPathEnv(io);
  return new PooledSparkShell(
    pool,
    (peer) => ({
      ...(flags.sshTarget ? { target: flags.sshTarget } : {}),
      ...(flags.sshConfig ? { sshConfigFile: flags.sshConfig } : {}),
      ...(flags.knownHosts ? { knownHostsFiles: [flags.knownHosts] } : {}),
      ...(flags.identity ? { identityFiles: flags.identity } : {}),
      ...(flags.acceptNew ? { strictHostKeyChecking: 'accept-new' as const } : {}),
      resolve: flags.resolve,
      // Tailscale SSH (auth "none") is tried first only for a peer we actually found.
      ...peerShellSettings(peer),
      pathEnv,
    }),
    { info: trace, warn: trace, error: trace },
  );
}

async function readInput(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export async function run(args: string[], io: CliIo): Promise<number> {
  let flags: DetectionFlags;
  let json = false;
  try {
    const { values } = parseArgs({
      args,
      options: { ...DETECTION_OPTIONS, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout.write(USAGE);
      return EXIT_OK;
    }
    json = values.json === true;
    flags = detectionFlags(values);
  } catch (e) {
    io.stderr.write(failureLine('detect', (e as Error).message) + USAGE);
    return EXIT_USAGE;
  }

  let detection: Detection;
  try {
    detection = await detectEndpoint(flags, io);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    io.stderr.write(failureLine('detect', e.message));
    return EXIT_USAGE;
  }
  const { outcome, findings } = detection;
  const { discovery, serve } = outcome;
  const spark = discovery.spark ?? null;
  const guess = serve?.source === 'derived';
  const result = {
    host: outcome.magicDnsName ?? (spark ? peerAddress(spark) : null),
    online: spark ? spark.online : null,
    baseUrl: serve?.baseUrl ?? null,
    exposure: serve && !guess ? serve.exposure : null,
    guess,
    tailnet: discovery.tailnet
      ? { name: discovery.tailnet.tailnetName, backendState: discovery.tailnet.backendState, magicDnsSuffix: discovery.tailnet.magicDnsSuffix }
      : null,
    peer: spark,
    sshTarget: detection.sshTarget ?? null,
    findings: findings.map(findingJson),
  };

  if (json) {
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const t = discovery.tailnet;
    if (t) io.stdout.write(`Tailnet:  ${t.tailnetName ?? tr('(not logged in)')} (${t.backendState})\n`);
    if (spark) {
      const path =
        spark.connection === 'direct'
          ? tr('direct via {0}', spark.directAddress ?? '?')
          : spark.connection === 'relayed'
            ? tr('relayed via DERP {0}', spark.relayRegion ?? '?')
            : spark.connection === 'peerRelay'
              ? tr('via peer relay')
              : tr('idle');
      io.stdout.write(
        `Spark:    ${peerAddress(spark)} (${spark.tailscaleIps.join(', ') || tr('no IP')}) ${spark.online ? tr('online, {0}', path) : `${tr('offline')}${spark.lastSeen ? tr(', last seen {0}', spark.lastSeen) : ''}`}\n`,
      );
    }
    if (detection.sshTarget) io.stdout.write(`SSH:      ${detection.sshTarget}\n`);
    if (result.baseUrl) io.stdout.write(`Base URL: ${result.baseUrl}${result.guess ? tr(' (guessed: serve config not read)') : ` (${result.exposure === 'funnel' ? tr('PUBLIC via Funnel') : tr('tailnet only')})`}\n`);
    for (const f of findings) io.stdout.write(formatFinding(f));
  }

  const error = firstError(findings);
  if (error) {
    io.stderr.write(failureLine('detect', `${error.title}${error.where ? ` (${error.where})` : ''}`));
    return EXIT_FAILED;
  }
  if (!result.baseUrl) {
    const why = findings[0];
    io.stderr.write(failureLine('detect', `${tr('no base URL found')}${why ? `: ${why.title}` : ''}`));
    return EXIT_FAILED;
  }
  return EXIT_OK;
}
