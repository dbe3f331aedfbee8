// Runs the local Tailscale CLI without a shell (execFile), with a time limit and cancellation.
// Where the CLI lives differs per OS; a missing binary becomes the finding tailscale.cliMissing.
import { execFile } from 'node:child_process';
import { type Finding, makeFinding } from '../findings';

export interface CliResult {
  stdout: string;
  stderr: string;
  /** Exit code; null when killed by a signal. */
  code: number | null;
  argv: string[];
}

export type CliRun = { ok: true; result: CliResult } | { ok: false; finding: Finding };

export interface CliRunOptions {
  /** Configured CLI path; when empty, the OS defaults are tried in order. */
  cliPath?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  platform?: NodeJS.Platform;
}

/** Where to look for the CLI, in order: the PATH, then where the official installers put it. */
export function defaultCliPaths(platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'win32') return ['tailscale', 'C:\\Program Files\\Tailscale\\tailscale.exe'];
  if (platform === 'darwin') return ['tailscale', '/Applications/Tailscale.app/Contents/MacOS/Tailscale'];
  return ['tailscale'];
}

/**
 * `tailscale status --json` grows ~1.4 KiB per peer (measured on a generated 10,000-peer tailnet:
 * 13.5 MiB, test/harness/bigTailnet.ts). 64 MiB holds ~45,000 peers; 8 MiB failed at ~6,000.
 */
export const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

function execOnce(file: string, args: string[], timeoutMs: number, signal?: AbortSignal): Promise<CliResult | NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, signal, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const argv = [file, ...args];
        if (!error) return resolve({ stdout, stderr, code: 0, argv });
        const e = error as Omit<NodeJS.ErrnoException, 'code'> & { code?: number | string | null; killed?: boolean; signal?: string | null };
        // A numeric code is the exit status: the CLI ran and failed, which the caller classifies.
        if (typeof e.code === 'number') return resolve({ stdout, stderr, code: e.code, argv });
        if (e.name === 'AbortError') return resolve(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' }));
        // Too much output also kills the child (killed = true): not a timeout.
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          return resolve(Object.assign(new Error(`output larger than ${MAX_OUTPUT_BYTES / 2 ** 20} MiB`), { code: 'MAXBUFFER' }));
        }
        // execFile's own timeout kills the child (killed = true) and leaves code null.
        if (e.killed) return resolve(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
        if (e.signal) return resolve({ stdout, stderr, code: null, argv });
        resolve(e as NodeJS.ErrnoException);
      },
    );
  });
}

export async function runTailscaleCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const candidates = options.cliPath ? [options.cliPath] : defaultCliPaths(options.platform);
  const command = `tailscale ${args.join(' ')}`;
  for (const file of candidates) {
    const out = await execOnce(file, args, timeoutMs, options.signal);
    if (!(out instanceof Error)) return { ok: true, result: out };
    if (out.code === 'ENOENT' || out.code === 'EACCES') continue; // try the next known location
    if (out.code === 'ABORT_ERR' || out.code === 'ETIMEDOUT') {
      return { ok: false, finding: makeFinding('tailscale.cliTimeout', { command, where: file, timeoutMs }) };
    }
    return { ok: false, finding: makeFinding('internal.unexpected', { message: `${command}: ${out.message}` }) };
  }
  return { ok: false, finding: makeFinding('tailscale.cliMissing', { path: candidates.join(' or '), where: candidates.join(', ') }) };
}
