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
