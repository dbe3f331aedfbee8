// German title and detail for every code in cursorChat.ts, with the same context fields.
// Commands, argv, setting ids, URLs and texts quoted from tools stay verbatim; fixes stay in cursorChat.ts.
import type { GermanText } from './types';
import type { cursorChatFindings } from './cursorChat';

export const cursorChatFindingsDe: Record<keyof typeof cursorChatFindings, GermanText> = {
  'cursorchat.noUnit': {
    title: () => 'Kein Inferenzdienst, dem der API-Schlüssel gegeben werden kann',
    detail: () =>
      'Set Up Cursor Chat gibt den API-Schlüssel der systemd-Unit, die den Inferenzserver ausführt, aber es ist keine Unit bekannt. Setze tailspark.service.unit (z. B. vllm oder sglang) und starte es erneut.',
  },
  'cursorchat.unitUnsafe': {
    title: (c) => `Der API-Schlüssel kann ${c.unit ?? 'der Unit'} nicht sicher hinzugefügt werden`,
    detail: (c) =>
      `Tailspark hat die Unit mit "systemctl cat ${c.unit ?? 'UNIT'}" gelesen und sie nicht geändert: ${c.reason ?? 'its command line is not one Tailspark understands'}. Auf dem Spark wurde nichts geändert. Füge den Schlüssel von Hand hinzu (vLLM: Environment=VLLM_API_KEY=… in einem Drop-in; SGLang: --api-key) und speichere ihn dann mit Set API Key.`,
  },
  'cursorchat.keyOnCommandLine': {
    title: () => 'SGLang nimmt den API-Schlüssel nur auf der Befehlszeile',
    detail: (c) =>
      `SGLang liest seinen Schlüssel nur aus --api-key (keine Umgebungsvariable), also könnte jeder Benutzer auf dem Spark ihn in "ps" lesen, und SGLang schreibt ihn in sein eigenes Start-Log. Tailspark hat ${c.unit ?? 'die Unit'} nicht geändert. Starte es erneut und stimme dem ausdrücklich zu, oder stelle das Modell mit vLLM bereit (VLLM_API_KEY bleibt aus ps und Logs heraus).`,
  },
  'cursorchat.keyNotEnforced': {
    title: () => 'Der Server verlangt den API-Schlüssel nicht',
    detail: (c) =>
      `Nach dem Neustart antwortete ${c.url ?? 'die Modellliste'} ohne Schlüssel mit ${c.without ?? '?'} und mit Schlüssel mit ${c.with ?? '?'} (erwartet: 401 oder 403, dann 200). Funnel bleibt aus. Prüfe die Drop-ins der Unit mit "systemctl cat ${c.unit ?? 'UNIT'}" und das Log des Servers.`,
  },
  'cursorchat.notReady': {
    title: (c) => `${c.unit ?? 'Der Server'} wurde nach dem Neustart nicht bereit`,
    detail: (c) =>
      `Tailspark hat ${c.unit ?? 'die Unit'} mit dem API-Schlüssel neu gestartet und ${c.waited ?? 'eine Weile'} gewartet, dass ${c.url ?? 'ihre Modellliste'} mit dem Schlüssel 200 antwortet. Das geschah nicht. Sieh dir das Log des Servers an; Undo Cursor Chat Setup entfernt das Drop-in wieder.`,
  },
  'cursorchat.publicUnverified': {
    title: () => 'Die öffentliche URL antwortet nicht mit dem Schlüssel',
    detail: (c) =>
      `Funnel ist an, aber ${c.url ?? 'die öffentliche URL'} antwortete auf eine Anfrage mit dem API-Schlüssel mit ${c.status ?? 'nichts'} (erwartet: 200). Cursors Server würden genauso scheitern. Funnel kann eine Minute brauchen, bis es im Internet ankommt; starte Set Up Cursor Chat erneut, um hier weiterzumachen.`,
  },
};
