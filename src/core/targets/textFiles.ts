// Small file helpers shared by the file-based targets: read a text file that may be missing,
// and replace a file atomically (temp file + rename) keeping its permissions.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';

export function readTextIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** A crash leaves the old or the new content, never half of it. */
export function writeTextAtomic(path: string, text: string): void {
  let mode = 0o644;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    // new file
  }
  const tmp = `${path}.tailspark-${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, path);
}
