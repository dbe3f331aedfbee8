// Values that must arrive on the other side as exactly one literal argument each. Shared by the
// local /bin/sh test (unit) and the real-sshd test (integration).
export const HOSTILE_VALUES: readonly string[] = [
  'vllm; rm -rf /',
  '$(id)',
  '`id`',
  "a'b",
  "'",
  "''",
  "'\\''",
  '"double" quotes',
  'line1\nline2',
  '\n',
  '\r\n',
  ' leading and trailing spaces ',
  '',
  '*',
  '~',
  '~root',
  '$HOME',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${…} is the point
  '${IFS}',
  '\\',
  '\\n',
  '!!',
  '#not a comment',
  '-rf',
  '--',
  'a\tb',
  '|& < > ( ) { } [ ] ; &&',
  'FOO=bar',
  '%s %d %n %%',
  '\x01\x02\x1b[31mred\x7f',
  'ünïcödé ✓ 日本語 🚀',
  '\u2028\u2029',
  "x'$(touch /tmp/tailspark-pwned)'`touch /tmp/tailspark-pwned`",
  `${"'\"$`\\\n; ".repeat(1250)}`, // 10 kB of every special character
  'y'.repeat(10_000),
];

/** argv that prints each argument followed by a NUL byte (printf reuses its format per argument). */
export function echoArgv(values: readonly string[]): string[] {
  return ['printf', '%s\\000', ...values];
}

/** Splits printf's NUL-terminated output back into the arguments it received. */
export function splitNul(out: Buffer): string[] {
  const s = out.toString('utf8');
  if (s === '') return [];
  assertEndsWithNul(s);
  return s.slice(0, -1).split('\0');
}

function assertEndsWithNul(s: string): void {
  if (!s.endsWith('\0')) throw new Error(`output does not end with NUL: ${JSON.stringify(s.slice(-20))}`);
}
