// Remote commands are argv arrays. This file holds the ONE function that turns an argv into a
// line for the remote shell (`quoteArgv`) and the validators for values that end up in argv.
// Why single quotes: inside '…' a POSIX shell interprets nothing at all — no $, no `, no \,
// no newline handling — so the only character to deal with is ' itself ('\'' closes, adds an
// escaped quote, reopens). That makes every value exactly one literal argument.
import { z } from 'zod';

/** Characters that never need quoting; keeps logged command lines readable (`systemctl status x`).
 * No `=` (a first word `A=b` would be an assignment) and no `~` (tilde expansion). */
const SAFE_WORD = /^[A-Za-z0-9_@%+:,./-]+$/;

/** Quotes one argument for a POSIX shell (sh, bash, dash, zsh). */
export function quoteArg(arg: string): string {
  if (arg.includes('\0')) throw new Error('a command argument cannot contain a NUL byte');
  if (arg !== '' && SAFE_WORD.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Turns an argv array into one remote shell line; each element arrives as exactly one argument. */
export function quoteArgv(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('cannot run an empty command');
  return argv.map(quoteArg).join(' ');
}

// ---- validators for values that go into remote argv -----------------------------------------
// They exist so that a setting such as "vllm; rm -rf /" is rejected with a clear message before
// anything runs, even though quoting would already make it harmless.

/** systemd unit name: `vllm`, `vllm.service`, `sglang@0.service`, `user-1000.slice`. */
export const unitNameSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9:_.\\@-]+$/, 'a systemd unit name may only contain letters, digits and : _ . \\ @ -')
  .refine((s) => !s.startsWith('-'), 'a unit name cannot start with "-"');

/** TCP port 1–65535 (accepts "30001" as well as 30001). */
export const portSchema = z.coerce.number().int().min(1).max(65535);

/** POSIX user name as useradd accepts it (Debian: NAME_REGEX). */
export const userNameSchema = z
  .string()
  .regex(/^[a-z_][a-z0-9_.-]{0,31}\$?$/i, 'not a valid Unix user name')
  .refine((s) => !s.startsWith('-'), 'a user name cannot start with "-"');

/** Absolute remote path without NUL, newline or `..` segments. */
export const remotePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((s) => s.startsWith('/'), 'must be an absolute path')
  .refine((s) => !/[\0\n\r]/.test(s), 'must not contain NUL or line breaks')
  .refine((s) => !s.split('/').includes('..'), 'must not contain ".." segments');

/** A value refused before it could reach a remote command (carries its role for the Finding). */
export class InvalidValueError extends Error {
  constructor(
    readonly what: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`invalid ${what} ${JSON.stringify(value)}: ${reason}`);
    this.name = 'InvalidValueError';
  }
}

/** Parses a value or throws an InvalidValueError whose message names the value's role. */
export function validated<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new InvalidValueError(what, value, r.error.issues.map((i) => i.message).join('; '));
  return r.data;
}
