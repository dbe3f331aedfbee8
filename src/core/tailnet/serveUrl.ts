
import type { Exposure } from '../domain';
import { type Finding, makeFinding } from '../findings';
import { type BaseServeConfig, type ServeConfig, serveConfigSchema } from './serveSchema';

export const DEFAULT_INFERENCE_PORT = 30001;

export type { Exposure };

/** One Web handler: `<scheme>://<host>:<port><mount>` → proxy target. */
export interface ServeRoute {
  scheme: 'https' | 'http';
  host: string;
  port: number;
  mount: string;
  /** What the handler does: the proxy target, or "path …"/"text …"/"redirect …". */
  target: string;
  exposure: Exposure;
  /** The Tailscale Service ("svc:llm") the route belongs to; absent for the node's own routes. */
  service?: string;
  /** A TCP forward instead of a Web handler: "tls" (`--tls-terminated-tcp`) or "raw" (`--tcp`). */
  tcpForward?: 'tls' | 'raw';
}

export interface ServeUrlResult {
  /** OpenAI base URL ending in /v1, or null when nothing serves the inference port. */
  baseUrl: string | null;
  exposure: Exposure | null;
  /** The route the base URL comes from. */
  route?: ServeRoute;
  /** Every route the config serves (for the doctor report). */
  routes: ServeRoute[];
  findings: Finding[];
}

export interface ServeUrlOptions {
  /** The Spark's MagicDNS name: only routes for this host (or `addresses`) can become the base URL. */
  host?: string;
  /** The Spark's Tailscale IPs, also accepted as a Serve host. */
  addresses?: readonly string[];
  /** The inference server's local port on the Spark (default 30001). */
  port?: number;
}

/**
 * Does a Serve proxy target point at the inference port on the Spark's loopback? tailscaled
 * stores Proxy as a full URL ("http://127.0.0.1:30001", ipn.ExpandProxyTargetValue); a TCP forward
 * is "127.0.0.1:30001". Older configs may hold the bare port.
 */
export function proxiesToPort(proxy: string, port: number): boolean {
  const p = proxy.trim();
  if (p === String(port)) return true;
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(p) ? p : `http://${p}`);
  } catch {
    return false;
  }
  if (!['http:', 'https:', 'https+insecure:'].includes(u.protocol)) return false;
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const loopback = host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  return loopback && u.port !== '' && Number(u.port) === port && (u.pathname === '/' || u.pathname === '');
}

export function baseUrlFor(route: Pick<ServeRoute, 'scheme' | 'host' | 'port' | 'mount'>): string {
  const defaultPort = route.scheme === 'https' ? 443 : 80;
  const port = route.port === defaultPort ? '' : `:${route.port}`;
  const mount = route.mount.replace(/\/+$/, '');
  return `${route.scheme}://${route.host}${port}${mount}/v1`;
}

function splitHostPort(key: string): { host: string; port: number } {
  const m = /^(.*):(\d+)$/.exec(key);
  return m ? { host: m[1]!.replace(/\.$/, ''), port: Number(m[2]) } : { host: key.replace(/\.$/, ''), port: 443 };
}

function handlerTarget(h: { Proxy?: string | null; Path?: string | null; Text?: string | null; Redirect?: string | null }): string {
  if (h.Proxy) return h.Proxy;
  if (h.Path) return `path ${h.Path}`;
  if (h.Redirect) return `redirect ${h.Redirect}`;
  if (h.Text !== undefined && h.Text !== null) return 'text';
  return '(empty)';
}

type PortMap = BaseServeConfig['TCP'];
type WebMap = BaseServeConfig['Web'];

function webRoutes(tcp: PortMap, web: WebMap, allowFunnel: BaseServeConfig['AllowFunnel'], service?: string): ServeRoute[] {
  const routes: ServeRoute[] = [];
  for (const [key, site] of Object.entries(web ?? {})) {
    const { host, port } = splitHostPort(key);
    // TCP[port].HTTP marks a plain-HTTP listener; anything else Serve offers on Web is HTTPS.
    const scheme = tcp?.[String(port)]?.HTTP && !tcp?.[String(port)]?.HTTPS ? 'http' : 'https';
    const exposure: Exposure = allowFunnel?.[key] ? 'funnel' : 'tailnet';
    for (const [mount, handler] of Object.entries(site?.Handlers ?? {})) {
      if (handler) routes.push({ scheme, host, port, mount, target: handlerTarget(handler), exposure, ...(service ? { service } : {}) });
    }
  }
  return routes;
}

