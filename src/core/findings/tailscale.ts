// The Tailscale CLI on this machine or on the Spark (texts: reference/tailscale-cli.md §3).
// Each entry: code → severity, title, detail, fixes (src/core/findings/index.ts has makeFinding).
import { argvFrom, commandLine, copyCommand } from './helpers';
import { isTailscaleLoginUrl } from './loginUrl';
import type { CatalogueEntry, Fix } from './types';
import { COMMANDS } from '../commands';

/** The tailnet policy's "ssh" rule that lets members log in to the Spark (tailscale-cli.md §3), for copying. */
const SSH_POLICY_RULE = JSON.stringify(
  {
    tagOwners: { 'tag:spark': ['autogroup:admin'] },
    ssh: [{ action: 'accept', src: ['autogroup:member'], dst: ['tag:spark'], users: ['autogroup:nonroot', 'root'] }],
  },
  null,
  2,
);

export const tailscaleFindings = {
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
    fixes: () => [{ label: 'Open Log', action: { kind: 'command', command: COMMANDS.showLog } }],
  },
  'tailscale.cliTimeout': {
    severity: 'error',
    title: () => 'Tailscale command timed out',
    detail: (c) =>
      `"${c.command ?? 'tailscale'}" gave no answer within ${c.timeoutMs ?? '?'} ms and was stopped. tailscaled may be hanging or busy; check that the Tailscale app/service is running.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: COMMANDS.refresh } }],
  },
  'tailscale.statusUnreadable': {
    severity: 'error',
    title: () => 'Tailscale status could not be read',
    detail: (c) =>
      `The output of "tailscale status --json" is not the JSON Tailspark expects (${c.message ?? 'unknown reason'}). A very old or very new Tailscale release may be installed.`,
    fixes: () => [{ label: 'Open Log', action: { kind: 'command', command: COMMANDS.showLog } }],
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
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: COMMANDS.refresh } }],
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
        : [{ label: 'Retry', action: { kind: 'command', command: COMMANDS.refresh } }];
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
      { label: 'Retry', action: { kind: 'command', command: COMMANDS.refresh } },
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
} satisfies Record<string, CatalogueEntry>;
