// Target 2: VS Code's built-in "Custom Endpoint" language models (VS Code 1.122+), stored in
// <userData>/User/chatLanguageModels.json: a JSONC array of provider groups. Tailspark manages ONE
// group, named MANAGED_ENTRY_NAME, listing the verified models. A new group is one insertion at the
// array's end (jsoncArrayAppend.ts); changes to ours go through jsonc-parser's modify() on our
// group only: other groups and comments stay byte-exact, and revert gives back the exact bytes
// while the file is untouched since (textEdits.ts).
// The apiKey is only ever the reference form ${input:chat.lm.secret.<id>} (VS Code asks the user
// and keeps the secret in its own secret storage); Tailspark never writes a key.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { makeFinding } from '../findings';
import { BackupStore, backupPathFor, type MaybeValue } from './backupStore';
import { type FormattingOptions, modify, type ParseError, parse, printParseErrorCode } from './jsonc';
import { appendToJsoncArray } from './jsoncArrayAppend';
import { localReachability } from './reachability';
import { EditRecorder, eolOf, undoText } from './textEdits';
import { readTextIfExists, withFileLock, writeTextAtomic } from './textFiles';
import { type ApplyResult, type Detection, FindingError, MANAGED_ENTRY_NAME, type ReadResult, type Reachability, type Target, type VerifiedEndpoint } from './types';

export const MIN_VSCODE_VERSION = '1.122.0';
// biome-ignore lint/suspicious/noTemplateCurlyInString: VS Code's own input-variable syntax, written literally
export const API_KEY_REFERENCE = '${input:chat.lm.secret.tailspark-spark}';
/** jsonc-parser formatting that keeps the file's own line endings. */
const formatFor = (text: string): FormattingOptions => ({ insertSpaces: true, tabSize: 2, eol: eolOf(text) });

/** Context window assumed when the server reports none (max_model_len missing): small enough that
 * VS Code never sends a prompt a typical served model rejects. */
export const DEFAULT_CONTEXT_TOKENS = 8192;
/** Most tokens reserved for the answer. */
export const MAX_OUTPUT_TOKENS = 16384;

/**
 * VS Code needs both maxInputTokens and maxOutputTokens for a custom-endpoint model (without
 * maxOutputTokens it computes the context window and limits as NaN). The server's context length
 * (max_model_len) is shared: a quarter for the answer, at most MAX_OUTPUT_TOKENS, the rest for the
 * prompt, so prompt + answer always fit the server's window.
 */
export function tokenLimits(contextLength: number | undefined): { maxInputTokens: number; maxOutputTokens: number } {
  const context = contextLength && contextLength > 0 ? contextLength : DEFAULT_CONTEXT_TOKENS;
  const maxOutputTokens = Math.min(MAX_OUTPUT_TOKENS, Math.floor(context / 4));
  return { maxInputTokens: context - maxOutputTokens, maxOutputTokens };
}

/** a >= b for dotted versions ("1.122.0-insider" counts as 1.122.0). */
export function versionAtLeast(a: string, b: string): boolean {
  const pa = a.split(/[.-]/).slice(0, 3).map((n) => Number.parseInt(n, 10) || 0);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
  return true;
}

export interface VscodeCustomEndpointOptions {
  /** <userData>/User */
  userDir: string;
  /** vscode.version of the running editor. */
  vscodeVersion: string;
  stateDir: string;
}

// The file as Tailspark reads it. Groups other than ours may hold anything (they are never
// touched); our group and its models are checked for the fields Tailspark reads, and every
// other property passes through. The schemas only check: the code keeps the parsed objects
// themselves, because zod's output is a copy whose key order differs from the file's.
const fileSchema = z.array(z.unknown(), { error: 'the top level is not an array' });
const groupSchema = z.looseObject({ name: z.unknown().optional(), apiKey: z.unknown().optional(), models: z.unknown().optional() });
const managedGroupSchema = groupSchema.extend({ name: z.literal(MANAGED_ENTRY_NAME) });
const modelsSchema = z.array(z.unknown());
const modelUrlSchema = z.looseObject({ url: z.string() });

type Group = z.infer<typeof groupSchema>;

