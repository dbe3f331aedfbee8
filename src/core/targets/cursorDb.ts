// Reads and patches Cursor's base-URL setting: the `openAIBaseUrl` / `useOpenAIKey` properties of
// ONE JSON row in <userData>/User/globalStorage/state.vscdb (ItemTable, key
// CURSOR_APPLICATION_USER_KEY). Every other row, and every other property of that row, stays
// byte-identical.
//
// SQLite engine: node-sqlite3-wasm (WebAssembly, no native module). Its VFS does file I/O with
// positioned fs.readSync/writeSync page by page; it does NOT load the file into memory.
// Measured (Node 20, 308 MB state.vscdb with 30k cursorDiskKV rows, strace -e pread64,pwrite64):
//   read the row:  8 pread64 calls, 15 258 bytes read, 95 ms, max RSS 61 MB (RSS of a bare node ≈ 50 MB)
//   patch the row: 2 pages (8 KB) written to the DB + 8.7 KB rollback journal, 127 ms, max RSS 81 MB
// (test/integration/targets/sqliteEngine.test.ts re-measures this on every run).
//
// Locking caveat (why Tailspark writes only while Cursor is not running, and reads with a
// consistency check): this VFS locks with a `<db>.lock` DIRECTORY (mkdir), not with the POSIX
// fcntl locks native SQLite (Cursor) uses, so the two do not see each other's locks.
//   - Writes: only when no process has the file open (cursorProcesses.ts), inside BEGIN IMMEDIATE.
//   - Reads while Cursor runs: the file-change counter (header bytes 24..27) and the absence of a
//     rollback journal are checked before and after; a read that overlapped a write is retried.
//   - A writer killed mid-transaction leaves `<db>.lock` and `<db>-journal`. Before COMMIT began the
//     journal header is still zeroed (not "hot"): the database file is intact, clearStaleWasmLock()
//     removes the lock directory and the next write simply starts over (tested with SIGKILL).
//   - A HOT journal (magic header: a writer died while committing, or spilled pages) means the
//     file is half-updated. This engine cannot roll it back: its xCheckReservedLock sees its OWN
//     `.lock` directory (taken for the SHARED lock just before SQLite's hot-journal check), so the
//     journal never looks hot to it (measured: the journal stays, no error). Native SQLite does it
//     (Cursor on its next start), so we refuse with target.cursorDbInterrupted and say so.
import { accessSync, closeSync, constants, existsSync, openSync, readSync, rmdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { applyEdits, modify } from './jsonc';
import { Database } from 'node-sqlite3-wasm';
import { z } from 'zod';
import { type Finding, makeFinding } from '../findings';
import type { MaybeValue } from './backupStore';
import { quoteArgv } from '../util/argv';
import { CURSOR_APPLICATION_USER_KEY } from './cursorPaths';

/** The two properties Tailspark manages. `present: false` means "property absent". */
export interface CursorValues {
  openAIBaseUrl: MaybeValue;
  useOpenAIKey: MaybeValue;
}

export interface CursorRow {
  /** The row's JSON text exactly as stored. */
  text: string;
  /** SQLite storage class of the value; a write keeps it. */
  storedAs: 'text' | 'blob';
  values: CursorValues;
}

export type CursorRead = { ok: true; row: CursorRow } | { ok: false; finding: Finding };
export type CursorWrite = { ok: true; before: CursorValues; after: CursorValues; changed: boolean } | { ok: false; finding: Finding };

export interface DbOptions {
  /** How long to retry while the database is busy. */
  busyTimeoutMs?: number;
}

const SQLITE_HEADER = 'SQLite format 3\0';

interface Header {
  changeCounter: number;
  wal: boolean;
}

function readHeader(dbPath: string): Header | string {
  const fd = openSync(dbPath, 'r');
  try {
    const buf = Buffer.alloc(100);
    const n = readSync(fd, buf, 0, 100, 0);
    if (n < 100 || buf.toString('latin1', 0, 16) !== SQLITE_HEADER) return 'not a SQLite 3 database (bad header)';
    return { changeCounter: buf.readUInt32BE(24), wal: buf[18] === 2 || buf[19] === 2 };
  } finally {
    closeSync(fd);
  }
}

const JOURNAL_MAGIC = Buffer.from('d9d505f920a163d7', 'hex');

/**
 * A rollback journal is "hot" (a write is committing, or one died while committing) only when its
 * header carries SQLite's magic; SQLite writes the magic at commit time. A journal with a zeroed
 * header belongs to a transaction that never reached commit: the database file is intact.
 */
export function hasHotJournal(dbPath: string): boolean {
  try {
    const fd = openSync(`${dbPath}-journal`, 'r');
    try {
      const buf = Buffer.alloc(8);
      return readSync(fd, buf, 0, 8, 0) === 8 && buf.equals(JOURNAL_MAGIC);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Classify an SQLite error text into a finding. */
/**
 * A permission problem is not corruption: SQLite needs to write the file and to create its
 * journal (and node-sqlite3-wasm its lock directory) in the folder. Names what is read-only.
 */
export function readOnlyFinding(dbPath: string): Finding | undefined {
  for (const [path, what] of [
    [dbPath, 'file'],
    [dirname(dbPath), 'folder'],
  ] as const) {
    try {
      accessSync(path, constants.W_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') continue;
      const message = code === 'EROFS' ? `the ${what} is on a read-only file system` : `the ${what} is not writable (${code})`;
      return makeFinding('target.cursorDbReadOnly', { where: path, message, ...(code === 'EROFS' ? {} : { command: quoteArgv(['chmod', 'u+w', path]) }) });
    }
  }
  return undefined;
}

function sqliteFinding(dbPath: string, err: unknown, busyTimeoutMs: number): Finding {
  const message = err instanceof Error ? err.message : String(err);
  if (/readonly|read-only|unable to open|permission|EACCES/i.test(message)) {
    const readOnly = readOnlyFinding(dbPath);
    if (readOnly) return readOnly;
  }
  if (/locked|busy/i.test(message)) return makeFinding('target.cursorDbLocked', { where: dbPath, message, timeoutMs: busyTimeoutMs });
  return makeFinding('target.cursorDbCorrupt', { where: dbPath, message });
}

/** The applicationUser row: the two properties Tailspark manages are typed (Cursor stores a null
 * base URL when none is set); all other properties pass through unchecked. Only validated here:
 * writes patch the row's TEXT (patchApplicationUser), so nothing else is re-serialised. */
const applicationUserSchema = z.looseObject(
  {
    openAIBaseUrl: z.string({ error: 'openAIBaseUrl is not a string' }).nullable().optional(),
    useOpenAIKey: z.boolean({ error: 'useOpenAIKey is not a boolean' }).optional(),
  },
  { error: 'not a JSON object' },
);

/** Any JSON object. Used as a check only: the comparisons below need the parsed objects
 * themselves (zod's output would be a copy, and a "__proto__" member would not survive it). */
const jsonObjectSchema = z.record(z.string(), z.unknown());
const isJsonObject = (value: unknown): value is Record<string, unknown> => jsonObjectSchema.safeParse(value).success;

/** Parse the row text; only a JSON object whose two properties have the expected types passes. */
export function parseApplicationUser(text: string): { ok: true; values: CursorValues } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `not JSON: ${(err as Error).message}` };
  }
  const parsed = applicationUserSchema.safeParse(json);
  // Issues come in the order checked: the object itself, then openAIBaseUrl, then useOpenAIKey.
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'not a JSON object' };
  const row = parsed.data;
  return {
    ok: true,
    values: {
      openAIBaseUrl: 'openAIBaseUrl' in row ? { present: true, value: row.openAIBaseUrl } : { present: false },
      useOpenAIKey: 'useOpenAIKey' in row ? { present: true, value: row.useOpenAIKey } : { present: false },
    },
  };
}

/**
 * Set (or remove, for present:false) the two properties with minimal text edits: jsonc-parser's
 * modify() replaces only the value text (or inserts/removes one `"key":value` member), so key
 * order, whitespace and number spellings of every other property stay byte-identical. The result
 * is verified: every other property deep-equals the original, the two equal the wanted values.
 */
export function patchApplicationUser(text: string, wanted: CursorValues): { ok: true; text: string } | { ok: false; message: string } {
  let out = text;
  for (const key of ['openAIBaseUrl', 'useOpenAIKey'] as const) {
    const v = wanted[key];
    out = applyEdits(out, modify(out, [key], v.present ? v.value : undefined, {}));
  }
  const before: unknown = JSON.parse(text);
  let after: unknown;
  try {
    after = JSON.parse(out);
  } catch (err) {
    return { ok: false, message: `patched text is not JSON: ${(err as Error).message}` };
  }
  if (!isJsonObject(before)) return { ok: false, message: 'not a JSON object' };
  if (!isJsonObject(after)) return { ok: false, message: 'patched text is not a JSON object' };
  const others = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'openAIBaseUrl' && k !== 'useOpenAIKey'));
  if (JSON.stringify(others(before)) !== JSON.stringify(others(after))) return { ok: false, message: 'other properties would change' };
  for (const key of ['openAIBaseUrl', 'useOpenAIKey'] as const) {
    const v = wanted[key];
    if ((key in after) !== v.present || (v.present && after[key] !== v.value)) return { ok: false, message: `${key} not set as wanted` };
  }
  return { ok: true, text: out };
}

