// German texts of the Finding catalogue (src/core/findings.ts): per code a title and a detail
// with the same context fields as the English entry, and the German fix labels. makeFinding uses
// them when the locale is German (src/core/l10n.ts) and falls back to English for a code without
// an entry here. Commands, argv, setting ids, URLs and texts quoted from tools stay verbatim.
// Severity, fixes and actions stay in findings.ts: only words change here, never behaviour.
import type { FindingCode, FindingContext } from './findings';
import { currentLocale, tr } from './l10n';
import './l10n.de';
import { agoText } from './time';
import { quoteArgv } from './ssh/argv';

interface GermanText {
  title: (c: FindingContext) => string;
  detail: (c: FindingContext) => string;
}

/** A command as one shell line (as findings.ts's commandLine), for the one detail that shows one. */
function commandLine(value: FindingContext[string], sudo: boolean): string | undefined {
  if (typeof value !== 'object' || value.length === 0 || value.some((a) => a.includes('\0'))) return undefined;
  return `${sudo ? 'sudo ' : ''}${quoteArgv(value)}`;
}

/** A tailnet's full MagicDNS name (as findings.ts's isFullMagicDnsName): the TLS advice differs. */
function isFullMagicDnsName(host: unknown): boolean {
  return typeof host === 'string' && /^[a-z0-9-]+\.[a-z0-9-]+\.ts\.net\.?$/i.test(host);
}

const side = (c: FindingContext) => (c.side === 'remote' ? ' auf dem Spark' : ' auf diesem Rechner');

