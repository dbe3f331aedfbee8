// Opens one authenticated SSH connection to a resolved target, through its ProxyJump hops
// (each hop: own login and host-key check; the next hop's TCP stream is `forwardOut` on the
// previous one and handed to ssh2 as `sock`). ssh2 itself is loaded here, on first use only.
import type { Duplex } from 'node:stream';
import type { Client, ClientErrorExtensions } from 'ssh2';
import { makeFinding } from '../findings';
import { AuthSequence } from './auth';
import { mapConnectError, SshError, sshError } from './errors';
import { checkHostKey, preferredHostKeyAlgorithms } from './hostKeys';
import type { PathEnv } from './paths';
import type { ResolvedHop, ResolvedTarget } from './sshConfig';
import { classifyBanner } from './tailscaleBanner';
import type { SecretStore, SshPrompter } from './types';

type Ssh2 = typeof import('ssh2');
let ssh2Module: Ssh2 | undefined;

/**
 * ssh2 (and its crypto setup) costs ~100 ms to load: only the first connection pays it.
 * `require` inside the function (not a top-level import, not import()): the bundle maps it to
 * dist/ssh2.js, which is then parsed on first SSH use only.
 */
export async function loadSsh2(): Promise<Ssh2> {
  if (!ssh2Module) {
    ssh2Module = require('ssh2') as Ssh2;
  }
  return ssh2Module;
}

/** True once ssh2 has been loaded (tests check that importing this layer does not load it). */
export function isSsh2Loaded(): boolean {
  return ssh2Module !== undefined;
}

export interface ConnectDeps {
  prompter: SshPrompter;
  secrets?: SecretStore;
  rememberSecrets?: boolean;
  /** The target is a tailnet peer: try Tailscale SSH (`none`) first. */
  tailnetPeer?: boolean;
  /** The peer's host keys from `tailscale status --json` (sshHostKeys), trusted without asking. */
  tailnetHostKeys?: readonly string[];
  pathEnv: PathEnv;
  agent?: string | false;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface SshConnection {
  readonly client: Client;
  readonly target: ResolvedTarget;
  /** Time from starting the first TCP connect until the final hop was logged in. */
  readonly handshakeMs: number;
  isOpen(): boolean;
  /** Called once when the connection (or any hop below it) goes away. */
  onClose(cb: (err?: Error) => void): void;
  close(): void;
}

export async function openConnection(target: ResolvedTarget, deps: ConnectDeps): Promise<SshConnection> {
  const ssh2 = await loadSsh2();
  const started = Date.now();
  const clients: Client[] = [];
  const closeAll = () => {
    for (const c of [...clients].reverse()) hardClose(c, 1000);
  };
  try {
    let sock: Duplex | undefined;
    const chain: ResolvedHop[] = [...target.jumps, target];
    for (let i = 0; i < chain.length; i++) {
      const hop = chain[i];
      if (i > 0) sock = await forwardTo(clients[i - 1], hop, chain[i - 1]);
      // Only the Spark itself may be a Tailscale SSH server we log into with `none`;
      // its tailnet host keys only vouch for the Spark, not for jump hosts.
      const isFinal = i === chain.length - 1;
      clients.push(
        await connectHop(ssh2, hop, sock, {
          ...deps,
          tailnetPeer: isFinal && deps.tailnetPeer === true,
          tailnetHostKeys: isFinal ? deps.tailnetHostKeys : undefined,
        }),
      );
    }
  } catch (err) {
    closeAll();
    throw err;
  }
  const client = clients[clients.length - 1];
  let open = true;
  const closeListeners: ((err?: Error) => void)[] = [];
  let lastError: Error | undefined;
  const markClosed = () => {
    if (!open) return;
    open = false;
    closeAll();
    for (const cb of closeListeners.splice(0)) cb(lastError);
  };
  for (const c of clients) {
    c.on('error', (err: Error) => {
      lastError = err;
      deps.log?.(`SSH connection error: ${err.message}`);
    });
    c.on('close', markClosed);
    c.on('end', markClosed);
  }
  return {
    client,
    target,
    handshakeMs: Date.now() - started,
    isOpen: () => open,
    onClose: (cb) => {
      if (open) closeListeners.push(cb);
      else cb(lastError);
    },
    close: markClosed,
  };
}

function forwardTo(via: Client, hop: ResolvedHop, jump: ResolvedHop): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    via.forwardOut('127.0.0.1', 0, hop.connectAddress, hop.port, (err, stream) => {
      if (err) {
        reject(
          sshError('ssh.jumpHostFailed', { jump: jump.name, host: hop.host, port: hop.port, where: `${jump.host} → ${hop.host}:${hop.port}`, message: err.message }, err.message, err),
        );
      } else resolve(stream);
    });
  });
}