function decodeValue(value: unknown): { text: string; storedAs: 'text' | 'blob' } | undefined {
  if (typeof value === 'string') return { text: value, storedAs: 'text' };
  if (value instanceof Uint8Array) return { text: Buffer.from(value).toString('utf8'), storedAs: 'blob' };
  return undefined;
}

function selectRow(db: Database, dbPath: string): CursorRead {
  const r = db.get('SELECT value FROM ItemTable WHERE key = ?', CURSOR_APPLICATION_USER_KEY) as { value: unknown } | null;
  if (!r) return { ok: false, finding: makeFinding('target.cursorRowMissing', { where: dbPath, key: CURSOR_APPLICATION_USER_KEY }) };
  const decoded = decodeValue(r.value);
  if (!decoded) {
    return { ok: false, finding: makeFinding('target.cursorJsonUnexpected', { where: dbPath, message: `value is ${typeof r.value}` }) };
  }
  const parsed = parseApplicationUser(decoded.text);
  if (!parsed.ok) return { ok: false, finding: makeFinding('target.cursorJsonUnexpected', { where: dbPath, message: parsed.message }) };
  return { ok: true, row: { ...decoded, values: parsed.values } };
}

/** Checks that make a read/write pointless: missing file, not SQLite, WAL mode. */
function precheck(dbPath: string): Header | Finding {
  if (!existsSync(dbPath)) return makeFinding('target.cursorDbMissing', { where: dbPath });
  let header: Header | string;
  try {
    header = readHeader(dbPath);
  } catch (err) {
    return makeFinding('target.cursorDbCorrupt', { where: dbPath, message: (err as Error).message });
  }
  if (typeof header === 'string') return makeFinding('target.cursorDbCorrupt', { where: dbPath, message: header });
  if (header.wal) {
    return makeFinding('target.cursorDbCorrupt', {
      where: dbPath,
      message: 'the database is in WAL mode, which Tailspark cannot open safely next to Cursor',
    });
  }
  return header;
}

