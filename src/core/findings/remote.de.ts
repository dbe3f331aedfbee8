// German title and detail for every code in remote.ts, with the same context fields.
// Commands, argv, setting ids, URLs and texts quoted from tools stay verbatim; fixes stay in remote.ts.
import type { GermanText } from './types';
import type { remoteFindings } from './remote';

export const remoteFindingsDe: Record<keyof typeof remoteFindings, GermanText> = {
  'remote.invalidValue': {
    title: (c) => `Ausführung verweigert: ungültiger Wert für ${c.what ?? 'Wert'}`,
    detail: (c) =>
      `Der Wert für ${c.what ?? 'Wert'} ${c.value ?? ''} ist ungültig (${c.message ?? 'falsches Format'}), daher wurde nichts an den Spark gesendet: Jeder Wert wird geprüft, bevor er in einen entfernten Befehl gelangt. Korrigiere ihn in den Einstellungen.`,
  },
  'remote.commandFailed': {
    title: (c) => `Befehl auf dem Spark fehlgeschlagen (Exit-Code ${c.exitCode ?? '?'})`,
    detail: (c) =>
      `„${c.command ?? 'Der Befehl'}“ endete mit Exit-Code ${c.exitCode ?? '?'}: ${c.message ?? '(keine Ausgabe)'}. Der Nachweis zeigt die vollständige Ausgabe; das Tailspark-Protokoll zeigt jeden ausgeführten Befehl.`,
  },
  'remote.tailscaleSshOnSnap': {
    title: () => 'Tailscale SSH wird bei einer Snap-Installation nicht angeboten',
    detail: () =>
      'Tailscale ist auf dem Spark als Snap installiert. Der Snap kann den Tailscale-SSH-Server nicht richtig betreiben ("tailscale set --ssh" macht SSH über das Tailnet dort kaputt), daher schaltet Tailspark ihn nicht ein. Nutze weiter OpenSSH (sshd) auf dem Spark oder installiere Tailscale aus dem Debian-/Ubuntu-Paket.',
  },
  'service.unitNotFound': {
    title: (c) => `Keine systemd-Unit ${c.unit ?? ''} auf dem Spark`.replace('  ', ' '),
    detail: (c) =>
      `systemd auf dem Spark kennt ${c.unit ?? 'die eingestellte Unit'} nicht (LoadState not-found). ${c.found ? `Dort gefundene Inferenz-Units: ${c.found}.` : 'Dort wurde keine vllm- oder sglang-Unit gefunden.'} Setze tailspark.service.unit auf die Unit, die deinen Server ausführt.`,
  },
  'service.actionFailed': {
    title: (c) => `${c.unit ?? 'Der Dienst'}: ${c.action ?? 'Aktion'} nicht möglich`,
    detail: (c) =>
      `"systemctl ${c.action ?? '?'} ${c.unit ?? ''}" ist auf dem Spark fehlgeschlagen: ${c.message ?? '(keine Ausgabe)'}. Die letzten Journal-Zeilen stehen im Nachweis; das vollständige Protokoll zeigt, warum die Unit nicht ${c.action ?? 'den Zustand gewechselt'} hat.`,
  },
  'service.crashed': {
    title: (c) => `${c.unit ?? 'Der Dienst'} ist beim Starten beendet worden`,
    detail: (c) =>
      `systemd meldet ${c.unit ?? 'den Dienst'} als ${c.state ?? 'failed'}${c.result ? ` (result: ${c.result})` : ''}, bevor sein Port antwortete: Der Server hat sich beendet. Häufige Gründe sind ein falscher Modellpfad, zu wenig GPU-Speicher oder ein bereits belegter Port; die letzten Logzeilen des Servers sagen, welcher.`,
  },
  'service.notRunning': {
    title: (c) => `${c.unit ?? 'Der Inferenzdienst'} läuft nicht`,
    detail: (c) =>
      `systemd auf dem Spark meldet ${c.unit ?? 'den Dienst'} als ${c.state ?? 'inactive'}${c.result && c.result !== 'success' ? ` (letztes Ergebnis: ${c.result})` : ''}, daher antwortet nichts auf dem Inferenz-Port. Starte ihn; wenn er wieder stoppt, zeigt das Protokoll den Grund.`,
  },
  'service.unitNotDetected': {
    title: () => 'Welcher Dienst führt den Inferenzserver aus?',
    detail: (c) =>
      c.candidates
        ? `tailspark.service.unit ist leer, daher hat Tailspark auf dem Spark den systemd-Dienst gesucht, der Port ${c.port ?? 30001} bedient, und mehr als einer passt: ${c.candidates}. Wähle deinen in der Einstellung.`
        : `tailspark.service.unit ist leer, daher hat Tailspark auf dem Spark den systemd-Dienst gesucht, der Port ${c.port ?? 30001} bedient (SGLang oder vLLM), und keinen gefunden. Trage den Namen deiner Unit (z. B. sglang.service) in der Einstellung ein.`,
  },
  'service.notReadyInTime': {
    title: (c) => `${c.unit ?? 'Der Dienst'} war nach ${c.seconds ?? '?'} s nicht bereit`,
    detail: (c) =>
      `systemd meldet ${c.unit ?? 'den Dienst'} als laufend, aber sein Port antwortet seit ${c.seconds ?? '?'} Sekunden nicht. Große Modelle laden lange; zeigt das Protokoll keinen Fortschritt, hängt der Server (GPU-Speicher voll, falscher Modellpfad). Erhöhe tailspark.service.readyTimeoutSeconds, wenn das Laden nur langsam ist.`,
  },
};
