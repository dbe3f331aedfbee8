// Target 3: Continue (~/.continue/config.yaml). Continue runs inside the editor and calls the
// server from this machine, so a tailnet-only URL works — this is the route that works inside
// Cursor when Cursor's own chat cannot reach the tailnet.
// Tailspark manages ONE entry in `models:` named MANAGED_ENTRY_NAME: {name, provider: openai,
// model, apiBase}. The file is parsed with the `yaml` package's Document API (which knows every
// node's source range) and only the text of our entry is spliced in or out, so comments,
// quoting and layout of everything else stay byte-exact. Never writes an apiKey.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Node, YAMLMap } from 'yaml';
import { z } from 'zod';

type Yaml = typeof import('yaml');
let yamlModule: Yaml | undefined;
/** yaml (~120 kB) is required on first use only, so activation never parses it (see esbuild.mjs). */
function yaml(): Yaml {
  yamlModule ??= require('yaml') as Yaml;
  return yamlModule;
}
import { makeFinding } from '../findings';
import { BackupStore, backupPathFor, type MaybeValue } from './backupStore';
import { localReachability } from './reachability';
import { applyTextEdits, EditRecorder, eolOf, type TextEdit, undoText } from './textEdits';
import { readTextIfExists, withFileLock, writeTextAtomic } from './textFiles';
import { type ApplyResult, type Detection, FindingError, MANAGED_ENTRY_NAME, type ReadResult, type Reachability, type Target, type VerifiedEndpoint } from './types';

export function defaultContinueConfigPath(home = homedir()): string {
  return join(home, '.continue', 'config.yaml');
}

export interface ContinueTargetOptions {
  configPath: string;
  stateDir: string;
}

export type ContinueModel = { name: string; provider: string; model: string; apiBase: string } & Record<string, unknown>;

// A `models:` entry as Tailspark reads it: ours is the mapping named MANAGED_ENTRY_NAME, and its
// apiBase counts only when it is a string. Other entries may hold anything (never touched), and
// every other key passes through. The schemas only check: the parsed entries are used as they
// are, because zod's output is a copy with a different key order (entries are compared and
// rewritten key by key).
const entrySchema = z.looseObject({ name: z.unknown().optional(), apiBase: z.unknown().optional(), apiKey: z.unknown().optional() });
const managedEntrySchema = entrySchema.extend({ name: z.literal(MANAGED_ENTRY_NAME) });
const apiBaseSchema = z.string();

type Entry = z.infer<typeof entrySchema>;

const isEntry = (value: unknown): value is Entry => entrySchema.safeParse(value).success;
const isManagedEntry = (value: unknown): value is Entry => managedEntrySchema.safeParse(value).success;
const apiBaseOf = (entry: Entry | undefined): string | undefined => apiBaseSchema.safeParse(entry?.apiBase).data;

interface Located {
  text: string;
  /** null: the file is empty or holds only comments (valid YAML, just no content yet). */
  root: YAMLMap | null;
  /** The `models` value when it is a block list, null when the key is absent. */
  models: { items: Node[]; flowEmpty: boolean; range: [number, number] } | null;
  index: number;
  entries: unknown[];
  /** Our entry (entries[index]); undefined when there is none. */
  managed: Entry | undefined;
}

/** The keys Tailspark sets in its entry; every other key (apiKey included) is the user's. */
const MANAGED_KEYS = ['name', 'provider', 'model', 'apiBase'] as const;

/** Continue's own default header (what it writes to a new config.yaml): its schema requires
 * name and version, so an empty file gets them together with the models list. */
const DEFAULT_HEADER = ['name: Local Config', 'version: 1.0.0', 'schema: v1'];

const lineStart = (text: string, pos: number) => text.lastIndexOf('\n', pos - 1) + 1;
/** A node's valueEnd may lie after the newline that ends it: step back over trailing whitespace. */
const contentEnd = (text: string, pos: number) => {
  let e = pos;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  return e;
};
/** End of the line holding pos, before its line break (\r\n or \n). */
const lineEnd = (text: string, pos: number) => {
  const i = text.indexOf('\n', pos);
  if (i < 0) return text.length;
  return i > 0 && text[i - 1] === '\r' ? i - 1 : i;
};
/** Position after the line break that ends the line holding pos. */
const nextLine = (text: string, pos: number) => {
  const i = text.indexOf('\n', pos);
  return i < 0 ? text.length : i + 1;
};

