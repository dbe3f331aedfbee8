// The one error catalogue: every known failure has a stable code, and makeFinding() turns a
// code plus context into a Finding that the status bar, notifications, the doctor report and
// the CLI all render. A fix is an action where one can be run, not advice alone.
// The entries live by domain in this folder (<domain>.ts, German words in <domain>.de.ts); this
// file joins them and keeps the public API, so `import … from '…/findings'` stays the one door.
// Add a new code next to related ones in its domain file.
import { chatFindings } from './chat';
import { cursorChatFindings } from './cursorChat';
import { dashboardFindings } from './dashboard';
import { generalFindings } from './general';
import { remoteFindings } from './remote';
import { serveFindings } from './serve';
import { serverFindings } from './server';
import { sshFindings } from './ssh';
import { tailnetFindings } from './tailnet';
import { tailscaleFindings } from './tailscale';
import { targetFindings } from './targets';
import { germanFindingText, germanFixLabel } from './de';
import type { CatalogueEntry, Finding, FindingContext } from './types';

export type { CatalogueEntry, Finding, FindingContext, Fix, FixAction, Severity } from './types';

const catalogue = {
  ...generalFindings,
  ...tailscaleFindings,
  ...tailnetFindings,
  ...serveFindings,
  ...sshFindings,
  ...serverFindings,
  ...remoteFindings,
  ...targetFindings,
  ...cursorChatFindings,
  ...chatFindings,
  ...dashboardFindings,
} satisfies Record<string, CatalogueEntry>;

export type FindingCode = keyof typeof catalogue;

/**
 * A message that already ends a sentence ("…; please try again.") placed before the template's own
 * period gives "..": keep one mark. An ellipsis ("...") is left alone.
 */
export function endSentences(text: string): string {
  return text.replace(/(?<!\.)([.!?])\.(?=\s|$)/g, '$1');
}

export function makeFinding(code: FindingCode, context: FindingContext = {}, evidence?: string): Finding {
  const entry: CatalogueEntry = { ...catalogue[code], ...germanFindingText(code) };
  const where = context.where === undefined ? undefined : String(context.where);
  return {
    code,
    severity: entry.severity,
    title: entry.title(context),
    detail: endSentences(entry.detail(context)),
    ...(where ? { where } : {}),
    ...(evidence ? { evidence } : {}),
    fixes: entry.fixes(context).map((f) => ({ ...f, label: germanFixLabel(f.label) })),
  };
}

export function allFindingCodes(): FindingCode[] {
  return Object.keys(catalogue) as FindingCode[];
}
