// The one log: a LogOutputChannel named "Tailspark". Every line passes through redact(), so a
// token in an error message or command output never reaches the log.
import * as vscode from 'vscode';
import type { Logger } from '../core/monitor/types';
import { redact } from '../core/redact';

export interface TailsparkLog extends Logger, vscode.Disposable {
  show(): void;
}

export function createLog(): TailsparkLog {
  const channel = vscode.window.createOutputChannel('Tailspark', { log: true });
  // Work still in flight at deactivation (an SSH probe, a queued auto-run) may log after the
  // channel is gone: writing then is an unhandled "Channel has been closed" in the host.
  let closed = false;
  const line = (write: (m: string) => void) => (m: string) => {
    if (!closed) write(redact(m));
  };
  return {
    trace: line((m) => channel.trace(m)),
    debug: line((m) => channel.debug(m)),
    info: line((m) => channel.info(m)),
    warn: line((m) => channel.warn(m)),
    error: line((m) => channel.error(m)),
    show: () => channel.show(true),
    dispose: () => {
      closed = true;
      channel.dispose();
    },
  };
}
