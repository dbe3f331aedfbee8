// SSH to the Spark (src/core/ssh).
// Each entry: code → severity, title, detail, fixes (src/core/findings/index.ts has makeFinding).
import { copyCommand, operand } from './helpers';
import type { CatalogueEntry } from './types';
import { COMMANDS } from '../commands';

export const sshFindings = {
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
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: COMMANDS.refresh } }],
  },
  'ssh.connectTimeout': {
    severity: 'error',
    title: (c) => `SSH to ${c.host ?? 'the Spark'} timed out`,
    detail: (c) =>
      `No SSH handshake with ${c.host ?? 'the host'} within ${c.seconds ?? '?'} s. The machine may be offline or asleep, or a firewall drops the packets. ConnectTimeout in ~/.ssh/config sets this limit.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: COMMANDS.refresh } }],
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
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: COMMANDS.refresh } }],
  },
  'ssh.commandTimeout': {
    severity: 'error',
    title: (c) => `Remote command timed out after ${c.seconds ?? '?'} s`,
    detail: (c) => `${c.command ?? 'The command'} on ${c.host ?? 'the Spark'} did not finish in time; Tailspark stopped it and closed its channel.`,
    fixes: () => [{ label: 'Open Log', action: { kind: 'command', command: COMMANDS.showLog } }],
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
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: COMMANDS.refresh } }],
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
