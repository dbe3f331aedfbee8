// Target 4: plain settings keys that other extensions read a base URL from. The list comes from
// the user's configuration: [{ key: 'some.extension.baseUrl', suffix: '/v1' }]. With a suffix
// the value is the server root + suffix (https://host + /v1); without, the full base URL. The
// write goes through an injected SettingsWriter (VS Code API in the extension, a settings.json
// file in the CLI), so this file stays editor-free.
import { z } from 'zod';
import { makeFinding } from '../findings';
import { BackupStore, backupPathFor, type MaybeValue, sameValue } from './backupStore';
import { localReachability } from './reachability';
import { type ApplyResult, type Detection, FindingError, type ReadResult, type Reachability, type SettingsWriter, type Target, type VerifiedEndpoint } from './types';
import { serverRoot } from './urls';
import { countOf } from '../l10n';

export const settingsKeySchema = z.object({
  key: z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/, 'a dotted settings key such as some.extension.baseUrl'),
  suffix: z
    .string()
    .regex(/^\/[A-Za-z0-9._~/-]*$/, 'a path starting with "/"')
    .optional(),
});
export type SettingsKey = z.infer<typeof settingsKeySchema>;

/** The value written to one key for this base URL. */
export function valueForKey(entry: SettingsKey, baseUrl: string): string {
  return entry.suffix === undefined ? baseUrl : serverRoot(baseUrl) + entry.suffix;
}

export interface SettingsKeysTargetOptions {
  keys: SettingsKey[];
  writer: SettingsWriter;
  stateDir: string;
}

export class SettingsKeysTarget implements Target {
  readonly id = 'settings-keys' as const;
  readonly label: string;

  constructor(private readonly options: SettingsKeysTargetOptions) {
    this.label = `Settings keys (${options.keys.map((k) => k.key).join(', ') || 'none'})`;
  }

  private get backupKey(): string {
    return `settings-keys:${this.options.writer.where}`;
  }

  async detect(): Promise<Detection> {
    const present = this.options.keys.length > 0;
    return { present, where: this.options.writer.where, reason: present ? `${countOf(this.options.keys.length, 'key', 'keys')} configured` : 'no keys configured' };
  }

  private async readAll(): Promise<Record<string, MaybeValue>> {
    const out: Record<string, MaybeValue> = {};
    for (const { key } of this.options.keys) {
      const value = await this.options.writer.read(key);
      out[key] = value === undefined ? { present: false } : { present: true, value };
    }
    return out;
  }

  /** The first key's value stands for the target (all keys are written together). */
  async read(): Promise<ReadResult> {
    try {
      const first = this.options.keys[0];
      const value = first ? await this.options.writer.read(first.key) : undefined;
      return { ok: true, value: typeof value === 'string' ? value : undefined, where: this.options.writer.where };
    } catch (err) {
      if (err instanceof FindingError) return { ok: false, finding: err.finding };
      throw err;
    }
  }

  async inSync(url: string): Promise<boolean> {
    try {
      for (const entry of this.options.keys) if ((await this.options.writer.read(entry.key)) !== valueForKey(entry, url)) return false;
      return this.options.keys.length > 0;
    } catch {
      return false;
    }
  }

  reachability(url: string): Reachability {
    return localReachability(url);
  }

  async apply(endpoint: VerifiedEndpoint): Promise<ApplyResult> {
    const where = this.options.writer.where;
    return this.guard(async () => {
      if (this.options.keys.length === 0) {
        return { status: 'failed', where, finding: makeFinding('target.settingsKeyInvalid', { key: '(none)', message: 'no keys configured' }) };
      }
      if (await this.inSync(endpoint.baseUrl)) return { status: 'unchanged', where, now: endpoint.baseUrl };
      const current = await this.readAll();
      const written = Object.fromEntries(this.options.keys.map((k) => [k.key, { present: true, value: valueForKey(k, endpoint.baseUrl) }]));
      new BackupStore(backupPathFor(this.options.stateDir)).remember(
        this.backupKey,
        { target: this.id, where, previous: { present: true, value: current }, written: { present: true, value: written } },
        { present: true, value: current },
      );
      for (const entry of this.options.keys) await this.options.writer.write(entry.key, valueForKey(entry, endpoint.baseUrl));
      if (!(await this.inSync(endpoint.baseUrl))) throw new Error('read-back after writing does not match');
      const prev = current[this.options.keys[0].key];
      return { status: 'written', where, previous: typeof prev?.value === 'string' ? prev.value : undefined, now: endpoint.baseUrl };
    });
  }

  async revert(): Promise<ApplyResult> {
    const where = this.options.writer.where;
    const store = new BackupStore(backupPathFor(this.options.stateDir));
    const entry = store.get(this.backupKey);
    if (!entry?.previous.present) return { status: 'failed', where, finding: makeFinding('target.noBackup', { target: this.label, where: store.path }) };
    const previous = z.record(z.string(), z.object({ present: z.boolean(), value: z.unknown().optional() })).parse(entry.previous.value);
    return this.guard(async () => {
      for (const [key, value] of Object.entries(previous)) await this.options.writer.write(key, value.present ? value.value : undefined);
      for (const [key, value] of Object.entries(previous)) {
        const now = await this.options.writer.read(key);
        if (!sameValue(value, now === undefined ? { present: false } : { present: true, value: now })) throw new Error(`read-back of ${key} does not match`);
      }
      store.delete(this.backupKey);
      const first = previous[this.options.keys[0]?.key ?? ''];
      return { status: 'reverted', where, restored: typeof first?.value === 'string' ? first.value : undefined };
    });
  }

  private async guard(fn: () => Promise<ApplyResult>): Promise<ApplyResult> {
    try {
      return await fn();
    } catch (err) {
      const where = this.options.writer.where;
      if (err instanceof FindingError) return { status: 'failed', where, finding: err.finding };
      return { status: 'failed', where, finding: makeFinding('target.fileWriteFailed', { target: 'settings', where, message: (err as Error).message }) };
    }
  }
}
