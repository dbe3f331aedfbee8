// German title and detail for every code in tailnet.ts, with the same context fields.
// Commands, argv, setting ids, URLs and texts quoted from tools stay verbatim; fixes stay in tailnet.ts.
import { agoText } from '../time';
import { tr } from '../l10n';
import type { GermanText } from './types';
import type { tailnetFindings } from './tailnet';

export const tailnetFindingsDe: Record<keyof typeof tailnetFindings, GermanText> = {
  'tailnet.pingFailed': {
    title: (c) => `tailscale ping ${c.host ?? ''} bekam keine Antwort`.replace('  ', ' '),
    detail: (c) =>
      `"tailscale ping" an ${c.host ?? 'den Spark'} ist fehlgeschlagen (${c.message ?? 'keine Antwort'}). Der Spark ist offline, tailscaled läuft dort nicht oder der Weg im Tailnet ist blockiert. Prüfe, ob der Spark eingeschaltet ist und tailscaled dort läuft.`,
  },
  'tailnet.noSparkPeer': {
    title: () => 'Kein Spark im Tailnet gefunden',
    detail: (c) =>
      `Keiner der ${c.peerCount ?? 0} Peers im Tailnet hat das Tag tag:spark oder einen Hostnamen, der mit "spark" beginnt. Setze tailspark.spark.host auf den MagicDNS-Namen, die Tailscale-IP oder das Tag des Sparks.`,
  },
  'tailnet.peerNotFound': {
    title: (c) => `"${c.selector ?? '?'}" ist nicht im Tailnet`,
    detail: (c) =>
      `Kein Peer im Tailnet passt zu "${c.selector ?? '?'}" (Hostname, MagicDNS-Name, Tailscale-IP oder tag:…). Gesehene Peers: ${c.peers || 'keine'}.`,
  },
  'tailnet.peerAmbiguous': {
    title: () => 'Mehr als ein möglicher Spark',
    detail: (c) =>
      `Mehrere Peers passen zu ${c.selector ? `"${c.selector}"` : 'tag:spark / einem Hostnamen mit "spark"'}: ${c.candidates ?? '?'}. Setze tailspark.spark.host auf den gemeinten.`,
  },
  'tailnet.peerOffline': {
    title: (c) => `${c.host ?? 'Der Spark'} ist offline`,
    detail: (c) =>
      `Das Tailnet meldet ${c.host ?? 'den Spark'} als offline${c.lastSeen ? ` (zuletzt gesehen: ${agoText(String(c.lastSeen), Date.now(), tr)})` : ''}. Prüfe, ob er eingeschaltet ist und tailscaled dort läuft.`,
  },
  'tailnet.peerRelayed': {
    title: () => 'Die Verbindung zum Spark läuft über ein Relay',
    detail: (c) =>
      `Der Verkehr zu ${c.host ?? 'dem Spark'} läuft über das DERP-Relay "${c.relay ?? '?'}" statt auf direktem Weg: Das funktioniert, ist aber langsamer. Eine Firewall oder NAT blockiert UDP 41641 zwischen den Rechnern.`,
  },
  'tailnet.peerKeyExpired': {
    title: (c) => `Der Tailscale-Schlüssel von ${c.host ?? 'dem Spark'} ist abgelaufen`,
    detail: (c) =>
      `Der Node-Key von ${c.host ?? 'dem Spark'} ist abgelaufen; er kann nicht mit dem Tailnet sprechen, bis er sich neu anmeldet oder ein Admin den Schlüsselablauf für ihn abschaltet.`,
  },
  'tailnet.lanAddress': {
    title: () => 'Host ist eine LAN-Adresse, keine Tailnet-Adresse',
    detail: (c) =>
      `Der eingestellte Host ${c.host ?? '?'} ist eine private LAN-Adresse. Sie funktioniert nur in diesem LAN und umgeht Tailscale (kein MagicDNS-Name, kein Serve-Zertifikat). Verwende den MagicDNS-Namen des Sparks${c.suggestion ? ` (${c.suggestion})` : ' (…ts.net)'} oder seine Tailscale-IP 100.x.`,
  },
};
