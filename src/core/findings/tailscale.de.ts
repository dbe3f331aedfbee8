// German title and detail for every code in tailscale.ts, with the same context fields.
// Commands, argv, setting ids, URLs and texts quoted from tools stay verbatim; fixes stay in tailscale.ts.
import { argvFrom, commandLine } from './helpers';
import type { GermanText, FindingContext } from './types';
import type { tailscaleFindings } from './tailscale';

const side = (c: FindingContext) => (c.side === 'remote' ? ' auf dem Spark' : ' auf diesem Rechner');

export const tailscaleFindingsDe: Record<keyof typeof tailscaleFindings, GermanText> = {
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
      `tailscaled auf dem Spark hat die Serve-Änderung abgelehnt ("Access denied: serve config denied"): ${c.user ? `der Benutzer ${c.user}` : 'der SSH-Benutzer'} ist weder root noch der Tailscale-Operator. Mache den Benutzer einmalig zum Operator mit "sudo tailscale set --operator=${c.user ?? '<user>'}"; danach funktioniert Serve ohne sudo.${c.snap ? ` Dies ist eine Snap-Installation: Alternativ führe die Änderung als root aus ("${commandLine(argvFrom(c.rootArgv), true) ?? 'sudo tailscale …'}"); /snap/bin/tailscale übergibt --socket /var/snap/tailscale/common/socket/tailscaled.sock selbst, füge diese Option also nur hinzu, wenn du eine CLI aufrufst, die das nicht tut.` : ''}`,
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
};
