// German title and detail for every code in chat.ts, with the same context fields.
// Commands, argv, setting ids, URLs and texts quoted from tools stay verbatim; fixes stay in chat.ts.
import type { GermanText } from './types';
import type { chatFindings } from './chat';

export const chatFindingsDe: Record<keyof typeof chatFindings, GermanText> = {
  'chat.sparkNotReady': {
    title: () => 'Der Spark ist nicht bereit für den Chat',
    detail: (c) =>
      `Tailspark hat keinen geprüften Server, an den es die Chat-Anfrage senden kann (Zustand: ${c.phase ?? 'unbekannt'}). Die Modelle erscheinen im Chat, sobald die Statusleiste den Spark als bereit zeigt.`,
  },
  'chat.modelGone': {
    title: (c) => (c.model ? `Modell ${c.model} wird nicht mehr angeboten` : 'Das Modell wird nicht mehr angeboten'),
    detail: (c) =>
      `${c.url ?? 'Der Server'} bietet das Modell "${c.model ?? '?'}" nicht mehr an${c.message ? ` (${c.message})` : ''}: Der Server wurde mit einem anderen Modell neu gestartet. Wähle in der Modellauswahl des Chats eines der Modelle, die er jetzt auflistet.`,
  },
  'chat.contextTooLong': {
    title: () => 'Unterhaltung zu lang für das Modell',
    detail: (c) =>
      `Der Server hat die Anfrage abgelehnt, weil Prompt und Antwort nicht in die Kontextlänge des Modells passen${c.contextLength ? ` (${c.contextLength} Tokens)` : ''}: ${c.message ?? 'context length exceeded'}. Beginne einen neuen Chat, hänge weniger Kontext an oder starte den Server mit größerem --context-length / --max-model-len neu.`,
  },
  'chat.requestRejected': {
    title: (c) => `Der Server hat die Chat-Anfrage abgelehnt (HTTP ${c.status ?? 400})`,
    detail: (c) =>
      `${c.url ?? 'Der Server'} antwortete ${c.status ?? 400}: ${c.message ?? 'kein Grund angegeben'}. Geht es in der Meldung um Tools, wurde der Server ohne Tool-Call-Parser gestartet (SGLang --tool-call-parser, vLLM --enable-auto-tool-choice --tool-call-parser).`,
  },
  'chat.streamBroken': {
    title: () => 'Die Antwort ist abgebrochen',
    detail: (c) =>
      `Die gestreamte Antwort von ${c.url ?? 'dem Server'} endete unerwartet: ${c.message ?? 'keine Endmarke'}. Der Server wurde während der Antwort vielleicht gestoppt oder neu gestartet; das Server-Log sagt, warum.`,
  },
};
