// "Is a Cursor process using this state database?" Cursor caches the base URL in memory and
// writes the row back when it quits, so Tailspark writes only while no process has the file open.
//   Linux:   exact — scan /proc/<pid>/fd/* for links to the database file.
//   macOS:   `lsof -t -- <db>` (exact), else a process-name check (`ps`).
//   Windows: a process-name check (`tasklist`): open files of other processes are not listable.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { isProcessAlive } from './writerLock';

export interface DbUsers {
  pids: number[];
  /** How we know: exact open-file check, or only "a process named Cursor runs". */
  method: 'proc-fd' | 'lsof' | 'process-name';
}

function run(cmd: string, args: string[], timeoutMs = 5000): Promise<string> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, windowsHide: true }, (err, stdout) => resolve(err && !stdout ? '' : String(stdout)));
  });
}

/** Linux: every process (but us) with an fd open on the file. Unreadable /proc entries are skipped. */
export function procFdUsers(dbPath: string, procRoot = '/proc'): number[] {
  let target: string;
  try {
    target = realpathSync(dbPath);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of readdirSync(procRoot)) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`${procRoot}/${name}/fd`);
    } catch {
      continue; // gone, or another user's process
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`${procRoot}/${name}/fd/${fd}`) === target) {
          pids.push(Number(name));
          break;
        }
      } catch {
        // fd closed between readdir and readlink
      }
    }
  }
  return pids;
}

/** Process-name fallback: pids of processes called Cursor (the main app, not its helpers). */
export function parseProcessList(platform: NodeJS.Platform, output: string): number[] {
  const pids: number[] = [];
  for (const line of output.split(/\r?\n/)) {
    if (platform === 'win32') {
      // "Cursor.exe","1234","Console","1","123,456 K"
      const m = /^"([^"]+)","(\d+)"/.exec(line.trim());
      if (m && m[1].toLowerCase() === 'cursor.exe') pids.push(Number(m[2]));
    } else {
      // "  1234 /Applications/Cursor.app/Contents/MacOS/Cursor"
      const m = /^\s*(\d+)\s+(.*)$/.exec(line);
      if (m && /(^|\/)Cursor$/.test(m[2].trim())) pids.push(Number(m[1]));
    }
  }
  return pids.filter((p) => p !== process.pid);
}

export async function cursorDbUsers(dbPath: string, platform: NodeJS.Platform = process.platform): Promise<DbUsers> {
  if (platform === 'linux') return { pids: procFdUsers(dbPath), method: 'proc-fd' };
  if (platform === 'darwin') {
    const lsof = await run('lsof', ['-t', '--', dbPath]);
    const pids = lsof
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isInteger(n) && n > 0 && n !== process.pid);
    if (lsof.trim() !== '' || pids.length > 0) return { pids, method: 'lsof' };
    return { pids: parseProcessList('darwin', await run('ps', ['-axo', 'pid=,comm='])), method: 'process-name' };
  }
  return { pids: parseProcessList('win32', await run('tasklist', ['/FO', 'CSV', '/NH'])), method: 'process-name' };
}

export type WaitOutcome = { exited: true } | { exited: false; pids: number[]; reason: 'timeout' | 'aborted' };

/**
 * Waits until no process uses the database (and, if given, until waitPid is gone).
 * Polls every pollMs; gives up at timeoutMs or when the signal aborts.
 */
export async function waitForCursorExit(
  dbPath: string,
  options: { waitPid?: number; timeoutMs: number; pollMs?: number; signal?: AbortSignal; platform?: NodeJS.Platform },
): Promise<WaitOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const pidAlive = options.waitPid !== undefined && isProcessAlive(options.waitPid);
    const users = await cursorDbUsers(dbPath, options.platform);
    if (!pidAlive && users.pids.length === 0) return { exited: true };
    const pids = pidAlive ? [options.waitPid!, ...users.pids.filter((p) => p !== options.waitPid)] : users.pids;
    if (options.signal?.aborted) return { exited: false, pids, reason: 'aborted' };
    if (Date.now() >= deadline) return { exited: false, pids, reason: 'timeout' };
    await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
  }
}

/** The command line of a pid (Linux), used to relaunch Cursor the way it was started. */
export function procCmdline(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}
