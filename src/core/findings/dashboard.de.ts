// German title and detail for every code in dashboard.ts, with the same context fields.
// Commands, argv, setting ids, URLs and texts quoted from tools stay verbatim; fixes stay in dashboard.ts.
import type { GermanText } from './types';
import type { dashboardFindings } from './dashboard';

export const dashboardFindingsDe: Record<keyof typeof dashboardFindings, GermanText> = {
  'dashboard.serverNotReady': {
    title: () => 'Kein bereiter Server zum Messen',
    detail: (c) =>
      `Die Durchsatzmessung braucht einen bereiten Inferenzserver mit einem Modell${c.where ? ` (${c.where})` : ''}. Tailspark hat noch keinen gesehen: Warte, bis die Statusleiste das Modell zeigt, und miss dann erneut.`,
  },
  'dashboard.measureFailed': {
    title: () => 'Durchsatzmessung fehlgeschlagen',
    detail: (c) =>
      `Keine Anfrage der Messung gegen ${c.url ?? c.where ?? 'den Server'} wurde fertig: ${c.message ?? 'keine Antwort'}. Der Server lädt vielleicht, ist überlastet oder lehnt gestreamte Chat-Anfragen ab.`,
  },
};
