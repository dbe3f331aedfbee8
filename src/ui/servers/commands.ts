// Choose Inference Server (a quick pick of the configured servers with their health; the
// tooltip's links pass a name and switch at once) and Add Inference Server (the tailnet's peers,
// then — over SSH — the ports that peer's `tailscale serve` config proxies to; the choice becomes
// a new entry of tailspark.servers). Switching only writes tailspark.activeServer: the Monitor,
// the remote commands and the target writers follow the active server through the settings.
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commands';
import { servedLocalPorts, uniqueServerName, withServerAdded } from '../../core/servers/addServer';
import type { ServerFleet } from '../../core/servers/fleet';
import { serverList, settingsForServer, inheritedSshTarget } from '../../core/servers/serverList';
import { readServe } from '../../core/remote/serve';
import { phaseLabel } from '../../core/state/render';
import { discoverSpark } from '../../core/tailnet/discover';
import type { PeerInfo } from '../../core/tailnet/peers';
import { showFinding } from '../showFinding';
import { SparkConnection } from '../sparkConnection';
import { vscodePrompter } from '../sshPrompter';
import { secretStore } from '../sshSecrets';
import type { Tailspark } from '../tailspark';

interface ServerItem extends vscode.QuickPickItem {
  name?: string;
  add?: boolean;
}

/** Switches to the named server (settings write; everything else follows). false: no such server. */
export async function switchServer(ts: Tailspark, name: string): Promise<boolean> {
  const entry = serverList(ts.settings.all).find((e) => e.name === name);
  if (!entry || ts.settings.all.servers.length === 0) return false;
  if (entry.name === ts.settings.all.activeServer) return true;
  ts.log.info(`active server: ${entry.name} (${entry.host}:${entry.port})`);
  await ts.settings.update('activeServer', entry.name);
  return true;
}

export function registerServerCommands(ts: Tailspark, fleet: ServerFleet, onManualSwitch: () => void): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.chooseServer, async (name?: unknown) => {
      if (typeof name === 'string') {
        onManualSwitch();
        if (!(await switchServer(ts, name))) void vscode.window.showWarningMessage(vscode.l10n.t('No inference server is named {0}.', name));
        return;
      }
      await chooseServer(ts, fleet, onManualSwitch);
    }),
    vscode.commands.registerCommand(COMMANDS.addServer, () => addServer(ts)),
  ];
}

async function chooseServer(ts: Tailspark, fleet: ServerFleet, onManualSwitch: () => void): Promise<void> {
  const items: ServerItem[] = fleet.states().map(({ entry, state, active }) => ({
    name: entry.name,
    label: `${active ? '$(pass-filled)' : '$(circle-large-outline)'} ${entry.name}`,
    description: `${entry.host || '—'}:${entry.port}`,
    detail: [phaseLabel(state, vscode.l10n.t), state.server?.models[0]?.id, active ? vscode.l10n.t('active') : undefined].filter(Boolean).join(' · '),
  }));
  items.push({ label: `$(add) ${vscode.l10n.t('Add Inference Server…')}`, add: true });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Choose Inference Server'),
    placeHolder: vscode.l10n.t('The editor and the remote commands use the active server'),
    matchOnDescription: true,
  });
  if (!picked) return;
  if (picked.add) {
    await addServer(ts);
    return;
  }
  if (picked.name === undefined || fleet.active?.name === picked.name) return;
  onManualSwitch();
  await switchServer(ts, picked.name);
}

interface PeerItem extends vscode.QuickPickItem {
  peer: PeerInfo;
}
interface PortItem extends vscode.QuickPickItem {
  port: number;
}

