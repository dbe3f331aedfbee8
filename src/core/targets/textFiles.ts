// Small file helpers shared by the file-based targets: read a text file that may be missing,
// replace a file atomically (temp file + rename) keeping its permissions, and hold the file's own
// lock while reading, changing and verifying it.
import { readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { type LockResult, withWriterLock } from './writerLock';

export function readTextIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The file a path names: a symlinked config (dotfile managers) is written through its link. */
export function resolvedPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path; // missing (or a dangling link): write the path itself
  }
}

/** A crash leaves the old or the new content, never half of it. The temp file sits next to the
 * real file (a rename across a symlink would replace the link with a regular file). */
export function writeTextAtomic(path: string, text: string): void {
  const target = resolvedPath(path);
  let mode = 0o644;
  try {
    mode = statSync(target).mode & 0o777;
  } catch {
    // new file
  }
  const tmp = `${target}.tailspark-${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, target);
}

/** The lock of one config file: next to the file itself, so every writer of that file (each
 * editor window with its own state folder, the CLI) takes the same one. */
export function fileLockPathFor(path: string): string {
  return `${resolvedPath(path)}.tailspark.lock`;
}

/** Run a read-change-verify of `path` while holding its lock (see writerLock.ts: stale locks of
 * dead processes are taken over). */
export function withFileLock<T>(path: string, fn: () => Promise<T>, waitMs = 10_000): Promise<LockResult<T>> {
  return withWriterLock(fileLockPathFor(path), fn, { waitMs, pollMs: 20 });
}
