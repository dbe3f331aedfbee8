// How Tailscale is installed on the Spark. It matters for three things: snap installs have no
// tailscaled.service (logs come from `snap logs`), Tailscale SSH must not be turned on there,
// and the "root socket" form of a command must add --socket only when the CLI we call does not
// already pass it (the snap's /snap/bin/tailscale does → "flag provided multiple times").
import { runRemote } from './run';
import type { OpContext } from './types';

export const SNAP_SOCKET = '/var/snap/tailscale/common/socket/tailscaled.sock';

export interface TailscaleInstall {
  snap: boolean;
  /** Absolute path of the `tailscale` the login shell finds, when known. */
  cliPath?: string;
  /** True when that CLI adds --socket by itself (the snap's wrapper in /snap/bin): tested, not guessed. */
  cliPassesSocket: boolean;
  /** What proved it, for the doctor report. */
  evidence: string;
}

/** `snap list tailscale` prints a table whose rows start with the snap name. */
export function snapListShowsTailscale(stdout: string): boolean {
  return /^tailscale\s/m.test(stdout);
}

export async function detectTailscaleInstall(ctx: OpContext): Promise<TailscaleInstall> {
  const [list, socket, which] = await Promise.all([
    runRemote(ctx, ['snap', 'list', 'tailscale'], { timeoutMs: 10_000 }),
    runRemote(ctx, ['test', '-S', SNAP_SOCKET], { timeoutMs: 10_000 }),
    runRemote(ctx, ['command', '-v', 'tailscale'], { timeoutMs: 10_000 }),
  ]);
  const listed = list.code === 0 && snapListShowsTailscale(list.stdout);
  const socketThere = socket.code === 0;
  const cliPath = which.code === 0 ? which.stdout.trim().split(/\r?\n/)[0] : undefined;
  // Whether the CLI passes --socket itself is asked of the CLI: a second --socket fails with
  // "flag provided multiple times" (≥ 1.84). `version` needs no daemon, so this is harmless.
  let cliPassesSocket = cliPath?.startsWith('/snap/bin/') ?? false;
  if ((listed || socketThere) && !cliPassesSocket) {
    const probe = await runRemote(ctx, ['tailscale', '--socket', SNAP_SOCKET, 'version'], { timeoutMs: 10_000 });
    cliPassesSocket = /flag provided multiple times/.test(probe.stderr + probe.stdout);
  }
  const evidence = listed
    ? '"snap list tailscale" lists the tailscale snap'
    : socketThere
      ? `the snap socket ${SNAP_SOCKET} exists`
      : `"snap list tailscale": ${(list.stderr || list.stdout).trim().split(/\r?\n/)[0] || `exit ${list.code}`}`;
  return {
    snap: listed || socketThere,
    ...(cliPath ? { cliPath } : {}),
    cliPassesSocket,
    evidence,
  };
}

/**
 * The argv for running `tailscale <args>` as root against the daemon's socket (runbook option 2:
 * `sudo tailscale --socket /var/snap/…/tailscaled.sock serve …`). --socket is a root flag, so it
 * goes before the subcommand, and only when the CLI does not pass it already.
 */
export function rootSocketArgv(install: TailscaleInstall, args: readonly string[]): string[] {
  if (install.snap && !install.cliPassesSocket) return ['tailscale', '--socket', SNAP_SOCKET, ...args];
  return ['tailscale', ...args];
}
