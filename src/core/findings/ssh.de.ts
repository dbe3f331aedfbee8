// German title and detail for every code in ssh.ts, with the same context fields.
// Commands, argv, setting ids, URLs and texts quoted from tools stay verbatim; fixes stay in ssh.ts.
import type { GermanText } from './types';
import type { sshFindings } from './ssh';

export const sshFindingsDe: Record<keyof typeof sshFindings, GermanText> = {
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
  'ssh.hostKeyNotTailnet': {
    title: (c) => `SSH-Hostschlüssel von ${c.host ?? 'dem Spark'} widerspricht dem Tailnet`,
    detail: (c) =>
      `${c.host ?? 'Der Host'} zeigte einen ${c.keyType ?? ''}-Hostschlüssel ${c.fingerprint ?? '?'}, aber das Tailnet listet andere Schlüssel für diesen Peer (${c.tailnetFingerprints ?? '?'}). Die Liste des Tailnets kommt über Tailscales authentifizierten Steuerkanal, ein anderer Schlüssel heißt also, dass jemand anderes geantwortet hat (Man-in-the-Middle) oder die Adresse zu einem anderen Rechner führt. Tailspark verbindet sich nicht und fragt auch nicht, ob du dem Schlüssel vertrauen willst. Vergleiche mit "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub" auf dem Spark und prüfe, welcher Rechner unter dieser Adresse antwortet.`,
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
