// The one log: a LogOutputChannel named "Tailspark". Every line passes through the known secrets
// and redact() (core/logRedaction.ts), so a token in an error message or command output never
// reaches the log — also one no pattern recognises, like the API key echoed in "Invalid API key".
import * as vscode from 'vscode';
import { KnownSecrets, redactingLogger } from '../core/logRedaction';
import type { Logger } from '../core/util/log';

export interface TailsparkLog extends Logger, vscode.Disposable {
  show(): void;
  /** The secrets every line is checked for; tell it each secret value as it becomes known. */
  readonly secrets: KnownSecrets;
}

export function createLog(): TailsparkLog {
  const channel = vscode.window.createOutputChannel('Tailspark', { log: true });
  const secrets = new KnownSecrets();
  // Work still in flight at deactivation (an SSH probe, a queued auto-run) may log after the
  // channel is gone: writing then is an unhandled "Channel has been closed" in the host.
  let closed = false;
  const open = (write: (m: string) => void) => (m: string) => {
    if (!closed) write(m);
  };
  const sink = {
    trace: open((m) => channel.trace(m)),
    debug: open((m) => channel.debug(m)),
    info: open((m) => channel.info(m)),
    warn: open((m) => channel.warn(m)),
    error: open((m) => channel.error(m)),
  };
  return {
    ...redactingLogger(sink, secrets),
    secrets,
    show: () => channel.show(true),
    dispose: () => {
      closed = true;
      channel.dispose();
    },
  };
}
