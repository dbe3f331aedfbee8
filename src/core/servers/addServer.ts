// "Add Inference Server", the editor-free part: which local ports a Spark serves (from its
// `tailscale serve status --json` routes), a valid unique name for a new entry, and the new
// `tailspark.servers` value — which keeps the server configured by spark.host (the shorthand)
// as the first entry, so adding a second server never loses the first.
import type { Settings } from '../settings/schema';
import { serverNameSchema } from '../settings/schema';
import { baseUrlFor, type ServeRoute } from '../tailnet/serveUrl';
import { type ServerEntry, serverList } from './serverList';

export interface ServedPort {
  /** The local port `tailscale serve` proxies to (what an entry's `port` names). */
  port: number;
  /** The HTTPS base URL it is served at. */
  baseUrl: string;
  exposure: ServeRoute['exposure'];
}

/** HTTPS routes that proxy to a port on the Spark's loopback, one per local port (first route wins). */
export function servedLocalPorts(routes: readonly ServeRoute[]): ServedPort[] {
  const out = new Map<number, ServedPort>();
  for (const r of routes) {
    if (r.scheme !== 'https') continue;
    const port = loopbackPort(r.target);
    if (port === undefined || out.has(port)) continue;
    out.set(port, { port, baseUrl: baseUrlFor(r), exposure: r.exposure });
  }
  return [...out.values()].sort((a, b) => a.port - b.port);
}

function loopbackPort(target: string): number | undefined {
  const t = target.trim();
  if (/^\d{1,5}$/.test(t)) return Number(t);
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `http://${t}`);
  } catch {
    return undefined;
  }
  // The proxy schemes `tailscale serve` accepts: http, https and https+insecure (self-signed backend).
  if (!['http:', 'https:', 'https+insecure:'].includes(u.protocol)) return undefined;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) return undefined;
  // A non-special scheme (https+insecure) keeps an explicit default port; http/https drop it.
  const port = u.port === '' ? (u.protocol === 'http:' ? 80 : 443) : Number(u.port);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** A valid name for a new entry, not used yet (ignoring case): "spark-b", "spark-b 8000", "spark-b 8000 2". */
export function uniqueServerName(wanted: string, taken: readonly string[]): string {
  let base = wanted
    .replace(/[^A-Za-z0-9 ._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 60)
    .trim();
  if (!serverNameSchema.safeParse(base).success) base = 'server';
  const used = new Set(taken.map((n) => n.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const name = `${base} ${i}`;
    if (!used.has(name.toLowerCase())) return name;
  }
}

/** The stored form of an entry (tailspark.servers items). */
export type ServerSetting = Settings['servers'][number];

/**
 * `tailspark.servers` after adding `entry`. With no list yet, the server given by spark.host
 * becomes the first entry, with ssh.target as its own SSH target (an ssh_config alias keeps
 * working for it). `exists`: the same host and port are configured already (under that name).
 */
export function withServerAdded(settings: Settings, entry: ServerSetting): { servers: ServerSetting[] } | { exists: string } {
  const current: ServerSetting[] =
    settings.servers.length > 0
      ? [...settings.servers]
      : settings['spark.host']
        ? serverList(settings).map((e) => ({ ...e, name: uniqueServerName(e.name, []) }))
        : [];
  const same = current.find((e) => sameServer(e, entry));
  if (same) return { exists: same.name };
  const name = uniqueServerName(entry.name, current.map((e) => e.name));
  return { servers: [...current, { ...entry, name }] };
}

function sameServer(a: Pick<ServerEntry, 'host' | 'port'>, b: Pick<ServerEntry, 'host' | 'port'>): boolean {
  return a.host.toLowerCase().replace(/\.$/, '') === b.host.toLowerCase().replace(/\.$/, '') && a.port === b.port;
}
