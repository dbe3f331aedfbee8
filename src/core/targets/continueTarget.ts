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
import { readTextIfExists, writeTextAtomic } from './textFiles';
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
  root: YAMLMap;
  /** The `models` value when it is a block list, null when the key is absent. */
  models: { items: Node[]; flowEmpty: boolean; range: [number, number] } | null;
  index: number;
  entries: unknown[];
  /** Our entry (entries[index]); undefined when there is none. */
  managed: Entry | undefined;
}

const lineStart = (text: string, pos: number) => text.lastIndexOf('\n', pos - 1) + 1;
/** A node's valueEnd may lie after the newline that ends it: step back over trailing whitespace. */
const contentEnd = (text: string, pos: number) => {
  let e = pos;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  return e;
};
const lineEnd = (text: string, pos: number) => {
  const i = text.indexOf('\n', pos);
  return i < 0 ? text.length : i;
};

/** Render a mapping as block YAML whose continuation lines are indented to `indent`. */
function renderMapping(value: Record<string, unknown>, indent: string): string {
  const lines = yaml().stringify(value, { lineWidth: 0 }).trimEnd().split('\n');
  return lines.map((l, i) => (i === 0 ? l : indent + l)).join('\n');
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

  /** New file text with our entry set to `entry` (or removed when undefined). Other text untouched. */
  private splice(loc: Located, entry: Record<string, unknown> | undefined): string {
    const { text, models, index } = loc;
    if (index >= 0 && models) {
      const item = models.items[index];
      const start = item.range![0];
      const valueEnd = contentEnd(text, item.range![1]);
      if (entry) return text.slice(0, start) + renderMapping(entry, ' '.repeat(start - lineStart(text, start))) + text.slice(valueEnd);
      if (models.items.length === 1) {
        // Our entry is the only one: drop the whole `models:` key we (or the user) left.
        const pair = loc.root.items.find((p) => yaml().isScalar(p.key) && p.key.value === 'models')!;
        const from = lineStart(text, (pair.key as Node).range![0]);
        return text.slice(0, from) + text.slice(Math.min(text.length, lineEnd(text, valueEnd) + 1));
      }
      return text.slice(0, lineStart(text, start)) + text.slice(Math.min(text.length, lineEnd(text, valueEnd) + 1));
    }
    if (!entry) return text;
    if (models && !models.flowEmpty) {
      // Append after the last item, with the same "  - " prefix as the first item.
      const first = models.items[0].range![0];
      const prefix = text.slice(lineStart(text, first), first);
      const dashPrefix = /^\s*-\s+$/.test(prefix) ? prefix : '  - ';
      const last = contentEnd(text, models.items[models.items.length - 1].range![1]);
      const at = lineEnd(text, last);
      const newItem = `${dashPrefix}${renderMapping(entry, ' '.repeat(dashPrefix.length))}`;
      return at < text.length ? `${text.slice(0, at + 1)}${newItem}\n${text.slice(at + 1)}` : `${text}\n${newItem}\n`;
    }
    const block = `\n  - ${renderMapping(entry, '    ')}`;
    if (models?.flowEmpty) return text.slice(0, models.range[0]).trimEnd() + block + text.slice(models.range[1]);
    const sep = text === '' || text.endsWith('\n') ? '' : '\n';
    return `${text}${sep}models:${block}\n`;
  }

  /** Re-parse the new text: our entry must be as wanted and every other entry/key unchanged. */
  private verify(before: Located, entry: Record<string, unknown> | undefined): void {
    const after = this.locate();
    const others = (l: Located) => l.entries.filter((_, i) => i !== l.index);
    const topLevel = (l: Located) => JSON.stringify(l.root.toJSON(), (k, v) => (k === 'models' ? undefined : v));
    const ok =
      JSON.stringify(others(before)) === JSON.stringify(others(after)) &&
      topLevel(before) === topLevel(after) &&
      JSON.stringify(after.index >= 0 ? after.entries[after.index] : undefined) === JSON.stringify(entry);
    if (!ok) throw new Error('verification after writing failed: the file does not hold what Tailspark meant to write');
  }

  /** Write the spliced text; if re-parsing shows anything else changed, put the old text back. */
  private writeVerified(loc: Located, entry: Record<string, unknown> | undefined): void {
    writeTextAtomic(this.path, this.splice(loc, entry));
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
      if (JSON.stringify(current) === JSON.stringify(wanted)) return { status: 'unchanged', where, now: endpoint.baseUrl };
      const { apiKey: _k, ...previousWithoutKey } = current ?? {};
      const { apiKey: _w, ...writtenWithoutKey } = wanted;
      const previous: MaybeValue = current ? { present: true, value: previousWithoutKey } : { present: false };
      new BackupStore(backupPathFor(this.options.stateDir)).remember(
        this.backupKey,
        { target: this.id, where, previous, written: { present: true, value: writtenWithoutKey } },
        previous,
      );
      this.writeVerified(loc, wanted);
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
      this.writeVerified(loc, restored);
      store.delete(this.backupKey);
      return { status: 'reverted', where, restored: apiBaseOf(restored) };
    });
  }

  private async guard(fn: () => Promise<ApplyResult>): Promise<ApplyResult> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof FindingError) return { status: 'failed', where: this.path, finding: err.finding };
      return { status: 'failed', where: this.path, finding: makeFinding('target.fileWriteFailed', { target: 'Continue config.yaml', where: this.path, message: (err as Error).message }) };
    }
  }
}
