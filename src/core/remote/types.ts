// Shared shapes of every Spark operation: what an operation gets (OpContext) and what it gives
// back (OpResult). Operations never throw for expected failures: they return a result whose
// findings explain what failed and how to fix it, so the editor, the CLI and the doctor all
// render the same thing.
import type { Finding } from '../findings';
import type { RemoteShell } from '../ssh/types';

/** The part of a logger an operation uses (the LogOutputChannel in VS Code, stderr in the CLI). */
export interface OpLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface OpContext {
  shell: RemoteShell;
  log: OpLogger;
  /** Cancels the operation; flows into every remote command (closing its SSH channel). */
  signal?: AbortSignal;
  /** Human-readable progress ("Restarting vllm.service…"); shown in the progress notification. */
  onProgress?: (message: string) => void;
}

export type OpResult<T = undefined> =
  | {
      ok: true;
      /** One sentence for the final notification. */
      message: string;
      value: T;
      /** Non-fatal observations (e.g. "the route is public"). */
      findings: Finding[];
    }
  | {
      ok: false;
      message: string;
      /** The first finding is the main reason; never empty. */
      findings: Finding[];
      /** True when the user cancelled (no notification of failure is needed). */
      cancelled?: boolean;
    };

export function succeeded<T>(message: string, value: T, findings: Finding[] = []): OpResult<T> {
  return { ok: true, message, value, findings };
}

export function failed<T = never>(message: string, findings: Finding[], cancelled = false): OpResult<T> {
  return cancelled ? { ok: false, message, findings, cancelled } : { ok: false, message, findings };
}