const isGroup = (value: unknown): value is Group => groupSchema.safeParse(value).success;
const isManagedGroup = (value: unknown): value is Group => managedGroupSchema.safeParse(value).success;

/** The url of each model of a group (undefined where a model has none); [] without a model list. */
function modelUrls(group: Group | undefined): (string | undefined)[] {
  const models = modelsSchema.safeParse(group?.models);
  return models.success ? models.data.map((m) => modelUrlSchema.safeParse(m).data?.url) : [];
}

export function buildManagedGroup(endpoint: VerifiedEndpoint): Group {
  return {
    name: MANAGED_ENTRY_NAME,
    vendor: 'customendpoint',
    ...(endpoint.authRequired === false ? {} : { apiKey: API_KEY_REFERENCE }),
    apiType: 'chat-completions',
    models: endpoint.models.map((m) => ({
      id: m.id,
      name: m.id,
      url: endpoint.baseUrl,
      toolCalling: true,
      vision: false,
      ...tokenLimits(m.contextLength),
    })),
  };
}

export class VscodeCustomEndpointTarget implements Target {
  readonly id = 'vscode-custom-endpoint' as const;
  readonly label = 'VS Code Custom Endpoint (chatLanguageModels.json)';
  readonly path: string;

  constructor(private readonly options: VscodeCustomEndpointOptions) {
    this.path = join(options.userDir, 'chatLanguageModels.json');
  }

  private get backupKey(): string {
    return `vscode-custom-endpoint:${this.path}`;
  }

  private get supported(): boolean {
    return versionAtLeast(this.options.vscodeVersion, MIN_VSCODE_VERSION);
  }

  async detect(): Promise<Detection> {
    if (!this.supported) return { present: false, where: this.path, reason: `VS Code ${this.options.vscodeVersion} < ${MIN_VSCODE_VERSION}` };
    if (!existsSync(this.options.userDir)) return { present: false, where: this.path, reason: 'user data folder not found' };
    return { present: true, where: this.path, reason: `VS Code ${this.options.vscodeVersion} supports custom endpoints` };
  }

  /** The file and our group in it ([] groups when the file does not exist); FindingError when it
   * cannot be parsed. `index` is -1 and `managed` undefined when our group is not there. */
  private load(): { text: string; exists: boolean; index: number; managed: Group | undefined } {
    const existing = readTextIfExists(this.path);
    const text = existing ?? '[]\n';
    const errors: ParseError[] = [];
    const value = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
    const file = fileSchema.safeParse(value);
    if (errors.length > 0 || !file.success) {
      const message = errors.length > 0 ? `${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset}` : (file.error?.issues[0]?.message ?? 'invalid');
      throw new FindingError(makeFinding('target.fileUnreadable', { target: 'chatLanguageModels.json', where: this.path, format: 'JSON', message }));
    }
    // z.unknown() hands each element through as is, so these are the parsed groups themselves.
    const index = file.data.findIndex(isManagedGroup);
    const managed = file.data[index];
    return { text, exists: existing !== undefined, index, managed: isManagedGroup(managed) ? managed : undefined };
  }

  async read(): Promise<ReadResult> {
    try {
      const { managed } = this.load();
      return { ok: true, value: modelUrls(managed)[0], where: this.path };
    } catch (err) {
      if (err instanceof FindingError) return { ok: false, finding: err.finding };
      throw err;
    }
  }

  async inSync(url: string): Promise<boolean> {
    try {
      const urls = modelUrls(this.load().managed);
      return urls.length > 0 && urls.every((u) => u === url);
    } catch {
      return false;
    }
  }

  reachability(url: string): Reachability {
    return localReachability(url);
  }

