// Translation seam for editor-free code. The VS Code adapter passes vscode.l10n.t; tests and the
// CLI pass englishT. Messages are English source strings with {0}, {1} placeholders, exactly as
// vscode.l10n.t expects, so every literal t('…') call is a key of l10n/bundle.l10n.de.json
// (test/unit/l10n checks that each one has a German entry).
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

export const englishT: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, i: string) => {
    const value = args[Number(i)];
    return value === undefined ? whole : String(value);
  });

/** "1 route", "3 routes": a count with the right English noun (no "route(s)"). */
export function countOf(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

// ── The one locale switch for editor-free text (Finding texts, the doctor report, the CLI) ──
// The extension sets it from vscode.env.language at activation, the CLI from LC_ALL /
// LC_MESSAGES / LANG. English is the source language; German texts live in *.de.ts files.
export type Locale = 'en' | 'de';

let locale: Locale = 'en';

/** 'de' for any German language tag or POSIX locale ("de", "de-AT", "de_DE.UTF-8", "de_CH@euro"), else 'en'. */
export function localeOf(tag: string | undefined): Locale {
  return tag !== undefined && /^de(?:[-_.@]|$)/i.test(tag.trim()) ? 'de' : 'en';
}

export function setLocale(tag: string | undefined): Locale {
  locale = localeOf(tag);
  return locale;
}

export function currentLocale(): Locale {
  return locale;
}

/** The POSIX rule: LC_ALL overrides LC_MESSAGES overrides LANG; an empty variable counts as unset. */
export function localeFromEnv(env: Record<string, string | undefined>): Locale {
  return localeOf(env.LC_ALL || env.LC_MESSAGES || env.LANG || undefined);
}

// Filled by src/core/l10n.de.ts when it is loaded (src/core/findings/de.ts imports it): this module stays free of
// the German texts, so a bundle that only needs englishT (the activation bundle) does not carry them.
let german: Readonly<Record<string, string>> = {};

export function registerGerman(entries: Readonly<Record<string, string>>): void {
  german = { ...german, ...entries };
}

/** Translate an English source string (with {0}… placeholders) into the current locale; English when no entry. */
export const tr: Translate = (message, ...args) => englishT(locale === 'de' ? (german[message] ?? message) : message, ...args);
