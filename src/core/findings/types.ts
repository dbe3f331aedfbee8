// The shapes of the Finding catalogue, shared by every domain file in src/core/findings/.
import type { FindingCode } from './index';

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

/** Context values a catalogue entry may use to fill its texts; arrays are argv we built or ran. */
export type FindingContext = Record<string, string | number | readonly string[] | undefined>;

/** One code's entry in a domain file: its severity, texts and fixes. */
export interface CatalogueEntry {
  severity: Severity;
  title: (c: FindingContext) => string;
  detail: (c: FindingContext) => string;
  fixes: (c: FindingContext) => Fix[];
}

/** The German words of one entry (<domain>.de.ts): the same context fields, never other behaviour. */
export interface GermanText {
  title: (c: FindingContext) => string;
  detail: (c: FindingContext) => string;
}
