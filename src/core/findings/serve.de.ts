// German title and detail for every code in serve.ts, with the same context fields.
// Commands, argv, setting ids, URLs and texts quoted from tools stay verbatim; fixes stay in serve.ts.
import type { GermanText } from './types';
import type { serveFindings } from './serve';

export const serveFindingsDe: Record<keyof typeof serveFindings, GermanText> = {
  'serve.nothingServed': {
    title: () => 'Für den Inferenz-Port wird nichts bereitgestellt',
    detail: (c) =>
      `"tailscale serve status" auf dem Spark zeigt keinen Handler, der an Port ${c.port ?? 30001} weiterleitet${c.served ? ` (bereitgestellt: ${c.served})` : ''}. Stelle den Server im Tailnet bereit mit "tailscale serve --bg --yes ${c.port ?? 30001}".`,
  },
  'serve.foreignHost': {
    title: () => 'Eine Serve-Route nennt einen anderen Host',
    detail: (c) =>
      `Die Serve-Konfiguration auf dem Spark leitet Port ${c.port ?? 30001} unter ${c.hosts ?? 'einem Host'} weiter, der nicht der eigene MagicDNS-Name des Sparks${c.host ? ` (${c.host})` : ''} oder seine Tailscale-Adresse ist. Tailspark verwendet sie nicht als Base-URL: Der API-Schlüssel würde dorthin gesendet. Stelle den Port unter dem eigenen Namen des Sparks bereit mit "tailscale serve --bg --yes ${c.port ?? 30001}" und entferne die andere Route.`,
  },
  'serve.statusUnreadable': {
    title: () => 'Serve-Status nicht lesbar',
    detail: (c) =>
      `Die Ausgabe von "tailscale serve status --json" auf dem Spark ist keine Serve-Konfiguration (${c.message ?? 'unbekannter Grund'}).`,
  },
  'serve.urlGuessed': {
    title: () => 'Serve-URL geschätzt',
    detail: (c) =>
      `Tailspark konnte die Serve-Konfiguration des Sparks nicht lesen (kein SSH) und nimmt daher ${c.url ?? 'https://<MagicDNS-Name>/v1'} an (Serve auf Port 443 unter "/"). Die Prüfung der URL bestätigt oder widerlegt das.`,
  },
  'serve.funnelOn': {
    title: () => 'Das Modell ist öffentlich im Internet (Funnel)',
    detail: (c) =>
      `${c.url ?? 'Die Route'} ist per Tailscale Funnel freigegeben: Jeder im Internet kann sie erreichen, nicht nur dein Tailnet. Behalte einen API-Schlüssel auf dem Server oder wechsle zu "tailscale serve".`,
  },
  'funnel.notEnabled': {
    title: () => 'Tailscale Funnel ist im Tailnet nicht aktiviert',
    detail: (c) =>
      `tailscale auf dem Spark antwortete "Funnel is not enabled on your tailnet." Nichts wurde öffentlich gemacht, obwohl der Befehl mit 0 endete. Ein Tailnet-Admin muss Funnel für diesen Knoten erlauben: Öffne ${c.url ?? 'die Admin-Konsole'}, bestätige und versuche es erneut.`,
  },
  'funnel.keyUnverified': {
    title: () => 'Konnte nicht prüfen, ob der Server einen API-Schlüssel verlangt',
    detail: (c) =>
      `Bevor das Modell öffentlich wird, fragt Tailspark ${c.url ?? 'den Server'} OHNE API-Schlüssel nach der Modellliste und erwartet 401. Die Antwort war ${c.status ?? 'keine Antwort'}, daher lässt sich nicht belegen, dass Fremde abgewiesen würden, und Funnel wurde nicht eingeschaltet. Stelle sicher, dass der Server läuft und im Tailnet antwortet, und versuche es erneut.`,
  },
  'funnel.openRoutes': {
    title: (c) => (c.refused ? 'Funnel verweigert: Routen antworten ohne API-Schlüssel' : 'Öffentliche Routen antworten ohne API-Schlüssel'),
    detail: (c) =>
      `${c.url ?? 'Der Inferenzserver'} verlangt den API-Schlüssel nur unter /v1, aber ${c.routes ?? 'andere Routen'} ${c.refused ? 'beantworten' : 'beantworteten'} eine Anfrage ohne ihn (vLLMs --api-key schützt nur /v1; /invocations führt vollständige Completions aus). ${c.refused ? 'Funnel wurde nicht eingeschaltet, nichts wurde geändert.' : 'Jeder im Internet kann sie erreichen.'} Veröffentliche nur den /v1-Mount, auf einem eigenen Funnel-Port, damit das Serve auf 443 nur im Tailnet bleibt (Funnel gilt pro Port, nicht pro Pfad): "Set Up Cursor Chat" erledigt das, oder führe "tailscale funnel --bg --yes --https=8443 --set-path /v1 http://127.0.0.1:${c.port ?? 30001}/v1" aus. Oder setze einen Proxy davor, der den Schlüssel auf jedem Pfad verlangt.`,
  },
  'funnel.metricsOpen': {
    title: () => 'Server-Metriken sind ohne API-Schlüssel öffentlich',
    detail: (c) =>
      `${c.url ?? 'Der Inferenzserver'} beantwortet ${c.routes ?? '/metrics'} ohne API-Schlüssel: Wer die Funnel-URL findet, sieht den Modellnamen und seine Last. Veröffentliche nur den /v1-Mount auf einem eigenen Funnel-Port ("tailscale funnel --bg --yes --https=8443 --set-path /v1 http://127.0.0.1:${c.port ?? 30001}/v1", wie es Set Up Cursor Chat tut), damit sie im Tailnet bleiben.`,
  },
  'funnel.portInUse': {
    title: (c) => `Funnel verweigert: HTTPS-Port ${c.httpsPort ?? 8443} ist schon belegt`,
    detail: (c) =>
      `Tailspark veröffentlicht nur /v1 des Inferenzservers, auf einem eigenen HTTPS-Port ${c.httpsPort ?? 8443} (das Serve auf 443 bleibt nur im Tailnet). Dieser Port stellt bereits ${c.routes ?? 'etwas anderes'} bereit, und Funnel wird immer für einen ganzen Port eingeschaltet: Das würde auch das veröffentlichen. Nichts wurde geändert. Gib den Port frei ("tailscale serve --https=${c.httpsPort ?? 8443} off" entfernt jeden Handler darauf) oder lass Cursors Chat aus.`,
  },
  'funnel.noApiKey': {
    title: (c) => (c.refused ? 'Funnel verweigert: Das Modell antwortet ohne API-Schlüssel' : 'Öffentliches Modell ohne API-Schlüssel'),
    detail: (c) =>
      c.refused
        ? 'Nichts wurde geändert. Einmal öffentlich, könnte jeder im Internet deine GPU nutzen: Starte den Server mit einem API-Schlüssel (SGLang --api-key, vLLM VLLM_API_KEY), speichere ihn mit „API-Schlüssel festlegen“ und versuche es erneut.'
        : `${c.url ?? 'Der Inferenzserver'} ist per Tailscale Funnel öffentlich im Internet und antwortet ohne API-Schlüssel: Jeder kann deine GPU nutzen. Starte den Server mit --api-key oder beende Funnel und stelle nur im Tailnet bereit.`,
  },
};
