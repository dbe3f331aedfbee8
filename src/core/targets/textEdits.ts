// Minimal text edits and their undo. A file target records the edits it made to a file; the
// backup store keeps their reverse together with a hash of the text they produced. Revert then
// gives back the file byte for byte, as long as nobody changed it since (same hash); otherwise
// the target falls back to restoring values. The reverse edits hold only text Tailspark replaced
// (its own entry's values), never a line carrying a key: recordable() refuses anything else.
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const textEditSchema = z.object({ offset: z.number().int().nonnegative(), length: z.number().int().nonnegative(), content: z.string() });
export type TextEdit = z.infer<typeof textEditSchema>;

/** Reverse edits (newest step first) and the sha256 of the text they apply to. */
export const undoSchema = z.object({ after: z.string(), steps: z.array(z.array(textEditSchema)) });
export type Undo = z.infer<typeof undoSchema>;

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Apply non-overlapping edits that all refer to offsets in `text`. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  let out = text;
  let limit = text.length;
  for (const e of sorted) {
    if (e.offset + e.length > limit) throw new Error('overlapping text edits');
    out = out.slice(0, e.offset) + e.content + out.slice(e.offset + e.length);
    limit = e.offset;
  }
  return out;
}

/** The edits that turn applyTextEdits(text, edits) back into text. */
export function reverseEdits(text: string, edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  let delta = 0;
  return sorted.map((e) => {
    const reverse = { offset: e.offset + delta, length: e.content.length, content: text.slice(e.offset, e.offset + e.length) };
    delta += e.content.length - e.length;
    return reverse;
  });
}

/** Text edited step by step, remembering how to undo every step. */
export class EditRecorder {
  private readonly reverses: TextEdit[][] = [];
  constructor(public text: string) {}

  apply(edits: readonly TextEdit[]): void {
    if (edits.length === 0) return;
    this.reverses.unshift(reverseEdits(this.text, edits));
    this.text = applyTextEdits(this.text, edits);
  }

  /** Reverse steps, newest first. */
  get steps(): TextEdit[][] {
    return this.reverses;
  }
}

/** A key that may carry a secret ("apiKey": …, token: …, password=…) or a bearer credential.
 * Whole names only: "maxInputTokens" is not a token. */
const SECRET_TEXT = /(^|[^A-Za-z0-9])(api[-_]?key|[a-z]*[-_]?token|password|passphrase|secret|authorization)["']?\s*[:=]|bearer\s+\S/i;

/** True when the reverse edits may be stored: no removed text that could carry a secret. */
export function recordable(steps: readonly TextEdit[][]): boolean {
  return steps.every((step) => step.every((e) => !SECRET_TEXT.test(e.content)));
}

/** The original text when `current` is exactly what the recorded edits produced, else undefined. */
export function undoText(undo: Undo | undefined, current: string): string | undefined {
  if (!undo || sha256(current) !== undo.after) return undefined;
  return undo.steps.reduce((text, step) => applyTextEdits(text, step), current);
}

/** The line ending a file uses (CRLF when its first line break is one); new text follows it. */
export function eolOf(text: string): '\n' | '\r\n' {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}