type HopDeps = ConnectDeps & { tailnetPeer: boolean };

/** One SSH login: TCP (or the given stream), host key check, authentication, banners. */
function connectHop(ssh2: Ssh2, hop: ResolvedHop, sock: Duplex | undefined, deps: HopDeps): Promise<Client> {
  return new Promise<Client>((resolve, reject) => {
    const client = new ssh2.Client();
    const place = { host: hop.host, port: hop.port, user: hop.user, connectTimeoutMs: hop.connectTimeoutMs };
    let settled = false;
    /** The reason we refused the host key (ssh2 then reports only "Host denied"). */
    let hostKeyError: SshError | undefined;
    const fail = (err: SshError) => {
      if (settled) return;
      settled = true;
      timer.stop();
      deps.signal?.removeEventListener('abort', onAbort);
      client.removeAllListeners('ready');
      client.on('error', () => {}); // late errors from the torn-down socket are expected
      hardClose(client, 0);
      reject(err);
    };
    const timer = pausableTimer(hop.connectTimeoutMs, () =>
      fail(sshError('ssh.connectTimeout', { ...place, where: `${hop.host}:${hop.port}`, seconds: Math.round(hop.connectTimeoutMs / 1000) })),
    );
    const whilePrompting = async <T>(p: Promise<T>): Promise<T> => {
      timer.pause();
      try {
        return await p;
      } finally {
        timer.resume();
      }
    };
    const onAbort = () => fail(sshError('ssh.cancelled', { command: 'the SSH connection', host: hop.host, where: `${hop.host}:${hop.port}` }));
    if (deps.signal?.aborted) return onAbort();
    deps.signal?.addEventListener('abort', onAbort, { once: true });

    /** Tailscale SSH banners: check mode and policy denials end the attempt at once. */
    const onServerText = (text: string): boolean => {
      const b = classifyBanner(text);
      const where = `${hop.user}@${hop.host}:${hop.port}`;
      if (b.kind === 'checkMode') {
        try {
          deps.prompter.showCheckModeUrl?.(b.url);
        } catch {
          // a failing UI must not turn fail-fast into a hang
        }
        fail(new SshError(makeFinding('tailscale.sshCheckMode', { url: b.url, where }, b.text.trim())));
        return true;
      }
      if (b.kind === 'unknownUser') {
        // Name the user we asked for: the banner's copy is the Spark's text.
        fail(new SshError(makeFinding('tailscale.sshUnknownUser', { user: hop.user, where }, b.text.trim())));
        return true;
      }
      if (b.kind === 'checkTimedOut') {
        fail(new SshError(makeFinding('tailscale.sshCheckTimedOut', { where }, b.text.trim())));
        return true;
      }
      if (b.kind === 'policyDenied') {
        fail(new SshError(makeFinding('tailscale.sshPolicyDenied', { reason: b.reason, where }, b.text.trim())));
        return true;
      }
      deps.log?.(`SSH banner from ${hop.host}: ${text.trim()}`);
      return false;
    };

    const authFailed = (err?: Error) =>
      sshError(
        'ssh.authFailed',
        {
          ...place,
          where: `${hop.user}@${hop.host}:${hop.port}`,
          tried: auth.tried.join(', ') || 'none',
          allowed: auth.serverMethods.join(', '),
        },
        err?.message,
        err,
      );
    const auth: AuthSequence = new AuthSequence({
      hop,
      tailnetPeer: deps.tailnetPeer,
      prompter: deps.prompter,
      secrets: deps.secrets,
      rememberSecrets: deps.rememberSecrets,
      pathEnv: deps.pathEnv,
      agent: deps.agent,
      log: deps.log,
      onCancel: () => fail(authFailed()),
      whilePrompting,
      onServerText,
      ssh2,
    });

    client.on('banner', (text: string) => onServerText(text));
    client.on('ready', () => {
      if (settled) return;
      // Small request/answer packets: without TCP_NODELAY, Nagle + delayed ACKs add ~15 ms per command.
      client.setNoDelay(true);
      settled = true;
      timer.stop();
      deps.signal?.removeEventListener('abort', onAbort);
      void auth.onSuccess().catch(() => {});
      resolve(client);
    });
    client.on('error', (err: Error & ClientErrorExtensions) => {
      if (err.level === 'agent') {
        deps.log?.(`ssh-agent not usable: ${err.message}`);
        return; // ssh2 goes on with the next method
      }
      if (hostKeyError) return fail(hostKeyError);
      if (err.level === 'client-authentication' || /Too many authentication failures/i.test(err.message)) {
        return fail(authFailed(err));
      }
      fail(mapConnectError(err, place));
    });
    client.on('close', () => {
      if (hostKeyError) return fail(hostKeyError);
      fail(sshError('ssh.connectionLost', { ...place, where: `${hop.host}:${hop.port}`, command: 'the SSH handshake', message: 'closed by the server' }));
    });

    const preferred = preferredHostKeyAlgorithms(hop, deps.tailnetHostKeys);
    client.connect({
      // OpenSSH's host key algorithm order for what known_hosts knows about this host.
      algorithms: { serverHostKey: preferred as never },
      host: hop.connectAddress,
      port: hop.port,
      username: hop.user,
      ...(sock ? { sock } : {}),
      readyTimeout: 0, // our own timer: it pauses while the user answers a prompt
      keepaliveInterval: hop.serverAliveIntervalMs,
      keepaliveCountMax: hop.serverAliveCountMax,
      authHandler: auth.handler,
      // ssh2's protocol trace (packet types, never payloads such as passwords) for bug reports.
      ...(process.env.TAILSPARK_SSH_DEBUG && deps.log ? { debug: (m: string) => deps.log?.(`[ssh2] ${m}`) } : {}),
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        timer.pause();
        checkHostKey(key, { hop, tailnetHostKeys: deps.tailnetHostKeys, prompter: deps.prompter, log: deps.log })
          .then((d) => {
            timer.resume();
            if (!d.ok) hostKeyError = d.error;
            else deps.log?.(`Host key of ${hop.host} verified (${d.source})`);
            verify(d.ok);
          })
          .catch((err: unknown) => {
            hostKeyError = sshError('internal.unexpected', { message: `host key check: ${(err as Error).message}` });
            verify(false);
          });
      },
    });
  });
}

/**
 * Says goodbye (SSH DISCONNECT) and then really closes the socket: `end()` alone only
 * half-closes it, which keeps the process alive when the server never answers.
 */
function hardClose(client: Client, graceMs: number): void {
  const sock = (client as unknown as { _sock?: { destroy(): void } })._sock;
  try {
    client.end();
  } catch {
    // already closed
  }
  const t = setTimeout(() => sock?.destroy(), graceMs);
  t.unref?.();
}

/** A one-shot timer that can be paused (while a human answers) and resumed. */
function pausableTimer(ms: number, onFire: () => void) {
  let remaining = ms;
  let startedAt = Date.now();
  let handle: NodeJS.Timeout | undefined = setTimeout(onFire, remaining);
  let paused = 0;
  let stopped = false;
  return {
    pause() {
      if (stopped || paused++ > 0) return;
      clearTimeout(handle);
      remaining -= Date.now() - startedAt;
    },
    resume() {
      if (stopped || --paused > 0) return;
      startedAt = Date.now();
      handle = setTimeout(onFire, Math.max(remaining, 0));
    },
    stop() {
      stopped = true;
      clearTimeout(handle);
    },
  };
}
