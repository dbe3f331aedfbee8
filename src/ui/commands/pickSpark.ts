// "Pick the Spark": the peers of this machine's tailnet (from the local `tailscale status --json`)
// in a quick pick with OS, online state and tags; the choice goes into tailspark.spark.host.
// On first run (no tailspark.ssh.target yet) it also asks for the SSH user on the Spark, so the
// remote commands work without a trip to the settings, and offers to test the connection.
import { userInfo } from 'node:os';
import * as vscode from 'vscode';
import { settingsSchema } from '../../core/settings';
import { userNameSchema } from '../../core/ssh';
import { retargetSshTarget } from '../../core/ssh/target';
import { relativeTime } from '../../core/state/render';
import { discoverSpark } from '../../core/tailnet/discover';
import type { PeerInfo } from '../../core/tailnet/peers';
import { showFinding } from '../showFinding';
import type { Tailspark } from '../tailspark';
import { COMMANDS } from '../../core/commands';

interface PeerItem extends vscode.QuickPickItem {
  peer: PeerInfo;
}

export function registerPickSpark(ts: Tailspark): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.pickSpark, () => pickSpark(ts));
}

async function pickSpark(ts: Tailspark): Promise<void> {
  // With tailspark.servers, spark.host is not used: picking a Spark adds an entry to the list.
  if (ts.settings.all.servers.length > 0) {
    await vscode.commands.executeCommand(COMMANDS.addServer);
    return;
  }
  const s = ts.settings.settings;
  const d = await discoverSpark({ ...(s['tailscale.path'] ? { cliPath: s['tailscale.path'] } : {}), timeoutMs: s['probe.timeoutMs'] });
  if (d.tailnet?.backendState !== 'Running') {
    const f = d.findings[0];
    if (f) await showFinding(f, ts.log);
    return;
  }
  const peers = [...d.tailnet.peers].sort(rank);
  if (peers.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Your tailnet has no other machines yet. Install Tailscale on the Spark and log in there first.'));
    return;
  }
  const current = s['spark.host'];
  const items: PeerItem[] = peers.map((p) => ({
    peer: p,
    label: `$(${p.online ? 'vm-active' : 'vm-outline'}) ${p.hostName}`,
    description: [p.dnsName, p.os].filter(Boolean).join(' · '),
    detail: [
      p.online ? vscode.l10n.t('online') : vscode.l10n.t('offline'),
      p.tags.length > 0 ? p.tags.join(', ') : undefined,
      p.tailscaleIps[0],
      current && (current === p.dnsName || current === p.hostName) ? vscode.l10n.t('current') : undefined,
    ]
      .filter(Boolean)
      .join(' · '),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Pick the Spark'),
    placeHolder: vscode.l10n.t('The machine that runs your inference server (machines tagged tag:spark first)'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return;
  const value = picked.peer.dnsName || picked.peer.hostName;
  ts.spark.rememberPeer(picked.peer);
  // Asked before the host is written: the host change starts a check that may use SSH, and it
  // should use the answer (and not pop up its own prompts while this box is open).
  // Another Spark: an SSH target that named the old one moves along (same user and port), or
  // Start/Stop would keep acting on the old machine.
  const oldPeer = ts.monitor.getState().tailnet?.peer;
  const moved = current && current !== value ? retargetSshTarget(s['ssh.target'], [current, oldPeer?.dnsName ?? '', oldPeer?.hostName ?? ''], value) : undefined;
  const target = s['ssh.target'] === '' ? await askSshTarget(ts, value) : moved;
  if (target) {
    await ts.settings.update('ssh.target', target);
    ts.log.info(`SSH target set: ${target}${moved ? ` (was ${s['ssh.target']})` : ''}`);
  }
  await ts.settings.update('spark.host', value);
  ts.log.info(`Spark picked: ${value} (${picked.peer.os}, ${picked.peer.online ? 'online' : 'offline'})`);
  if (!picked.peer.online) {
    // Say it now: nothing about the new Spark can be checked, and the editor keeps its current URL.
    const seen = picked.peer.lastSeen ? relativeTime(Date.parse(picked.peer.lastSeen), Date.now(), vscode.l10n.t) : undefined;
    void vscode.window.showWarningMessage(
      seen
        ? vscode.l10n.t('{0} is offline (last seen {1}). Tailspark checks it as soon as it is back; the editor keeps its current base URL until then.', value, seen)
        : vscode.l10n.t('{0} is offline. Tailspark checks it as soon as it is back; the editor keeps its current base URL until then.', value),
    );
  } else if (moved) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The SSH target moved to the new Spark: {0}.', moved));
  }
  if (target && !moved) offerSshTest(target);
  // The settings change triggers a refresh; asking again here makes the wait visible.
  await ts.monitor.refresh({ force: true, reason: 'Spark picked' });
}

/**
 * First run: which user to log in as on the Spark. Prefilled with the user SSH would pick anyway
 * (your SSH config's `User` for that host, else this machine's user name: the usual case is the
 * same account on both). Escape → undefined: the host choice stays, the target stays empty.
 */
async function askSshTarget(ts: Tailspark, host: string): Promise<string | undefined> {
  const user = await vscode.window.showInputBox({
    title: vscode.l10n.t('SSH user on the Spark'),
    prompt: vscode.l10n.t('Service and serve commands log in to {0} as this user (saved as tailspark.ssh.target).', host),
    value: prefillUser(ts, host),
    ignoreFocusOut: true,
    validateInput: (v) => sshUserProblem(v.trim(), host),
  });
  if (user === undefined || sshUserProblem(user.trim(), host) !== undefined) return undefined;
  return `${user.trim()}@${host}`;
}

function offerSshTest(target: string): void {
  const test = vscode.l10n.t('Test SSH Connection');
  // Not awaited: the notification stays until dismissed, the pick itself is done.
  void vscode.window.showInformationMessage(vscode.l10n.t('Tailspark will connect as {0}.', target), test).then((choice) => {
    if (choice === test) void vscode.commands.executeCommand(COMMANDS.testSsh);
  });
}

/** Why a typed user name cannot be used (the SSH layer's rule, then the setting's), or undefined. */
function sshUserProblem(user: string, host: string): string | undefined {
  if (!userNameSchema.safeParse(user).success) return vscode.l10n.t('Not a valid Linux user name: letters, digits, _ . - and starting with a letter or _.');
  if (!settingsSchema['ssh.target'].safeParse(`${user}@${host}`).success) return vscode.l10n.t('{0} cannot be used in an SSH target.', user);
  return undefined;
}

function prefillUser(ts: Tailspark, host: string): string {
  try {
    return ts.spark.defaultUserFor(host);
  } catch {
    try {
      return userInfo().username; // unreadable SSH config: OpenSSH's own fallback
    } catch {
      return ''; // no passwd entry (some containers): the user types it
    }
  }
}

/** tag:spark first, then online before offline, then by name. */
function rank(a: PeerInfo, b: PeerInfo): number {
  const tag = (p: PeerInfo) => (p.tags.includes('tag:spark') ? 0 : 1);
  return tag(a) - tag(b) || Number(b.online) - Number(a.online) || a.hostName.localeCompare(b.hostName);
}
