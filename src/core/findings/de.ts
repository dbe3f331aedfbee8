// German texts of the Finding catalogue: per code a title and a detail (in <domain>.de.ts, next
// to the English <domain>.ts) with the same context fields as the English entry, and the German
// fix labels. makeFinding uses them when the locale is German (src/core/l10n.ts). Commands, argv,
// setting ids, URLs and texts quoted from tools stay verbatim. Severity, fixes and actions stay
// in the English files: only words change here, never behaviour.
import { currentLocale } from '../l10n';
import '../l10n.de';
import { chatFindingsDe } from './chat.de';
import { cursorChatFindingsDe } from './cursorChat.de';
import { dashboardFindingsDe } from './dashboard.de';
import { generalFindingsDe } from './general.de';
import { remoteFindingsDe } from './remote.de';
import { serveFindingsDe } from './serve.de';
import { serverFindingsDe } from './server.de';
import { sshFindingsDe } from './ssh.de';
import { tailnetFindingsDe } from './tailnet.de';
import { tailscaleFindingsDe } from './tailscale.de';
import { targetFindingsDe } from './targets.de';
import type { FindingCode } from './index';
import type { GermanText } from './types';

/** Every code's German words; each domain's type makes a code without German text a type error. */
export const GERMAN_FINDINGS: Readonly<Record<FindingCode, GermanText>> = {
  ...generalFindingsDe,
  ...tailscaleFindingsDe,
  ...tailnetFindingsDe,
  ...serveFindingsDe,
  ...sshFindingsDe,
  ...serverFindingsDe,
  ...remoteFindingsDe,
  ...targetFindingsDe,
  ...cursorChatFindingsDe,
  ...chatFindingsDe,
  ...dashboardFindingsDe,
};

/** German fix labels, keyed by the English label in the domain files. */
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
  return currentLocale() === 'de' ? GERMAN_FINDINGS[code] : undefined;
}

/** A fix label in the current locale; "Make USER Operator" keeps the user name. */
export function germanFixLabel(label: string): string {
  if (currentLocale() !== 'de') return label;
  const operator = /^Make (.+) Operator$/.exec(label);
  return operator ? `${operator[1]} zum Operator machen` : (GERMAN_FIX_LABELS[label] ?? label);
}
