// Runs the CLI in-process with captured output, or as a real process through tsx.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../../src/cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const ROOT = join(__dirname, '../../..');
export const FIXTURES = join(ROOT, 'test/fixtures/tailscale');
export const fixture = (name: string) => join(FIXTURES, name);

export async function runCli(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: options.env ?? {},
    stdin: Readable.from([options.stdin ?? '']),
  });
  return { code, stdout, stderr };
}

/** The real thing: `node --import tsx src/cli.ts …` as a child process (exit code, stdin, env). */
export function runCliProcess(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/cli.ts'), ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH, ...options.env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}
