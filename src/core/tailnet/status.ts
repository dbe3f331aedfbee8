// `tailscale status --json` text → what Tailspark needs to know about this machine's tailnet.
import { type Finding, makeFinding } from '../findings';
import { type PeerInfo, toPeerInfo } from './peers';
import { type TailscaleStatus, tailscaleStatusSchema } from './statusSchema';

export type BackendState = 'NoState' | 'InUseOtherUser' | 'NeedsLogin' | 'NeedsMachineAuth' | 'Stopped' | 'Starting' | 'Running';

export interface TailnetSummary {
  /** As reported; an unknown future state is passed through as a string. */
  backendState: BackendState | string;
  version: string;
  /** Tailnet name (e.g. "example.com"), null when not logged in. */
  tailnetName: string | null;
  /** MagicDNS suffix without dots around it, e.g. "tail1234.ts.net"; null when unknown. */
  magicDnsSuffix: string | null;
  magicDnsEnabled: boolean;
  self?: PeerInfo;
  peers: PeerInfo[];
  /** Backend-state and health findings (not about a particular peer). */
  findings: Finding[];
}

export type StatusParse = { ok: true; status: TailscaleStatus } | { ok: false; finding: Finding };

/** Parses the CLI's JSON text (no trailing newline, unknown fields, nulls) into a validated status. */
export function parseTailscaleStatus(text: string): StatusParse {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, finding: makeFinding('tailscale.statusUnreadable', { message: `not JSON: ${(e as Error).message}` }, text.slice(0, 300)) };
  }
  const parsed = tailscaleStatusSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return {
      ok: false,
      finding: makeFinding('tailscale.statusUnreadable', { message: `${first?.path.join('.') || '(top)'}: ${first?.message ?? 'invalid'}` }),
    };
  }
  return { ok: true, status: parsed.data };
}

function backendStateFindings(status: TailscaleStatus): Finding[] {
  switch (status.BackendState) {
    case 'Running':
      return [];
    case 'NeedsLogin':
      return [makeFinding('tailscale.needsLogin', { authUrl: status.AuthURL || undefined, side: 'local' })];
    case 'NeedsMachineAuth':
      return [makeFinding('tailscale.needsMachineAuth')];
    case 'Stopped':
      return [makeFinding('tailscale.stopped', { side: 'local' })];
    case 'Starting':
      return [makeFinding('tailscale.starting')];
    case 'InUseOtherUser':
      return [makeFinding('tailscale.inUseOtherUser')];
    default:
      // NoState and any state a future release adds.
      return [makeFinding('tailscale.noState', {}, `BackendState: ${status.BackendState || '(empty)'}`)];
  }
}

export function summarizeTailnet(status: TailscaleStatus): TailnetSummary {
  const suffix = (status.CurrentTailnet?.MagicDNSSuffix || status.MagicDNSSuffix || '').replace(/^\.|\.$/g, '');
  return {
    backendState: status.BackendState,
    version: status.Version,
    tailnetName: status.CurrentTailnet?.Name || null,
    magicDnsSuffix: suffix || null,
    magicDnsEnabled: status.CurrentTailnet?.MagicDNSEnabled ?? suffix !== '',
    ...(status.Self ? { self: toPeerInfo(status.Self) } : {}),
    // Map keys are node keys; sort by name so output is stable across runs.
    // Sharee nodes are hidden like `tailscale status` does: not ours to connect to, and a
    // shared-to user's "spark-…" would make the choice of the Spark ambiguous.
    peers: Object.values(status.Peer)
      .filter((p) => !p.ShareeNode)
      .map(toPeerInfo)
      .sort((a, b) => (a.dnsName || a.hostName).localeCompare(b.dnsName || b.hostName)),
    findings: [
      ...backendStateFindings(status),
      ...status.Health.map((message) => makeFinding('tailscale.health', { message }, message)),
    ],
  };
}
