// Small pure helpers about base URLs: the server root behind an OpenAI base URL, and whether a
// host can only be reached from inside a tailnet.
import { isIPv4 } from 'node:net';

/** https://host/v1 → https://host ; https://host/prefix/v1/ → https://host/prefix. */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v\d+$/, '');
}

/** 100.64.0.0/10: Tailscale's (CGNAT) address range. */
export function isTailnetIPv4(host: string): boolean {
  if (!isIPv4(host)) return false;
  const [a, b] = host.split('.').map(Number);
  return a === 100 && b >= 64 && b <= 127;
}

/** Addresses nobody outside this machine/LAN can call (loopback, RFC 1918, link-local, ULA). */
export function isPrivateHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1') return true;
  if (h.startsWith('fd7a:115c:a1e0:')) return true; // Tailscale's IPv6 range
  if (/^f[cd][0-9a-f]{2}:/.test(h) || h.startsWith('fe80:')) return true;
  if (!isIPv4(h)) return false;
  const [a, b] = h.split('.').map(Number);
  return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}

/** Why a URL is reachable only from the tailnet, or undefined when nothing says so. */
export function tailnetOnlyReason(url: string, exposure: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  if (exposure === 'tailnet') return 'it is served with "tailscale serve", which is tailnet-only';
  if (exposure === 'funnel') return undefined;
  // Funnel URLs are *.ts.net too, but without knowing the exposure we must not promise they work.
  if (host.endsWith('.ts.net')) return `${host} is a tailnet (MagicDNS) name, reachable only inside the tailnet unless it is exposed with Funnel`;
  if (isTailnetIPv4(host)) return `${host} is a tailnet address (100.64.0.0/10)`;
  if (isPrivateHost(host)) return `${host} is a private address`;
  return undefined;
}
