// `tailspark run [options] TARGET -- ARGV...` — run one command on the Spark through the same
// SSH layer the extension uses (ssh_config, known_hosts, agent, keys, Tailscale SSH banners),
// pass its stdout/stderr through as they arrive, and exit with the remote exit code.
// Non-interactive: nothing is ever asked. An unknown host key is refused unless --accept-new;
// a changed key is always refused. SSH-level failures print a finding and exit 255 (like ssh).
import { StringDecoder } from 'node:string_decoder';
import { parseArgs } from 'node:util';
import { type SshPrompter, openRemoteShell, SshError, SshPool } from '../core/ssh';
import { homeFolder, type PathEnv } from '../core/ssh/paths';
import { type CliIo, formatFinding, resolveMap } from './io';

export const USAGE = `usage: tailspark run [options] TARGET -- COMMAND [ARGS...]
  TARGET                  user@host[:port] or a Host alias from the ssh config
  --ssh-config FILE       ssh_config to read (default ~/.ssh/config)
  --known-hosts FILE      known_hosts to read and write (default from ssh_config / ~/.ssh/known_hosts)
  --accept-new            trust and remember an unknown host key (a changed key is still refused)
  --identity FILE         identity file to try first (repeatable)
  --resolve HOST:ADDR     connect to ADDR for HOST, but verify the host key for HOST (repeatable)
  --tailnet-peer          the target is a tailnet peer: try Tailscale SSH first
  --sudo                  run through sudo (non-interactive: only NOPASSWD works)
  --timeout SECONDS       stop the command after this long
`;

/** Exit code for failures of SSH itself (OpenSSH's ssh uses 255 too). */
const EXIT_SSH_FAILED = 255;

/** The CLI never asks: every question is answered "no". */
const nonInteractive: SshPrompter = {
  askPassphrase: async () => undefined,
  askPassword: async () => undefined,
  confirmUnknownHostKey: async () => false,
  showCheckModeUrl: () => {},
};

export async function run(args: string[], io: CliIo): Promise<number> {
  const dashDash = args.indexOf('--');
  const ours = dashDash >= 0 ? args.slice(0, dashDash) : args;
  const remoteArgv = dashDash >= 0 ? args.slice(dashDash + 1) : [];
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(ours);
    if (parsed.positionals.length !== 1) throw new Error('exactly one TARGET is required before --');
    if (remoteArgv.length === 0) throw new Error('the command goes after --');
  } catch (err) {
    io.stderr.write(`tailspark run: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const v = parsed.values;
  let resolve: Record<string, string>;
  try {
    resolve = resolveMap(v.resolve);
  } catch (err) {
    io.stderr.write(`tailspark run: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const timeoutMs = v.timeout === undefined ? undefined : Number(v.timeout) * 1000;
  if (timeoutMs !== undefined && !(timeoutMs > 0)) {
    io.stderr.write(`tailspark run: --timeout wants a positive number of seconds\n${USAGE}`);
    return 2;
  }

  const env = io.env ?? process.env;
  const pathEnv: PathEnv = { platform: process.platform, home: homeFolder(process.platform, env), env };
  const pool = new SshPool({ prompter: nonInteractive, pathEnv, log: env.TAILSPARK_SSH_LOG ? (l) => io.stderr.write(`[ssh] ${l}\n`) : undefined });
  try {
    const shell = openRemoteShell(pool, {
      target: parsed.positionals[0],
      sshConfigFile: v['ssh-config'],
      knownHostsFiles: v['known-hosts'] ? [v['known-hosts']] : undefined,
      identityFiles: v.identity,
      strictHostKeyChecking: v['accept-new'] ? 'accept-new' : undefined,
      resolve,
      tailnetPeer: v['tailnet-peer'] === true,
      pathEnv,
    });
    // Decoders keep a UTF-8 character that straddles two chunks intact.
    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    const r = await shell.exec(remoteArgv, {
      sudo: v.sudo === true,
      timeoutMs,
      onOutput: (chunk, from) => (from === 'stdout' ? io.stdout : io.stderr).write(decoders[from].write(chunk)),
    });
    io.stdout.write(decoders.stdout.end());
    io.stderr.write(decoders.stderr.end());
    // Killed by a signal (no exit status): 255, as ssh does.
    return r.code ?? EXIT_SSH_FAILED;
  } catch (err) {
    if (err instanceof SshError) {
      io.stderr.write(formatFinding(err.finding));
      return EXIT_SSH_FAILED;
    }
    throw err;
  } finally {
    pool.closeAll();
  }
}

export function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      'ssh-config': { type: 'string' },
      'known-hosts': { type: 'string' },
      'accept-new': { type: 'boolean' },
      identity: { type: 'string', multiple: true },
      resolve: { type: 'string', multiple: true },
      'tailnet-peer': { type: 'boolean' },
      sudo: { type: 'boolean' },
      timeout: { type: 'string' },
    },
  });
}
