// Logs on the Spark: the argv for following a unit's journal or Tailscale's logs, the last lines
// of a unit (shown while a server starts and in the doctor report) and the colouring of a line
// by level (ANSI, because the follower writes into a terminal).
import type { ExecResult } from '../ssh/types';
import type { TailscaleInstall } from './install';
import { runRemote, streamRemote } from './run';
import { checkedUnit } from './systemd';
import type { OpContext } from './types';

export const FOLLOW_BACKLOG = 200;

export function followUnitArgv(unit: string): string[] {
  return ['journalctl', '-u', checkedUnit(unit), '-f', '-n', String(FOLLOW_BACKLOG), '--no-pager'];
}

export interface LogCommand {
  argv: string[];
  /** `snap logs` refuses non-root callers ("error: access denied (try with sudo)"). */
  sudo: boolean;
}

/** Snap installs have no tailscaled.service: their logs come from `sudo snap logs` (runbook). */
export function followTailscaleCommand(install: Pick<TailscaleInstall, 'snap'>): LogCommand {
  return install.snap
    ? { argv: ['snap', 'logs', 'tailscale', '-n', String(FOLLOW_BACKLOG), '-f'], sudo: true }
    : { argv: ['journalctl', '-u', 'tailscaled', '-f', '-n', String(FOLLOW_BACKLOG), '--no-pager'], sudo: false };
}

export function lastLinesArgv(unit: string, lines: number): string[] {
  return ['journalctl', '-u', checkedUnit(unit), '-n', String(lines), '--no-pager'];
}

/** journalctl's own notices ("-- No entries --", "-- Logs begin at …", "Hint: …") are not log lines. */
function isJournalNotice(line: string): boolean {
  return /^-- .* --$/.test(line.trim()) || /^Hint: /.test(line) || line.trim() === '';
}

/** Drops the "Nov 29 09:00:01 spark-56d0 vllm[4242]: " prefix of the short output format. */
export function messageOf(line: string): string {
  const m = /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ [^:\s]+(?:\[\d+\])?: (.*)$/.exec(line);
  return m ? m[1]! : line;
}

export async function lastJournalLines(ctx: OpContext, unit: string, lines = 5): Promise<string[]> {
  const r = await runRemote(ctx, lastLinesArgv(unit, lines), { timeoutMs: 10_000 });
  return r.stdout.split(/\r?\n/).filter((l) => !isJournalNotice(l));
}

/**
 * An access-log line of a health/metrics/model-list poll that answered 2xx (uvicorn's
 * `INFO:  100.64.0.2:53412 - "GET /metrics HTTP/1.1" 200 OK`): Tailspark's own polling, not news
 * about the server. Summaries ("last log lines") leave these out; the live log shows everything.
 */
export function isPollAccessLine(line: string): boolean {
  return /"GET \/(?:metrics|health\w*|v1\/models(?:\/[^ "]*)?|v1\/loads|get_load|get_server_info|get_model_info|server_info|version|ping)(?:\?[^ "]*)? HTTP\/[\d.]+" 2\d\d\b/.test(line);
}

/** The last `count` journal lines of the unit that are not Tailspark's own polls (reads up to 10× as many). */
export async function lastMeaningfulJournalLines(ctx: OpContext, unit: string, count: number): Promise<string[]> {
  const lines = await lastJournalLines(ctx, unit, count * 10);
  return lines.filter((l) => l.trim() !== '' && !isPollAccessLine(l)).slice(-count);
}

export type LogLevel = 'error' | 'warning' | 'info';

export function logLevelOf(line: string): LogLevel {
  if (/\b(error|errors|exception|traceback|fatal|critical|panic|failed|failure)\b|\bE\d{4} /i.test(line)) return 'error';
  if (/\b(warn|warning|warnings|deprecated)\b|\bW\d{4} /i.test(line)) return 'warning';
  return 'info';
}

const ANSI = { red: '\x1b[31m', yellow: '\x1b[33m', dim: '\x1b[2m', reset: '\x1b[0m' };

/** The line for a terminal: red for errors, yellow for warnings, and CRLF (a pty needs \r). */
export function colourLogLine(line: string): string {
  // Remote text may carry its own escape sequences; strip them so ours stay balanced.
  const clean = line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  const level = logLevelOf(clean);
  const body = level === 'error' ? `${ANSI.red}${clean}${ANSI.reset}` : level === 'warning' ? `${ANSI.yellow}${clean}${ANSI.reset}` : clean;
  return `${body}\r\n`;
}

export function dimLine(text: string): string {
  return `${ANSI.dim}${text}${ANSI.reset}\r\n`;
}

/** Streams a log command until it exits or ctx.signal aborts (which closes the remote channel). */
export function followLog(ctx: OpContext, argv: readonly string[], onLine: (line: string) => void, sudo = false): Promise<ExecResult> {
  return streamRemote(ctx, argv, { onLine: (line) => onLine(line), sudo });
}
