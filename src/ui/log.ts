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
  return {
    trace: (m) => channel.trace(redact(m)),
    debug: (m) => channel.debug(redact(m)),
    info: (m) => channel.info(redact(m)),
    warn: (m) => channel.warn(redact(m)),
    error: (m) => channel.error(redact(m)),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}