/**
 * TCP forwards (ipn.TCPPortHandler.TCPForward). With TerminateTLS tailscaled ends TLS for that
 * name and passes plain bytes on, so the HTTP server behind it answers https://<name>:<port>.
 * A raw forward (`--tcp`) passes TLS-less traffic: http://<host>:<port>, only when the host is known.
 */
function tcpRoutes(tcp: PortMap, allowFunnel: BaseServeConfig['AllowFunnel'], host: string | undefined, service?: string): ServeRoute[] {
  const routes: ServeRoute[] = [];
  for (const [portText, h] of Object.entries(tcp ?? {})) {
    const port = Number(portText);
    if (!h?.TCPForward || !Number.isInteger(port)) continue;
    const tlsName = h.TerminateTLS?.replace(/\.$/, '');
    const extra = service ? { service } : {};
    if (tlsName) {
      const exposure: Exposure = allowFunnel?.[`${tlsName}:${port}`] ? 'funnel' : 'tailnet';
      routes.push({ scheme: 'https', host: tlsName, port, mount: '/', target: h.TCPForward, exposure, tcpForward: 'tls', ...extra });
    } else if (host) {
      routes.push({ scheme: 'http', host, port, mount: '/', target: h.TCPForward, exposure: 'tailnet', tcpForward: 'raw', ...extra });
    }
  }
  return routes;
}

/** Every route of one config: the node's Web handlers and TCP forwards, then each Service's. */
function routesOf(config: BaseServeConfig | null | undefined, host?: string): ServeRoute[] {
  if (!config) return [];
  const routes = [...webRoutes(config.TCP, config.Web, config.AllowFunnel), ...tcpRoutes(config.TCP, config.AllowFunnel, host)];
  for (const [name, svc] of Object.entries(config.Services ?? {})) {
    if (!svc || svc.Tun) continue; // L3 mode: the service IP is forwarded whole, no port to read
    // A raw TCP forward of a service answers on the service's own name, which only its Web keys tell.
    const svcHost = Object.keys(svc.Web ?? {}).map((k) => splitHostPort(k).host)[0];
    routes.push(...webRoutes(svc.TCP, svc.Web, config.AllowFunnel, name), ...tcpRoutes(svc.TCP, config.AllowFunnel, svcHost, name));
  }
  return routes;
}

function sameHost(a: string, b: string): boolean {
  const x = a.toLowerCase().replace(/\.$/, '');
  const y = b.toLowerCase().replace(/\.$/, '');
  return x === y || x.split('.')[0] === y || y.split('.')[0] === x;
}

/** A DNS name (labels of letters, digits, hyphens) — no userinfo, path or port can hide in it. */
const DNS_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
/** Where MagicDNS names live (current and legacy tailnet domains). */
const MAGICDNS_SUFFIX = /\.(?:ts\.net|beta\.tailscale\.net)$/i;

/**
 * May a Serve route's host receive the API key? Only the Spark's own MagicDNS name or one of
 * its Tailscale IPs. With only a short name known, a MagicDNS name starting with it; with
 * nothing known, any MagicDNS name. A key for another host in the serve config
 * ("evil.example.com:443", "spark….ts.net@evil.example.com:443") never qualifies.
 */
export function isSparkServeHost(host: string, options: ServeUrlOptions = {}): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if ((options.addresses ?? []).some((a) => a.toLowerCase() === h.replace(/^\[|\]$/g, ''))) return true;
  if (!DNS_NAME.test(h)) return false;
  const want = options.host?.toLowerCase().trim().replace(/\.$/, '');
  if (!want) return MAGICDNS_SUFFIX.test(h);
  if (want.includes('.')) return h === want;
  return MAGICDNS_SUFFIX.test(h) && h.split('.')[0] === want;
}

/** A MagicDNS name in the same tailnet as the Spark's full name (svc.tail1234.ts.net beside spark.tail1234.ts.net). */
function isSameTailnetName(host: string, spark: string | undefined): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const want = spark?.toLowerCase().trim().replace(/\.$/, '');
  if (!want?.includes('.') || !DNS_NAME.test(h) || !MAGICDNS_SUFFIX.test(h)) return false;
  const tailnet = want.slice(want.indexOf('.'));
  return h.endsWith(tailnet) && !h.slice(0, -tailnet.length).includes('.');
}

