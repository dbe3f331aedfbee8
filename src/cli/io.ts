// What CLI commands need from the terminal, and the shared ways they print findings and fail.
// `process` itself satisfies CliIo; tests pass an object that collects the text.
import { isIP } from 'node:net';
import type { Finding } from '../core/findings';
import { cliFixText } from './fixes';
import { tr } from '../core/l10n';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Environment (API keys are read from here, never from argv); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where `explain` reads captured output from; defaults to process.stdin. */
  stdin?: NodeJS.ReadableStream;
}

/** The signature every `src/cli/<command>.ts` exports as `run`. */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

/** Exit codes: 0 success, 1 the check failed (reason on stderr), 2 wrong usage. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export async function readAll(stream: NodeJS.ReadableStream, maxBytes = 8 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > maxBytes) throw new Error(`input larger than ${maxBytes} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const MARK = { error: '✖', warning: '!', info: 'i' } as const;

/** A finding as indented terminal text: title, where, detail, evidence, fixes. */
export function formatFinding(f: Finding): string {
  const lines = [`${MARK[f.severity]} ${f.title}  [${f.code}]`];
  if (f.where) lines.push(`    ${tr('where:')} ${f.where}`);
  for (const l of f.detail.split('\n')) lines.push(`    ${l}`);
  if (f.evidence) lines.push(`    ${tr('evidence:')} ${f.evidence.split('\n')[0]}`);
  for (const fix of f.fixes) lines.push(`    ${tr('fix:')} ${cliFixText(fix)}`);
  return `${lines.join('\n')}\n`;
}

/** The JSON form of a finding for --json output; each fix also says what it means on the command line (`cli`). */
export function findingJson(f: Finding) {
  const fixes = f.fixes.map((fix) => ({ ...fix, cli: cliFixText(fix) }));
  return { code: f.code, severity: f.severity, title: f.title, detail: f.detail, where: f.where ?? null, evidence: f.evidence ?? null, fixes };
}

/** The one-line reason printed on stderr when a command fails. */
export function failureLine(command: string, reason: string): string {
  return `tailspark ${command}: ${reason.replace(/\s*\n\s*/g, ' ')}\n`;
}

/** The first error finding, if any (decides the exit code and the stderr line). */
export function firstError(findings: Finding[]): Finding | undefined {
  return findings.find((f) => f.severity === 'error');
}

/** "host:addr" or curl's "host:port:addr" → [host, addr]. */
export function parseResolve(spec: string): [string, string] | undefined {
  const i = spec.indexOf(':');
  if (i <= 0) return undefined;
  const host = spec.slice(0, i);
  let addr = spec.slice(i + 1).replace(/^\[|\]$/g, '');
  if (!isIP(addr)) {
    const m = /^\d+:(.+)$/.exec(addr);
    addr = (m?.[1] ?? '').replace(/^\[|\]$/g, '');
  }
  return isIP(addr) ? [host, addr] : undefined;
}

/** All `--resolve` flags as a host → IP address map (SSH and HTTPS use it); throws on a bad one. */
export function resolveMap(specs: readonly string[] = []): Record<string, string> {
  const map: Record<string, string> = {};
  for (const spec of specs) {
    const pair = parseResolve(spec);
    if (!pair) throw new Error(`--resolve wants host:addr (an IP address), got "${spec}"`);
    map[pair[0]] = pair[1];
  }
  return map;
}
