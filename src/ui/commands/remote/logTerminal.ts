// A log follower in a terminal: `journalctl -f` (or `snap logs -f`) streamed over SSH into a
// Pseudoterminal, warnings yellow, errors red. Closing the terminal aborts the stream, which
// closes the SSH channel and ends the remote process.
import * as vscode from 'vscode';
import { colourLogLine, dimLine, followLog, type LogCommand } from '../../../core/remote/journal';
import { displayArgv, errorToFinding } from '../../../core/remote/run';
import type { OpContext } from '../../../core/remote/types';
import type { Tailspark } from '../../tailspark';

export interface LogFollower {
  terminal: vscode.Terminal;
  /** Resolves when the stream ended (remote exit, error, or terminal closed). */
  ended: Promise<void>;
  /** Lines written so far (for tests and the "last lines" view). */
  lines: string[];
}

/** `commandFor` runs once the terminal opens (it may ask the Spark, e.g. snap or not). */
export function openLogTerminal(ts: Tailspark, name: string, commandFor: (ctx: OpContext) => Promise<LogCommand>): LogFollower {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | undefined>();
  const controller = new AbortController();
  const lines: string[] = [];
  let resolveEnded: () => void = () => {};
  const ended = new Promise<void>((r) => {
    resolveEnded = r;
  });

  const start = async () => {
    try {
      const ctx = ts.spark.context(controller.signal);
      const cmd = await commandFor(ctx);
      write.fire(dimLine(`$ ${displayArgv(cmd.argv, cmd.sudo)}   (${ctx.shell.target}; close this terminal to stop)`));
      const r = await followLog(
        ctx,
        cmd.argv,
        (line) => {
          lines.push(line);
          write.fire(colourLogLine(line));
        },
        cmd.sudo,
      );
      if (!controller.signal.aborted) write.fire(dimLine(`[stream ended: exit ${r.code ?? 'signal'}${r.stderr.trim() ? ` — ${r.stderr.trim().split('\n').pop()}` : ''}]`));
    } catch (err) {
      if (!controller.signal.aborted) {
        const f = errorToFinding(err);
        write.fire(colourLogLine(`ERROR ${f.title}: ${f.detail}`));
      }
    } finally {
      resolveEnded();
    }
  };

  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => void start(),
    close: () => {
      ts.log.info(`${name}: terminal closed, stopping the stream`);
      controller.abort();
    },
    handleInput: (data) => {
      // Ctrl+C in the terminal stops following, like it would in a shell.
      if (data === '\x03') {
        controller.abort();
        close.fire(undefined);
      }
    },
  };
  const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('output') });
  terminal.show();
  void ended.then(() => {
    write.dispose();
  });
  return { terminal, ended, lines };
}
