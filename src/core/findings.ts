// The one error catalogue: every known failure has a stable code, and makeFinding() turns a
// code plus context into a Finding that the status bar, notifications, the doctor report and
// the CLI all render. A fix is an action where one can be run, not advice alone.
// Commands in fixes are argv arrays (or copy text built by quoteArgv from one): never text a
// remote machine echoed, never values glued into a string.
import { quoteArgv } from './ssh/argv';
import { isTailscaleLoginUrl } from './tailnet/loginUrl';
import { agoText } from './time';
import { germanFixLabel, germanFindingText } from './findings.de';

export type Severity = 'error' | 'warning' | 'info';

/** What pressing a fix's button does. The UI adapter executes these; the CLI prints them. */
export type FixAction =
  | { kind: 'openUrl'; url: string }
  /** Run a command on the Spark over SSH (argv, quoted by the one quoting function). */
  | { kind: 'remote'; argv: string[]; sudo?: boolean }
  | { kind: 'openSettings'; setting: string }
  /** Run a Tailspark (or VS Code) command by id. */
  | { kind: 'command'; command: string; args?: unknown[] }
  | { kind: 'copy'; text: string };

export interface Fix {
  label: string;
  action?: FixAction;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  title: string;
  /** Why it happened and what to do, in plain sentences. */
  detail: string;
  /** Where: URL, host, command. */
  where?: string;
  /** The raw text or value that proves it (never a secret). */
  evidence?: string;
  fixes: Fix[];
}

/** Context values a catalogue entry may use to fill its texts; arrays are argv we built or ran. */
export type FindingContext = Record<string, string | number | readonly string[] | undefined>;

interface CatalogueEntry {
  severity: Severity;
  title: (c: FindingContext) => string;
  detail: (c: FindingContext) => string;
  fixes: (c: FindingContext) => Fix[];
}