  async apply(endpoint: VerifiedEndpoint): Promise<ApplyResult> {
    const where = this.path;
    if (!this.supported) {
      return {
        status: 'failed',
        where,
        finding: makeFinding('target.unsupportedVersion', { target: this.label, needed: `VS Code ${MIN_VSCODE_VERSION}+`, version: this.options.vscodeVersion }),
      };
    }
    if (!existsSync(this.options.userDir)) {
      return { status: 'failed', where, finding: makeFinding('target.fileMissing', { target: 'VS Code user data', where: this.options.userDir, why: 'not a VS Code user data folder' }) };
    }
    return this.edit(where, (text, managed, index) => {
      const wanted = buildManagedGroup(endpoint);
      const previousUrl = modelUrls(managed)[0];
      if (managed && JSON.stringify(stripApiKey(managed)) === JSON.stringify(stripApiKey(wanted))) return { unchanged: endpoint.baseUrl };
      const out = new EditRecorder(text);
      if (!managed) {
        out.apply(appendToJsoncArray(text, wanted, eolOf(text)));
      } else {
        // Property by property, so other properties the user added to our group survive, and an
        // existing apiKey (whatever it is) is left alone.
        for (const [key, value] of Object.entries(wanted)) {
          if (key === 'apiKey' && managed.apiKey !== undefined) continue;
          out.apply(modify(out.text, [index, key], value, { formattingOptions: formatFor(text) }));
        }
      }
      const previous: MaybeValue = managed ? { present: true, value: stripApiKey(managed) } : { present: false };
      new BackupStore(backupPathFor(this.options.stateDir)).remember(
        this.backupKey,
        { target: this.id, where, previous, written: { present: true, value: stripApiKey(wanted) } },
        previous,
        { before: text, after: out.text, steps: out.steps },
      );
      return { text: out.text, result: { status: 'written', where, previous: previousUrl, now: endpoint.baseUrl } };
    });
  }

  async revert(): Promise<ApplyResult> {
    const where = this.path;
    const store = new BackupStore(backupPathFor(this.options.stateDir));
    const entry = store.get(this.backupKey);
    if (!entry) return { status: 'failed', where, finding: makeFinding('target.noBackup', { target: this.label, where: store.path }) };
    const result = await this.edit(where, (text, managed, index) => {
      const saved = entry.previous.value;
      if (entry.previous.present && !isGroup(saved)) throw new Error('the saved previous group is not a JSON object');
      const restored = entry.previous.present && isGroup(saved) ? modelUrls(saved)[0] : undefined;
      // Untouched since Tailspark wrote it: give back the very bytes that were there before.
      const exact = undoText(entry.undo, text);
      if (exact !== undefined) return { text: exact, result: { status: 'reverted', where, restored } };
      const out = new EditRecorder(text);
      if (!entry.previous.present || !isGroup(saved)) {
        if (!managed) return { unchanged: '' };
        out.apply(modify(text, [index], undefined, { formattingOptions: formatFor(text) }));
      } else {
        const previous = { ...saved };
        if (managed?.apiKey !== undefined) previous.apiKey = managed.apiKey;
        out.apply(managed ? modify(text, [index], previous, { formattingOptions: formatFor(text) }) : appendToJsoncArray(text, previous, eolOf(text)));
      }
      return { text: out.text, result: { status: 'reverted', where, restored } };
    });
    if (result.status === 'reverted' || result.status === 'unchanged') store.delete(this.backupKey);
    return result.status === 'unchanged' ? { status: 'reverted', where, restored: undefined } : result;
  }

  /** Under the file's own lock: load, let `change` compute the new text, write atomically,
   * re-parse to verify. */
  private async edit(
    where: string,
    change: (text: string, managed: Group | undefined, index: number) => { unchanged: string } | { text: string; result: ApplyResult },
  ): Promise<ApplyResult> {
    try {
      const locked = await withFileLock(this.path, async (): Promise<ApplyResult> => {
        const { text, managed, index } = this.load();
        const outcome = change(text, managed, index);
        if ('unchanged' in outcome) return { status: 'unchanged', where, now: outcome.unchanged };
        writeTextAtomic(this.path, outcome.text);
        this.load(); // throws if what we wrote does not parse
        return outcome.result;
      });
      return locked.ok ? locked.value : { status: 'failed', where, finding: locked.finding };
    } catch (err) {
      if (err instanceof FindingError) return { status: 'failed', where, finding: err.finding };
      return { status: 'failed', where, finding: makeFinding('target.fileWriteFailed', { target: 'chatLanguageModels.json', where, message: (err as Error).message }) };
    }
  }
}

function stripApiKey(group: Group | undefined): Group {
  const { apiKey: _omit, ...rest } = group ?? {};
  return rest;
}