export const GERMAN_FINDINGS: Partial<Record<FindingCode, GermanText>> = {
  'internal.unexpected': {
    title: () => 'Unerwarteter Fehler',
    detail: (c) => `Tailspark ist auf einen Fehler gestoßen, den es noch nicht kennt: ${c.message ?? 'keine Meldung'}. Details stehen im Protokoll.`,
  },
  'settings.invalid': {
    title: (c) => `Ungültige Einstellung ${c.setting ?? ''}`.trim(),
    detail: (c) =>
      `Der Wert von ${c.setting ?? 'einer Tailspark-Einstellung'} ist ungültig: ${c.message ?? 'falscher Typ'}. Tailspark verwendet den Standardwert (${c.fallback ?? 'keiner'}), bis du ihn korrigierst.`,
  },
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
  'tailnet.pingFailed': {
    title: (c) => `tailscale ping ${c.host ?? ''} bekam keine Antwort`.replace('  ', ' '),
    detail: (c) =>
      `"tailscale ping" an ${c.host ?? 'den Spark'} ist fehlgeschlagen (${c.message ?? 'keine Antwort'}). Der Spark ist offline, tailscaled läuft dort nicht oder der Weg im Tailnet ist blockiert. Prüfe, ob der Spark eingeschaltet ist und tailscaled dort läuft.`,
  },
  'doctor.checkTimedOut': {
    title: (c) => `Prüfung „${c.check ?? '?'}“ hat das Zeitlimit überschritten`,
    detail: (c) =>
      `Die Prüfung „${c.check ?? '?'}“ gab innerhalb von ${c.seconds ?? '?'} s keine Antwort und wurde abgebrochen; die übrigen Prüfungen liefen trotzdem. Ein langsamer Weg im Tailnet oder ein hängender Befehl auf dem Spark kann das verursachen; starte die Diagnose erneut.`,
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
  'monitor.probeTimeout': {
    title: (c) => `Die Prüfung ${c.probe ?? ''} wurde nicht fertig`.replace('  ', ' '),
    detail: (c) =>
      `Tailspark hat nach ${c.timeoutMs ?? '?'} ms aufgehört, auf die Prüfung ${c.probe ?? ''} zu warten, damit der Status reaktionsfähig bleibt. Beim nächsten Abfragen versucht es es erneut; das Protokoll zeigt, welcher Schritt hing.`,
  },
  'tailscale.cliMissing': {
    title: () => 'Tailscale-CLI nicht gefunden',
    detail: (c) =>
      `Tailspark konnte das Tailscale-Kommandozeilenwerkzeug "${c.path ?? 'tailscale'}" nicht starten: Datei nicht vorhanden. Installiere Tailscale oder richte die Einstellung tailspark.tailscale.path auf die CLI (Windows: C:\\Program Files\\Tailscale\\tailscale.exe, macOS: /Applications/Tailscale.app/Contents/MacOS/Tailscale).`,
  },
  'tailscale.cliFailed': {
    title: () => 'Tailscale-Befehl fehlgeschlagen',
    detail: (c) =>
      `"${c.command ?? 'tailscale'}" endete mit Exit-Code ${c.exitCode ?? '?'} und einer Meldung, die Tailspark nicht kennt: ${c.message ?? '(keine Ausgabe)'}. Der Nachweis zeigt die vollständige Ausgabe.`,
  },
  'tailscale.cliTimeout': {
    title: () => 'Zeitüberschreitung beim Tailscale-Befehl',
    detail: (c) =>
      `"${c.command ?? 'tailscale'}" gab innerhalb von ${c.timeoutMs ?? '?'} ms keine Antwort und wurde abgebrochen. tailscaled hängt vielleicht oder ist ausgelastet; prüfe, ob die Tailscale-App bzw. der Dienst läuft.`,
  },
  'tailscale.statusUnreadable': {
    title: () => 'Tailscale-Status nicht lesbar',
    detail: (c) =>
      `Die Ausgabe von "tailscale status --json" ist nicht das JSON, das Tailspark erwartet (${c.message ?? 'unbekannter Grund'}). Möglicherweise ist eine sehr alte oder sehr neue Tailscale-Version installiert.`,
  },
  'tailscale.needsLogin': {
    title: () => 'Tailscale ist abgemeldet',
    detail: (c) =>
      `Tailscale${side(c)} ist nicht angemeldet (Backend-Zustand NeedsLogin), daher ist kein Peer im Tailnet erreichbar. ${c.authUrl ? `Melde dich unter ${c.authUrl} an.` : 'Führe "tailscale up" aus (oder melde dich in der Tailscale-App an).'}`,
  },
  'tailscale.needsMachineAuth': {
    title: () => 'Rechner noch nicht vom Tailnet-Admin freigegeben',
    detail: () =>
      'Tailscale ist angemeldet, aber dieser Rechner wartet auf Freigabe ("Machine is not yet approved by tailnet admin."). Ein Tailnet-Admin muss ihn in der Admin-Konsole (Machines) freigeben.',
  },
  'tailscale.stopped': {
    title: () => 'Tailscale ist gestoppt',
    detail: (c) =>
      `Tailscale${side(c)} ist gestoppt ("Tailscale is stopped."), daher ist das Tailnet nicht verbunden. Starte es mit "tailscale up" oder dem Connect-Schalter der Tailscale-App.`,
  },
  'tailscale.starting': {
    title: () => 'Tailscale startet',
    detail: () => 'Tailscale verbindet sich noch mit dem Tailnet (Backend-Zustand Starting). Tailspark prüft gleich erneut.',
  },
  'tailscale.inUseOtherUser': {
    title: () => 'Tailscale wird von einem anderen Betriebssystem-Benutzer verwendet',
    detail: () =>
      'Tailscale auf diesem Rechner gehört einem anderen angemeldeten Benutzer (Backend-Zustand InUseOtherUser, Windows). Wechsle zu diesem Benutzer oder melde dich selbst bei Tailscale an.',
  },
  'tailscale.noState': {
    title: () => 'Tailscale ist noch nicht gestartet',
    detail: () =>
      'tailscaled antwortet, hat aber noch keinen Zustand (Backend-Zustand NoState). Vermutlich startet es noch; bleibt es so, starte die Tailscale-App bzw. den Dienst neu.',
  },
  'tailscale.health': {
    title: () => 'Tailscale meldet ein Problem',
    detail: (c) => `tailscaled meldet: ${c.message ?? '(keine Meldung)'}`,
  },
  'tailscale.daemonNotRunning': {
    title: (c) => `tailscaled läuft nicht${c.side === 'remote' ? ' auf dem Spark' : ''}`,
    detail: (c) =>
      c.platform === 'windows'
        ? 'Die Tailscale-CLI erreicht den Tailscale-Windows-Dienst nicht ("failed to connect to local tailscaled process; is the Tailscale service running?"). Starte die Tailscale-App oder den Dienst „Tailscale“ in services.msc.'
        : c.platform === 'macos'
          ? 'Die Tailscale-CLI erreicht die Tailscale-App nicht ("failed to connect to local Tailscale service; is Tailscale running?"). Öffne die Tailscale-App unter Programme.'
          : 'Die Tailscale-CLI erreicht den lokalen tailscaled-Daemon nicht ("failed to connect to local tailscaled"). Starte ihn: "sudo systemctl start tailscaled", bei einer Snap-Installation "sudo snap start tailscale".',
  },
  'tailscale.serveNotEnabled': {
    title: () => 'Tailscale Serve ist im Tailnet nicht aktiviert',
    detail: (c) =>
      `tailscale auf dem Spark antwortete "Serve is not enabled on your tailnet." Es wurde nichts bereitgestellt, auch wenn der Befehl mit 0 endete. Ein Tailnet-Admin muss Serve und HTTPS-Zertifikate aktivieren: Öffne ${c.url ?? 'die Admin-Konsole'}, bestätige und führe Serve erneut aus.`,
  },
  'tailscale.httpsCertsDisabled': {
    title: () => 'HTTPS-Zertifikate sind für das Tailnet ausgeschaltet',
    detail: () =>
      'Tailscale bekommt kein TLS-Zertifikat ("HTTPS cert support is not enabled/configured for your tailnet." oder "your Tailscale account does not support getting TLS certs"), daher kann Serve kein https:// anbieten. Aktiviere „HTTPS Certificates“ in der Admin-Konsole unter DNS.',
  },
  'tailscale.serveConfigDenied': {
    title: () => 'Keine Berechtigung, die Serve-Konfiguration zu ändern',
    detail: (c) =>
      `tailscaled auf dem Spark hat die Serve-Änderung abgelehnt ("Access denied: serve config denied"): ${c.user ? `der Benutzer ${c.user}` : 'der SSH-Benutzer'} ist weder root noch der Tailscale-Operator. Mache den Benutzer einmalig zum Operator mit "sudo tailscale set --operator=${c.user ?? '<user>'}"; danach funktioniert Serve ohne sudo.${c.snap ? ` Dies ist eine Snap-Installation: Alternativ führe die Änderung als root aus ("${commandLine(c.rootArgv, true) ?? 'sudo tailscale …'}"); /snap/bin/tailscale übergibt --socket /var/snap/tailscale/common/socket/tailscaled.sock selbst, füge diese Option also nur hinzu, wenn du eine CLI aufrufst, die das nicht tut.` : ''}`,
  },
  'tailscale.serveConfigConflict': {
    title: () => 'Die Serve-Konfiguration wurde gleichzeitig geändert',
    detail: () =>
      'tailscaled hat die Serve-Änderung mit HTTP 412 abgelehnt ("Another client is changing the serve config; please try again."): Ein anderes "tailscale serve" oder "tailscale funnel" hat die Konfiguration zwischen unserem Lesen und Schreiben geändert. Nichts wurde geändert; führe denselben Befehl erneut aus.',
  },
  'tailscale.certAccessDenied': {
    title: () => 'Keine Berechtigung, ein Zertifikat zu holen',
    detail: () =>
      'tailscaled hat die Zertifikatsanfrage abgelehnt ("Access denied: cert access denied"). Führe sie als root oder als Tailscale-Operator aus (sudo tailscale set --operator=<user>) oder frage einen Admin.',
  },
  'tailscale.checkprefsDenied': {
    title: () => 'Tailscale-Einstellungen ändern erfordert root',
    detail: () =>
      'tailscaled hat "tailscale set" abgelehnt ("Access denied: checkprefs access denied"). Einstellungen ändern erfordert root: Führe den Befehl mit sudo aus.',
  },
  'tailscale.socketFlagTwice': {
    title: () => '--socket doppelt angegeben (Snap-Tailscale)',
    detail: (c) =>
      `/snap/bin/tailscale des Snaps übergibt --socket bereits selbst, daher schlägt eine weitere Angabe fehl ("invalid value "${c.value ?? '…'}" for flag -socket: flag provided multiple times"). Rufe /snap/bin/tailscale ohne --socket auf; --socket nur für das innere Programm des Snaps oder eine CLI ohne Snap angeben.`,
  },
  'tailscale.loseSshWarning': {
    title: () => 'Diese Änderung würde die SSH-Sitzung trennen',
    detail: () =>
      'Tailscale hat es abgelehnt, Tailscale SSH einzuschalten, weil diese Sitzung über Tailscale läuft und umgeleitet und getrennt würde ("aborted, no changes made"). Nichts wurde geändert. Wiederhole es mit --accept-risk=lose-ssh nur, wenn du den Verlust der Sitzung in Kauf nimmst (z. B. an einer lokalen Konsole).',
  },
  'tailscale.sshNotEnabledOnTailnet': {
    title: () => 'Tailscale SSH ist in diesem Tailnet nicht erlaubt',
    detail: () =>
      'tailscale antwortete "Unable to enable local Tailscale SSH server; not enabled on Tailnet." Die Tailnet-Richtlinie muss Tailscale SSH erlauben (eine "ssh"-Regel), bevor ein Knoten es einschalten kann. Siehe https://tailscale.com/s/ssh.',
  },
  'tailscale.serveCliChanged': {
    title: () => 'Alte Syntax von "tailscale serve"',
    detail: (c) =>
      `Diese Tailscale-Version lehnt die Serve-Syntax vor 1.52 ab ("the CLI for serve and funnel has changed").${c.suggested ? ` Sie schlägt vor: ${c.suggested}` : ''} Verwende stattdessen die aktuelle Form: "tailscale serve --bg --yes <port>".`,
  },
  'tailscale.sshPolicyDenied': {
    title: () => 'Die Tailnet-Richtlinie erlaubt diese SSH-Anmeldung nicht',
    detail: (c) =>
      `Tailscale SSH auf dem Spark hat die Anmeldung abgelehnt (${c.reason ?? 'access denied'}). Die Tailnet-Richtlinie braucht eine "ssh"-Regel, die dich für das Tag des Sparks zulässt ("dst" enthält nur Hosts oder Tags, nie Benutzernamen). Kopiere die Regel und füge sie in den Access Controls hinzu.`,
  },
  'tailscale.sshUnknownUser': {
    title: (c) => `Kein Benutzer ${c.user ? `„${c.user}“ ` : ''}auf dem Spark für Tailscale SSH`,
    detail: (c) =>
      `Tailscale SSH auf dem Spark hat die Anmeldung erlaubt, aber kein lokales Konto ${c.user ? `„${c.user}“` : 'für den angefragten Benutzer'} gefunden ("tailscale: failed to look up local user"). Das SSH-Ziel nennt einen Benutzer, den es dort nicht gibt: Setze tailspark.ssh.target auf user@host mit einem Konto des Sparks (oder User in ~/.ssh/config).`,
  },
  'tailscale.sshCheckTimedOut': {
    title: () => 'Die Tailscale-SSH-Prüfung wurde nicht rechtzeitig abgeschlossen',
    detail: () =>
      'Tailscale SSH auf dem Spark hat auf die Bestätigung im Check-Modus gewartet und aufgegeben ("tailscale: failed to fetch next SSH action"): Die Browser-Anmeldung für die Prüfung wurde nicht rechtzeitig abgeschlossen, oder tailscaled dort erreichte den Koordinationsserver nicht. Verbinde dich erneut und bestätige die Prüfung im Browser, wenn du gefragt wirst, oder verwende für tag:spark eine "accept"-Regel statt "check".',
  },
  'tailscale.sshCheckMode': {
    title: () => 'Tailscale SSH verlangt eine zusätzliche Prüfung',
    detail: (c) =>
      `Die SSH-Richtlinie für den Spark verwendet den Check-Modus ("# Tailscale SSH requires an additional check."): Eine nicht-interaktive Sitzung würde hängen. Authentifiziere dich im Browser${c.url ? ` unter ${c.url}` : ''} und versuche es dann erneut.`,
  },
  'tailscale.sshOperationNotPermitted': {
    title: () => 'SSH-Anmeldung fehlgeschlagen: operation not permitted',
    detail: () =>
      'Der Spark antwortete "operation not permitted". Entweder passte die SSH-Richtlinie des Tailnets nicht (eine "ssh"-Regel muss deinen Benutzer für dst ["tag:spark"], users ["autogroup:nonroot", "root"] zulassen), oder Tailscale SSH ist auf dem Spark nicht aktiv (dort "sudo tailscale set --ssh" ausführen; nicht bei einer Snap-Installation), oder tailscaled fehlen setuid-Rechte (Container).',
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
  'serve.nothingServed': {
    title: () => 'Für den Inferenz-Port wird nichts bereitgestellt',
    detail: (c) =>
      `"tailscale serve status" auf dem Spark zeigt keinen Handler, der an Port ${c.port ?? 30001} weiterleitet${c.served ? ` (bereitgestellt: ${c.served})` : ''}. Stelle den Server im Tailnet bereit mit "tailscale serve --bg --yes ${c.port ?? 30001}".`,
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
  'funnel.noApiKey': {
    title: (c) => (c.refused ? 'Funnel verweigert: Das Modell antwortet ohne API-Schlüssel' : 'Öffentliches Modell ohne API-Schlüssel'),
    detail: (c) =>
      c.refused
        ? 'Nichts wurde geändert. Einmal öffentlich, könnte jeder im Internet deine GPU nutzen: Starte den Server mit einem API-Schlüssel (SGLang --api-key, vLLM VLLM_API_KEY), speichere ihn mit „API-Schlüssel festlegen“ und versuche es erneut.'
        : `${c.url ?? 'Der Inferenzserver'} ist per Tailscale Funnel öffentlich im Internet und antwortet ohne API-Schlüssel: Jeder kann deine GPU nutzen. Starte den Server mit --api-key oder beende Funnel und stelle nur im Tailnet bereit.`,
  },
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
  'ssh.targetInvalid': {
    title: () => 'Das SSH-Ziel ist ungültig',
    detail: (c) =>
      `Tailspark kann ${c.target ? `"${c.target}"` : 'das SSH-Ziel'} nicht als SSH-Ziel verwenden: ${c.message ?? 'nicht lesbar'}. Schreibe es als user@host, user@host:port oder als Host-Alias aus ${c.where ?? '~/.ssh/config'}.`,
  },
  'ssh.dnsFailed': {
    title: (c) => `${c.host ?? 'Der Spark'} lässt sich nicht auflösen`,
    detail: (c) =>
      `Der Name ${c.host ?? '?'} wird auf diesem Rechner nicht aufgelöst (${c.message ?? 'not found'}). Für einen MagicDNS-Namen muss Tailscale hier mit eingeschaltetem MagicDNS laufen; sonst prüfe HostName in ~/.ssh/config.`,
  },
  'ssh.connectionRefused': {
    title: (c) => `SSH-Verbindung von ${c.host ?? 'dem Spark'} abgelehnt`,
    detail: (c) =>
      `${c.host ?? 'Der Host'} ist erreichbar, aber auf Port ${c.port ?? 22} nimmt nichts SSH an. Starte dort sshd ("sudo systemctl enable --now ssh") oder schalte Tailscale SSH ein ("sudo tailscale set --ssh"), oder korrigiere den Port.`,
  },
  'ssh.hostUnreachable': {
    title: (c) => `${c.host ?? 'Der Spark'} ist nicht erreichbar`,
    detail: (c) =>
      `Keine Route zu ${c.host ?? 'dem Host'} (${c.message ?? 'unreachable'}). Ist der Spark in deinem Tailnet online, und läuft Tailscale auf diesem Rechner?`,
  },
  'ssh.connectTimeout': {
    title: (c) => `Zeitüberschreitung bei SSH zu ${c.host ?? 'dem Spark'}`,
    detail: (c) =>
      `Kein SSH-Handshake mit ${c.host ?? 'dem Host'} innerhalb von ${c.seconds ?? '?'} s. Der Rechner ist vielleicht offline oder im Ruhezustand, oder eine Firewall verwirft die Pakete. ConnectTimeout in ~/.ssh/config legt diese Grenze fest.`,
  },
  'ssh.authFailed': {
    title: (c) => `SSH-Anmeldung als ${c.user ?? '?'} auf ${c.host ?? 'dem Spark'} fehlgeschlagen`,
    detail: (c) =>
      `Der Server hat keine der versuchten Methoden akzeptiert: ${c.tried ?? 'keine'}.${c.allowed ? ` Er bietet an: ${c.allowed}.` : ''} Trage deinen öffentlichen Schlüssel in ~/.ssh/authorized_keys von ${c.user ?? 'dem Benutzer'} auf dem Spark ein (ssh-copy-id), lade ihn in den ssh-agent oder setze IdentityFile in ~/.ssh/config. Bei Tailscale SSH prüfe die "ssh"-Richtlinie des Tailnets.`,
  },
  'ssh.hostKeyUnknown': {
    title: (c) => `Unbekannter SSH-Hostschlüssel für ${c.host ?? 'den Spark'}`,
    detail: (c) =>
      `${c.host ?? 'Der Host'} zeigte einen ${c.keyType ?? ''}-Hostschlüssel mit Fingerprint ${c.fingerprint ?? '?'}, der weder in ${c.file ?? 'known_hosts'} noch in der Hostschlüsselliste des Tailnets steht, und er wurde nicht akzeptiert. Vergleiche ihn mit "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub" auf dem Spark und verbinde dich dann einmal mit "ssh" (oder tailspark run --accept-new), um ihm zu vertrauen.`,
  },
  'ssh.hostCertUnsupported': {
    title: (c) => `SSH-Hostzertifikate werden nicht unterstützt (${c.host ?? 'der Spark'})`,
    detail: (c) =>
      `${c.file ?? 'known_hosts'} Zeile ${c.line ?? '?'} vertraut ${c.host ?? 'diesem Host'} über einen @cert-authority-Schlüssel, aber Tailspark kann Hostzertifikate nicht prüfen, und kein einfacher Schlüssel des Hosts ist bekannt. Der gezeigte ${c.keyType ?? ''}-Schlüssel (${c.fingerprint ?? '?'}) wurde daher nicht akzeptiert. Trage den einfachen Schlüssel des Hosts in known_hosts ein (vergleiche "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub" auf dem Spark) oder verlasse dich auf die Hostschlüsselliste des Tailnets.`,
  },
  'ssh.hostKeyChanged': {
    title: (c) => `SSH-Hostschlüssel von ${c.host ?? 'dem Spark'} ${c.reason === 'revoked' ? 'ist WIDERRUFEN' : 'hat sich GEÄNDERT'}`,
    detail: (c) =>
      `${c.reason === 'revoked' ? `Der Schlüssel, den ${c.host ?? 'der Host'} zeigte (${c.fingerprint ?? '?'}), ist in ${c.file ?? 'known_hosts'} als @revoked markiert.` : `${c.host ?? 'Der Host'} zeigte ${c.fingerprint ?? '?'}, aber ${c.file ?? 'known_hosts'} Zeile ${c.line ?? '?'} enthält einen anderen ${c.keyType ?? ''}-Schlüssel für ihn.`} Jemand fängt die Verbindung vielleicht ab (Man-in-the-Middle), oder der Spark wurde neu installiert. Tailspark verbindet sich nicht. Wenn du weißt, dass sich die Schlüssel des Sparks geändert haben, entferne den alten Eintrag und verbinde dich erneut.`,
  },
  'ssh.jumpHostFailed': {
    title: (c) => `ProxyJump ${c.jump ?? ''} erreichte ${c.host ?? 'den Spark'} nicht`.replace('  ', ' '),
    detail: (c) =>
      `Der Jump-Host ${c.jump ?? '?'} hat die Anmeldung angenommen, konnte aber keine Verbindung zu ${c.host ?? '?'}:${c.port ?? 22} öffnen (${c.message ?? 'refused'}). Prüfe HostName/Port des Sparks in ~/.ssh/config aus Sicht des Jump-Hosts.`,
  },
  'ssh.connectionLost': {
    title: (c) => `SSH-Verbindung zu ${c.host ?? 'dem Spark'} verloren`,
    detail: (c) =>
      `Die Verbindung brach während ${c.command ?? 'eines Befehls'} ab (${c.message ?? 'closed'}). Das Ergebnis des Befehls auf dem Spark ist unbekannt; Tailspark verbindet sich beim nächsten Befehl neu.`,
  },
  'ssh.commandTimeout': {
    title: (c) => `Zeitüberschreitung beim entfernten Befehl nach ${c.seconds ?? '?'} s`,
    detail: (c) =>
      `${c.command ?? 'Der Befehl'} auf ${c.host ?? 'dem Spark'} wurde nicht rechtzeitig fertig; Tailspark hat ihn gestoppt und seinen Kanal geschlossen.`,
  },
  'ssh.cancelled': {
    title: () => 'Entfernter Befehl abgebrochen',
    detail: (c) => `${c.command ?? 'Der Befehl'} auf ${c.host ?? 'dem Spark'} wurde abgebrochen; sein Kanal wurde geschlossen.`,
  },
  'ssh.channelFailed': {
    title: () => 'Der Spark hat eine neue SSH-Sitzung abgelehnt',
    detail: (c) =>
      `Das Öffnen eines Sitzungskanals auf ${c.host ?? 'dem Spark'} ist fehlgeschlagen (${c.message ?? 'refused'}). MaxSessions von sshd ist vielleicht kleiner als die Zahl paralleler Befehle von Tailspark, oder der Server ist überlastet.`,
  },
  'ssh.sudoPasswordNeeded': {
    title: (c) => `sudo auf ${c.host ?? 'dem Spark'} braucht ein Passwort`,
    detail: (c) =>
      `${c.command ?? 'Der Befehl'} braucht root, und sudo fragte nach dem Passwort von ${c.user ?? 'dem Benutzer'} ("sudo: a password is required"), aber es wurde keines angegeben. Führe ihn aus VS Code aus (das fragt nach), oder erlaube ihn ohne Passwort mit einer sudoers-Datei auf dem Spark.`,
  },
  'ssh.sudoWrongPassword': {
    title: () => 'Falsches sudo-Passwort',
    detail: (c) =>
      `sudo auf ${c.host ?? 'dem Spark'} hat das Passwort für ${c.user ?? 'den Benutzer'} abgelehnt ("${c.sudoText ?? 'Sorry, try again.'}"). Nichts lief als root, und ein gemerktes Passwort wurde vergessen. Prüfe das Passwort in einem Terminal auf dem Spark mit "sudo -v" und führe die Aktion dann erneut aus: Tailspark fragt neu.`,
  },
  'ssh.sudoNotAllowed': {
    title: (c) => `${c.user ?? 'Der Benutzer'} darf auf ${c.host ?? 'dem Spark'} kein sudo verwenden`,
    detail: (c) =>
      `sudo verweigert: "${c.sudoText ?? 'not in the sudoers file'}". Ein Admin auf dem Spark muss ${c.user ?? 'den Benutzer'} zur sudo-Gruppe hinzufügen ("sudo usermod -aG sudo ${c.user ?? 'USER'}") oder eine sudoers-Regel für die nötigen Befehle anlegen.`,
  },
};

/**
 * Codes other branches add to the catalogue at the same time (they are on main, not yet in this
 * branch's findings.ts): keyed by string so this file compiles before and after the merge. Each
 * moves into GERMAN_FINDINGS once findings.ts has it; the unit test checks every code then.
 */
const GERMAN_FINDINGS_PENDING: Record<string, GermanText> = {
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
  'dashboard.measureFailed': {
    title: () => 'Durchsatzmessung fehlgeschlagen',
    detail: (c) =>
      `Keine Anfrage der Messung gegen ${c.url ?? c.where ?? 'den Server'} wurde fertig: ${c.message ?? 'keine Antwort'}. Der Server lädt vielleicht, ist überlastet oder lehnt gestreamte Chat-Anfragen ab.`,
  },
  'dashboard.serverNotReady': {
    title: () => 'Kein bereiter Server zum Messen',
    detail: (c) =>
      `Die Durchsatzmessung braucht einen bereiten Inferenzserver mit einem Modell${c.where ? ` (${c.where})` : ''}. Tailspark hat noch keinen gesehen: Warte, bis die Statusleiste das Modell zeigt, und miss dann erneut.`,
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
  'funnel.openRoutes': {
    title: (c) => (c.refused ? 'Funnel verweigert: Routen antworten ohne API-Schlüssel' : 'Öffentliche Routen antworten ohne API-Schlüssel'),
    detail: (c) =>
      `${c.url ?? 'Der Inferenzserver'} verlangt den API-Schlüssel nur unter /v1, aber ${c.routes ?? 'andere Routen'} ${c.refused ? 'beantworten' : 'beantworteten'} eine Anfrage ohne ihn (vLLMs --api-key schützt nur /v1; /invocations führt vollständige Completions aus). ${c.refused ? 'Funnel wurde nicht eingeschaltet, nichts wurde geändert.' : 'Jeder im Internet kann sie erreichen.'} Veröffentliche nur den /v1-Mount, auf einem eigenen Funnel-Port, damit das Serve auf 443 nur im Tailnet bleibt (Funnel gilt pro Port, nicht pro Pfad): "Set Up Cursor Chat" erledigt das, oder führe "tailscale funnel --bg --yes --https=8443 --set-path /v1 http://127.0.0.1:${c.port ?? 30001}/v1" aus. Oder setze einen Proxy davor, der den Schlüssel auf jedem Pfad verlangt.`,
  },
  'serve.foreignHost': {
    title: () => 'Eine Serve-Route nennt einen anderen Host',
    detail: (c) =>
      `Die Serve-Konfiguration auf dem Spark leitet Port ${c.port ?? 30001} unter ${c.hosts ?? 'einem Host'} weiter, der nicht der eigene MagicDNS-Name des Sparks${c.host ? ` (${c.host})` : ''} oder seine Tailscale-Adresse ist. Tailspark verwendet sie nicht als Base-URL: Der API-Schlüssel würde dorthin gesendet. Stelle den Port unter dem eigenen Namen des Sparks bereit mit "tailscale serve --bg --yes ${c.port ?? 30001}" und entferne die andere Route.`,
  },
  'ssh.hostKeyNotTailnet': {
    title: (c) => `SSH-Hostschlüssel von ${c.host ?? 'dem Spark'} widerspricht dem Tailnet`,
    detail: (c) =>
      `${c.host ?? 'Der Host'} zeigte einen ${c.keyType ?? ''}-Hostschlüssel ${c.fingerprint ?? '?'}, aber das Tailnet listet andere Schlüssel für diesen Peer (${c.tailnetFingerprints ?? '?'}). Die Liste des Tailnets kommt über Tailscales authentifizierten Steuerkanal, ein anderer Schlüssel heißt also, dass jemand anderes geantwortet hat (Man-in-the-Middle) oder die Adresse zu einem anderen Rechner führt. Tailspark verbindet sich nicht und fragt auch nicht, ob du dem Schlüssel vertrauen willst. Vergleiche mit "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub" auf dem Spark und prüfe, welcher Rechner unter dieser Adresse antwortet.`,
  },
};

/** German fix labels, keyed by the English label in findings.ts. */
export const GERMAN_FIX_LABELS: Readonly<Record<string, string>> = {
  'About Funnel': 'Über Funnel',
  'Apply Again': 'Erneut übernehmen',
  Authenticate: 'Authentifizieren',
  'Check Again': 'Erneut prüfen',
  'Check Name Mappings': 'Namenszuordnungen prüfen',
  'Copy "tailscale up"': '"tailscale up" kopieren',
  "Cursor's Model Settings": 'Cursors Modelleinstellungen',
  'Copy Command': 'Befehl kopieren',
  'Copy Operator Command': 'Operator-Befehl kopieren',
  'Copy Policy Rule': 'Richtlinienregel kopieren',
  'Copy With sudo': 'Mit sudo kopieren',
  'Copy Funnel Command for /v1': 'Funnel-Befehl für /v1 kopieren',
  'Copy Serve Status Command': 'Befehl für den Serve-Status kopieren',
  'Copy ssh Command': 'ssh-Befehl kopieren',
  'Copy sudo -v': 'sudo -v kopieren',
  'Copy ssh-copy-id Command': 'ssh-copy-id-Befehl kopieren',
  'Copy ssh-keygen -R Command': 'ssh-keygen -R-Befehl kopieren',
  'Copy ssh-keyscan Command': 'ssh-keyscan-Befehl kopieren',
  'Copy the chmod command': 'chmod-Befehl kopieren',
  'Copy usermod Command': 'usermod-Befehl kopieren',
  'Detect Again': 'Erneut erkennen',
  'Diagnose Again': 'Erneut diagnostizieren',
  Diagnose: 'Diagnose',
  'Download Tailscale': 'Tailscale herunterladen',
  'Enable Funnel': 'Funnel aktivieren',
  'Enable Serve': 'Serve aktivieren',
  'Enable Tailscale SSH': 'Tailscale SSH aktivieren',
  'Fix SSH Target': 'SSH-Ziel korrigieren',
  'Follow Logs': 'Logs verfolgen',
  'Install Tailscale (Linux)': 'Tailscale installieren (Linux)',
  'Log In': 'Anmelden',
  'Open Access Controls': 'Access Controls öffnen',
  'Open Admin Console': 'Admin-Konsole öffnen',
  'Open DNS Settings': 'DNS-Einstellungen öffnen',
  'Open Log': 'Protokoll öffnen',
  'Open Login Page': 'Anmeldeseite öffnen',
  'Open Settings': 'Einstellungen öffnen',
  'Read About Tailscale SSH': 'Mehr über Tailscale SSH',
  'Read About tailscale serve': 'Mehr über tailscale serve',
  'Restart Service': 'Dienst neu starten',
  'Restart tailscaled': 'tailscaled neu starten',
  Retry: 'Wiederholen',
  'Run With sudo': 'Mit sudo ausführen',
  'Run as Root': 'Als root ausführen',
  'Serve Port': 'Port per Serve bereitstellen',
  'Serve in Tailnet Only': 'Nur im Tailnet bereitstellen',
  'Set API Key': 'API-Schlüssel festlegen',
  'Set Base URL': 'Base-URL festlegen',
  'Set CLI Path': 'CLI-Pfad festlegen',
  'Set Host': 'Host festlegen',
  'Set Unit': 'Unit festlegen',
  'Show Server Log': 'Server-Log anzeigen',
  'Set Up Cursor Chat': 'Cursor-Chat einrichten',
  'Show Logs': 'Logs anzeigen',
  'Undo Cursor Chat Setup': 'Cursor-Chat-Einrichtung rückgängig machen',
  'Show Status': 'Status anzeigen',
  'Start (snap)': 'Starten (Snap)',
  'Start Service': 'Dienst starten',
  'Start tailscaled': 'tailscaled starten',
  'Try Again': 'Erneut versuchen',
  'Use Continue': 'Continue verwenden',
  'Verifying Host Keys': 'Hostschlüssel prüfen (ssh-Handbuch)',
  'Write Base URL': 'Base-URL schreiben',
};

/** The German title and detail of a code when the locale is German; nothing (English) otherwise. */
export function germanFindingText(code: FindingCode): GermanText | undefined {
  return currentLocale() === 'de' ? (GERMAN_FINDINGS[code] ?? GERMAN_FINDINGS_PENDING[code]) : undefined;
}

/** A fix label in the current locale; "Make USER Operator" keeps the user name. */
export function germanFixLabel(label: string): string {
  if (currentLocale() !== 'de') return label;
  const operator = /^Make (.+) Operator$/.exec(label);
  return operator ? `${operator[1]} zum Operator machen` : (GERMAN_FIX_LABELS[label] ?? label);
}