const catalogue = {
  'internal.unexpected': {
    severity: 'error',
    title: () => 'Unexpected error',
    detail: (c) => `Tailspark hit an error it does not know yet: ${c.message ?? 'no message'}. The log has the details.`,
    fixes: () => [{ label: 'Open Log', action: { kind: 'command', command: 'tailspark.showLog' } }],
  },
  // ── Settings and the Monitor (src/core/settings, src/core/monitor) ──
  'settings.invalid': {
    severity: 'warning',
    title: (c) => `Invalid setting ${c.setting ?? ''}`.trim(),
    detail: (c) =>
      `The value of ${c.setting ?? 'a Tailspark setting'} is not valid: ${c.message ?? 'wrong type'}. Tailspark uses the default (${c.fallback ?? 'none'}) until you fix it.`,
    fixes: (c) => [{ label: 'Open Settings', action: { kind: 'openSettings', setting: String(c.setting ?? 'tailspark') } }],
  },
  // ── Spark operations (src/core/remote, src/core/doctor) ──
  'remote.invalidValue': {
    severity: 'error',
    title: (c) => `Refused to run: invalid ${c.what ?? 'value'}`,
    detail: (c) =>
      `The ${c.what ?? 'value'} ${c.value ?? ''} is not valid (${c.message ?? 'wrong format'}), so nothing was sent to the Spark: every value is checked before it reaches a remote command. Correct it in the settings.`,
    fixes: (c) => [{ label: 'Open Settings', action: { kind: 'openSettings', setting: settingFor(String(c.what ?? '')) } }],
  },
  'remote.commandFailed': {
    severity: 'error',
    title: (c) => `Command on the Spark failed (exit ${c.exitCode ?? '?'})`,
    detail: (c) =>
      `"${c.command ?? 'The command'}" ended with exit code ${c.exitCode ?? '?'}: ${c.message ?? '(no output)'}. The evidence shows its full output; the Tailspark log shows every command that ran.`,
    fixes: () => [{ label: 'Open Log', action: { kind: 'command', command: 'tailspark.showLog' } }],
  },
  'remote.tailscaleSshOnSnap': {
    severity: 'warning',
    title: () => 'Tailscale SSH is not offered on a snap install',
    detail: () =>
      'Tailscale on the Spark is installed as a snap. The snap cannot run the Tailscale SSH server properly ("tailscale set --ssh" breaks SSH over the tailnet there), so Tailspark does not turn it on. Keep using OpenSSH (sshd) on the Spark, or install Tailscale from its Debian/Ubuntu package.',
    fixes: () => [{ label: 'Install Tailscale (Linux)', action: { kind: 'openUrl', url: 'https://tailscale.com/download/linux' } }],
  },
  'service.unitNotFound': {
    severity: 'error',
    title: (c) => `No systemd unit ${c.unit ?? ''} on the Spark`.replace('  ', ' '),
    detail: (c) =>
      `systemd on the Spark does not know ${c.unit ?? 'the configured unit'} (LoadState not-found). ${c.found ? `Inference units found there: ${c.found}.` : 'No vllm or sglang unit was found there.'} Set tailspark.service.unit to the unit that runs your server.`,
    fixes: () => [{ label: 'Set Unit', action: { kind: 'openSettings', setting: 'tailspark.service.unit' } }],
  },
  'service.actionFailed': {
    severity: 'error',
    title: (c) => `Could not ${c.action ?? 'control'} ${c.unit ?? 'the service'}`,
    detail: (c) =>
      `"systemctl ${c.action ?? '?'} ${c.unit ?? ''}" failed on the Spark: ${c.message ?? '(no output)'}. The last journal lines are in the evidence; the full log shows why the unit did not ${c.action ?? 'change state'}.`,
    fixes: () => [
      { label: 'Follow Logs', action: { kind: 'command', command: 'tailspark.logs.follow' } },
      { label: 'Show Status', action: { kind: 'command', command: 'tailspark.service.status' } },
    ],
  },
  'service.crashed': {
    severity: 'error',
    title: (c) => `${c.unit ?? 'The service'} stopped while starting`,
    detail: (c) =>
      `systemd reports ${c.unit ?? 'the service'} as ${c.state ?? 'failed'}${c.result ? ` (result: ${c.result})` : ''} before its port answered: the server exited. Common reasons are a wrong model path, too little GPU memory or a port already in use; the server's last log lines say which.`,
    fixes: () => [
      { label: 'Follow Logs', action: { kind: 'command', command: 'tailspark.logs.follow' } },
      { label: 'Restart Service', action: { kind: 'command', command: 'tailspark.service.restart' } },
    ],
  },
  'tailnet.pingFailed': {
    severity: 'error',
    title: (c) => `tailscale ping ${c.host ?? ''} got no answer`.replace('  ', ' '),
    detail: (c) =>
      `"tailscale ping" to ${c.host ?? 'the Spark'} failed (${c.message ?? 'no reply'}). The Spark is offline, tailscaled there is stopped, or the tailnet path is blocked. Check that the Spark is powered on and that tailscaled runs there.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: 'tailspark.doctor' } }],
  },
  'doctor.checkTimedOut': {
    severity: 'warning',
    title: (c) => `Check "${c.check ?? '?'}" timed out`,
    detail: (c) =>
      `The check "${c.check ?? '?'}" gave no answer within ${c.seconds ?? '?'} s and was stopped; the other checks ran anyway. A slow tailnet path or a hanging command on the Spark can cause this; run Diagnose again.`,
    fixes: () => [{ label: 'Diagnose Again', action: { kind: 'command', command: 'tailspark.doctor' } }],
  },
  'service.notRunning': {
    severity: 'error',
    title: (c) => `${c.unit ?? 'The inference service'} is not running`,
    detail: (c) =>
      `systemd on the Spark reports ${c.unit ?? 'the service'} as ${c.state ?? 'inactive'}${c.result && c.result !== 'success' ? ` (last result: ${c.result})` : ''}, so nothing answers on the inference port. Start it; if it stops again, the log shows why.`,
    fixes: () => [
      { label: 'Start Service', action: { kind: 'command', command: 'tailspark.service.start' } },
      { label: 'Follow Logs', action: { kind: 'command', command: 'tailspark.logs.follow' } },
    ],
  },
  'service.unitNotDetected': {
    severity: 'error',
    title: () => 'Which service runs the inference server?',
    detail: (c) =>
      c.candidates
        ? `tailspark.service.unit is empty, so Tailspark looked on the Spark for the systemd service that serves port ${c.port ?? 30001}, and more than one fits: ${c.candidates}. Choose yours in the setting.`
        : `tailspark.service.unit is empty, so Tailspark looked on the Spark for the systemd service that serves port ${c.port ?? 30001} (SGLang or vLLM), and found none. Enter your unit's name (e.g. sglang.service) in the setting.`,
    fixes: () => [{ label: 'Open Settings', action: { kind: 'openSettings', setting: 'tailspark.service.unit' } }],
  },
  'service.notReadyInTime': {
    severity: 'error',
    title: (c) => `${c.unit ?? 'The service'} did not become ready in ${c.seconds ?? '?'} s`,
    detail: (c) =>
      `systemd reports ${c.unit ?? 'the service'} as running, but its port has not answered for ${c.seconds ?? '?'} seconds. Loading can take long for big models; if the log shows no progress, the server is stuck (out of GPU memory, wrong model path). Raise tailspark.service.readyTimeoutSeconds if loading is just slow.`,
    fixes: () => [
      { label: 'Follow Logs', action: { kind: 'command', command: 'tailspark.logs.follow' } },
      { label: 'Restart Service', action: { kind: 'command', command: 'tailspark.service.restart' } },
      { label: 'Open Settings', action: { kind: 'openSettings', setting: 'tailspark.service.readyTimeoutSeconds' } },
    ],
  },
  'monitor.probeTimeout': {
    severity: 'error',
    title: (c) => `The ${c.probe ?? ''} check did not finish`.replace('  ', ' '),
    detail: (c) =>
      `Tailspark stopped waiting for the ${c.probe ?? ''} check after ${c.timeoutMs ?? '?'} ms, so the status stays responsive. It tries again on the next poll; the log shows which step hung.`,
    fixes: () => [
      { label: 'Retry', action: { kind: 'command', command: 'tailspark.refresh' } },
      { label: 'Open Log', action: { kind: 'command', command: 'tailspark.showLog' } },
    ],
  },
  // ── Tailscale CLI on this machine or on the Spark (texts: reference/tailscale-cli.md §3) ──
  'tailscale.cliMissing': {
    severity: 'error',
    title: () => 'Tailscale CLI not found',
    detail: (c) =>
      `Tailspark could not start the Tailscale command-line tool "${c.path ?? 'tailscale'}": no such file. Install Tailscale, or point the setting tailspark.tailscale.path at the CLI (Windows: C:\\Program Files\\Tailscale\\tailscale.exe, macOS: /Applications/Tailscale.app/Contents/MacOS/Tailscale).`,
    fixes: () => [
      { label: 'Download Tailscale', action: { kind: 'openUrl', url: 'https://tailscale.com/download' } },
      { label: 'Set CLI Path', action: { kind: 'openSettings', setting: 'tailspark.tailscale.path' } },
    ],
  },
  'tailscale.cliFailed': {
    severity: 'error',
    title: () => 'Tailscale command failed',
    detail: (c) =>
      `"${c.command ?? 'tailscale'}" ended with exit code ${c.exitCode ?? '?'} and a message Tailspark does not know: ${c.message ?? '(no output)'}. The evidence shows the full output.`,
    fixes: () => [{ label: 'Open Log', action: { kind: 'command', command: 'tailspark.showLog' } }],
  },
  'tailscale.cliTimeout': {
    severity: 'error',
    title: () => 'Tailscale command timed out',
    detail: (c) =>
      `"${c.command ?? 'tailscale'}" gave no answer within ${c.timeoutMs ?? '?'} ms and was stopped. tailscaled may be hanging or busy; check that the Tailscale app/service is running.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  'tailscale.statusUnreadable': {
    severity: 'error',
    title: () => 'Tailscale status could not be read',
    detail: (c) =>
      `The output of "tailscale status --json" is not the JSON Tailspark expects (${c.message ?? 'unknown reason'}). A very old or very new Tailscale release may be installed.`,
    fixes: () => [{ label: 'Open Log', action: { kind: 'command', command: 'tailspark.showLog' } }],
  },
  'tailscale.needsLogin': {
    severity: 'error',
    title: () => 'Tailscale is logged out',
    detail: (c) =>
      `Tailscale${c.side === 'remote' ? ' on the Spark' : ' on this machine'} is not logged in (backend state NeedsLogin), so no tailnet peer can be reached. ${c.authUrl ? `Log in at ${c.authUrl}.` : 'Run "tailscale up" (or log in from the Tailscale app).'}`,
    fixes: (c) =>
      c.authUrl
        ? [{ label: 'Log In', action: { kind: 'openUrl', url: String(c.authUrl) } }]
        : [{ label: 'Copy "tailscale up"', action: { kind: 'copy', text: 'tailscale up' } }],
  },
  'tailscale.needsMachineAuth': {
    severity: 'error',
    title: () => 'Machine not yet approved by the tailnet admin',
    detail: () =>
      'Tailscale is logged in but this machine waits for approval ("Machine is not yet approved by tailnet admin."). A tailnet admin must approve it in the admin console (Machines).',
    fixes: () => [
      { label: 'Open Admin Console', action: { kind: 'openUrl', url: 'https://login.tailscale.com/admin/machines' } },
    ],
  },
  'tailscale.stopped': {
    severity: 'error',
    title: () => 'Tailscale is stopped',
    detail: (c) =>
      `Tailscale${c.side === 'remote' ? ' on the Spark' : ' on this machine'} is stopped ("Tailscale is stopped."), so the tailnet is not connected. Start it with "tailscale up" or the Tailscale app's Connect switch.`,
    fixes: () => [{ label: 'Copy "tailscale up"', action: { kind: 'copy', text: 'tailscale up' } }],
  },
  'tailscale.starting': {
    severity: 'info',
    title: () => 'Tailscale is starting',
    detail: () => 'Tailscale is still connecting to the tailnet (backend state Starting). Tailspark checks again shortly.',
    fixes: () => [],
  },
  'tailscale.inUseOtherUser': {
    severity: 'error',
    title: () => 'Tailscale is in use by another OS user',
    detail: () =>
      'Tailscale on this machine belongs to another logged-in user (backend state InUseOtherUser, Windows). Switch to that user or log in to Tailscale as yourself.',
    fixes: () => [],
  },
  'tailscale.noState': {
    severity: 'warning',
    title: () => 'Tailscale has not started yet',
    detail: () =>
      'tailscaled answers but has no state yet (backend state NoState). It is probably still starting; if it stays so, restart the Tailscale app/service.',
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  'tailscale.health': {
    severity: 'warning',
    title: () => 'Tailscale reports a health problem',
    detail: (c) => `tailscaled reports: ${c.message ?? '(no message)'}`,
    fixes: () => [],
  },
  'tailscale.daemonNotRunning': {
    severity: 'error',
    title: (c) => `tailscaled is not running${c.side === 'remote' ? ' on the Spark' : ''}`,
    detail: (c) =>
      c.platform === 'windows'
        ? 'The Tailscale CLI cannot reach the Tailscale Windows service ("failed to connect to local tailscaled process; is the Tailscale service running?"). Start the Tailscale app, or the "Tailscale" service in services.msc.'
        : c.platform === 'macos'
          ? 'The Tailscale CLI cannot reach the Tailscale app ("failed to connect to local Tailscale service; is Tailscale running?"). Open the Tailscale app from Applications.'
          : `The Tailscale CLI cannot reach the local tailscaled daemon ("failed to connect to local tailscaled"). Start it: "sudo systemctl start tailscaled", or on a snap install "sudo snap start tailscale".`,
    fixes: (c) =>
      c.platform === 'windows' || c.platform === 'macos'
        ? []
        : c.side === 'remote'
          ? [
              { label: 'Start tailscaled', action: { kind: 'remote', argv: ['systemctl', 'start', 'tailscaled'], sudo: true } },
              { label: 'Start (snap)', action: { kind: 'remote', argv: ['snap', 'start', 'tailscale'], sudo: true } },
            ]
          : [{ label: 'Copy Command', action: { kind: 'copy', text: 'sudo systemctl start tailscaled' } }],
  },
  'tailscale.serveNotEnabled': {
    severity: 'error',
    title: () => 'Tailscale Serve is not enabled on the tailnet',
    detail: (c) =>
      `The Spark's tailscale answered "Serve is not enabled on your tailnet." Nothing was served, even if the command exited 0. A tailnet admin must enable Serve and HTTPS certificates: open ${c.url ?? 'the admin console'} and confirm, then run Serve again.`,
    fixes: (c) => [
      {
        label: 'Enable Serve',
        action: { kind: 'openUrl', url: String(c.url ?? 'https://login.tailscale.com/admin/dns') },
      },
    ],
  },
  'tailscale.httpsCertsDisabled': {
    severity: 'error',
    title: () => 'HTTPS certificates are off for the tailnet',
    detail: () =>
      'Tailscale cannot get a TLS certificate ("HTTPS cert support is not enabled/configured for your tailnet." or "your Tailscale account does not support getting TLS certs"), so Serve cannot offer https://. Enable "HTTPS Certificates" in the admin console under DNS.',
    fixes: () => [{ label: 'Open DNS Settings', action: { kind: 'openUrl', url: 'https://login.tailscale.com/admin/dns' } }],
  },
  'tailscale.serveConfigDenied': {
    severity: 'error',
    title: () => 'Not allowed to change the Serve config',
    detail: (c) =>
      `The Spark's tailscaled refused the serve change ("Access denied: serve config denied"): ${c.user ? `the user ${c.user}` : 'the SSH user'} is neither root nor the Tailscale operator. Make the user the operator once with "sudo tailscale set --operator=${c.user ?? '<user>'}"; afterwards serve works without sudo.${c.snap ? ` This is a snap install: alternatively run the change as root ("${commandLine(argvFrom(c.rootArgv), true) ?? 'sudo tailscale …'}"); /snap/bin/tailscale passes --socket /var/snap/tailscale/common/socket/tailscaled.sock itself, so add that flag only when calling a CLI that does not.` : ''}`,
    fixes: (c) => {
      const operator: Fix = c.user
        ? { label: `Make ${c.user} Operator`, action: { kind: 'remote', argv: ['tailscale', 'set', `--operator=${c.user}`], sudo: true } }
        : // No user known: $USER is meant for the shell of whoever pastes it, so this is fixed text.
          { label: 'Copy Operator Command', action: { kind: 'copy', text: 'sudo tailscale set --operator=$USER' } };
      // rootArgv is our own serve argv (classify.ts), never the echoed text.
      const rootArgv = argvFrom(c.rootArgv);
      const root: Fix[] = c.snap && rootArgv ? [{ label: 'Run as Root', action: { kind: 'remote', argv: rootArgv, sudo: true } }] : [];
      return [operator, ...root];
    },
  },
  'tailscale.serveConfigConflict': {
    severity: 'warning',
    title: () => 'The Serve config changed at the same moment',
    detail: () =>
      'tailscaled refused the serve change with HTTP 412 ("Another client is changing the serve config; please try again."): another "tailscale serve" or "tailscale funnel" wrote the config between our read and our write. Nothing was changed; run the same command again.',
    // retryArgv is the argv WE ran (classify.ts), never text the CLI echoed.
    fixes: (c) => {
      const argv = argvFrom(c.retryArgv);
      return argv
        ? [{ label: 'Retry', action: { kind: 'remote', argv, sudo: c.sudo === 'yes' } }]
        : [{ label: 'Retry', action: { kind: 'command', command: 'tailspark.refresh' } }];
    },
  },
  'tailscale.certAccessDenied': {
    severity: 'error',
    title: () => 'Not allowed to get a certificate',
    detail: () =>
      'tailscaled refused the certificate request ("Access denied: cert access denied"). Run it as root or as the Tailscale operator (sudo tailscale set --operator=<user>), or ask an admin.',
    fixes: (c) =>
      c.user
        ? [{ label: `Make ${c.user} Operator`, action: { kind: 'remote', argv: ['tailscale', 'set', `--operator=${c.user}`], sudo: true } }]
        : [{ label: 'Copy Command', action: { kind: 'copy', text: 'sudo tailscale set --operator=$USER' } }],
  },
  'tailscale.checkprefsDenied': {
    severity: 'error',
    title: () => 'Changing Tailscale settings needs root',
    detail: () =>
      'tailscaled refused "tailscale set" ("Access denied: checkprefs access denied"). Changing preferences needs root: run the command with sudo.',
    fixes: (c) => {
      // The argv that ran (without a sudo it may already carry), run again as root.
      const ran = argvFrom(c.argv);
      const argv = ran?.[0] === 'sudo' ? ran.slice(1) : ran;
      if (!argv || argv.length === 0) return [];
      return c.side === 'remote' ? [{ label: 'Run With sudo', action: { kind: 'remote', argv, sudo: true } }] : copyCommand('Copy With sudo', argv, true);
    },
  },
  'tailscale.socketFlagTwice': {
    severity: 'error',
    title: () => '--socket given twice (snap Tailscale)',
    detail: (c) =>
      `The snap's /snap/bin/tailscale already passes --socket itself, so adding it again fails ("invalid value "${c.value ?? '…'}" for flag -socket: flag provided multiple times"). Call /snap/bin/tailscale without --socket; add --socket only for the snap's inner binary or a non-snap CLI.`,
    fixes: () => [],
  },
  'tailscale.loseSshWarning': {
    severity: 'warning',
    title: () => 'This change would drop the SSH session',
    detail: () =>
      'Tailscale refused to enable Tailscale SSH because this session runs over Tailscale and would be rerouted and disconnected ("aborted, no changes made"). Nothing changed. Repeat with --accept-risk=lose-ssh only if you accept losing the session (e.g. from a local console).',
    fixes: () => [],
  },
  'tailscale.sshNotEnabledOnTailnet': {
    severity: 'error',
    title: () => 'Tailscale SSH is not allowed on this tailnet',
    detail: () =>
      'tailscale answered "Unable to enable local Tailscale SSH server; not enabled on Tailnet." The tailnet policy must allow Tailscale SSH (an "ssh" rule) before a node can turn it on. See https://tailscale.com/s/ssh.',
    fixes: () => [
      { label: 'Open Access Controls', action: { kind: 'openUrl', url: 'https://login.tailscale.com/admin/acls' } },
      { label: 'Read About Tailscale SSH', action: { kind: 'openUrl', url: 'https://tailscale.com/s/ssh' } },
    ],
  },
  'tailscale.serveCliChanged': {
    severity: 'error',
    title: () => 'Old "tailscale serve" syntax',
    detail: (c) =>
      `This Tailscale release rejects the pre-1.52 serve syntax ("the CLI for serve and funnel has changed").${c.suggested ? ` It suggests: ${c.suggested}` : ''} Use the current form instead: "tailscale serve --bg --yes <port>".`,
    // The suggestion is text the CLI printed: shown in the detail, never offered as a command.
    fixes: () => [{ label: 'Read About tailscale serve', action: { kind: 'openUrl', url: 'https://tailscale.com/kb/1242/tailscale-serve' } }],
  },
  'tailscale.sshPolicyDenied': {
    severity: 'error',
    title: () => 'Tailnet policy does not allow this SSH login',
    // The rule itself is a copy button, formatted: in a notification it would run into one line.
    detail: (c) =>
      `Tailscale SSH on the Spark rejected the login (${c.reason ?? 'access denied'}). The tailnet policy needs an "ssh" rule that accepts you for the Spark's tag ("dst" holds only hosts or tags, never user names). Copy the rule and add it in the access controls.`,
    fixes: () => [
      { label: 'Copy Policy Rule', action: { kind: 'copy', text: SSH_POLICY_RULE } },
      { label: 'Open Access Controls', action: { kind: 'openUrl', url: 'https://login.tailscale.com/admin/acls' } },
    ],
  },
  'tailscale.sshUnknownUser': {
    severity: 'error',
    title: (c) => `No user ${c.user ? `"${c.user}" ` : ''}on the Spark for Tailscale SSH`,
    detail: (c) =>
      `Tailscale SSH on the Spark allowed the login but found no local account ${c.user ? `"${c.user}"` : 'for the requested user'} ("tailscale: failed to look up local user"). The SSH target names a user that does not exist there: set tailspark.ssh.target to user@host with an account of the Spark (or User in ~/.ssh/config).`,
    fixes: () => [{ label: 'Fix SSH Target', action: { kind: 'openSettings', setting: 'tailspark.ssh.target' } }],
  },
  'tailscale.sshCheckTimedOut': {
    severity: 'error',
    title: () => 'Tailscale SSH check was not completed in time',
    detail: () =>
      'Tailscale SSH on the Spark waited for the check-mode approval and gave up ("tailscale: failed to fetch next SSH action"): the browser login for the check was not finished in time, or tailscaled there could not reach the coordination server. Connect again and approve the check in the browser when asked, or use an "accept" rule instead of "check" for tag:spark.',
    fixes: () => [
      { label: 'Retry', action: { kind: 'command', command: 'tailspark.refresh' } },
      { label: 'Open Access Controls', action: { kind: 'openUrl', url: 'https://login.tailscale.com/admin/acls' } },
    ],
  },
  'tailscale.sshCheckMode': {
    severity: 'warning',
    title: () => 'Tailscale SSH asks for an extra check',
    detail: (c) =>
      `The SSH policy for the Spark uses check mode ("# Tailscale SSH requires an additional check."): a non-interactive session would hang. Authenticate in the browser${c.url ? ` at ${c.url}` : ''}, then retry.`,
    // The URL is the SSH server's text: a button opens it only when it is Tailscale's login page.
    fixes: (c) => (c.url && isTailscaleLoginUrl(String(c.url)) ? [{ label: 'Open Login Page', action: { kind: 'openUrl', url: String(c.url) } }] : []),
  },
  'tailscale.sshOperationNotPermitted': {
    severity: 'error',
    title: () => 'SSH login failed: operation not permitted',
    detail: () =>
      'The Spark answered "operation not permitted". Either the tailnet SSH policy did not match (an "ssh" rule must accept your user for dst ["tag:spark"], users ["autogroup:nonroot", "root"]), or Tailscale SSH is not active on the Spark (run "sudo tailscale set --ssh" there; not on a snap install), or tailscaled lacks setuid rights (container).',
    fixes: () => [
      { label: 'Enable Tailscale SSH', action: { kind: 'remote', argv: ['tailscale', 'set', '--ssh'], sudo: true } },
      { label: 'Open Access Controls', action: { kind: 'openUrl', url: 'https://login.tailscale.com/admin/acls' } },
    ],
  },

  // ── Tailnet peers (the Spark as seen from this machine) ──
  'tailnet.noSparkPeer': {
    severity: 'error',
    title: () => 'No Spark found on the tailnet',
    detail: (c) =>
      `None of the ${c.peerCount ?? 0} tailnet peers is tagged tag:spark or has a host name starting with "spark". Set tailspark.spark.host to the Spark's MagicDNS name, Tailscale IP or tag.`,
    fixes: () => [{ label: 'Set Host', action: { kind: 'openSettings', setting: 'tailspark.spark.host' } }],
  },
  'tailnet.peerNotFound': {
    severity: 'error',
    title: (c) => `"${c.selector ?? '?'}" is not on the tailnet`,
    detail: (c) =>
      `No tailnet peer matches "${c.selector ?? '?'}" (host name, MagicDNS name, Tailscale IP or tag:…). Peers seen: ${c.peers || 'none'}.`,
    fixes: () => [{ label: 'Set Host', action: { kind: 'openSettings', setting: 'tailspark.spark.host' } }],
  },
  'tailnet.peerAmbiguous': {
    severity: 'warning',
    title: () => 'More than one possible Spark',
    detail: (c) =>
      `Several peers match ${c.selector ? `"${c.selector}"` : 'tag:spark / a "spark" host name'}: ${c.candidates ?? '?'}. Set tailspark.spark.host to the one you mean.`,
    fixes: () => [{ label: 'Set Host', action: { kind: 'openSettings', setting: 'tailspark.spark.host' } }],
  },
  'tailnet.peerOffline': {
    severity: 'error',
    title: (c) => `${c.host ?? 'The Spark'} is offline`,
    detail: (c) =>
      `The tailnet reports ${c.host ?? 'the Spark'} as offline${c.lastSeen ? ` (last seen ${agoText(String(c.lastSeen))})` : ''}. Check that it is powered on and that tailscaled runs there.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  'tailnet.peerRelayed': {
    severity: 'info',
    title: () => 'Connection to the Spark is relayed',
    detail: (c) =>
      `Traffic to ${c.host ?? 'the Spark'} goes through the DERP relay "${c.relay ?? '?'}" instead of a direct path: it works, but slower. A firewall or NAT blocks UDP 41641 between the machines.`,
    fixes: () => [],
  },
  'tailnet.peerKeyExpired': {
    severity: 'error',
    title: (c) => `${c.host ?? 'The Spark'}'s Tailscale key expired`,
    detail: (c) =>
      `The node key of ${c.host ?? 'the Spark'} expired; it cannot talk to the tailnet until it logs in again or an admin disables key expiry for it.`,
    fixes: () => [
      { label: 'Open Admin Console', action: { kind: 'openUrl', url: 'https://login.tailscale.com/admin/machines' } },
    ],
  },
  'tailnet.lanAddress': {
    severity: 'warning',
    title: () => 'Host is a LAN address, not a tailnet one',
    detail: (c) =>
      `The configured host ${c.host ?? '?'} is a private LAN address. It only works inside that LAN and bypasses Tailscale (no MagicDNS name, no Serve certificate). Use the Spark's MagicDNS name${c.suggestion ? ` (${c.suggestion})` : ' (…ts.net)'} or its 100.x Tailscale IP.`,
    fixes: () => [{ label: 'Set Host', action: { kind: 'openSettings', setting: 'tailspark.spark.host' } }],
  },

  // ── tailscale serve on the Spark ──
  'serve.nothingServed': {
    severity: 'error',
    title: () => 'Nothing is served for the inference port',
    detail: (c) =>
      `"tailscale serve status" on the Spark shows no handler that proxies to port ${c.port ?? 30001}${c.served ? ` (served: ${c.served})` : ''}. Expose the server in the tailnet with "tailscale serve --bg --yes ${c.port ?? 30001}".`,
    fixes: (c) => [
      {
        label: 'Serve Port',
        action: { kind: 'remote', argv: ['tailscale', 'serve', '--bg', '--yes', String(c.port ?? 30001)] },
      },
    ],
  },
  'serve.foreignHost': {
    severity: 'error',
    title: () => 'A Serve route names another host',
    detail: (c) =>
      `The serve config on the Spark proxies port ${c.port ?? 30001} under ${c.hosts ?? 'a host'}, which is not the Spark's own MagicDNS name${c.host ? ` (${c.host})` : ''} or Tailscale address. Tailspark does not use it as the base URL: the API key would be sent there. Serve the port under the Spark's own name with "tailscale serve --bg --yes ${c.port ?? 30001}" and remove the other route.`,
    fixes: () => [],
  },
  'serve.statusUnreadable': {
    severity: 'error',
    title: () => 'Serve status could not be read',
    detail: (c) =>
      `The output of "tailscale serve status --json" on the Spark is not a serve config (${c.message ?? 'unknown reason'}).`,
    fixes: () => [{ label: 'Open Log', action: { kind: 'command', command: 'tailspark.showLog' } }],
  },
  'serve.urlGuessed': {
    severity: 'info',
    title: () => 'Serve URL guessed',
    detail: (c) =>
      `Tailspark could not read the Spark's serve config (no SSH), so it assumes ${c.url ?? 'https://<MagicDNS name>/v1'} (Serve on port 443 at "/"). The probe confirms or refutes it.`,
    fixes: () => [],
  },
  'serve.funnelOn': {
    severity: 'warning',
    title: () => 'The model is public on the internet (Funnel)',
    detail: (c) =>
      `${c.url ?? 'The route'} is exposed with Tailscale Funnel: anyone on the internet can reach it, not only your tailnet. Keep an API key on the server, or switch to "tailscale serve".`,
    fixes: () => [],
  },
  'funnel.notEnabled': {
    severity: 'error',
    title: () => 'Tailscale Funnel is not enabled on the tailnet',
    detail: (c) =>
      `The Spark's tailscale answered "Funnel is not enabled on your tailnet." Nothing was made public, even though the command exited 0. A tailnet admin must allow Funnel for this node: open ${c.url ?? 'the admin console'} and confirm, then try again.`,
    fixes: (c) => [{ label: 'Enable Funnel', action: { kind: 'openUrl', url: String(c.url ?? 'https://login.tailscale.com/admin/acls') } }],
  },
  'funnel.keyUnverified': {
    severity: 'error',
    title: () => 'Could not verify that the server needs an API key',
    detail: (c) =>
      `Before making the model public, Tailspark asks ${c.url ?? 'the server'} for its model list WITHOUT an API key and expects 401. It got ${c.status ?? 'no answer'}, so it cannot prove that strangers would be refused, and did not turn Funnel on. Make sure the server runs and answers in the tailnet, then try again.`,
    fixes: () => [{ label: 'Diagnose', action: { kind: 'command', command: 'tailspark.doctor' } }],
  },
  'funnel.openRoutes': {
    severity: 'error',
    title: (c) => (c.refused ? 'Funnel refused: routes answer without the API key' : 'Public routes answer without the API key'),
    detail: (c) =>
      `${c.url ?? 'The inference server'} requires the API key only under /v1, but ${c.routes ?? 'other routes'} answer${c.refused ? '' : 'ed'} a request without it (vLLM's --api-key guards only /v1; /invocations runs full completions). ${c.refused ? 'Funnel was not turned on and nothing changed.' : 'Anyone on the internet can reach them.'} Publish only the /v1 mount, on its own Funnel port so the Serve on 443 stays tailnet-only (Funnel is switched on per port, not per path): "Set Up Cursor Chat" does that, or run "tailscale funnel --bg --yes --https=8443 --set-path /v1 http://127.0.0.1:${c.port ?? 30001}/v1". Or put a proxy in front that requires the key on every path.`,
    fixes: (c) => [
      { label: 'Set Up Cursor Chat', action: { kind: 'command', command: 'tailspark.cursorChat.setup' } },
      ...copyCommand('Copy Funnel Command for /v1', ['tailscale', 'funnel', '--bg', '--yes', '--https=8443', '--set-path', '/v1', `http://127.0.0.1:${c.port ?? 30001}/v1`]),
    ],
  },
  'funnel.metricsOpen': {
    severity: 'warning',
    title: () => 'Server metrics are public without the API key',
    detail: (c) =>
      `${c.url ?? 'The inference server'} answers ${c.routes ?? '/metrics'} without the API key: anyone who finds the Funnel URL sees the model name and its load. Publish only the /v1 mount on its own Funnel port ("tailscale funnel --bg --yes --https=8443 --set-path /v1 http://127.0.0.1:${c.port ?? 30001}/v1", as Set Up Cursor Chat does) to keep them in the tailnet.`,
    fixes: () => [],
  },
  'funnel.portInUse': {
    severity: 'error',
    title: (c) => `Funnel refused: HTTPS port ${c.httpsPort ?? 8443} is already in use`,
    detail: (c) =>
      `Tailspark publishes only /v1 of the inference server, on HTTPS port ${c.httpsPort ?? 8443} of its own (the Serve on 443 stays tailnet-only). That port already serves ${c.routes ?? 'something else'}, and Funnel is switched on for a whole port: turning it on would publish that too. Nothing was changed. Free the port ("tailscale serve --https=${c.httpsPort ?? 8443} off" removes every handler on it) or leave Cursor's chat off.`,
    fixes: () => copyCommand('Copy Serve Status Command', ['tailscale', 'serve', 'status']),
  },
  'funnel.noApiKey': {
    severity: 'error',
    title: (c) => (c.refused ? 'Funnel refused: the model answers without an API key' : 'Public model without an API key'),
    // Two situations share the code: Tailspark refused to turn Funnel on (nothing changed, nothing
    // to undo), or the model IS public right now. Saying "is public" after a refusal alarms the
    // user, and offering "funnel off" there would remove the working tailnet route.
    detail: (c) =>
      c.refused
        ? `Nothing changed. Once public, anyone on the internet could use your GPU: start the server with an API key (SGLang --api-key, vLLM VLLM_API_KEY), store it with Set API Key, then try again.`
        : `${c.url ?? 'The inference server'} is public on the internet through Tailscale Funnel and answers without an API key: anyone can use your GPU. Start the server with --api-key, or stop Funnel and serve only in the tailnet.`,
    fixes: (c) =>
      c.refused
        ? [{ label: 'Set API Key', action: { kind: 'command', command: 'tailspark.setApiKey' } }]
        : [
            {
              // "tailscale funnel --https=N off" drops the whole handler; the command serves the
              // port in the tailnet again afterwards, so the editor's base URL keeps working.
              label: 'Serve in Tailnet Only',
              action: { kind: 'command', command: 'tailspark.funnel.stop' },
            },
          ],
  },
  // ── Set Up Cursor Chat (src/core/cursorChat): key on the server, verify, Funnel, Cursor ──
  'cursorchat.noUnit': {
    severity: 'error',
    title: () => 'No inference service to give the API key to',
    detail: () =>
      'Set Up Cursor Chat gives the API key to the systemd unit that runs the inference server, but no unit is known. Set tailspark.service.unit (e.g. vllm or sglang), then run it again.',
    fixes: () => [{ label: 'Open Settings', action: { kind: 'openSettings', setting: 'tailspark.service.unit' } }],
  },
  'cursorchat.unitUnsafe': {
    severity: 'error',
    title: (c) => `Cannot add the API key to ${c.unit ?? 'the unit'} safely`,
    detail: (c) =>
      `Tailspark read the unit with "systemctl cat ${c.unit ?? 'UNIT'}" and refused to change it: ${c.reason ?? 'its command line is not one Tailspark understands'}. Nothing was changed on the Spark. Add the key by hand (vLLM: Environment=VLLM_API_KEY=… in a drop-in; SGLang: --api-key), then store it with Set API Key.`,
    fixes: () => [{ label: 'Set API Key', action: { kind: 'command', command: 'tailspark.setApiKey' } }],
  },
  'cursorchat.keyOnCommandLine': {
    severity: 'error',
    title: () => 'SGLang can only take the API key on its command line',
    detail: (c) =>
      `SGLang reads its key only from --api-key (no environment variable), so every user on the Spark could read it in "ps" and SGLang writes it into its own startup log. Tailspark did not change ${c.unit ?? 'the unit'}. Run it again and accept this explicitly, or serve the model with vLLM (VLLM_API_KEY stays out of ps and logs).`,
    fixes: () => [{ label: 'Set Up Cursor Chat', action: { kind: 'command', command: 'tailspark.cursorChat.setup' } }],
  },
  'cursorchat.keyNotEnforced': {
    severity: 'error',
    title: () => 'The server does not enforce the API key',
    detail: (c) =>
      `After the restart, ${c.url ?? 'the model list'} answered ${c.without ?? '?'} without the key and ${c.with ?? '?'} with it (expected 401 or 403, then 200). Funnel stays off. Check the unit's drop-ins with "systemctl cat ${c.unit ?? 'UNIT'}" and the server's log.`,
    fixes: () => [{ label: 'Show Logs', action: { kind: 'command', command: 'tailspark.logs.follow' } }],
  },
  'cursorchat.notReady': {
    severity: 'error',
    title: (c) => `${c.unit ?? 'The server'} did not become ready after the restart`,
    detail: (c) =>
      `Tailspark restarted ${c.unit ?? 'the unit'} with the API key and waited ${c.waited ?? 'a while'} for ${c.url ?? 'its model list'} to answer 200 with the key. It did not. Look at the server's log; Undo Cursor Chat Setup removes the drop-in again.`,
    fixes: () => [
      { label: 'Show Logs', action: { kind: 'command', command: 'tailspark.logs.follow' } },
      { label: 'Undo Cursor Chat Setup', action: { kind: 'command', command: 'tailspark.cursorChat.undo' } },
    ],
  },
  'cursorchat.publicUnverified': {
    severity: 'error',
    title: () => 'The public URL does not answer with the key',
    detail: (c) =>
      `Funnel is on, but ${c.url ?? 'the public URL'} answered ${c.status ?? 'nothing'} to a request with the API key (expected 200). Cursor's servers would fail the same way. Funnel can take a minute to reach the internet; run Set Up Cursor Chat again to continue from here.`,
    fixes: () => [{ label: 'Set Up Cursor Chat', action: { kind: 'command', command: 'tailspark.cursorChat.setup' } }],
  },

  // ── Probing the OpenAI-compatible server (GET <base>/models …) ──
  'probe.invalidUrl': {
    severity: 'error',
    title: () => 'Base URL is not valid',
    detail: (c) => `"${c.url ?? ''}" is not an http(s) URL. It should look like https://spark-56d0.tail1234.ts.net/v1.`,
    fixes: () => [{ label: 'Set Base URL', action: { kind: 'openSettings', setting: 'tailspark.baseUrl' } }],
  },
  'probe.dnsFailed': {
    severity: 'error',
    title: (c) => `Cannot resolve ${c.host ?? 'the host'}`,
    detail: (c) =>
      `The name ${c.host ?? '?'} did not resolve (${c.code ?? 'ENOTFOUND'}). For a …ts.net name, MagicDNS must be on and Tailscale connected on this machine; with split DNS or a resolver that ignores MagicDNS, use the 100.x address.`,
    fixes: () => [{ label: 'Open DNS Settings', action: { kind: 'openUrl', url: 'https://login.tailscale.com/admin/dns' } }],
  },
  'probe.connectionRefused': {
    severity: 'error',
    title: () => 'Connection refused',
    detail: (c) =>
      `${c.url ?? 'The server'} refused the connection. The inference server is still loading its model (the port opens only when the weights are loaded) or it is stopped; for a Serve URL, tailscale serve may not be running.`,
    fixes: () => [{ label: 'Show Server Log', action: { kind: 'command', command: 'tailspark.logs.follow' } }],
  },
  'probe.badGateway': {
    severity: 'error',
    title: () => 'Serve is up, the inference server behind it is not',
    detail: (c) =>
      `${c.url ?? 'The URL'} answered ${c.status ?? 502} from the proxy in front of the server (Tailscale Serve): it could not reach the inference port on the Spark. The server is loading its model or stopped.`,
    fixes: () => [{ label: 'Show Server Log', action: { kind: 'command', command: 'tailspark.logs.follow' } }],
  },
  'probe.connectionReset': {
    severity: 'error',
    title: () => 'Connection dropped',
    detail: (c) =>
      `${c.url ?? 'The server'} closed the connection before answering (${c.code ?? 'ECONNRESET'}). With Serve this usually means the backend port is not listening (server stopped or loading).`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  'probe.hostUnreachable': {
    severity: 'error',
    title: (c) => `${c.host ?? 'The host'} is unreachable`,
    detail: (c) =>
      `No route to ${c.host ?? 'the host'} (${c.code ?? 'EHOSTUNREACH'}). Tailscale may be disconnected on this machine, or the Spark is offline.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  'probe.tlsNameMismatch': {
    severity: 'error',
    title: (c) => (c.certNames ? `TLS certificate is for ${c.certNames}` : 'TLS certificate is for another name'),
    detail: (c) =>
      isFullMagicDnsName(c.host)
        ? // The URL already uses the full name: advising it would not help. Another node answered.
          `${c.host} answered with a certificate for ${c.certNames ?? 'another name'} (ERR_TLS_CERT_ALTNAME_INVALID). The URL already uses the full MagicDNS name, so the address it reached is not the Spark's Serve: a tailspark.network.resolve entry or DNS points this name at another machine, or another node answers on it. Check which address the name resolves to (tailscale ip ${c.host}) and the resolve setting.`
        : `The certificate of ${c.host ?? 'the server'} does not cover that name (ERR_TLS_CERT_ALTNAME_INVALID${c.message ? `: ${c.message}` : ''}). Tailscale Serve certificates are only valid for the full MagicDNS name (e.g. spark-56d0.tail1234.ts.net): use that name, not the short host name or an IP.`,
    fixes: (c) =>
      isFullMagicDnsName(c.host)
        ? [
            { label: 'Check Name Mappings', action: { kind: 'openSettings', setting: 'tailspark.network.resolve' } },
            { label: 'Diagnose', action: { kind: 'command', command: 'tailspark.doctor' } },
          ]
        : [{ label: 'Set Base URL', action: { kind: 'openSettings', setting: 'tailspark.baseUrl' } }],
  },
  'probe.tlsSelfSigned': {
    severity: 'error',
    title: () => 'TLS certificate is self-signed',
    detail: (c) =>
      `${c.host ?? 'The server'} presented a self-signed or privately issued certificate (${c.code ?? ''}), which is not trusted. Tailscale Serve uses Let's Encrypt certificates, so something else answers on this address: check the base URL points at the Spark's MagicDNS name.`,
    fixes: () => [{ label: 'Set Base URL', action: { kind: 'openSettings', setting: 'tailspark.baseUrl' } }],
  },
  'probe.tlsExpired': {
    severity: 'error',
    title: () => 'TLS certificate expired',
    detail: (c) =>
      `The certificate of ${c.host ?? 'the server'} has expired (CERT_HAS_EXPIRED). tailscaled renews Serve certificates itself when it runs and reaches the coordination server; restart tailscaled on the Spark or check the clock there.`,
    fixes: () => [
      { label: 'Restart tailscaled', action: { kind: 'remote', argv: ['systemctl', 'restart', 'tailscaled'], sudo: true } },
    ],
  },
  'probe.tlsHandshakeFailed': {
    severity: 'error',
    title: () => 'TLS handshake aborted by the server',
    detail: (c) =>
      `${c.host ?? 'The server'} accepted the connection but gave up during the TLS handshake (${c.code ?? '?'}): it had no certificate to offer. With Tailscale Serve this means HTTPS certificates are not enabled for the tailnet, or tailscaled could not fetch the certificate yet. Enable "HTTPS Certificates" in the admin console (DNS), then retry.`,
    fixes: () => [{ label: 'Open DNS Settings', action: { kind: 'openUrl', url: 'https://login.tailscale.com/admin/dns' } }],
  },
  'probe.tlsFailed': {
    severity: 'error',
    title: () => 'TLS handshake failed',
    detail: (c) =>
      `The TLS connection to ${c.host ?? 'the server'} failed (${c.code ?? '?'}: ${c.message ?? ''}). Check that the URL is https:// only where the server speaks TLS (Serve does; the raw port 30001 does not).`,
    fixes: () => [],
  },
  'probe.apiKeyNeeded': {
    severity: 'error',
    title: () => 'The server needs an API key',
    detail: (c) =>
      `${c.url ?? 'The server'} answered 401 Unauthorized: it was started with --api-key and Tailspark sent none. Store the key in Tailspark (it goes to the secret store, never to settings files).`,
    fixes: () => [{ label: 'Set API Key', action: { kind: 'command', command: 'tailspark.setApiKey' } }],
  },
  'probe.apiKeyWrong': {
    severity: 'error',
    title: () => 'API key rejected',
    detail: (c) =>
      `${c.url ?? 'The server'} answered 401 Unauthorized to the API key Tailspark sent: the key is wrong or was changed on the server.`,
    fixes: () => [{ label: 'Set API Key', action: { kind: 'command', command: 'tailspark.setApiKey' } }],
  },
  'probe.notFound': {
    severity: 'error',
    title: () => 'No OpenAI API at this path (404)',
    detail: (c) =>
      `${c.url ?? 'The URL'} answered 404 Not Found. The mount path is wrong: the base URL must be the Serve URL plus the mount path plus "/v1" (e.g. https://spark-56d0.tail1234.ts.net/v1).`,
    fixes: () => [{ label: 'Detect Again', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  'probe.warmingUp': {
    severity: 'warning',
    title: () => 'Server is warming up (503)',
    detail: (c) =>
      `${c.url ?? 'The server'} answered 503 Service Unavailable: it is starting (warm-up) or shutting down. Tailspark checks again shortly.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  'probe.timeout': {
    severity: 'error',
    title: () => 'Server did not answer in time',
    detail: (c) =>
      `${c.url ?? 'The server'} sent no answer within ${c.timeoutMs ?? '?'} ms. The Spark may be overloaded, the tailnet path slow, or the port firewalled.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  'probe.notOpenAi': {
    severity: 'error',
    title: () => 'Not an OpenAI-compatible answer',
    detail: (c) =>
      `${c.url ?? 'The URL'} answered${c.status ? ` ${c.status}` : ''}, but not with an OpenAI model list (${c.message ?? 'unexpected body'}). Another service answers at this address or path.`,
    fixes: () => [{ label: 'Detect Again', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  'probe.httpError': {
    severity: 'error',
    title: (c) => `Server answered HTTP ${c.status ?? '?'}`,
    detail: (c) => `${c.url ?? 'The server'} answered HTTP ${c.status ?? '?'}${c.message ? `: ${c.message}` : ''}.`,
    fixes: () => [{ label: 'Show Server Log', action: { kind: 'command', command: 'tailspark.logs.follow' } }],
  },
  'probe.responseTooLarge': {
    severity: 'error',
    title: () => 'Answer too large',
    detail: (c) =>
      `${c.url ?? 'The server'} sent more than ${c.limit ?? '?'} bytes; Tailspark stopped reading. This is not what an inference server sends for this request: check that the base URL points at the inference server.`,
    fixes: () => [{ label: 'Set Base URL', action: { kind: 'openSettings', setting: 'tailspark.baseUrl' } }],
  },
  'probe.noModels': {
    severity: 'warning',
    title: () => 'Server lists no models',
    detail: (c) => `${c.url ?? 'The server'} answered with an empty model list; it is probably still loading.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  'probe.networkError': {
    severity: 'error',
    title: () => 'Network error',
    detail: (c) => `The request to ${c.url ?? 'the server'} failed: ${c.code ?? ''} ${c.message ?? ''}`.trim(),
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  // ── Chat models in VS Code's chat (src/core/chat, the language-model provider) ──
  'chat.sparkNotReady': {
    severity: 'error',
    title: () => 'The Spark is not ready for chat',
    detail: (c) =>
      `Tailspark has no verified server to send the chat request to (state: ${c.phase ?? 'unknown'}). The models appear in the chat once the status bar shows the Spark as ready.`,
    fixes: () => [{ label: 'Show Status', action: { kind: 'command', command: 'tailspark.statusActions' } }],
  },
  'chat.modelGone': {
    severity: 'error',
    title: (c) => (c.model ? `Model ${c.model} is no longer served` : 'The model is no longer served'),
    detail: (c) =>
      `${c.url ?? 'The server'} does not serve the model "${c.model ?? '?'}" any more${c.message ? ` (${c.message})` : ''}: the server was restarted with another model. Pick one of the models it lists now in the chat's model picker.`,
    fixes: () => [{ label: 'Check Again', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  'chat.contextTooLong': {
    severity: 'error',
    title: () => 'Conversation too long for the model',
    detail: (c) =>
      `The server refused the request because prompt and answer do not fit the model's context length${c.contextLength ? ` (${c.contextLength} tokens)` : ''}: ${c.message ?? 'context length exceeded'}. Start a new chat, attach less context, or restart the server with a larger --context-length / --max-model-len.`,
    fixes: () => [{ label: 'Show Server Log', action: { kind: 'command', command: 'tailspark.logs.follow' } }],
  },
  'chat.requestRejected': {
    severity: 'error',
    title: (c) => `The server rejected the chat request (HTTP ${c.status ?? 400})`,
    detail: (c) =>
      `${c.url ?? 'The server'} answered ${c.status ?? 400}: ${c.message ?? 'no reason given'}. When the message is about tools, the server was started without a tool-call parser (SGLang --tool-call-parser, vLLM --enable-auto-tool-choice --tool-call-parser).`,
    fixes: () => [{ label: 'Show Server Log', action: { kind: 'command', command: 'tailspark.logs.follow' } }],
  },
  'chat.streamBroken': {
    severity: 'error',
    title: () => 'The answer broke off',
    detail: (c) =>
      `The streamed answer from ${c.url ?? 'the server'} ended unexpectedly: ${c.message ?? 'no end marker'}. The server may have been stopped or restarted while it was answering; the server log says why.`,
    fixes: () => [{ label: 'Show Server Log', action: { kind: 'command', command: 'tailspark.logs.follow' } }],
  },
  // ── The dashboard (src/core/dashboard) ──
  'dashboard.serverNotReady': {
    severity: 'warning',
    title: () => 'No ready server to measure',
    detail: (c) =>
      `The throughput measurement needs a ready inference server with a model${c.where ? ` (${c.where})` : ''}. Tailspark has not seen one yet: wait until the status bar shows the model, then measure again.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  'dashboard.measureFailed': {
    severity: 'error',
    title: () => 'Throughput measurement failed',
    detail: (c) =>
      `No request of the measurement against ${c.url ?? c.where ?? 'the server'} completed: ${c.message ?? 'no answer'}. The server may be loading, overloaded, or refuse streamed chat requests.`,
    fixes: () => [
      { label: 'Show Server Log', action: { kind: 'command', command: 'tailspark.logs.follow' } },
      { label: 'Open Log', action: { kind: 'command', command: 'tailspark.showLog' } },
    ],
  },
  // ── Writing the base URL into editors (src/core/targets) ──
  'target.unverifiedUrl': {
    severity: 'error',
    title: () => 'Base URL not verified',
    detail: (c) =>
      `Tailspark writes a base URL only after a probe has verified it (GET ${c.url ?? '<url>'}/models answered with models). This URL has not been verified, so nothing was written.`,
    fixes: () => [{ label: 'Check Again', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  'target.notWritten': {
    severity: 'warning',
    title: (c) => `${c.target ?? 'An editor target'} does not have the Spark's base URL yet`,
    detail: (c) =>
      `${c.target ?? 'The target'} does not hold the verified base URL${c.state ? `: ${c.state}` : ''}. Tailspark writes it automatically only with tailspark.autoConfigure "auto"; otherwise write it once with "Write Base URL into the Editor".`,
    fixes: () => [{ label: 'Write Base URL', action: { kind: 'command', command: 'tailspark.applyBaseUrl' } }],
  },
  'target.writerBusy': {
    severity: 'warning',
    title: () => 'Another Tailspark window is writing',
    detail: (c) =>
      `Another Tailspark process (pid ${c.pid ?? '?'}) holds the writer lock ${c.where ?? ''}; only one window writes editor settings at a time. Nothing was written; try again in a moment.`,
    fixes: () => [],
  },
  'target.fileMissing': {
    severity: 'error',
    title: (c) => `${c.target ?? 'Config'} file not found`,
    detail: (c) =>
      `${c.where ?? 'The file'} does not exist (${c.why ?? 'the tool has not created it yet'}). Nothing was written. Start the tool once so it creates the file, then apply again.`,
    fixes: () => [{ label: 'Apply Again', action: { kind: 'command', command: 'tailspark.applyBaseUrl' } }],
  },
  'target.fileUnreadable': {
    severity: 'error',
    title: (c) => `${c.target ?? 'Config'} file cannot be parsed`,
    detail: (c) =>
      `${c.where ?? 'The file'} is not valid ${c.format ?? 'text'} (${c.message ?? 'parse error'}). Tailspark does not rewrite a file it cannot parse, so nothing was written. Fix the file, then try again.`,
    fixes: () => [{ label: 'Apply Again', action: { kind: 'command', command: 'tailspark.applyBaseUrl' } }],
  },
  'target.fileWriteFailed': {
    severity: 'error',
    title: (c) => `Could not write ${c.target ?? 'the config file'}`,
    detail: (c) => `Writing ${c.where ?? 'the file'} failed: ${c.message ?? 'unknown error'}. Check that the folder exists, is writable by you and the disk is not full, then apply again.`,
    fixes: () => [{ label: 'Apply Again', action: { kind: 'command', command: 'tailspark.applyBaseUrl' } }],
  },
  'target.unsupportedVersion': {
    severity: 'info',
    title: () => 'Editor too old for this target',
    detail: (c) =>
      `${c.target ?? 'This target'} needs ${c.needed ?? 'a newer editor'}; this editor is ${c.version ?? 'unknown'}. Nothing was written.`,
    fixes: () => [],
  },
  'target.noBackup': {
    severity: 'warning',
    title: () => 'Nothing to revert',
    detail: (c) =>
      `Tailspark has no saved previous value for ${c.target ?? 'this target'} (${c.where ?? 'backup store'}): it never wrote there, or it already reverted.`,
    fixes: () => [],
  },
  'target.settingsKeyInvalid': {
    severity: 'error',
    title: () => 'Settings key list is invalid',
    detail: (c) => `The settings key entry ${c.key ?? ''} is not usable: ${c.message ?? 'invalid'}.`,
    fixes: () => [{ label: 'Open Settings', action: { kind: 'openSettings', setting: 'tailspark.targets.settingsKeys' } }],
  },
  'target.cursorDbMissing': {
    severity: 'error',
    title: () => "Cursor's state database not found",
    detail: (c) =>
      `${c.where ?? 'state.vscdb'} does not exist. Cursor creates it on first start; start Cursor once (or pass --cursor-db FILE), then try again. Nothing was written.`,
    fixes: () => [],
  },
  'target.cursorRowMissing': {
    severity: 'error',
    title: () => "Cursor's user settings row not found",
    detail: (c) =>
      `${c.where ?? 'state.vscdb'} has no ItemTable row "${c.key ?? 'applicationUser'}". Cursor writes it after it has run once and you opened its settings; open Cursor Settings › Models once, quit Cursor, then try again. Nothing was written.`,
    fixes: () => [],
  },
  'target.cursorDbLocked': {
    severity: 'warning',
    title: () => "Cursor's state database is busy",
    detail: (c) =>
      `${c.where ?? 'state.vscdb'} stayed locked for ${c.timeoutMs ?? '?'} ms (${c.message ?? 'SQLITE_BUSY'}). Another program is writing it. Nothing was written; try again.`,
    fixes: () => [],
  },
  'target.cursorDbCorrupt': {
    severity: 'error',
    title: () => "Cursor's state database cannot be read",
    detail: (c) =>
      `${c.where ?? 'state.vscdb'} is not a SQLite database Tailspark can use (${c.message ?? 'unknown error'}). Nothing was written. Cursor keeps a copy in state.vscdb.backup next to it.`,
    fixes: () => [],
  },
  'target.cursorDbReadOnly': {
    severity: 'error',
    title: () => "Cursor's state database is read-only",
    detail: (c) =>
      `${c.where ?? 'state.vscdb'} is not writable for this user (${c.message ?? 'permission denied'}). The database itself is fine; SQLite needs to write the file and create its journal in the folder next to it. Nothing was written. Make it writable (for example: ${c.command ?? 'chmod u+w'}), then try again.`,
    fixes: (c) => (c.command ? [{ label: 'Copy the chmod command', action: { kind: 'copy', text: String(c.command) } }] : []),
  },
  'target.cursorJsonUnexpected': {
    severity: 'error',
    title: () => "Cursor's user settings have an unexpected shape",
    detail: (c) =>
      `The applicationUser row in ${c.where ?? 'state.vscdb'} is not the JSON object Tailspark expects (${c.message ?? 'unknown'}). A newer Cursor may have changed it; Tailspark does not guess, so nothing was written. Set the base URL by hand in Cursor Settings › Models (Override OpenAI Base URL).`,
    fixes: () => [{ label: "Cursor's Model Settings", action: { kind: 'openUrl', url: 'https://docs.cursor.com/settings/models' } }],
  },
  'target.cursorRunning': {
    severity: 'warning',
    title: () => 'Cursor is running',
    detail: (c) =>
      `Cursor (pid ${c.pids ?? '?'}) has ${c.where ?? 'state.vscdb'} open. Cursor keeps this value in memory and writes it back when it quits, so a change made now would be lost. Quit Cursor and try again, or let Tailspark wait for Cursor to exit (--wait).`,
    fixes: () => [],
  },
  'target.cursorWaitTimeout': {
    severity: 'warning',
    title: () => 'Cursor did not exit',
    detail: (c) =>
      `Tailspark waited ${c.seconds ?? '?'} s for Cursor (pid ${c.pids ?? '?'}) to quit so it could write ${c.where ?? 'state.vscdb'}. Nothing was written.`,
    fixes: () => [],
  },
  'target.cursorVerifyFailed': {
    severity: 'error',
    title: () => 'Cursor did not keep the base URL',
    detail: (c) =>
      `Tailspark wrote ${c.expected ?? 'the base URL'} to ${c.where ?? 'state.vscdb'}, but after the restart Cursor's value is ${c.actual ?? '(none)'}. Cursor overwrote it (it was probably still running).`,
    fixes: () => [{ label: 'Try Again', action: { kind: 'command', command: 'tailspark.applyBaseUrl' } }],
  },
  'target.cursorDbInterrupted': {
    severity: 'error',
    title: () => "Cursor's state database has an unfinished write",
    detail: (c) =>
      `${c.where ?? 'state.vscdb'}-journal holds an interrupted write (a "hot" rollback journal): the database file stays half-updated until SQLite rolls the journal back. Tailspark's SQLite engine cannot do that safely, so nothing was read or written. Start Cursor once (its SQLite restores the file from the journal), quit it, then try again.`,
    fixes: () => [],
  },
  'target.cursorHelperFailed': {
    severity: 'error',
    title: () => 'The Cursor settings writer failed',
    detail: (c) => `The background writer for ${c.where ?? 'state.vscdb'} stopped: ${c.message ?? 'unknown error'}.`,
    fixes: () => [{ label: 'Open Log', action: { kind: 'command', command: 'tailspark.showLog' } }],
  },
  'target.cursorCloudUnreachable': {
    severity: 'warning',
    title: () => "Cursor's chat cannot reach a tailnet-only URL",
    detail: (c) =>
      `Cursor's own servers send the chat requests for a custom OpenAI base URL, not your machine. ${c.url ?? 'This URL'} is only reachable inside your tailnet (${c.why ?? 'tailscale serve'}), so Cursor's servers cannot reach it (they also refuse private addresses: "ssrf_blocked"). Cursor's "Verify" button may pass anyway, because it runs on your machine. Options: "Set Up Cursor Chat" (gives the server an API key, then exposes it with Tailscale Funnel), use an in-editor extension such as Continue that calls the server from this machine, or write it anyway.`,
    fixes: () => [
      { label: 'Set Up Cursor Chat', action: { kind: 'command', command: 'tailspark.cursorChat.setup' } },
      { label: 'Use Continue', action: { kind: 'openUrl', url: 'https://docs.continue.dev/reference' } },
      { label: 'About Funnel', action: { kind: 'openUrl', url: 'https://tailscale.com/kb/1223/funnel' } },
    ],
  },
  // ── SSH to the Spark (src/core/ssh) ──
  'ssh.targetInvalid': {
    severity: 'error',
    title: () => 'The SSH target is not valid',
    detail: (c) =>
      `Tailspark cannot use ${c.target ? `"${c.target}"` : 'the SSH target'} as an SSH destination: ${c.message ?? 'unreadable'}. Write it as user@host, user@host:port or a Host alias from ${c.where ?? '~/.ssh/config'}.`,
    fixes: () => [{ label: 'Open Settings', action: { kind: 'openSettings', setting: 'tailspark.ssh.target' } }],
  },
  'ssh.dnsFailed': {
    severity: 'error',
    title: (c) => `Cannot resolve ${c.host ?? 'the Spark'}`,
    detail: (c) =>
      `The name ${c.host ?? '?'} does not resolve on this machine (${c.message ?? 'not found'}). For a MagicDNS name, Tailscale must be running here with MagicDNS on; otherwise check HostName in ~/.ssh/config.`,
    fixes: () => [{ label: 'Open Settings', action: { kind: 'openSettings', setting: 'tailspark.ssh.target' } }],
  },
  'ssh.connectionRefused': {
    severity: 'error',
    title: (c) => `SSH connection refused by ${c.host ?? 'the Spark'}`,
    detail: (c) =>
      `${c.host ?? 'The host'} is reachable but nothing accepts SSH on port ${c.port ?? 22}. Start sshd there ("sudo systemctl enable --now ssh") or turn on Tailscale SSH ("sudo tailscale set --ssh"), or fix the port.`,
    fixes: () => [{ label: 'Open Settings', action: { kind: 'openSettings', setting: 'tailspark.ssh.target' } }],
  },
  'ssh.hostUnreachable': {
    severity: 'error',
    title: (c) => `${c.host ?? 'The Spark'} is unreachable`,
    detail: (c) => `No route to ${c.host ?? 'the host'} (${c.message ?? 'unreachable'}). Is the Spark online in your tailnet, and is Tailscale running on this machine?`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  'ssh.connectTimeout': {
    severity: 'error',
    title: (c) => `SSH to ${c.host ?? 'the Spark'} timed out`,
    detail: (c) =>
      `No SSH handshake with ${c.host ?? 'the host'} within ${c.seconds ?? '?'} s. The machine may be offline or asleep, or a firewall drops the packets. ConnectTimeout in ~/.ssh/config sets this limit.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  'ssh.authFailed': {
    severity: 'error',
    title: (c) => `SSH login as ${c.user ?? '?'} on ${c.host ?? 'the Spark'} failed`,
    detail: (c) =>
      `The server accepted none of the methods tried: ${c.tried ?? 'none'}.${c.allowed ? ` It offers: ${c.allowed}.` : ''} Add your public key to ~/.ssh/authorized_keys of ${c.user ?? 'the user'} on the Spark (ssh-copy-id), load it into ssh-agent, or set IdentityFile in ~/.ssh/config. With Tailscale SSH, check the tailnet "ssh" policy.`,
    fixes: (c) => [
      ...(operand(c.user) && operand(c.host) ? copyCommand('Copy ssh-copy-id Command', ['ssh-copy-id', `${operand(c.user)}@${operand(c.host)}`]) : []),
      { label: 'Open Settings', action: { kind: 'openSettings', setting: 'tailspark.ssh.target' } },
    ],
  },
  'ssh.hostKeyUnknown': {
    severity: 'error',
    title: (c) => `Unknown SSH host key for ${c.host ?? 'the Spark'}`,
    detail: (c) =>
      `${c.host ?? 'The host'} presented a ${c.keyType ?? ''} host key with fingerprint ${c.fingerprint ?? '?'} that is neither in ${c.file ?? 'known_hosts'} nor in the tailnet's host key list, and it was not accepted. Compare it with "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub" on the Spark, then connect once with "ssh" (or tailspark run --accept-new) to trust it.`,
    fixes: (c) => {
      const host = operand(c.host);
      return host ? copyCommand('Copy ssh Command', ['ssh', host]) : [];
    },
  },
  'ssh.hostCertUnsupported': {
    severity: 'error',
    title: (c) => `SSH host certificates are not supported (${c.host ?? 'the Spark'})`,
    detail: (c) =>
      `${c.file ?? 'known_hosts'} line ${c.line ?? '?'} trusts ${c.host ?? 'this host'} through a @cert-authority key, but Tailspark cannot check host certificates, and no plain key for the host is known. The ${c.keyType ?? ''} key it presented (${c.fingerprint ?? '?'}) was therefore not accepted. Add the host's plain key to known_hosts (compare "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub" on the Spark), or rely on the tailnet's host key list.`,
    fixes: (c) => {
      const host = operand(c.host);
      return host ? copyCommand('Copy ssh-keyscan Command', ['ssh-keyscan', '-t', 'ed25519', host]) : [];
    },
  },
  'ssh.hostKeyChanged': {
    severity: 'error',
    title: (c) => `SSH host key of ${c.host ?? 'the Spark'} ${c.reason === 'revoked' ? 'is REVOKED' : 'has CHANGED'}`,
    detail: (c) =>
      `${c.reason === 'revoked' ? `The key ${c.host ?? 'the host'} presented (${c.fingerprint ?? '?'}) is marked @revoked in ${c.file ?? 'known_hosts'}.` : `${c.host ?? 'The host'} presented ${c.fingerprint ?? '?'}, but ${c.file ?? 'known_hosts'} line ${c.line ?? '?'} holds a different ${c.keyType ?? ''} key for it.`} Someone may be intercepting the connection (man-in-the-middle), or the Spark was reinstalled. Tailspark will not connect. If you know the Spark's keys changed, remove the old entry and connect again.`,
    fixes: (c) => {
      const name = operand(c.knownHostsName ?? c.host);
      const file = operand(c.file);
      // Without the host name: how to check a host key before trusting it again.
      return name
        ? copyCommand('Copy ssh-keygen -R Command', ['ssh-keygen', '-R', name, ...(file ? ['-f', file] : [])])
        : [{ label: 'Verifying Host Keys', action: { kind: 'openUrl', url: 'https://man.openbsd.org/ssh#VERIFYING_HOST_KEYS' } }];
    },
  },
  'ssh.hostKeyNotTailnet': {
    severity: 'error',
    title: (c) => `SSH host key of ${c.host ?? 'the Spark'} contradicts the tailnet`,
    detail: (c) =>
      `${c.host ?? 'The host'} presented a ${c.keyType ?? ''} host key ${c.fingerprint ?? '?'}, but the tailnet lists other keys for this peer (${c.tailnetFingerprints ?? '?'}). The tailnet's list comes over Tailscale's authenticated control channel, so a different key means someone else answered (man-in-the-middle) or the address leads to another machine. Tailspark will not connect, and will not ask you to trust the key. Compare with "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub" on the Spark and check which machine answers at this address.`,
    fixes: () => [],
  },
  'ssh.jumpHostFailed': {
    severity: 'error',
    title: (c) => `ProxyJump ${c.jump ?? ''} could not reach ${c.host ?? 'the Spark'}`.replace('  ', ' '),
    detail: (c) =>
      `The jump host ${c.jump ?? '?'} accepted the login but could not open a connection to ${c.host ?? '?'}:${c.port ?? 22} (${c.message ?? 'refused'}). Check HostName/Port for the Spark in ~/.ssh/config as seen from the jump host.`,
    fixes: () => [],
  },
  'ssh.connectionLost': {
    severity: 'warning',
    title: (c) => `SSH connection to ${c.host ?? 'the Spark'} was lost`,
    detail: (c) =>
      `The connection dropped while running ${c.command ?? 'a command'} (${c.message ?? 'closed'}). The command's outcome on the Spark is unknown; Tailspark reconnects on the next command.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  'ssh.commandTimeout': {
    severity: 'error',
    title: (c) => `Remote command timed out after ${c.seconds ?? '?'} s`,
    detail: (c) => `${c.command ?? 'The command'} on ${c.host ?? 'the Spark'} did not finish in time; Tailspark stopped it and closed its channel.`,
    fixes: () => [{ label: 'Open Log', action: { kind: 'command', command: 'tailspark.showLog' } }],
  },
  'ssh.cancelled': {
    severity: 'info',
    title: () => 'Remote command cancelled',
    detail: (c) => `${c.command ?? 'The command'} on ${c.host ?? 'the Spark'} was cancelled; its channel was closed.`,
    fixes: () => [],
  },
  'ssh.channelFailed': {
    severity: 'error',
    title: () => 'The Spark refused a new SSH session',
    detail: (c) =>
      `Opening a session channel on ${c.host ?? 'the Spark'} failed (${c.message ?? 'refused'}). sshd's MaxSessions may be lower than Tailspark's parallel commands, or the server is overloaded.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: 'tailspark.refresh' } }],
  },
  'ssh.sudoPasswordNeeded': {
    severity: 'error',
    title: (c) => `sudo on ${c.host ?? 'the Spark'} needs a password`,
    detail: (c) =>
      `${c.command ?? 'The command'} needs root, and sudo asked for ${c.user ?? 'the user'}'s password ("sudo: a password is required"), but no password was given. Run it from VS Code (which asks), or allow it without a password with a sudoers drop-in on the Spark.`,
    fixes: () => [],
  },
  'ssh.sudoWrongPassword': {
    severity: 'error',
    title: () => 'Wrong sudo password',
    detail: (c) => `sudo on ${c.host ?? 'the Spark'} rejected the password for ${c.user ?? 'the user'} ("${c.sudoText ?? 'Sorry, try again.'}"). Nothing ran as root, and a remembered password was forgotten. Check the password in a terminal on the Spark with "sudo -v", then run the action again: Tailspark asks anew.`,
    fixes: () => [{ label: 'Copy sudo -v', action: { kind: 'copy', text: 'sudo -v' } }],
  },
  'ssh.sudoNotAllowed': {
    severity: 'error',
    title: (c) => `${c.user ?? 'The user'} may not use sudo on ${c.host ?? 'the Spark'}`,
    detail: (c) =>
      `sudo refused: "${c.sudoText ?? 'not in the sudoers file'}". An admin on the Spark must add ${c.user ?? 'the user'} to the sudo group ("sudo usermod -aG sudo ${c.user ?? 'USER'}") or add a sudoers rule for the needed commands.`,
    fixes: (c) => {
      const user = operand(c.user);
      return user ? copyCommand('Copy usermod Command', ['usermod', '-aG', 'sudo', user], true) : [{ label: 'Copy usermod Command', action: { kind: 'copy', text: 'sudo usermod -aG sudo <user>' } }];
    },
  },
} satisfies Record<string, CatalogueEntry>;

export type FindingCode = keyof typeof catalogue;

/**
 * Which setting a value validated by the remote operations comes from (remote.invalidValue):
 * they validate unit names and ports; SSH targets have their own finding (ssh.targetInvalid).
 */
function settingFor(what: string): string {
  return /unit/i.test(what) ? 'tailspark.service.unit' : 'tailspark.spark.inferencePort';
}

/** An argv from the context (one we built or ran), or undefined. */
function argvFrom(value: FindingContext[string]): string[] | undefined {
  return typeof value === 'object' && value.length > 0 ? [...value] : undefined;
}

/** A command as one shell line, every element quoted by quoteArgv; undefined when it cannot be
 * quoted (no argv, or a NUL byte, which no shell argument can hold). */
function commandLine(argv: readonly string[] | undefined, sudo = false): string | undefined {
  if (!argv || argv.length === 0 || argv.some((a) => a.includes('\0'))) return undefined;
  return `${sudo ? 'sudo ' : ''}${quoteArgv(argv)}`;
}

/** A "copy this command" fix for a command the user runs themselves (locally, or as an admin). */
function copyCommand(label: string, argv: readonly string[], sudo = false): Fix[] {
  const text = commandLine(argv, sudo);
  return text ? [{ label, action: { kind: 'copy', text } }] : [];
}

/** A value usable as a command operand: a non-empty string that cannot be read as an option. */
function operand(value: FindingContext[string]): string | undefined {
  return typeof value === 'string' && value !== '' && !value.startsWith('-') ? value : undefined;
}

/**
 * A message that already ends a sentence ("…; please try again.") placed before the template's own
 * period gives "..": keep one mark. An ellipsis ("...") is left alone.
 */
export function endSentences(text: string): string {
  return text.replace(/(?<!\.)([.!?])\.(?=\s|$)/g, '$1');
}

export function makeFinding(code: FindingCode, context: FindingContext = {}, evidence?: string): Finding {
  const entry: CatalogueEntry = { ...catalogue[code], ...germanFindingText(code) };
  const where = context.where === undefined ? undefined : String(context.where);
  return {
    code,
    severity: entry.severity,
    title: entry.title(context),
    detail: endSentences(entry.detail(context)),
    ...(where ? { where } : {}),
    ...(evidence ? { evidence } : {}),
    fixes: entry.fixes(context).map((f) => ({ ...f, label: germanFixLabel(f.label) })),
  };
}

export function allFindingCodes(): FindingCode[] {
  return Object.keys(catalogue) as FindingCode[];
}

/** A tailnet's full MagicDNS name (host.tailnet.ts.net): the name Serve certificates are issued for. */
function isFullMagicDnsName(host: unknown): boolean {
  return typeof host === 'string' && /^[a-z0-9-]+\.[a-z0-9-]+\.ts\.net\.?$/i.test(host);
}

/** The tailnet policy's "ssh" rule that lets members log in to the Spark (tailscale-cli.md §3), for copying. */
const SSH_POLICY_RULE = JSON.stringify(
  {
    tagOwners: { 'tag:spark': ['autogroup:admin'] },
    ssh: [{ action: 'accept', src: ['autogroup:member'], dst: ['tag:spark'], users: ['autogroup:nonroot', 'root'] }],
  },
  null,
  2,
);
