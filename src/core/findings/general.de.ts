// German title and detail for every code in general.ts, with the same context fields.
// Commands, argv, setting ids, URLs and texts quoted from tools stay verbatim; fixes stay in general.ts.
import type { GermanText } from './types';
import type { generalFindings } from './general';

export const generalFindingsDe: Record<keyof typeof generalFindings, GermanText> = {
  'internal.unexpected': {
    title: () => 'Unerwarteter Fehler',
    detail: (c) => `Tailspark ist auf einen Fehler gestoßen, den es noch nicht kennt: ${c.message ?? 'keine Meldung'}. Details stehen im Protokoll.`,
  },
  'settings.invalid': {
    title: (c) => `Ungültige Einstellung ${c.setting ?? ''}`.trim(),
    detail: (c) =>
      `Der Wert von ${c.setting ?? 'einer Tailspark-Einstellung'} ist ungültig: ${c.message ?? 'falscher Typ'}. Tailspark verwendet den Standardwert (${c.fallback ?? 'keiner'}), bis du ihn korrigierst.`,
  },
  'doctor.checkTimedOut': {
    title: (c) => `Prüfung „${c.check ?? '?'}“ hat das Zeitlimit überschritten`,
    detail: (c) =>
      `Die Prüfung „${c.check ?? '?'}“ gab innerhalb von ${c.seconds ?? '?'} s keine Antwort und wurde abgebrochen; die übrigen Prüfungen liefen trotzdem. Ein langsamer Weg im Tailnet oder ein hängender Befehl auf dem Spark kann das verursachen; starte die Diagnose erneut.`,
  },
  'monitor.probeTimeout': {
    title: (c) => `Die Prüfung ${c.probe ?? ''} wurde nicht fertig`.replace('  ', ' '),
    detail: (c) =>
      `Tailspark hat nach ${c.timeoutMs ?? '?'} ms aufgehört, auf die Prüfung ${c.probe ?? ''} zu warten, damit der Status reaktionsfähig bleibt. Beim nächsten Abfragen versucht es es erneut; das Protokoll zeigt, welcher Schritt hing.`,
  },
};