function openDb(dbPath: string, readOnly: boolean, busyTimeoutMs: number): Database {
  const db = new Database(dbPath, { readOnly, fileMustExist: true });
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  return db;
}

function closeQuietly(db: Database | undefined): void {
  try {
    if (db?.isOpen) db.close();
  } catch {
    // closing after an error: nothing more to do
  }
}

/**
 * Read the row without writing anything. Safe while Cursor runs: a read that overlapped a
 * Cursor write (journal present or change counter moved) is retried until busyTimeoutMs.
 */
export function readCursorRow(dbPath: string, options: DbOptions = {}): CursorRead {
  const busyTimeoutMs = options.busyTimeoutMs ?? 2000;
  const deadline = Date.now() + busyTimeoutMs;
  for (;;) {
    const before = precheck(dbPath);
    if ('code' in before) return { ok: false, finding: before };
    let result: CursorRead | undefined;
    let db: Database | undefined;
    try {
      if (!hasHotJournal(dbPath)) {
        db = openDb(dbPath, true, Math.max(0, deadline - Date.now()));
        result = selectRow(db, dbPath);
      }
    } catch (err) {
      return { ok: false, finding: sqliteFinding(dbPath, err, busyTimeoutMs) };
    } finally {
      closeQuietly(db);
    }
    const after = precheck(dbPath);
    if (result && !('code' in after) && after.changeCounter === before.changeCounter && !hasHotJournal(dbPath)) return result;
    if (Date.now() >= deadline) {
      if (hasHotJournal(dbPath)) return { ok: false, finding: makeFinding('target.cursorDbInterrupted', { where: dbPath }) };
      return {
        ok: false,
        finding: makeFinding('target.cursorDbLocked', {
          where: dbPath,
          timeoutMs: busyTimeoutMs,
          message: existsSync(`${dbPath}.lock`) ? `the lock directory ${dbPath}.lock exists` : 'the file kept changing while reading',
        }),
      };
    }
    sleepSync(50);
  }
}

