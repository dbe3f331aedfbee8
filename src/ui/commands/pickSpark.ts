// "Pick the Spark": the peers of this machine's tailnet (from the local `tailscale status --json`)
// in a quick pick with OS, online state and tags; the choice goes into tailspark.spark.host.
import * as vscode from 'vscode';
import { discoverSpark } from '../../core/tailnet/discover';
import type { PeerInfo } from '../../core/tailnet/peers';
import { showFinding } from '../showFinding';
import type { Tailspark } from '../tailspark';

interface PeerItem extends vscode.QuickPickItem {
  peer: PeerInfo;
}

export function registerPickSpark(ts: Tailspark): vscode.Disposable {
  return vscode.commands.registerCommand('tailspark.pickSpark', () => pickSpark(ts));
}

async function pickSpark(ts: Tailspark): Promise<void> {
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
  await ts.settings.update('spark.host', value);
  ts.log.info(`Spark picked: ${value} (${picked.peer.os}, ${picked.peer.online ? 'online' : 'offline'})`);
  // The settings change triggers a refresh; asking again here makes the wait visible.
  await ts.monitor.refresh({ force: true, reason: 'Spark picked' });
}

/** tag:spark first, then online before offline, then by name. */
function rank(a: PeerInfo, b: PeerInfo): number {
  const tag = (p: PeerInfo) => (p.tags.includes('tag:spark') ? 0 : 1);
  return tag(a) - tag(b) || Number(b.online) - Number(a.online) || a.hostName.localeCompare(b.hostName);
}
