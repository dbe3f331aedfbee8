// One writer at a time across editor windows and CLI runs: a lock file created with O_EXCL that
// holds {pid, host, since}. A lock whose process is gone (or whose content is unreadable and old)
// is stale and taken over. Every apply/revert runs inside withWriterLock().
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { type Finding, makeFinding } from '../findings';

const lockContentSchema = z.object({ pid: z.number().int().positive(), host: z.string(), since: z.string() });
export type LockHolder = z.infer<typeof lockContentSchema>;

export type LockResult<T> = { ok: true; value: T; tookOverStaleLockOf?: LockHolder } | { ok: false; finding: Finding };

/** The one writer lock of a Tailspark state directory. */
export function lockPathFor(stateDir: string): string {
  return join(stateDir, 'targets.lock');
}

/** Locks this process holds now: nested withWriterLock() calls (plan → Cursor job) just run. */
const heldHere = new Set<string>();

/** True when a process with this pid exists (EPERM: exists but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLockHolder(lockPath: string): LockHolder | undefined {
  try {
    const parsed = lockContentSchema.safeParse(JSON.parse(readFileSync(lockPath, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A lock is stale when its holder died, or when it cannot be parsed and is older than 10 s. */
function isStale(lockPath: string): { stale: boolean; holder?: LockHolder } {
  const holder = readLockHolder(lockPath);
  if (holder) {
    // A lock from another machine (shared home directory) cannot be checked: never steal it.
    if (holder.host !== hostname()) return { stale: false, holder };
    return { stale: !isProcessAlive(holder.pid), holder };
  }
  try {
    // Half-written lock (writer died between create and write) or garbage.
    return { stale: Date.now() - statSync(lockPath).mtimeMs > 10_000 };
  } catch {
    return { stale: true }; // vanished meanwhile: just retry
  }
}

/** Try once to create the lock. */
function tryCreate(lockPath: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Runs fn while holding the lock. Waits up to waitMs for a live holder; returns a
 * target.writerBusy finding (nothing run) when it does not let go.
 */
export async function withWriterLock<T>(
  lockPath: string,
  fn: (info: { tookOverStaleLockOf?: LockHolder }) => Promise<T>,
  options: { waitMs?: number; pollMs?: number } = {},
): Promise<LockResult<T>> {
  if (heldHere.has(lockPath)) return { ok: true, value: await fn({}) };
  mkdirSync(dirname(lockPath), { recursive: true });
  const deadline = Date.now() + (options.waitMs ?? 3000);
  let tookOver: LockHolder | undefined;
  for (;;) {
    if (tryCreate(lockPath)) break;
    const { stale, holder } = isStale(lockPath);
    if (stale) {
      // Two processes may both see the stale lock; only one wins the following O_EXCL create.
      rmSync(lockPath, { force: true });
      tookOver = holder;
      continue;
    }
    if (Date.now() >= deadline) {
      return { ok: false, finding: makeFinding('target.writerBusy', { pid: holder?.pid, where: lockPath }) };
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
  }
  heldHere.add(lockPath);
  try {
    const value = await fn({ tookOverStaleLockOf: tookOver });
    return { ok: true, value, ...(tookOver ? { tookOverStaleLockOf: tookOver } : {}) };
  } finally {
    heldHere.delete(lockPath);
    // Remove only our own lock (a stale-taker may, in a pathological race, have replaced it).
    if (readLockHolder(lockPath)?.pid === process.pid) rmSync(lockPath, { force: true });
  }
}
