// Tailnet peers as Tailspark needs them, and the choice of "the Spark" among them.
import { type Finding, makeFinding } from '../findings';
import { hostKind } from './address';
import type { PeerStatus } from './statusSchema';

/** Go's zero time: tailscaled's "never/unknown" for LastSeen and friends. */
const ZERO_TIME = /^0001-01-01/;

export type PeerConnection =
  /** A direct UDP path (CurAddr set). */
  | 'direct'
  /** Traffic flows through a DERP relay server. */
  | 'relayed'
  /** Through a peer relay (Tailscale ≥ 1.86). */
  | 'peerRelay'
  /** No recent traffic: the path is decided on the next packet. */
  | 'idle';

export interface PeerInfo {
  id: string;
  hostName: string;
  /** MagicDNS name without the trailing dot, e.g. "spark-56d0.tail1234.ts.net" ('' when MagicDNS is off). */
  dnsName: string;
  os: string;
  tailscaleIps: string[];
  tags: string[];
  online: boolean;
  /** ISO time the peer was last seen; only when offline and known. */
  lastSeen?: string;
  connection: PeerConnection;
  /** Home DERP region code ("fra"); set even when direct. */
  relayRegion?: string;
  /** Direct "ip:port" when connection is direct. */
  directAddress?: string;
  /** Lines "<type> <base64>" — the peer's SSH host keys as the tailnet knows them. */
  sshHostKeys: string[];
  keyExpired: boolean;
}

export function toPeerInfo(p: PeerStatus): PeerInfo {
  const connection: PeerConnection =
    p.CurAddr !== '' ? 'direct' : p.PeerRelay !== '' ? 'peerRelay' : p.Active ? 'relayed' : 'idle';
  return {
    id: p.ID,
    hostName: p.HostName,
    dnsName: p.DNSName.replace(/\.$/, ''),
    os: p.OS,
    tailscaleIps: p.TailscaleIPs,
    tags: p.Tags,
    online: p.Online,
    ...(!p.Online && p.LastSeen && !ZERO_TIME.test(p.LastSeen) ? { lastSeen: p.LastSeen } : {}),
    connection,
    ...(p.Relay ? { relayRegion: p.Relay } : {}),
    ...(p.CurAddr ? { directAddress: p.CurAddr } : {}),
    sshHostKeys: p.sshHostKeys,
    keyExpired: p.Expired,
  };
}

/** The name to show and to connect to: MagicDNS name when there is one, else the first IP. */
export function peerAddress(peer: PeerInfo): string {
  return peer.dnsName || peer.tailscaleIps[0] || peer.hostName;
}

function describe(peer: PeerInfo): string {
  return `${peer.dnsName || peer.hostName} (${peer.tailscaleIps[0] ?? 'no IP'}${peer.tags.length ? `, ${peer.tags.join(' ')}` : ''})`;
}

/** Turns "https://spark-56d0.tail1234.ts.net/v1" or "spark-56d0.tail1234.ts.net." into a bare host. */
export function normalizeSelector(selector: string): string {
  let s = selector.trim();
  if (/^[a-z]+:\/\//i.test(s)) {
    try {
      s = new URL(s).hostname;
    } catch {
      // not a URL after all: match it as written
    }
  }
  return s.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

function matchesSelector(peer: PeerInfo, selector: string): boolean {
  if (selector.startsWith('tag:')) return peer.tags.some((t) => t.toLowerCase() === selector);
  const dns = peer.dnsName.toLowerCase();
  return (
    peer.hostName.toLowerCase() === selector ||
    dns === selector ||
    (dns !== '' && dns.split('.')[0] === selector) ||
    peer.tailscaleIps.some((ip) => ip.toLowerCase() === selector)
  );
}

export interface PeerChoice {
  peer?: PeerInfo;
  findings: Finding[];
}

/**
 * Picks the Spark. With a selector (host name, MagicDNS name, Tailscale IP or `tag:xyz`) the
 * peer that matches; without one, the single peer tagged `tag:spark`, else the single peer whose
 * host name starts with "spark". Several matches are never guessed between: the finding lists them.
 */
export function choosePeer(peers: PeerInfo[], selector?: string): PeerChoice {
  const findings: Finding[] = [];
  const list = (ps: PeerInfo[]) => ps.map(describe).join(', ');

  if (selector && selector.trim() !== '') {
    const wanted = normalizeSelector(selector);
    if (hostKind(wanted) === 'lanIp') {
      // A LAN address: warn, and still find the peer when that address is its direct path.
      const viaLan = peers.filter((p) => p.directAddress?.replace(/:\d+$/, '').replace(/^\[|\]$/g, '') === wanted);
      findings.push(makeFinding('tailnet.lanAddress', { host: wanted, where: wanted, suggestion: viaLan[0]?.dnsName }));
      if (viaLan.length === 1) return { peer: viaLan[0], findings };
    }
    const matches = peers.filter((p) => matchesSelector(p, wanted));
    if (matches.length === 1) return { peer: matches[0], findings };
    if (matches.length > 1) {
      findings.push(makeFinding('tailnet.peerAmbiguous', { selector: wanted, candidates: list(matches) }));
      return { findings };
    }
    findings.push(makeFinding('tailnet.peerNotFound', { selector: wanted, peers: list(peers) }));
    return { findings };
  }

  const tagged = peers.filter((p) => p.tags.includes('tag:spark'));
  const candidates = tagged.length > 0 ? tagged : peers.filter((p) => p.hostName.toLowerCase().startsWith('spark'));
  if (candidates.length === 1) return { peer: candidates[0], findings };
  if (candidates.length > 1) {
    findings.push(makeFinding('tailnet.peerAmbiguous', { candidates: list(candidates) }));
    return { findings };
  }
  findings.push(makeFinding('tailnet.noSparkPeer', { peerCount: peers.length }));
  return { findings };
}

/** Findings about the chosen peer's health: offline, expired key, relayed path. */
export function peerFindings(peer: PeerInfo): Finding[] {
  const host = peer.dnsName || peer.hostName;
  const out: Finding[] = [];
  if (!peer.online) out.push(makeFinding('tailnet.peerOffline', { host, where: host, lastSeen: peer.lastSeen }));
  if (peer.keyExpired) out.push(makeFinding('tailnet.peerKeyExpired', { host, where: host }));
  if (peer.online && peer.connection === 'relayed') out.push(makeFinding('tailnet.peerRelayed', { host, where: host, relay: peer.relayRegion }));
  return out;
}
