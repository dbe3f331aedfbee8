// What kind of address a configured host is. A LAN address (192.168.x.y …) bypasses
// Tailscale: it works only at home, has no Serve certificate, and is the commonest mistake.
import { isIP } from 'node:net';

export type HostKind = 'tailnetIp' | 'lanIp' | 'loopback' | 'publicIp' | 'magicDnsName' | 'name';

function ipv4Octets(host: string): number[] | undefined {
  if (isIP(host) !== 4) return undefined;
  return host.split('.').map(Number);
}

export function hostKind(rawHost: string): HostKind {
  const host = rawHost.trim().replace(/^\[|\]$/g, '').toLowerCase();
  const v4 = ipv4Octets(host);
  if (v4) {
    const [a = 0, b = 0] = v4;
    if (a === 100 && b >= 64 && b <= 127) return 'tailnetIp'; // 100.64.0.0/10 (CGNAT range Tailscale uses)
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) return 'lanIp';
    if (a === 127) return 'loopback';
    return 'publicIp';
  }
  if (isIP(host) === 6) {
    if (host.startsWith('fd7a:115c:a1e0:')) return 'tailnetIp'; // Tailscale's ULA prefix fd7a:115c:a1e0::/48
    if (host === '::1') return 'loopback';
    if (/^fe[89ab]/.test(host) || /^f[cd]/.test(host)) return 'lanIp'; // link-local fe80::/10, ULA fc00::/7
    return 'publicIp';
  }
  if (/\.ts\.net\.?$/.test(host)) return 'magicDnsName';
  return 'name';
}

export function isLanAddress(host: string): boolean {
  return hostKind(host) === 'lanIp';
}
