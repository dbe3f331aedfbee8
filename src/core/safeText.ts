// Text from the Spark (model ids, versions, journal lines, stderr, HTTP bodies) is untrusted on
// every surface. Two jobs, one place:
// - stripControl: terminal escape sequences and control characters go (a model id with
//   "\x1b]52;…" would write the user's clipboard, "\x1b[2J" clear the terminal, a bidi override
//   reorder what is shown). Applied where server answers are parsed and at CLI output.
// - notificationText: the workbench renders `[label](command:…)` in notification messages as a
//   clickable link — remote text must never form one.

/** ESC-introduced sequences: CSI (ESC [ … final), OSC (ESC ] … BEL or ST), and two-byte escapes. */
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~]?)/g;
/**
 * C0 controls but tab, newline, CR (a lone CR goes separately) and ESC (every ESC is taken by
 * ESCAPE_SEQUENCE first), DEL, C1 controls (incl. the 8-bit CSI/OSC), bidi overrides.
 */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
/** Colour only (SGR): harmless, kept for our own coloured CLI output. */
const SGR = /^\x1b\[[0-9;]*m$/;

/** Removes terminal escape sequences and control characters; newline and tab stay. */
export function stripControl(text: string, options: { keepColours?: boolean } = {}): string {
  return text
    .replace(ESCAPE_SEQUENCE, (seq) => (options.keepColours && SGR.test(seq) ? seq : ''))
    .replace(/\r(?!\n)/g, '')
    .replace(CONTROL, '');
}

/**
 * Text safe for a notification message: no control characters, and no `[x](link)` — the
 * workbench's link syntax needs `](` with nothing between, so a space defuses every link.
 */
export function notificationText(text: string): string {
  return stripControl(text).replace(/\]\(/g, '] (');
}

/** A long list, capped: the first `max` items and how many more there are. */
export function capList<T>(items: readonly T[], max: number): { shown: T[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}
