// German title and detail for every code in targets.ts, with the same context fields.
// Commands, argv, setting ids, URLs and texts quoted from tools stay verbatim; fixes stay in targets.ts.
import type { GermanText } from './types';
import type { targetFindings } from './targets';

export const targetFindingsDe: Record<keyof typeof targetFindings, GermanText> = {
  'target.unverifiedUrl': {
    title: () => 'Base-URL nicht geprüft',
    detail: (c) =>
      `Tailspark schreibt eine Base-URL erst, nachdem eine Prüfung sie bestätigt hat (GET ${c.url ?? '<url>'}/models antwortete mit Modellen). Diese URL ist nicht geprüft, daher wurde nichts geschrieben.`,
  },
  'target.notWritten': {
    title: (c) => `${c.target ?? 'Ein Editor-Ziel'} hat die Base-URL des Sparks noch nicht`,
    detail: (c) =>
      `${c.target ?? 'Das Ziel'} enthält die geprüfte Base-URL nicht${c.state ? `: ${c.state}` : ''}. Tailspark schreibt sie nur mit tailspark.autoConfigure "auto" automatisch; sonst schreibe sie einmal mit „Base-URL in den Editor schreiben“.`,
  },
  'target.writerBusy': {
    title: () => 'Ein anderes Tailspark-Fenster schreibt gerade',
    detail: (c) =>
      `Ein anderer Tailspark-Prozess (PID ${c.pid ?? '?'}) hält die Schreibsperre ${c.where ?? ''}; nur ein Fenster schreibt Editor-Einstellungen gleichzeitig. Nichts wurde geschrieben; versuche es gleich noch einmal.`,
  },
  'target.fileMissing': {
    title: (c) => `${c.target ?? 'Konfigurations'}-Datei nicht gefunden`,
    detail: (c) => `${c.where ?? 'Die Datei'} existiert nicht (${c.why ?? 'das Werkzeug hat sie noch nicht angelegt'}). Nichts wurde geschrieben.`,
  },
  'target.fileUnreadable': {
    title: (c) => `${c.target ?? 'Konfigurations'}-Datei nicht lesbar`,
    detail: (c) =>
      `${c.where ?? 'Die Datei'} ist kein gültiges ${c.format ?? 'Textformat'} (${c.message ?? 'Parse-Fehler'}). Tailspark schreibt keine Datei um, die es nicht lesen kann, daher wurde nichts geschrieben. Korrigiere die Datei und versuche es erneut.`,
  },
  'target.fileWriteFailed': {
    title: (c) => `${c.target ?? 'Die Konfigurationsdatei'} konnte nicht geschrieben werden`,
    detail: (c) => `Schreiben von ${c.where ?? 'der Datei'} fehlgeschlagen: ${c.message ?? 'unbekannter Fehler'}.`,
  },
  'target.unsupportedVersion': {
    title: () => 'Editor zu alt für dieses Ziel',
    detail: (c) =>
      `${c.target ?? 'Dieses Ziel'} braucht ${c.needed ?? 'einen neueren Editor'}; dieser Editor ist ${c.version ?? 'unbekannt'}. Nichts wurde geschrieben.`,
  },
  'target.noBackup': {
    title: () => 'Nichts zum Zurücksetzen',
    detail: (c) =>
      `Tailspark hat keinen gespeicherten früheren Wert für ${c.target ?? 'dieses Ziel'} (${c.where ?? 'Sicherungsspeicher'}): Es hat dort nie geschrieben oder bereits zurückgesetzt.`,
  },
  'target.settingsKeyInvalid': {
    title: () => 'Liste der Einstellungsschlüssel ist ungültig',
    detail: (c) => `Der Einstellungsschlüssel ${c.key ?? ''} ist nicht verwendbar: ${c.message ?? 'ungültig'}.`,
  },
  'target.cursorDbMissing': {
    title: () => 'Cursors Zustandsdatenbank nicht gefunden',
    detail: (c) =>
      `${c.where ?? 'state.vscdb'} existiert nicht. Cursor legt sie beim ersten Start an; starte Cursor einmal (oder übergib --cursor-db FILE) und versuche es erneut. Nichts wurde geschrieben.`,
  },
  'target.cursorRowMissing': {
    title: () => 'Zeile mit Cursors Benutzereinstellungen nicht gefunden',
    detail: (c) =>
      `${c.where ?? 'state.vscdb'} hat keine ItemTable-Zeile "${c.key ?? 'applicationUser'}". Cursor schreibt sie, nachdem es einmal gelaufen ist und du seine Einstellungen geöffnet hast; öffne einmal Cursor Settings › Models, beende Cursor und versuche es erneut. Nichts wurde geschrieben.`,
  },
  'target.cursorDbLocked': {
    title: () => 'Cursors Zustandsdatenbank ist belegt',
    detail: (c) =>
      `${c.where ?? 'state.vscdb'} blieb ${c.timeoutMs ?? '?'} ms gesperrt (${c.message ?? 'SQLITE_BUSY'}). Ein anderes Programm schreibt gerade hinein. Nichts wurde geschrieben; versuche es erneut.`,
  },
  'target.cursorDbCorrupt': {
    title: () => 'Cursors Zustandsdatenbank ist nicht lesbar',
    detail: (c) =>
      `${c.where ?? 'state.vscdb'} ist keine SQLite-Datenbank, die Tailspark verwenden kann (${c.message ?? 'unbekannter Fehler'}). Nichts wurde geschrieben. Cursor hält daneben eine Kopie in state.vscdb.backup.`,
  },
  'target.cursorDbReadOnly': {
    title: () => 'Cursors Zustandsdatenbank ist schreibgeschützt',
    detail: (c) =>
      `${c.where ?? 'state.vscdb'} ist für diesen Benutzer nicht beschreibbar (${c.message ?? 'permission denied'}). Die Datenbank selbst ist in Ordnung; SQLite muss die Datei schreiben und ihr Journal im Ordner daneben anlegen. Nichts wurde geschrieben. Mache sie beschreibbar (zum Beispiel: ${c.command ?? 'chmod u+w'}) und versuche es erneut.`,
  },
  'target.cursorJsonUnexpected': {
    title: () => 'Cursors Benutzereinstellungen haben eine unerwartete Form',
    detail: (c) =>
      `Die applicationUser-Zeile in ${c.where ?? 'state.vscdb'} ist nicht das JSON-Objekt, das Tailspark erwartet (${c.message ?? 'unbekannt'}). Ein neueres Cursor hat sie vielleicht geändert; Tailspark rät nicht, daher wurde nichts geschrieben.`,
  },
  'target.cursorRunning': {
    title: () => 'Cursor läuft',
    detail: (c) =>
      `Cursor (PID ${c.pids ?? '?'}) hat ${c.where ?? 'state.vscdb'} geöffnet. Cursor hält diesen Wert im Speicher und schreibt ihn beim Beenden zurück, eine Änderung jetzt ginge also verloren. Beende Cursor und versuche es erneut, oder lass Tailspark warten, bis Cursor beendet ist (--wait).`,
  },
  'target.cursorWaitTimeout': {
    title: () => 'Cursor wurde nicht beendet',
    detail: (c) =>
      `Tailspark hat ${c.seconds ?? '?'} s gewartet, bis Cursor (PID ${c.pids ?? '?'}) beendet ist, um ${c.where ?? 'state.vscdb'} zu schreiben. Nichts wurde geschrieben.`,
  },
  'target.cursorVerifyFailed': {
    title: () => 'Cursor hat die Base-URL nicht behalten',
    detail: (c) =>
      `Tailspark hat ${c.expected ?? 'die Base-URL'} in ${c.where ?? 'state.vscdb'} geschrieben, aber nach dem Neustart ist Cursors Wert ${c.actual ?? '(keiner)'}. Cursor hat ihn überschrieben (es lief vermutlich noch).`,
  },
  'target.cursorDbInterrupted': {
    title: () => 'Cursors Zustandsdatenbank hat einen unfertigen Schreibvorgang',
    detail: (c) =>
      `${c.where ?? 'state.vscdb'}-journal enthält einen unterbrochenen Schreibvorgang (ein „hot“ Rollback-Journal): Die Datenbankdatei bleibt halb aktualisiert, bis SQLite das Journal zurückspielt. Tailsparks SQLite-Engine kann das nicht sicher tun, daher wurde nichts gelesen oder geschrieben. Starte Cursor einmal (sein SQLite stellt die Datei aus dem Journal wieder her), beende es und versuche es erneut.`,
  },
  'target.cursorHelperFailed': {
    title: () => 'Der Schreibprozess für Cursors Einstellungen ist fehlgeschlagen',
    detail: (c) => `Der Hintergrundprozess für ${c.where ?? 'state.vscdb'} wurde beendet: ${c.message ?? 'unbekannter Fehler'}.`,
  },
  'target.cursorCloudUnreachable': {
    title: () => 'Cursors Chat erreicht keine URL, die nur im Tailnet gilt',
    detail: (c) =>
      `Bei einer eigenen OpenAI-Base-URL senden Cursors eigene Server die Chat-Anfragen, nicht dein Rechner. ${c.url ?? 'Diese URL'} ist nur in deinem Tailnet erreichbar (${c.why ?? 'tailscale serve'}), daher erreichen Cursors Server sie nicht (private Adressen lehnen sie ebenfalls ab: "ssrf_blocked"). Cursors „Verify“-Knopf kann trotzdem bestehen, weil er auf deinem Rechner läuft. Möglichkeiten: „Set Up Cursor Chat“ (gibt dem Server einen API-Schlüssel und gibt ihn dann per Tailscale Funnel frei), eine Erweiterung im Editor wie Continue verwenden, die den Server von diesem Rechner aus aufruft, oder trotzdem schreiben.`,
  },
};
