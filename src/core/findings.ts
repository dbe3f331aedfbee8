// The one error catalogue: every known failure has a stable code, and makeFinding() turns a
// code plus context into a Finding that the status bar, notifications, the doctor report and
// the CLI all render. A fix is an action where one can be run, not advice alone.

export type Severity = 'error' | 'warning' | 'info';

/** What pressing a fix's button does. The UI adapter executes these; the CLI prints them. */
export type FixAction =
  | { kind: 'openUrl'; url: string }
  /** Run a command on the Spark over SSH (argv, quoted by the one quoting function). */
  | { kind: 'remote'; argv: string[]; sudo?: boolean }
  | { kind: 'openSettings'; setting: string }
  /** Run a Tailspark (or VS Code) command by id. */
  | { kind: 'command'; command: string; args?: unknown[] }
  | { kind: 'copy'; text: string };

export interface Fix {
  label: string;
  action?: FixAction;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  title: string;
  /** Why it happened and what to do, in plain sentences. */
  detail: string;
  /** Where: URL, host, command. */
  where?: string;
  /** The raw text or value that proves it (never a secret). */
  evidence?: string;
  fixes: Fix[];
}

/** Context values a catalogue entry may use to fill its texts. */
export type FindingContext = Record<string, string | number | undefined>;

interface CatalogueEntry {
  severity: Severity;
  title: (c: FindingContext) => string;
  detail: (c: FindingContext) => string;
  fixes: (c: FindingContext) => Fix[];
}

const catalogue = {
  'internal.unexpected': {
    severity: 'error',
    title: () => 'Unexpected error',
    detail: (c) => `Tailspark hit an error it does not know yet: ${c.message ?? 'no message'}. The log has the details.`,
    fixes: () => [{ label: 'Open Log', action: { kind: 'command', command: 'tailspark.showLog' } }],
  },
} satisfies Record<string, CatalogueEntry>;

export type FindingCode = keyof typeof catalogue;

export function makeFinding(code: FindingCode, context: FindingContext = {}, evidence?: string): Finding {
  const entry: CatalogueEntry = catalogue[code];
  const where = context.where === undefined ? undefined : String(context.where);
  return {
    code,
    severity: entry.severity,
    title: entry.title(context),
    detail: entry.detail(context),
    ...(where ? { where } : {}),
    ...(evidence ? { evidence } : {}),
    fixes: entry.fixes(context),
  };
}

export function allFindingCodes(): FindingCode[] {
  return Object.keys(catalogue) as FindingCode[];
}
