// The Tailspark backup store: one JSON file in the caller's state directory that remembers, per
// target location, the value that was there before Tailspark first wrote it, and what Tailspark
// wrote. revert() restores `previous` exactly ("was absent" included). It never holds secrets:
// put() refuses values that carry an API key, token or password.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { recordable, sha256, type TextEdit, undoSchema } from './textEdits';

/** A value that may be absent: `{present: false}` restores to "key/row/entry did not exist". */
export const maybeValueSchema = z.object({ present: z.boolean(), value: z.unknown().optional() });
export type MaybeValue = z.infer<typeof maybeValueSchema>;

const entrySchema = z.object({
  target: z.string(),
  where: z.string(),
  savedAt: z.string(),
  previous: maybeValueSchema,
  written: maybeValueSchema,
  /** File targets: how to give back the file byte for byte (see textEdits.ts). */
  undo: undoSchema.optional(),
});
export type BackupEntry = z.infer<typeof entrySchema>;

const fileSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), entrySchema) });

export const BACKUP_FILE_NAME = 'target-backups.json';

export function backupPathFor(stateDir: string): string {
  return join(stateDir, BACKUP_FILE_NAME);
}

const SECRET_KEY = /api[-_]?key|token|password|passphrase|secret|authorization/i;
const SECRET_REFERENCE = /^\$\{input:[^}]+\}$/;

/** Throws when a value would put a secret into the store (a reference like ${input:…} is fine). */
export function assertNoSecrets(value: unknown, path = 'value'): void {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) assertNoSecrets(v, `${path}[${i}]`);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEY.test(k) && typeof v === 'string' && v !== '' && !SECRET_REFERENCE.test(v)) {
        throw new Error(`refusing to store a secret (${path}.${k}) in the backup store`);
      }
      assertNoSecrets(v, `${path}.${k}`);
    }
  }
}

export class BackupStore {
  constructor(readonly path: string) {}

  static inStateDir(stateDir: string): BackupStore {
    return new BackupStore(backupPathFor(stateDir));
  }

  private load(): z.infer<typeof fileSchema> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: {} };
      throw err;
    }
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`backup store ${this.path} is not in the expected format: ${parsed.error.message}`);
    return parsed.data;
  }

  private save(data: z.infer<typeof fileSchema>): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.path); // atomic: a crash leaves the old or the new file, never half of one
  }

  get(key: string): BackupEntry | undefined {
    return this.load().entries[key];
  }

  /**
   * Remember `previous` before writing `written`. If an entry exists and the location still holds
   * what Tailspark wrote last time, the older `previous` is kept (so revert goes back to the value
   * from before Tailspark, not to Tailspark's own earlier URL). If the user changed the value in
   * between, their value becomes the new `previous`.
   */
  remember(key: string, entry: Omit<BackupEntry, 'savedAt' | 'undo'>, current: MaybeValue, edit?: FileEdit): void {
    assertNoSecrets(entry.previous.value, 'previous');
    assertNoSecrets(entry.written.value, 'written');
    const data = this.load();
    const existing = data.entries[key];
    const keepOlder = existing && sameValue(existing.written, current);
    data.entries[key] = {
      ...entry,
      previous: keepOlder ? existing.previous : entry.previous,
      savedAt: keepOlder ? existing.savedAt : new Date().toISOString(),
      ...(edit ? undoAfter(edit, keepOlder ? existing.undo : undefined, keepOlder) : {}),
    };
    this.save(data);
  }

  delete(key: string): void {
    const data = this.load();
    if (!(key in data.entries)) return;
    delete data.entries[key];
    this.save(data);
  }
}

/** A file edit about to be written: the text before, the text after, and the reverse steps. */
export interface FileEdit {
  before: string;
  after: string;
  steps: TextEdit[][];
}

/** The undo record after this edit: chained onto the older one when the file is still exactly what
 * Tailspark wrote last time, none when the older value is kept but the bytes moved on. */
function undoAfter(edit: FileEdit, older: BackupEntry['undo'], keepOlder: boolean | undefined): Pick<BackupEntry, 'undo'> {
  if (!recordable(edit.steps)) return {};
  if (!keepOlder) return { undo: { after: sha256(edit.after), steps: edit.steps } };
  if (!older || older.after !== sha256(edit.before)) return {};
  return { undo: { after: sha256(edit.after), steps: [...edit.steps, ...older.steps] } };
}

export function sameValue(a: MaybeValue, b: MaybeValue): boolean {
  if (a.present !== b.present) return false;
  return !a.present || JSON.stringify(a.value) === JSON.stringify(b.value);
}