/** Render a mapping as block YAML whose continuation lines are indented to `indent`. */
function renderMapping(value: Record<string, unknown>, indent: string, eol: string): string {
  const lines = yaml().stringify(value, { lineWidth: 0 }).trimEnd().split('\n');
  return lines.map((l, i) => (i === 0 ? l : indent + l)).join(eol);
}

const scalarText = (value: unknown) => yaml().stringify(value, { lineWidth: 0 }).trimEnd();

/** JSON with sorted keys: entries are compared by content, not by key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export class ContinueTarget implements Target {
  readonly id = 'continue' as const;
  readonly label = 'Continue (config.yaml)';

  constructor(private readonly options: ContinueTargetOptions) {}

  private get path(): string {
    return this.options.configPath;
  }

  private get backupKey(): string {
    return `continue:${this.path}`;
  }

  async detect(): Promise<Detection> {
    const present = existsSync(this.path);
    return { present, where: this.path, reason: present ? 'Continue config found' : 'Continue config.yaml not found' };
  }

  private unreadable(message: string): FindingError {
    return new FindingError(makeFinding('target.fileUnreadable', { target: 'Continue config.yaml', where: this.path, format: 'YAML', message }));
  }

  private locate(): Located {
    const text = readTextIfExists(this.path);
    if (text === undefined) {
      throw new FindingError(makeFinding('target.fileMissing', { target: 'Continue config.yaml', where: this.path, why: 'Continue creates it on first start' }));
    }
    const doc = yaml().parseDocument(text);
    if (doc.errors.length > 0) throw this.unreadable(doc.errors[0].message.split('\n')[0]);
    const root = doc.contents;
    if (root === null) return { text, root: null, models: null, index: -1, entries: [], managed: undefined };
    if (!yaml().isMap(root)) throw this.unreadable('the top level is not a mapping');
    const pair = root.items.find((p) => yaml().isScalar(p.key) && p.key.value === 'models');
    if (!pair) return { text, root, models: null, index: -1, entries: [], managed: undefined };
    const value = pair.value as Node | null;
    if (yaml().isSeq(value) && !value.flow) {
      const entries = value.items.map((item) => (yaml().isMap(item) ? item.toJSON() : (item as Node).toJSON?.()));
      const index = entries.findIndex(isManagedEntry);
      const managed = entries[index];
      return {
        text,
        root,
        models: { items: value.items as Node[], flowEmpty: false, range: [value.range![0], value.range![1]] },
        index,
        entries,
        managed: isManagedEntry(managed) ? managed : undefined,
      };
    }
    if (yaml().isSeq(value) && value.items.length === 0) {
      return { text, root, models: { items: [], flowEmpty: true, range: [value.range![0], value.range![1]] }, index: -1, entries: [], managed: undefined };
    }
    throw this.unreadable('"models" is not a block list; Tailspark edits only "models:" written as "- " items');
  }

  async read(): Promise<ReadResult> {
    try {
      return { ok: true, value: apiBaseOf(this.locate().managed), where: this.path };
    } catch (err) {
      if (err instanceof FindingError) return { ok: false, finding: err.finding };
      throw err;
    }
  }

  async inSync(url: string): Promise<boolean> {
    const r = await this.read();
    return r.ok && r.value === url;
  }

  reachability(url: string): Reachability {
    return localReachability(url);
  }

  /**
   * The smallest edits that make our entry hold `entry` (or remove it when undefined). An existing
   * entry is edited value by value: the user's keys, their comments and the apiKey line are not
   * touched, so the reverse edits never hold a key. Everything outside the edits stays byte-exact.
   */
  private entryEdits(loc: Located, entry: Record<string, unknown> | undefined): TextEdit[] {
    const { text, models, index } = loc;
    const eol = eolOf(text);
    if (index >= 0 && models) {
      const item = models.items[index];
      const valueEnd = contentEnd(text, item.range![1]);
      if (!entry) {
        if (models.items.length === 1) {
          // Our entry is the only one: leave Continue's own empty list, `models: []`.
          const from = contentEnd(text, models.range[0]);
          return [{ offset: from, length: valueEnd - from, content: ' []' }];
        }
        const from = lineStart(text, item.range![0]);
        return [{ offset: from, length: nextLine(text, valueEnd) - from, content: '' }];
      }
      if (yaml().isMap(item) && !item.flow && item.items.length > 0) return this.valueEdits(text, item, entry, eol);
      const start = item.range![0];
      return [{ offset: start, length: valueEnd - start, content: renderMapping(entry, ' '.repeat(start - lineStart(text, start)), eol) }];
    }
    if (!entry) return [];
    if (models && !models.flowEmpty) {
      // Append after the last item, with the same "  - " prefix as the first item.
      const first = models.items[0].range![0];
      const prefix = text.slice(lineStart(text, first), first);
      const dashPrefix = /^\s*-\s+$/.test(prefix) ? prefix : '  - ';
      const at = lineEnd(text, contentEnd(text, models.items[models.items.length - 1].range![1]));
      return [{ offset: at, length: 0, content: `${eol}${dashPrefix}${renderMapping(entry, ' '.repeat(dashPrefix.length), eol)}` }];
    }
    const block = `${eol}  - ${renderMapping(entry, '    ', eol)}`;
    if (models?.flowEmpty) {
      const from = contentEnd(text, models.range[0]);
      return [{ offset: from, length: models.range[1] - from, content: block }];
    }
    const sep = text === '' || text.endsWith('\n') ? '' : eol;
    const header = loc.root === null ? DEFAULT_HEADER.map((l) => l + eol).join('') : '';
    return [{ offset: text.length, length: 0, content: `${sep}${header}models:${block}${eol}` }];
  }

  /** Set our keys in the existing block mapping one value at a time; add missing keys after its
   * last line, drop ours that `entry` lacks (revert to an entry that had fewer keys). */
  private valueEdits(text: string, map: YAMLMap, entry: Record<string, unknown>, eol: string): TextEdit[] {
    const edits: TextEdit[] = [];
    const pairs = map.items;
    const firstKey = (pairs[0].key as Node).range![0];
    const indent = ' '.repeat(firstKey - lineStart(text, firstKey));
    const last = pairs[pairs.length - 1];
    const lastEnd = lineEnd(text, contentEnd(text, ((last.value as Node | null) ?? (last.key as Node)).range![1]));
    let added = '';
    for (const key of MANAGED_KEYS) {
      const pair = pairs.find((p) => yaml().isScalar(p.key) && p.key.value === key);
      const value = pair?.value as Node | null | undefined;
      if (!(key in entry)) {
        if (pair && pair !== pairs[0]) {
          const from = lineStart(text, (pair.key as Node).range![0]);
          edits.push({ offset: from, length: nextLine(text, contentEnd(text, (value ?? (pair.key as Node)).range![1])) - from, content: '' });
        }
        continue;
      }
      const want = entry[key];
      if (!pair) added += `${eol}${indent}${key}: ${scalarText(want)}`;
      else if (value && yaml().isScalar(value) && value.value === want) continue;
      else if (value?.range) edits.push({ offset: value.range[0], length: value.range[1] - value.range[0], content: scalarText(want) });
      else {
        const at = lineEnd(text, (pair.key as Node).range![0]);
        edits.push({ offset: at, length: 0, content: ` ${scalarText(want)}` });
      }
    }
    if (added) edits.push({ offset: lastEnd, length: 0, content: added });
    return edits;
  }

  /** Re-parse the new text: our entry must be as wanted and every other entry/key unchanged. */
  private verify(before: Located, entry: Record<string, unknown> | undefined): void {
    const after = this.locate();
    const others = (l: Located) => l.entries.filter((_, i) => i !== l.index);
    // An empty file gains Continue's header keys along with the list (and loses them on revert).
    const skip = new Set(['models', ...(before.root === null || after.root === null ? ['name', 'version', 'schema'] : [])]);
    const topLevel = (l: Located) => JSON.stringify(l.root?.toJSON() ?? {}, (k, v) => (skip.has(k) ? undefined : v));
    const ok =
      JSON.stringify(others(before)) === JSON.stringify(others(after)) &&
      topLevel(before) === topLevel(after) &&
      canonical(after.index >= 0 ? after.entries[after.index] : undefined) === canonical(entry);
    if (!ok) throw new Error('verification after writing failed: the file does not hold what Tailspark meant to write');
  }

  /** Write the new text; if re-parsing shows anything else changed, put the old text back. Runs
   * under the file's lock, so no other writer can change the file in between. */
  private writeVerified(loc: Located, text: string, entry: Record<string, unknown> | undefined): void {
    writeTextAtomic(this.path, text);
    try {
      this.verify(loc, entry);
    } catch (err) {
      writeTextAtomic(this.path, loc.text);
      throw err;
    }
  }

  async apply(endpoint: VerifiedEndpoint): Promise<ApplyResult> {
    const where = this.path;
    return this.guard(async () => {
      const loc = this.locate();
      const current = loc.managed;
      // Keep keys the user added to our entry (except we never touch apiKey either way).
      const wanted: Record<string, unknown> = {
        ...(current ?? {}),
        name: MANAGED_ENTRY_NAME,
        provider: 'openai',
        model: endpoint.models[0].id,
        apiBase: endpoint.baseUrl,
      };
      if (canonical(current) === canonical(wanted)) return { status: 'unchanged', where, now: endpoint.baseUrl };
      const { apiKey: _k, ...previousWithoutKey } = current ?? {};
      const { apiKey: _w, ...writtenWithoutKey } = wanted;
      const previous: MaybeValue = current ? { present: true, value: previousWithoutKey } : { present: false };
      const edit = new EditRecorder(loc.text);
      edit.apply(this.entryEdits(loc, wanted));
      new BackupStore(backupPathFor(this.options.stateDir)).remember(
        this.backupKey,
        { target: this.id, where, previous, written: { present: true, value: writtenWithoutKey } },
        previous,
        { before: loc.text, after: edit.text, steps: edit.steps },
      );
      this.writeVerified(loc, edit.text, wanted);
      return { status: 'written', where, previous: apiBaseOf(current), now: endpoint.baseUrl };
    });
  }

  async revert(): Promise<ApplyResult> {
    const where = this.path;
    const store = new BackupStore(backupPathFor(this.options.stateDir));
    const entry = store.get(this.backupKey);
    if (!entry) return { status: 'failed', where, finding: makeFinding('target.noBackup', { target: this.label, where: store.path }) };
    return this.guard(async () => {
      const loc = this.locate();
      const current = loc.managed;
      let restored: Entry | undefined;
      if (entry.previous.present) {
        const saved = entry.previous.value;
        if (!isEntry(saved)) throw new Error('the saved previous entry is not a mapping');
        restored = { ...saved };
        if (current?.apiKey !== undefined) restored.apiKey = current.apiKey; // never touched by us
      }
      // Untouched since Tailspark wrote it: give back the very bytes that were there before.
      const exact = undoText(entry.undo, loc.text);
      if (exact !== undefined) this.writeVerified(loc, exact, restored);
      else this.writeVerified(loc, applyTextEdits(loc.text, this.entryEdits(loc, restored)), restored);
      store.delete(this.backupKey);
      return { status: 'reverted', where, restored: apiBaseOf(restored) };
    });
  }

  /** Runs fn under the file's own lock; failures become findings. */
  private async guard(fn: () => Promise<ApplyResult>): Promise<ApplyResult> {
    try {
      const locked = await withFileLock(this.path, fn);
      return locked.ok ? locked.value : { status: 'failed', where: this.path, finding: locked.finding };
    } catch (err) {
      if (err instanceof FindingError) return { status: 'failed', where: this.path, finding: err.finding };
      return { status: 'failed', where: this.path, finding: makeFinding('target.fileWriteFailed', { target: 'Continue config.yaml', where: this.path, message: (err as Error).message }) };
    }
  }
}
