// German title and detail for every code in server.ts, with the same context fields.
// Commands, argv, setting ids, URLs and texts quoted from tools stay verbatim; fixes stay in server.ts.
import { isFullMagicDnsName } from './helpers';
import type { GermanText } from './types';
import type { serverFindings } from './server';

export const serverFindingsDe: Record<keyof typeof serverFindings, GermanText> = {
  'probe.invalidUrl': {
    title: () => 'Base-URL ist ungültig',
    detail: (c) => `"${c.url ?? ''}" ist keine http(s)-URL. Sie sollte so aussehen: https://spark-56d0.tail1234.ts.net/v1.`,
  },
  'probe.dnsFailed': {
    title: (c) => `${c.host ?? 'Der Host'} lässt sich nicht auflösen`,
    detail: (c) =>
      `Der Name ${c.host ?? '?'} wurde nicht aufgelöst (${c.code ?? 'ENOTFOUND'}). Für einen …ts.net-Namen müssen MagicDNS an und Tailscale auf diesem Rechner verbunden sein; bei Split-DNS oder einem Resolver, der MagicDNS ignoriert, verwende die 100.x-Adresse.`,
  },
  'probe.connectionRefused': {
    title: () => 'Verbindung abgelehnt',
    detail: (c) =>
      `${c.url ?? 'Der Server'} hat die Verbindung abgelehnt. Der Inferenzserver lädt noch sein Modell (der Port öffnet erst, wenn die Gewichte geladen sind) oder ist gestoppt; bei einer Serve-URL läuft tailscale serve vielleicht nicht.`,
  },
  'probe.badGateway': {
    title: () => 'Serve läuft, der Inferenzserver dahinter nicht',
    detail: (c) =>
      `${c.url ?? 'Die URL'} antwortete ${c.status ?? 502} vom Proxy vor dem Server (Tailscale Serve): Er erreichte den Inferenz-Port auf dem Spark nicht. Der Server lädt sein Modell oder ist gestoppt.`,
  },
  'probe.connectionReset': {
    title: () => 'Verbindung abgebrochen',
    detail: (c) =>
      `${c.url ?? 'Der Server'} hat die Verbindung vor der Antwort geschlossen (${c.code ?? 'ECONNRESET'}). Mit Serve heißt das meist, dass der Backend-Port nicht lauscht (Server gestoppt oder lädt).`,
  },
  'probe.hostUnreachable': {
    title: (c) => `${c.host ?? 'Der Host'} ist nicht erreichbar`,
    detail: (c) =>
      `Keine Route zu ${c.host ?? 'dem Host'} (${c.code ?? 'EHOSTUNREACH'}). Tailscale ist auf diesem Rechner vielleicht getrennt, oder der Spark ist offline.`,
  },
  'probe.tlsNameMismatch': {
    title: (c) => (c.certNames ? `TLS-Zertifikat gilt für ${c.certNames}` : 'TLS-Zertifikat gilt für einen anderen Namen'),
    detail: (c) =>
      isFullMagicDnsName(c.host)
        ? `${c.host} antwortete mit einem Zertifikat für ${c.certNames ?? 'einen anderen Namen'} (ERR_TLS_CERT_ALTNAME_INVALID). Die URL verwendet bereits den vollen MagicDNS-Namen, die erreichte Adresse ist also nicht das Serve des Sparks: Ein Eintrag in tailspark.network.resolve oder DNS leitet diesen Namen auf einen anderen Rechner, oder ein anderer Knoten antwortet darauf. Prüfe, auf welche Adresse der Name auflöst (tailscale ip ${c.host}), und die resolve-Einstellung.`
        : `Das Zertifikat von ${c.host ?? 'dem Server'} deckt diesen Namen nicht ab (ERR_TLS_CERT_ALTNAME_INVALID${c.message ? `: ${c.message}` : ''}). Tailscale-Serve-Zertifikate gelten nur für den vollen MagicDNS-Namen (z. B. spark-56d0.tail1234.ts.net): Verwende diesen Namen, nicht den kurzen Hostnamen oder eine IP.`,
  },
  'probe.tlsSelfSigned': {
    title: () => 'TLS-Zertifikat ist selbstsigniert',
    detail: (c) =>
      `${c.host ?? 'Der Server'} zeigte ein selbstsigniertes oder privat ausgestelltes Zertifikat (${c.code ?? ''}), dem nicht vertraut wird. Tailscale Serve verwendet Let's-Encrypt-Zertifikate, also antwortet etwas anderes auf dieser Adresse: Prüfe, ob die Base-URL auf den MagicDNS-Namen des Sparks zeigt.`,
  },
  'probe.tlsExpired': {
    title: () => 'TLS-Zertifikat abgelaufen',
    detail: (c) =>
      `Das Zertifikat von ${c.host ?? 'dem Server'} ist abgelaufen (CERT_HAS_EXPIRED). tailscaled erneuert Serve-Zertifikate selbst, wenn es läuft und den Koordinationsserver erreicht; starte tailscaled auf dem Spark neu oder prüfe dort die Uhr.`,
  },
  'probe.tlsHandshakeFailed': {
    title: () => 'TLS-Handshake vom Server abgebrochen',
    detail: (c) =>
      `${c.host ?? 'Der Server'} nahm die Verbindung an, brach aber im TLS-Handshake ab (${c.code ?? '?'}): Er hatte kein Zertifikat anzubieten. Mit Tailscale Serve heißt das, dass HTTPS-Zertifikate im Tailnet nicht aktiviert sind oder tailscaled das Zertifikat noch nicht holen konnte. Aktiviere „HTTPS Certificates“ in der Admin-Konsole (DNS) und versuche es erneut.`,
  },
  'probe.tlsFailed': {
    title: () => 'TLS-Handshake fehlgeschlagen',
    detail: (c) =>
      `Die TLS-Verbindung zu ${c.host ?? 'dem Server'} ist fehlgeschlagen (${c.code ?? '?'}: ${c.message ?? ''}). Verwende https:// nur, wo der Server TLS spricht (Serve tut es; der rohe Port 30001 nicht).`,
  },
  'probe.apiKeyNeeded': {
    title: () => 'Der Server braucht einen API-Schlüssel',
    detail: (c) =>
      `${c.url ?? 'Der Server'} antwortete 401 Unauthorized: Er wurde mit --api-key gestartet, und Tailspark hat keinen gesendet. Speichere den Schlüssel in Tailspark (er kommt in den Secret Store, nie in Einstellungsdateien).`,
  },
  'probe.apiKeyWrong': {
    title: () => 'API-Schlüssel abgelehnt',
    detail: (c) =>
      `${c.url ?? 'Der Server'} antwortete 401 Unauthorized auf den API-Schlüssel, den Tailspark gesendet hat: Der Schlüssel ist falsch oder wurde auf dem Server geändert.`,
  },
  'probe.notFound': {
    title: () => 'Keine OpenAI-API unter diesem Pfad (404)',
    detail: (c) =>
      `${c.url ?? 'Die URL'} antwortete 404 Not Found. Der Mount-Pfad ist falsch: Die Base-URL muss die Serve-URL plus Mount-Pfad plus "/v1" sein (z. B. https://spark-56d0.tail1234.ts.net/v1).`,
  },
  'probe.warmingUp': {
    title: () => 'Server wärmt sich auf (503)',
    detail: (c) =>
      `${c.url ?? 'Der Server'} antwortete 503 Service Unavailable: Er startet (Warm-up) oder fährt herunter. Tailspark prüft gleich erneut.`,
  },
  'probe.timeout': {
    title: () => 'Server hat nicht rechtzeitig geantwortet',
    detail: (c) =>
      `${c.url ?? 'Der Server'} hat innerhalb von ${c.timeoutMs ?? '?'} ms nicht geantwortet. Der Spark ist vielleicht überlastet, der Weg im Tailnet langsam oder der Port durch eine Firewall gesperrt.`,
  },
  'probe.notOpenAi': {
    title: () => 'Keine OpenAI-kompatible Antwort',
    detail: (c) =>
      `${c.url ?? 'Die URL'} antwortete${c.status ? ` ${c.status}` : ''}, aber nicht mit einer OpenAI-Modellliste (${c.message ?? 'unerwarteter Inhalt'}). Ein anderer Dienst antwortet unter dieser Adresse oder diesem Pfad.`,
  },
  'probe.httpError': {
    title: (c) => `Server antwortete HTTP ${c.status ?? '?'}`,
    detail: (c) => `${c.url ?? 'Der Server'} antwortete HTTP ${c.status ?? '?'}${c.message ? `: ${c.message}` : ''}.`,
  },
  'probe.responseTooLarge': {
    title: () => 'Antwort zu groß',
    detail: (c) =>
      `${c.url ?? 'Der Server'} hat mehr als ${c.limit ?? '?'} Bytes gesendet; Tailspark hat aufgehört zu lesen. So antwortet kein Inferenzserver auf diese Anfrage: Prüfe, ob die Base-URL auf den Inferenzserver zeigt.`,
  },
  'probe.noModels': {
    title: () => 'Server listet keine Modelle',
    detail: (c) => `${c.url ?? 'Der Server'} antwortete mit einer leeren Modellliste; er lädt vermutlich noch.`,
  },
  'probe.networkError': {
    title: () => 'Netzwerkfehler',
    detail: (c) => `Die Anfrage an ${c.url ?? 'den Server'} ist fehlgeschlagen: ${c.code ?? ''} ${c.message ?? ''}`.trim(),
  },
};
