// SshPool: one pooled SSH connection per target, shared by every remote command. The
// connection is opened on first use, kept alive (ServerAliveInterval), closed after being idle,
// and reopened transparently by the next command after a drop. Each command gets its own
// session channel (at most `maxChannels` at once, the rest queue), its own time limit and
// AbortSignal, and — with `sudo: true` — the sudo dance from sudo.ts.
import { makeFinding } from '../findings';
import { quoteArgv } from '../util/argv';
import { ChannelOpenError, type ChannelRunResult, runOnChannel } from './channel';
import { type ConnectDeps, openConnection, type SshConnection } from './connect';
import { SshError, sshError } from './errors';
import { LineSplitter } from './lineSplitter';
import { ChannelLimiter } from './limiter';
import { currentPathEnv, type PathEnv } from './paths';
import type { ResolvedTarget } from './sshConfig';
import { classifySudo, sudoNonInteractive, sudoPromptMarker, sudoWithPassword } from './sudo';
import { isSessionOperationNotPermitted } from './tailscaleBanner';
import { formatTarget } from './target';
import type { ExecOptions, ExecResult, RemoteShell, SecretStore, SshPrompter, StreamOptions } from './types';

export interface SshPoolOptions {
  prompter: SshPrompter;
  secrets?: SecretStore;
  /** Keep passphrases and passwords in `secrets` once they worked (the user opted in). */
  rememberSecrets?: boolean;
  pathEnv?: PathEnv;
  /** Agent socket/pipe to use instead of discovery; false = never use an agent. */
  agent?: string | false;
  /** Session channels open at once per connection (sshd MaxSessions defaults to 10). */
  maxChannels?: number;
  /** Close a connection after this long without commands (default 5 minutes). */
  idleCloseMs?: number;
  log?: (line: string) => void;
}

export interface ShellTarget {
  target: ResolvedTarget;
  /** The Spark is a tailnet peer: try Tailscale SSH (`none`) first. */
  tailnetPeer?: boolean;
  /** The peer's host keys from `tailscale status --json` ("sshHostKeys"). */
  tailnetHostKeys?: readonly string[];
}

/** A RemoteShell bound to one pooled connection. */
export interface PooledShell extends RemoteShell {
  readonly resolved: ResolvedTarget;
  /** Handshake time of the current connection (ms), once connected. */
  readonly handshakeMs: number | undefined;
  /** True while a live connection exists. */
  readonly connected: boolean;
  /** How many connections this shell has opened so far (1 + reconnects). */
  readonly connects: number;
  /** Opens the connection now (to fail early or measure); commands do this on their own. */
  connect(signal?: AbortSignal): Promise<void>;
  /** Closes the connection; the next command opens a new one. */
  close(): void;
}

export class SshPool {
  private readonly shells = new Map<string, PooledEntry>();
  constructor(private readonly options: SshPoolOptions) {}

  /** The shell for a target; the same target always gets the same pooled connection. */
  shell(t: ShellTarget): PooledShell {
    const key = JSON.stringify([t.target, t.tailnetPeer ?? false, t.tailnetHostKeys ?? []]);
    let entry = this.shells.get(key);
    if (!entry) {
      entry = new PooledEntry(t, this.options);
      this.shells.set(key, entry);
    }
    return entry;
  }

  /**
   * A shell on a NEW connection of its own, outside the pool: whether a login works NOW (Test SSH,
   * Diagnose), not whether a connection made before a policy or key change still runs. The caller
   * closes it when done.
   */
  freshShell(t: ShellTarget): PooledShell {
    return new PooledEntry(t, this.options);
  }

  /** Closes every connection (extension deactivate, host switch). */
  closeAll(): void {
    for (const s of this.shells.values()) s.close();
    this.shells.clear();
  }
}

const DEFAULT_MAX_CHANNELS = 10;
const DEFAULT_IDLE_CLOSE_MS = 5 * 60_000;

class PooledEntry implements PooledShell {
  readonly target: string;
  readonly user: string;
  readonly resolved: ResolvedTarget;
  private conn: SshConnection | undefined;
  private connecting: Promise<SshConnection> | undefined;
  private readonly limiter: ChannelLimiter;
  private active = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  /**
   * The sudo password, in memory only and only for this connection's lifetime (cleared on
   * close), so a burst of sudo commands asks once. Written nowhere unless the user opted in.
   */
  private sudoPassword: string | undefined;
  private connectAbort: AbortController | undefined;
  connects = 0;