/** Chooses among the Spark's own routes: the wanted host first, then port 443, then the shortest mount. */
export function resultFromRoutes(routes: ServeRoute[], options: ServeUrlOptions = {}): ServeUrlResult {
  const port = options.port ?? DEFAULT_INFERENCE_PORT;
  // The node's own name first (a Service only serves where its host is approved), then port 443,
  // HTTPS before a raw TCP forward, tailnet before Funnel.
  const rank = (r: ServeRoute) =>
    (options.host && !sameHost(r.host, options.host) ? 100 : 0) +
    (r.service ? 50 : 0) +
    (r.port === 443 ? 0 : 10) +
    (r.scheme === 'https' ? 0 : 5) +
    (r.exposure === 'tailnet' ? 0 : 1);
  const forPort = routes.filter((r) => proxiesToPort(r.target, port));
  // A Tailscale Service has a name of its own, but only in the Spark's tailnet.
  const allowed = (r: ServeRoute) => isSparkServeHost(r.host, options) || (r.service !== undefined && isSameTailnetName(r.host, options.host));
  const matching = forPort.filter(allowed).sort((a, b) => rank(a) - rank(b) || a.mount.length - b.mount.length);
  const route = matching[0];
  if (!route && forPort.length > 0) {
    const hosts = [...new Set(forPort.map((r) => r.host))].join(', ');
    return {
      baseUrl: null,
      exposure: null,
      routes,
      findings: [makeFinding('serve.foreignHost', { port, hosts, host: options.host, where: options.host })],
    };
  }
  if (!route) {
    const served = routes.map((r) => `${baseUrlFor(r).replace(/\/v1$/, '')} → ${r.target}`).join('; ');
    return {
      baseUrl: null,
      exposure: null,
      routes,
      findings: [makeFinding('serve.nothingServed', { port, served: served || undefined, where: options.host })],
    };
  }
  const baseUrl = baseUrlFor(route);
  return {
    baseUrl,
    exposure: route.exposure,
    route,
    routes,
    findings: route.exposure === 'funnel' ? [makeFinding('serve.funnelOn', { url: baseUrl, where: baseUrl })] : [],
  };
}

/** `tailscale serve status --json` text (`{}`, `null` and '' mean nothing is served). */
export function parseServeStatusJson(text: string, options: ServeUrlOptions = {}): ServeUrlResult {
  const trimmed = text.trim();
  let raw: unknown = null;
  if (trimmed !== '') {
    try {
      raw = JSON.parse(trimmed);
    } catch (e) {
      return unreadable(`not JSON: ${(e as Error).message}`, trimmed);
    }
  }
  const parsed = serveConfigSchema.nullable().safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return unreadable(`${issue?.path.join('.') || '(top)'}: ${issue?.message ?? 'invalid'}`, trimmed);
  }
  const config: ServeConfig | null = parsed.data;
  const routes = [...routesOf(config, options.host), ...Object.values(config?.Foreground ?? {}).flatMap((fg) => routesOf(fg, options.host))];
  return resultFromRoutes(routes, options);
}

function unreadable(message: string, evidence: string): ServeUrlResult {
  return { baseUrl: null, exposure: null, routes: [], findings: [makeFinding('serve.statusUnreadable', { message }, evidence.slice(0, 300))] };
}

/**
 * Plain `tailscale serve status`:
 *   https://spark-56d0.tail1234.ts.net (tailnet only)
 *   |-- / proxy http://127.0.0.1:30001
 * ("(Funnel on)" for public routes; "No serve config" when empty).
 */
export function parseServeStatusText(text: string, options: ServeUrlOptions = {}): ServeUrlResult {
  const routes: ServeRoute[] = [];
  let current: Omit<ServeRoute, 'mount' | 'target'> | undefined;
  for (const line of text.split(/\r?\n/)) {
    const header = /^(https?):\/\/([^\s/:]+)(?::(\d+))?\/?\s+\((tailnet only|Funnel on)\)/.exec(line.trim());
    if (header) {
      const scheme = header[1] as 'https' | 'http';
      current = {
        scheme,
        host: header[2]!,
        port: header[3] ? Number(header[3]) : scheme === 'https' ? 443 : 80,
        exposure: header[4] === 'Funnel on' ? 'funnel' : 'tailnet',
      };
      continue;
    }
    const handler = /^\|--\s+(\/\S*)\s+(proxy|path|text|redirect)\s*(.*)$/.exec(line.trim());
    if (handler && current) {
      const target = handler[2] === 'proxy' ? handler[3]!.trim() : `${handler[2]} ${handler[3]!.trim()}`.trim();
      routes.push({ ...current, mount: handler[1]!, target });
    }
  }
  return resultFromRoutes(routes, options);
}
