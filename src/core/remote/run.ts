// Runs one remote command for an operation: logs the argv (never stdin, which may carry a
// password), passes the cancel signal through, and turns anything thrown into a Finding.
import { type Finding, makeFinding } from '../findings';
import { InvalidValueError, quoteArgv } from '../util/argv';
import type { ExecOptions, ExecResult, StreamOptions } from '../ssh/types';
import { failed, type OpContext, type OpResult } from './types';

/** The line we show in the log for an argv: exactly what the SSH layer sends (plus "sudo"). */
export function displayArgv(argv: readonly string[], sudo = false): string {
  return `${sudo ? 'sudo ' : ''}${quoteArgv(argv)}`;
}

export async function runRemote(ctx: OpContext, argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  ctx.log.info(`[${ctx.shell.target}] $ ${displayArgv(argv, options.sudo)}`);
  const result = await ctx.shell.exec(argv, { signal: ctx.signal, ...options });
  ctx.log.info(`[${ctx.shell.target}] exit ${result.code ?? 'signal'} after ${result.durationMs} ms`);
  return result;
}

export async function streamRemote(ctx: OpContext, argv: readonly string[], options: StreamOptions): Promise<ExecResult> {
  ctx.log.info(`[${ctx.shell.target}] $ ${displayArgv(argv, options.sudo)} (streaming)`);
  return ctx.shell.stream(argv, { signal: ctx.signal, ...options });
}

/** An error that already carries a Finding (the SSH layer throws these). */
export function findingOf(err: unknown): Finding | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const f = (err as { finding?: unknown }).finding;
  if (typeof f === 'object' && f !== null && typeof (f as Finding).code === 'string' && typeof (f as Finding).title === 'string') {
    return f as Finding;
  }
  return undefined;
}

export function isCancellation(err: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  if (findingOf(err)?.code === 'ssh.cancelled') return true;
  return typeof err === 'object' && err !== null && (err as { name?: string }).name === 'AbortError';
}

/** Turns a thrown error into the Finding that explains it. */
export function errorToFinding(err: unknown, where?: string): Finding {
  const carried = findingOf(err);
  if (carried) return carried;
  if (err instanceof InvalidValueError) {
    const value = JSON.stringify(err.value) ?? String(err.value);
    return makeFinding('remote.invalidValue', { what: err.what, value: value.slice(0, 80), message: err.reason, where });
  }
  const message = err instanceof Error ? err.message : String(err);
  return makeFinding('internal.unexpected', { message, where });
}

/** First non-empty line of a command's output, for short messages. */
export function firstLine(result: Pick<ExecResult, 'stdout' | 'stderr'>): string {
  const text = result.stderr.trim() || result.stdout.trim();
  return text.split(/\r?\n/)[0]?.trim() ?? '';
}

/** A remote command that is not tailscale failed with a non-zero exit: what the user sees. */
export function commandFailedFinding(result: ExecResult, sudo = false): Finding {
  const command = displayArgv(result.argv, sudo && result.argv[0] !== 'sudo');
  return makeFinding(
    'remote.commandFailed',
    { command, where: command, exitCode: result.code ?? 'signal', message: firstLine(result) || '(no output)' },
    `${result.stderr}${result.stdout}`.trim().slice(0, 2000),
  );
}

/** Wraps an operation so thrown errors (SSH down, invalid unit name, cancel) become results. */
export async function guarded<T>(ctx: OpContext, what: string, fn: () => Promise<OpResult<T>>): Promise<OpResult<T>> {
  try {
    return await fn();
  } catch (err) {
    if (isCancellation(err, ctx.signal)) return failed(`${what}: cancelled.`, [], true);
    return failed(`${what} failed.`, [errorToFinding(err, ctx.shell.target)]);
  }
}

