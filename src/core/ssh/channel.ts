// Runs one remote shell line on one SSH session channel: collects stdout/stderr separately,
// feeds stdin, and stops the remote process on timeout/abort. Stopping = the SSH "signal"
// request (TERM; OpenSSH ≥ 7.9 delivers it to the session's process), then closing the
// channel — closing alone would leave `journalctl -f` running on the Spark without a reader.
import type { Client, ClientChannel } from 'ssh2';

export interface ChannelRunOptions {
  stdin?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /**
   * sudo -S -p <marker>: stdin stays open until sudo prints the marker on stderr, then `answer`
   * (the password line) is written — once — followed by `stdin`. Without a prompt, the password
   * is never written: at the command's first output, `stdin` is written and closed. The marker is
   * removed from stderr.
   */
  prompt?: { marker: string; answer: string };
}

export interface ChannelRunResult {
  stdout: string;
  stderr: string;
  code: number | null;
  exitSignal?: string;
  /** Why we stopped it, if we did. */
  stoppedBy?: 'timeout' | 'abort';
  /** The channel closed without an exit status and not by us: the connection died. */
  lost: boolean;
}

/** The channel could not even be opened; `connectionGone` says whether retrying on a new connection makes sense. */
export class ChannelOpenError extends Error {
  constructor(
    message: string,
    readonly connectionGone: boolean,
  ) {
    super(message);
    this.name = 'ChannelOpenError';
  }
}

/**
 * ssh2's `channel.signal()` silently does nothing once our side sent EOF (we always close stdin
 * right away so commands reading it do not hang), so send the request on the protocol
 * directly while the channel is open. Guarded: if ssh2's internals change, fall back to the
 * public call and rely on closing the channel.
 */
function sendSignal(ch: ClientChannel, name: string): void {
  const internal = ch as unknown as {
    outgoing?: { id?: number; state?: string };
    _client?: { _protocol?: { signal?: (id: number, name: string) => void } };
  };
  try {
    const proto = internal._client?._protocol;
    if (proto?.signal && (internal.outgoing?.state === 'open' || internal.outgoing?.state === 'eof') && typeof internal.outgoing.id === 'number') {
      proto.signal(internal.outgoing.id, name);
    } else {
      ch.signal(name);
    }
  } catch {
    // channel already closing
  }
}

/** How long after the TERM signal we close the channel ourselves. */
const CLOSE_AFTER_SIGNAL_MS = 150;
/** How long we wait for the server to confirm the close before giving up on it. */
const CLOSE_GRACE_MS = 2000;

export function runOnChannel(
  client: Client,
  line: string,
  isConnectionOpen: () => boolean,
  o: ChannelRunOptions,
): Promise<ChannelRunResult> {
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) {
      resolve({ stdout: '', stderr: '', code: null, stoppedBy: 'abort', lost: false });
      return;
    }
    let opened: ClientChannel | undefined;
    try {
      client.exec(line, (err, ch) => {
        if (err) {
          reject(new ChannelOpenError(err.message, !isConnectionOpen() || /not connected|no response/i.test(err.message)));
          return;
        }
        opened = ch;
        handle(ch);
      });
    } catch (err) {
      // ssh2 throws synchronously when the connection is already gone.
      reject(new ChannelOpenError((err as Error).message, true));
      return;
    }

    function handle(ch: ClientChannel) {
      const out: Buffer[] = [];
      const errOut: Buffer[] = [];
      let code: number | null = null;
      let exitSignal: string | undefined;
      let gotExit = false;
      let stoppedBy: ChannelRunResult['stoppedBy'];
      let done = false;
      let graceTimer: NodeJS.Timeout | undefined;

      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timeLimit);
        clearTimeout(graceTimer);
        o.signal?.removeEventListener('abort', onAbort);
        resolve({
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(errOut).toString('utf8'),
          code,
          ...(exitSignal ? { exitSignal } : {}),
          ...(stoppedBy ? { stoppedBy } : {}),
          lost: !gotExit && !stoppedBy,
        });
      };
      const stop = (why: 'timeout' | 'abort') => {
        if (done || stoppedBy) return;
        stoppedBy = why;
        sendSignal(ch, 'TERM');
        setTimeout(() => {
          try {
            ch.close();
          } catch {
            // already closed
          }
        }, CLOSE_AFTER_SIGNAL_MS);
        graceTimer = setTimeout(finish, CLOSE_AFTER_SIGNAL_MS + CLOSE_GRACE_MS);
      };
      const onAbort = () => stop('abort');
      const timeLimit = o.timeoutMs && o.timeoutMs > 0 ? setTimeout(() => stop('timeout'), o.timeoutMs) : undefined;
      o.signal?.addEventListener('abort', onAbort, { once: true });

      // stdin for a sudo prompt: held back until we know whether sudo asks (see ChannelRunOptions.prompt).
      let stdinClosed = false;
      let answered = false;
      const closeStdin = (withAnswer: boolean) => {
        if (stdinClosed) return;
        stdinClosed = true;
        if (withAnswer && o.prompt) ch.write(o.prompt.answer);
        ch.end(o.stdin ?? '');
      };
      ch.on('data', (d: Buffer) => {
        if (o.prompt && !stdinClosed) closeStdin(false); // the command runs: sudo did not ask
        out.push(d);
        o.onStdout?.(d);
      });
      ch.stderr.on('data', (d: Buffer) => {
        if (o.prompt) {
          const { marker } = o.prompt;
          // sudo writes its prompt in one write(2), so the marker arrives in one chunk.
          const text = d.toString('utf8');
          const at = text.indexOf(marker);
          if (at >= 0) {
            // A second prompt (wrong password) finds stdin closed: sudo reads EOF and gives up.
            if (!answered) {
              answered = true;
              closeStdin(true);
            }
            d = Buffer.from(text.slice(0, at) + text.slice(at + marker.length), 'utf8');
          } else if (!stdinClosed) {
            closeStdin(false);
          }
          if (d.length === 0) return;
        }
        errOut.push(d);
        o.onStderr?.(d);
      });
      ch.on('exit', (c: number | null, sig?: string) => {
        gotExit = true;
        if (typeof c === 'number') code = c;
        if (sig) exitSignal = sig;
      });
      ch.on('close', finish);
      ch.on('error', () => finish());
      if (o.prompt) return;
      if (o.stdin !== undefined) ch.end(o.stdin);
      else ch.end();
    }
    void opened;
  });
}
