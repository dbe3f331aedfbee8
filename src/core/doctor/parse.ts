// Parsers for the plain-text answers the doctor reads (tailscale-cli.md §4): ping, whois, version,
// snap services. Pure functions over the exact reference texts.
import { GO_DURATION, parseGoDurationMs } from './goDuration';

export interface PingResult {
  /** "direct" (ip:port), "derp" (region) or "peerRelay". */
  path: 'direct' | 'derp' | 'peerRelay';
  via: string;
  latencyMs: number;
  name: string;
  ip: string;
}

// tailscale prints `pong from %s (%s%s) via %v in %v` with the latency as a Go time.Duration
// rounded to the millisecond ("0s", "12ms", "1.234s"), and ", <peerapi port>" after the IP.
const PONG = new RegExp(`^pong from (\\S+) \\(([^),]+)(?:, \\d+)?\\) via (\\S+) in (${GO_DURATION.source})\\s*$`, 'mu');

/** `pong from spark-56d0 (100.101.102.103) via DERP(fra) in 23ms` → the path and latency. */
export function parsePing(text: string): PingResult | undefined {
  const m = PONG.exec(text);
  if (!m) return undefined;
  const latencyMs = parseGoDurationMs(m[4]!);
  if (latencyMs === undefined) return undefined;
  const via = m[3]!;
  const derp = /^DERP\(([^)]+)\)$/.exec(via);
  const path = derp ? 'derp' : /^peer-relay\(/.test(via) ? 'peerRelay' : 'direct';
  return { path, via: derp ? derp[1]! : via, latencyMs, name: m[1]!, ip: m[2]! };
}

export interface WhoisResult {
  machine: string;
  id?: string;
  tags: string[];
  user?: string;
}

/** `tailscale whois IP`: the Machine block, and Tags or the User block. */
export function parseWhois(text: string): WhoisResult | undefined {
  const machine = /^Machine:\s*\n\s+Name:\s+(\S+)/m.exec(text)?.[1];
  if (!machine) return undefined;
  const id = /^\s+ID:\s+(\S+)/m.exec(text)?.[1];
  const tags = /^\s+Tags:\s+(.+)$/m.exec(text)?.[1]?.split(/[,\s]+/).filter(Boolean) ?? [];
  const user = /^User:\s*\n\s+Name:\s+(\S+)/m.exec(text)?.[1];
  return { machine, ...(id ? { id } : {}), tags, ...(user ? { user } : {}) };
}

/** `tailscale version`: the first line is the short version. */
export function parseVersion(text: string): string | undefined {
  const first = text.split(/\r?\n/)[0]?.trim();
  return first && /^\d+\.\d+/.test(first) ? first : undefined;
}

/** `snap services tailscale`: "tailscale.tailscaled  enabled  active  -" → its Current column. */
export function parseSnapServices(text: string): { service: string; startup: string; current: string }[] {
  return text
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((cols) => cols.length >= 3 && cols[0]!.startsWith('tailscale'))
    .map((cols) => ({ service: cols[0]!, startup: cols[1]!, current: cols[2]! }));
}