async function addServer(ts: Tailspark): Promise<void> {
  const s = ts.settings.all;
  const d = await discoverSpark({ ...(s['tailscale.path'] ? { cliPath: s['tailscale.path'] } : {}), timeoutMs: s['probe.timeoutMs'] });
  if (d.tailnet?.backendState !== 'Running') {
    const f = d.findings[0];
    if (f) await showFinding(f, ts.log);
    return;
  }
  const peers = [...d.tailnet.peers].sort((a, b) => Number(b.online) - Number(a.online) || a.hostName.localeCompare(b.hostName));
  if (peers.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Your tailnet has no other machines yet. Install Tailscale on the Spark and log in there first.'));
    return;
  }
  const peerPick = await vscode.window.showQuickPick<PeerItem>(
    peers.map((p) => ({
      peer: p,
      label: `$(${p.online ? 'vm-active' : 'vm-outline'}) ${p.hostName}`,
      description: [p.dnsName, p.os].filter(Boolean).join(' · '),
      detail: [p.online ? vscode.l10n.t('online') : vscode.l10n.t('offline'), p.tags.join(', ') || undefined].filter(Boolean).join(' · '),
    })),
    { title: vscode.l10n.t('Add Inference Server'), placeHolder: vscode.l10n.t('The machine that runs the inference server'), matchOnDescription: true },
  );
  if (!peerPick) return;
  const peer = peerPick.peer;
  const host = peer.dnsName || peer.hostName;
  const port = await pickPort(ts, peer, host);
  if (port === undefined) return;
  const result = withServerAdded(s, { name: uniqueServerName(port === 30001 ? peer.hostName : `${peer.hostName} ${port}`, []), host, port, unit: '', sshTarget: '' });
  if ('exists' in result) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0}:{1} is configured already as {2}.', host, port, result.exists));
    return;
  }
  const added = result.servers[result.servers.length - 1];
  await ts.settings.update('servers', result.servers);
  ts.log.info(`inference server added: ${added?.name} (${host}:${port})`);
  const use = vscode.l10n.t('Switch to It');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Inference server {0} added ({1}:{2}).', added?.name ?? host, host, port), use);
  if (choice === use && added) await switchServer(ts, added.name);
}

/**
 * The ports the peer's serve config proxies to, read over SSH (the user's own action, so SSH may
 * ask for a passphrase or a host key). Cannot read it: the user types the port.
 */
async function pickPort(ts: Tailspark, peer: PeerInfo, host: string): Promise<number | undefined> {
  const all = ts.settings.all;
  const entry = { name: host, host, port: 30001, unit: '', sshTarget: inheritedSshTarget(all['ssh.target'], host) };
  const connection = new SparkConnection(
    () => settingsForServer(all, entry),
    ts.log,
    vscodePrompter,
    secretStore(ts.extension.secrets, () => all['ssh.rememberSecrets']),
  );
  connection.rememberPeer(peer);
  let ports: ReturnType<typeof servedLocalPorts> = [];
  try {
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading the serve config on {0}…', host) }, async () =>
      readServe(connection.context(AbortSignal.timeout(60_000)), { port: 30001, host }),
    );
    if (r.ok) ports = servedLocalPorts(r.value.routes);
    else ts.log.warn(`add server: could not read the serve config on ${host}: ${r.message}`);
  } catch (err) {
    ts.log.warn(`add server: could not read the serve config on ${host}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    connection.dispose();
  }
  const other = vscode.l10n.t('Another port…');
  const items: PortItem[] = ports.map((p) => ({ port: p.port, label: String(p.port), description: p.baseUrl, detail: p.exposure === 'funnel' ? vscode.l10n.t('public (Funnel)') : vscode.l10n.t('tailnet only') }));
  if (items.length > 0) {
    const picked = await vscode.window.showQuickPick<PortItem>([...items, { port: 0, label: other }], {
      title: vscode.l10n.t('Ports served on {0}', host),
      placeHolder: vscode.l10n.t('The local port of the inference server that tailscale serve proxies to'),
    });
    if (!picked) return undefined;
    if (picked.port !== 0) return picked.port;
  }
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Inference port on {0}', host),
    prompt: items.length === 0 ? vscode.l10n.t('Tailspark could not read which ports are served there. The local port of the inference server:') : vscode.l10n.t('The local port of the inference server:'),
    value: '30001',
    validateInput: (v) => (/^\d{1,5}$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : vscode.l10n.t('A port from 1 to 65535.')),
  });
  return typed === undefined ? undefined : Number(typed.trim());
}