  constructor(
    private readonly t: ShellTarget,
    private readonly o: SshPoolOptions,
  ) {
    this.resolved = t.target;
    this.user = t.target.user;
    this.target = formatTarget(t.target.user, t.target.host, t.target.port);
    this.limiter = new ChannelLimiter(o.maxChannels ?? DEFAULT_MAX_CHANNELS);
  }

  get handshakeMs(): number | undefined {
    return this.conn?.handshakeMs;
  }

  get connected(): boolean {
    return this.conn?.isOpen() ?? false;
  }

  async connect(signal?: AbortSignal): Promise<void> {
    await this.connection(signal);
    this.scheduleIdleClose();
  }

  close(): void {
    clearTimeout(this.idleTimer);
    this.connectAbort?.abort(); // a connection still being made is given up too
    this.conn?.close();
    this.conn = undefined;
    this.sudoPassword = undefined;
  }

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const started = Date.now();
    const out = options.onOutput;
    const hooks = out ? { onStdout: (d: Buffer) => out(d, 'stdout'), onStderr: (d: Buffer) => out(d, 'stderr') } : undefined;
    if (options.sudo) return this.execSudo(argv, options, started, hooks);
    const r = await this.run(argv, options, hooks);
    if (r.stoppedBy === 'abort') throw this.cancelled(argv);
    return result(r, argv, started);
  }

  /** Lines arrive as they are printed; an abort ends the stream normally (code null). */
  async stream(argv: readonly string[], options: StreamOptions): Promise<ExecResult> {
    const started = Date.now();
    const out = new LineSplitter((l) => options.onLine(l, 'stdout'));
    const err = new LineSplitter((l) => options.onLine(l, 'stderr'));
    const hooks: Hooks = {
      onStdout: (d) => {
        options.onOutput?.(d, 'stdout');
        out.push(d);
      },
      onStderr: (d) => {
        options.onOutput?.(d, 'stderr');
        err.push(d);
      },
    };
    const { r, ran } = options.sudo ? await this.runSudoLive(argv, options, hooks) : { r: await this.run(argv, options, hooks), ran: argv };
    out.flush();
    err.flush();
    return result(r, ran, started);
  }

  // ---- sudo ----------------------------------------------------------------------------------

  private async execSudo(
    argv: readonly string[],
    options: ExecOptions,
    started: number,
    hooks: Hooks | undefined,
  ): Promise<ExecResult> {
    if (hooks) {
      const { r, ran } = await this.runSudoLive(argv, options, hooks);
      if (r.stoppedBy === 'abort') throw this.cancelled(argv);
      return result(r, ran, started);
    }
    if (this.sudoPassword === undefined) {
      const first = sudoNonInteractive(argv);
      const r = await this.run(first, options, hooks);
      if (r.stoppedBy === 'abort') throw this.cancelled(argv);
      const c = classifySudo(r.code, r.stderr);
      if (c.outcome === 'ok') return result(r, first, started);
      if (c.outcome !== 'passwordRequired') throw this.sudoFailure(c.outcome, c.text, argv);
    }
    const password = await this.sudoPasswordFor(argv);
    const marker = sudoPromptMarker();
    const second = sudoWithPassword(argv, marker);
    const r = await this.run(second, options, hooks, { marker, answer: `${password}\n` });
    if (r.stoppedBy === 'abort') throw this.cancelled(argv);
    const c = classifySudo(r.code, r.stderr);
    if (c.outcome !== 'ok') {
      await this.forgetSudoPassword();
      throw this.sudoFailure(c.outcome === 'passwordRequired' ? 'wrongPassword' : c.outcome, c.text, argv);
    }
    await this.keepSudoPassword(password);
    return result(r, second, started);
  }

  /**
   * sudo with live output (streams, onOutput): sudo's own complaints must not reach the caller's
   * output, so find out first how sudo will work (sudoMode), then run the command once.
   */
  private async runSudoLive(argv: readonly string[], options: ExecOptions, hooks: Hooks): Promise<{ r: ChannelRunResult; ran: string[] }> {
    const mode = await this.sudoMode(options);
    if (mode.password === undefined) {
      const ran = sudoNonInteractive(argv);
      return { r: await this.run(ran, options, hooks), ran };
    }
    const marker = sudoPromptMarker();
    const ran = sudoWithPassword(argv, marker);
    return { r: await this.run(ran, options, hooks, { marker, answer: `${mode.password}\n` }), ran };
  }

  /** Probe with `sudo -n true`; when a password is needed, get it and check it once. */
  private async sudoMode(options: ExecOptions): Promise<{ password?: string }> {
    if (this.sudoPassword !== undefined) return { password: this.sudoPassword };
    const probe = await this.run(sudoNonInteractive(['true']), { signal: options.signal, timeoutMs: 15_000 }, undefined);
    const c = classifySudo(probe.code, probe.stderr);
    if (c.outcome === 'ok') return {};
    if (c.outcome !== 'passwordRequired') throw this.sudoFailure(c.outcome, c.text, ['true']);
    const password = await this.sudoPasswordFor(['true']);
    const marker = sudoPromptMarker();
    const check = await this.run(sudoWithPassword(['true'], marker), { signal: options.signal, timeoutMs: 15_000 }, undefined, { marker, answer: `${password}\n` });
    const c2 = classifySudo(check.code, check.stderr);
    if (c2.outcome !== 'ok') {
      await this.forgetSudoPassword();
      throw this.sudoFailure(c2.outcome === 'passwordRequired' ? 'wrongPassword' : c2.outcome, c2.text, ['true']);
    }
    await this.keepSudoPassword(password);
    return { password };
  }

  private secretKey(): string {
    return `ssh.sudo:${this.user}@${this.resolved.host}`;
  }

  private async sudoPasswordFor(argv: readonly string[]): Promise<string> {
    if (this.sudoPassword !== undefined) return this.sudoPassword;
    const stored = await this.o.secrets?.get(this.secretKey());
    if (stored !== undefined) return stored;
    const typed = await this.o.prompter.askPassword({
      user: this.user,
      host: this.resolved.host,
      forSudo: true,
      text: `sudo password for ${this.user} on ${this.resolved.host}`,
    });
    if (typed === undefined) {
      throw sshError('ssh.sudoPasswordNeeded', { user: this.user, host: this.resolved.host, where: this.target, command: quoteArgv(argv) });
    }
    return typed;
  }

  private async keepSudoPassword(password: string): Promise<void> {
    this.sudoPassword = password;
    if (this.o.rememberSecrets && this.o.secrets) await this.o.secrets.store(this.secretKey(), password);
  }

  private async forgetSudoPassword(): Promise<void> {
    this.sudoPassword = undefined;
    await this.o.secrets?.delete(this.secretKey());
  }

  private sudoFailure(outcome: string, text: string | undefined, argv: readonly string[]): SshError {
    const ctx = { user: this.user, host: this.resolved.host, where: this.target, command: quoteArgv(argv), sudoText: text };
    if (outcome === 'notAllowed') return sshError('ssh.sudoNotAllowed', ctx, text);
    return sshError('ssh.sudoWrongPassword', ctx, text);
  }

  // ---- channels on the pooled connection -----------------------------------------------------

  private async run(
    argv: readonly string[],
    options: ExecOptions,
    hooks: Hooks | undefined,
    prompt?: { marker: string; answer: string },
  ): Promise<ChannelRunResult> {
    const line = quoteArgv(argv);
    let release: () => void;
    try {
      release = await this.limiter.acquire(options.signal);
    } catch {
      return { stdout: '', stderr: '', code: null, stoppedBy: 'abort', lost: false };
    }
    this.active++;
    clearTimeout(this.idleTimer);
    try {
      let reconnects = 0;
      let refusals = 0;
      for (;;) {
        let conn: SshConnection;
        try {
          conn = await this.connection(options.signal);
        } catch (err) {
          // Cancelled while (re)connecting: same outcome as a cancelled command.
          if (options.signal?.aborted) return { stdout: '', stderr: '', code: null, stoppedBy: 'abort', lost: false };
          throw err;
        }
        let r: ChannelRunResult;
        try {
          r = await runOnChannel(conn.client, line, () => conn.isOpen(), {
            stdin: options.stdin,
            ...(prompt ? { prompt } : {}),
            timeoutMs: options.timeoutMs,
            signal: options.signal,
            ...hooks,
          });
        } catch (err) {
          if (err instanceof ChannelOpenError && err.connectionGone && reconnects++ === 0) {
            // A stale connection (dropped while idle): the command never started, so retrying is safe.
            conn.close();
            continue;
          }
          if (err instanceof ChannelOpenError && !err.connectionGone && /open failed|prohibited/i.test(err.message) && refusals++ < 40) {
            // sshd frees a session slot a moment after the channel closed (MaxSessions): wait, retry.
            await new Promise((r) => setTimeout(r, Math.min(10 * refusals, 100)));
            continue;
          }
          const message = (err as Error).message;
          if (isSessionOperationNotPermitted(message) || /operation not permitted/i.test(message)) {
            throw new SshError(makeFinding('tailscale.sshOperationNotPermitted', { where: this.target }, message));
          }
          throw sshError('ssh.channelFailed', { host: this.resolved.host, where: this.target, message }, message, err);
        }
        if (r.lost) {
          conn.close();
          throw sshError('ssh.connectionLost', {
            host: this.resolved.host,
            where: this.target,
            command: line,
            message: 'the channel closed without an exit status',
          });
        }
        if (r.stoppedBy === 'timeout') {
          throw sshError('ssh.commandTimeout', {
            host: this.resolved.host,
            where: this.target,
            command: line,
            seconds: Math.round((options.timeoutMs ?? 0) / 100) / 10,
          });
        }
        if (r.code !== 0 && r.stdout === '' && isSessionOperationNotPermitted(r.stderr)) {
          throw new SshError(makeFinding('tailscale.sshOperationNotPermitted', { where: this.target }, r.stderr.trim()));
        }
        return r;
      }
    } finally {
      release();
      this.active--;
      this.scheduleIdleClose();
    }
  }

  private async connection(signal: AbortSignal | undefined): Promise<SshConnection> {
    if (this.conn?.isOpen()) return this.conn;
    if (!this.connecting) {
      const abort = new AbortController();
      this.connectAbort = abort;
      const deps: ConnectDeps = {
        signal: abort.signal,
        prompter: this.o.prompter,
        secrets: this.o.secrets,
        rememberSecrets: this.o.rememberSecrets,
        tailnetPeer: this.t.tailnetPeer,
        tailnetHostKeys: this.t.tailnetHostKeys,
        pathEnv: this.o.pathEnv ?? currentPathEnv(),
        agent: this.o.agent,
        log: this.o.log,
      };
      this.connecting = openConnection(this.resolved, deps)
        .then((c) => {
          this.conn = c;
          this.connects++;
          this.o.log?.(`SSH connected to ${this.target} in ${c.handshakeMs} ms`);
          c.onClose((err) => {
            if (this.conn === c) {
              this.conn = undefined;
              this.sudoPassword = undefined;
            }
            this.o.log?.(`SSH connection to ${this.target} closed${err ? `: ${err.message}` : ''}`);
          });
          return c;
        })
        .finally(() => {
          this.connecting = undefined;
        });
    }
    return abortable(this.connecting, signal, () => this.cancelled(['(connect)']));
  }

  private scheduleIdleClose(): void {
    clearTimeout(this.idleTimer);
    if (this.active > 0 || !this.conn) return;
    this.idleTimer = setTimeout(() => {
      if (this.active === 0) this.close();
    }, this.o.idleCloseMs ?? DEFAULT_IDLE_CLOSE_MS);
    this.idleTimer.unref?.();
  }

  private cancelled(argv: readonly string[]): SshError {
    return sshError('ssh.cancelled', { host: this.resolved.host, where: this.target, command: quoteArgv(argv) });
  }
}

type Hooks = { onStdout: (d: Buffer) => void; onStderr: (d: Buffer) => void };

function result(r: ChannelRunResult, argv: readonly string[], started: number): ExecResult {
  return { stdout: r.stdout, stderr: r.stderr, code: r.code, argv: [...argv], durationMs: Date.now() - started };
}

function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined, onAbort: () => Error): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', abort);
        reject(e);
      },
    );
  });
}
