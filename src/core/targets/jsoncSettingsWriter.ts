// A SettingsWriter over a settings.json file (JSONC) for the CLI; the extension uses the VS Code
// configuration API instead. Keys are flat, as VS Code stores them ("some.extension.baseUrl").
// jsoncParser.modify() edits only the key's own text: comments and other keys stay byte-exact.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { applyEdits, modify, type ParseError, parse, printParseErrorCode } from './jsonc';
import { makeFinding } from '../findings';
import { eolOf } from './textEdits';
import { readTextIfExists, withFileLock, writeTextAtomic } from './textFiles';
import { FindingError, type SettingsWriter } from './types';

export class JsoncSettingsWriter implements SettingsWriter {
  constructor(readonly where: string) {}

  private load(): { text: string; value: Record<string, unknown> } {
    const existing = readTextIfExists(this.where);
    if (existing === undefined && !existsSync(dirname(this.where))) {
      throw new FindingError(makeFinding('target.fileMissing', { target: 'settings.json', where: this.where, why: 'its folder does not exist' }));
    }
    const text = existing ?? '{}\n';
    const errors: ParseError[] = [];
    const value = parse(text, errors, { allowTrailingComma: true });
    if (errors.length > 0 || !value || typeof value !== 'object' || Array.isArray(value)) {
      const message = errors.length > 0 ? `${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset}` : 'the top level is not an object';
      throw new FindingError(makeFinding('target.fileUnreadable', { target: 'settings.json', where: this.where, format: 'JSON', message }));
    }
    return { text, value };
  }

  async read(key: string): Promise<unknown> {
    return this.load().value[key];
  }

  /** Under the file's own lock (another window or the CLI may write it too); keeps the file's
   * line endings. */
  async write(key: string, value: unknown): Promise<void> {
    const locked = await withFileLock(this.where, async () => {
      const { text } = this.load();
      const edits = modify(text, [key], value, { formattingOptions: { insertSpaces: true, tabSize: 4, eol: eolOf(text) } });
      writeTextAtomic(this.where, applyEdits(text, edits));
    });
    if (!locked.ok) throw new FindingError(locked.finding);
  }
}