export interface WriteOptions extends DbOptions {
  /** Called inside the transaction with the old values, before the row changes (save the backup here). Throwing aborts. */
  beforeWrite?: (before: CursorValues) => void;
  /** Tests only: keep the transaction open this long before COMMIT (to kill the writer mid-write). */
  holdBeforeCommitMs?: number;
  /** Tests only: called while the transaction is held open. */
  onHold?: () => void;
}

/**
 * Patch the two properties inside one BEGIN IMMEDIATE transaction. Call only when no Cursor
 * process has the file open (see cursorProcesses.ts): Cursor would overwrite the change on exit.
 */
export function writeCursorRow(dbPath: string, wanted: CursorValues, options: WriteOptions = {}): CursorWrite {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const pre = precheck(dbPath);
  if ('code' in pre) return { ok: false, finding: pre };
  // Cursor is not running when we write, so a hot journal is an interrupted write, not a busy one.
  if (hasHotJournal(dbPath)) return { ok: false, finding: makeFinding('target.cursorDbInterrupted', { where: dbPath }) };
  const readOnly = readOnlyFinding(dbPath);
  if (readOnly) return { ok: false, finding: readOnly };
  let db: Database | undefined;
  try {
    db = openDb(dbPath, false, busyTimeoutMs);
    db.exec('BEGIN IMMEDIATE');
    const current = selectRow(db, dbPath);
    if (!current.ok) {
      db.exec('ROLLBACK');
      return current;
    }
    const { row } = current;
    const patched = patchApplicationUser(row.text, wanted);
    if (!patched.ok) {
      db.exec('ROLLBACK');
      return { ok: false, finding: makeFinding('target.cursorJsonUnexpected', { where: dbPath, message: patched.message }) };
    }
    if (patched.text === row.text) {
      db.exec('ROLLBACK');
      return { ok: true, before: row.values, after: row.values, changed: false };
    }
    try {
      options.beforeWrite?.(row.values);
    } catch (err) {
      db.exec('ROLLBACK');
      return { ok: false, finding: makeFinding('target.cursorHelperFailed', { where: dbPath, message: `backup failed: ${(err as Error).message}` }) };
    }
    const value = row.storedAs === 'blob' ? new Uint8Array(Buffer.from(patched.text, 'utf8')) : patched.text;
    const info = db.run('UPDATE ItemTable SET value = ? WHERE key = ?', [value, CURSOR_APPLICATION_USER_KEY]);
    if (info.changes !== 1) throw new Error(`UPDATE changed ${info.changes} rows, expected 1`);
    if (options.holdBeforeCommitMs) {
      options.onHold?.();
      sleepSync(options.holdBeforeCommitMs);
    }
    db.exec('COMMIT');
    return { ok: true, before: row.values, after: wanted, changed: true };
  } catch (err) {
    try {
      if (db?.isOpen && db.inTransaction) db.exec('ROLLBACK');
    } catch {
      // the original error is what matters
    }
    return { ok: false, finding: sqliteFinding(dbPath, err, busyTimeoutMs) };
  } finally {
    closeQuietly(db);
  }
}

/**
 * node-sqlite3-wasm locks with a `<db>.lock` directory; a writer that was killed leaves it behind
 * and every later open of ours would report "database is locked". Cursor never creates it. Remove
 * it when it is older than minAgeMs and no live Tailspark writer holds the writer lock.
 */
export function clearStaleWasmLock(dbPath: string, writerIsAlive: boolean, minAgeMs = 5000): boolean {
  const lockDir = `${dbPath}.lock`;
  try {
    if (writerIsAlive || Date.now() - statSync(lockDir).mtimeMs < minAgeMs) return false;
    rmdirSync(lockDir);
    return true;
  } catch {
    return false;
  }
}

