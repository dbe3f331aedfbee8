// Append one element to the top-level JSONC array with a single insertion at the array's end.
// jsonc-parser's modify(…, [-1], …, {isArrayInsertion}) re-formats the whole line it touches, so a
// user's one-line last element became multi-line and a trailing comma vanished; this insertion
// leaves every byte of the existing elements, their comments and commas where they were.
import { createScanner, parseTree } from './jsonc';
import type { TextEdit } from './textEdits';

const lineStart = (text: string, pos: number) => text.lastIndexOf('\n', pos - 1) + 1;
const lineEnd = (text: string, pos: number) => {
  const i = text.indexOf('\n', pos);
  if (i < 0) return text.length;
  return i > 0 && text[i - 1] === '\r' ? i - 1 : i;
};
/** Only blanks or a // comment follow pos on its line: a new line may start after it. */
const restOfLineIsTrivia = (text: string, pos: number) => /^\s*(\/\/.*)?$/.test(text.slice(pos, lineEnd(text, pos)));

/** `value` as JSON, two-space indented, every line after the first prefixed by `indent`. */
function render(value: unknown, indent: string, eol: string): string {
  return JSON.stringify(value, null, 2)
    .split('\n')
    .map((l, i) => (i === 0 ? l : indent + l))
    .join(eol);
}

/** jsonc-parser's SyntaxKind.CommaToken (a const enum, which isolatedModules cannot import). */
const COMMA_TOKEN = 5;

/** The edits that append `value` to the array that is the whole document `text`. */
export function appendToJsoncArray(text: string, value: unknown, eol: string): TextEdit[] {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (root?.type !== 'array') throw new Error('the top level is not an array');
  const close = root.offset + root.length - 1; // the "]"
  const items = root.children ?? [];
  if (items.length === 0) {
    const inside = text.slice(root.offset + 1, close);
    const item = `  ${render(value, '  ', eol)}`;
    // "[]" or "[\n]": replace the blank inside; with comments inside, add after "[".
    if (inside.trim() === '') return [{ offset: root.offset + 1, length: inside.length, content: `${eol}${item}${eol}` }];
    return [{ offset: root.offset + 1, length: 0, content: `${eol}${item}` }];
  }
  const last = items[items.length - 1];
  const lastEnd = last.offset + last.length;
  const before = text.slice(lineStart(text, last.offset), last.offset);
  const indent = /^\s*$/.test(before) ? before : '  ';
  const item = `${indent}${render(value, indent, eol)}`;
  // Is there a trailing comma after the last element? (Comments may sit in between.)
  const scanner = createScanner(text, true);
  scanner.setPosition(lastEnd);
  // A scanner that ignores trivia skips blanks, line breaks and comments.
  if (scanner.scan() === COMMA_TOKEN) {
    // Keep the user's trailing-comma style: ours gets one too.
    const after = scanner.getTokenOffset() + 1;
    const at = restOfLineIsTrivia(text, after) ? lineEnd(text, after) : after;
    return [{ offset: at, length: 0, content: `${eol}${item},` }];
  }
  if (restOfLineIsTrivia(text, lastEnd)) {
    // A comment after the last element stays on its line: comma right after the element, our
    // element on a new line after the comment.
    const at = lineEnd(text, lastEnd);
    return at === lastEnd ? [{ offset: lastEnd, length: 0, content: `,${eol}${item}` }] : [
      { offset: lastEnd, length: 0, content: ',' },
      { offset: at, length: 0, content: `${eol}${item}` },
    ];
  }
  return [{ offset: lastEnd, length: 0, content: `,${eol}${item}` }];
}
