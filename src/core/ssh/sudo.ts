// sudo on the Spark without a terminal: `sudo -n` first (works with NOPASSWD rules and fails
// at once otherwise, instead of waiting for a password nobody can type); when sudo answers
// "a password is required", ask the user and run `sudo -S -p <marker>`: the password is written
// to stdin only when sudo prints that marker on stderr — a command sudo let run without asking
// (cached credentials, NOPASSWD) never reads it. sudo's texts are matched exactly (sudo 1.9).
import { randomBytes } from 'node:crypto';

import { SUDO_NOT_ALLOWED, SUDO_PASSWORD_REQUIRED, SUDO_WRONG_PASSWORD } from './sudoTexts';

/** argv for the first, non-interactive try. `--` ends sudo's options: argv[0] can never be read as one. */
export function sudoNonInteractive(argv: readonly string[]): string[] {
  return ['sudo', '-n', '--', ...argv];
}

/** A fresh prompt marker per run: output of the command itself cannot guess it. No `%` (sudo expands those). */
export function sudoPromptMarker(): string {
  return `[tailspark-sudo-${randomBytes(8).toString('hex')}]`;
}

/** argv for the try with a password: sudo prints `marker` on stderr when (and only when) it reads one. */
export function sudoWithPassword(argv: readonly string[], marker: string): string[] {
  return ['sudo', '-S', '-p', marker, '--', ...argv];
}

export type SudoOutcome = 'ok' | 'passwordRequired' | 'wrongPassword' | 'notAllowed';

/** Classifies a sudo run by its stderr; 'ok' means sudo itself let the command run. */
export function classifySudo(code: number | null, stderr: string): { outcome: SudoOutcome; text?: string } {
  if (code === 0) return { outcome: 'ok' };
  const first = (re: RegExp) => re.exec(stderr)?.[0];
  const notAllowed = first(SUDO_NOT_ALLOWED);
  if (notAllowed) return { outcome: 'notAllowed', text: notAllowed.trim() };
  const wrong = first(SUDO_WRONG_PASSWORD);
  if (wrong) return { outcome: 'wrongPassword', text: wrong.trim() };
  const needed = first(SUDO_PASSWORD_REQUIRED);
  if (needed) return { outcome: 'passwordRequired', text: needed.trim() };
  return { outcome: 'ok' }; // sudo ran the command; its non-zero exit is the command's own
}
