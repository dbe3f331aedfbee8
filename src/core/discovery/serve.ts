// The serve steps of the one discovery pipeline: the Spark's serve config (read over SSH, or
// captured) → a ServeReading that carries the ServeInfo the state keeps; and, when the config
// cannot be read, the URL derived from the MagicDNS name (source 'derived'). The Monitor's
// probes, the doctor and the CLI (`detect`, `status`) all use these; nothing else builds a ServeInfo
// from a serve config or guesses a URL.
import { classifyCliOutput } from '../classify';
import { type Finding, makeFinding } from '../findings';
import { errorToFinding, runRemote } from '../remote/run';
import { SERVE_STATUS_ARGV } from '../remote/serve';
import type { OpContext } from '../remote/types';
import type { ServeReading } from '../state/probeResults';
import type { ServeInfo } from '../state/types';
import { hostKind } from '../tailnet/address';
import { DEFAULT_INFERENCE_PORT, parseServeStatusJson, parseServeStatusText, } from '../tailnet/serveUrl';

/** Time limit of reading the serve config over SSH (connect + command). */
export const SERVE_READ_TIMEOUT_MS = 15_000;

/** What the Spark's serve config says about the inference port. */
export type { ServeReading };

export interface ServeReadOptions {
  /** The inference server's port on the Spark (default 30001). */
  port?: number;
  /** The Spark's MagicDNS name: only its routes (or its addresses') can become the base URL. */
  host?: string;
  addresses?: readonly string[];
  /** Remote login user, for operator fixes in the findings. */
  user?: string;
}

/** `tailscale serve status [--json]` output (JSON or the plain listing) → the reading. */
export function readingFromOutput(out: { stdout: string; stderr: string; code: number | null }, options: ServeReadOptions = {}): ServeReading {
  const port = options.port ?? DEFAULT_INFERENCE_PORT;
  if (out.code !== 0) {
    const findings = classifyCliOutput(
      { stdout: out.stdout, stderr: out.stderr, exitCode: out.code ?? -1, argv: [...SERVE_STATUS_ARGV] },
      { side: 'remote', user: options.user },
    );
    return { kind: 'failed', finding: findings[0] ?? makeFinding('remote.commandFailed', { command: 'tailscale serve status', exitCode: out.code ?? -1 }) };
  }
  const text = out.stdout.trim();
  const urlOptions = { port, ...(options.host ? { host: options.host } : {}), ...(options.addresses ? { addresses: options.addresses } : {}) };
  const r = text === 'No serve config' || /^https?:\/\//.test(text) ? parseServeStatusText(text, urlOptions) : parseServeStatusJson(text, urlOptions);
  const unreadable = r.findings.find((f) => f.code === 'serve.statusUnreadable');
  if (unreadable) return { kind: 'failed', finding: unreadable };
  if (!r.baseUrl) {
    return { kind: 'notServed', routes: r.routes, finding: r.findings[0] ?? makeFinding('serve.nothingServed', { port, where: options.host }) };
  }
  return { kind: 'served', serve: { baseUrl: r.baseUrl, exposure: r.exposure ?? 'tailnet', source: 'ssh' }, routes: r.routes, findings: r.findings };
}

/** Reads the serve config on the Spark over SSH. Never throws: SSH failures become a failed reading. */
export async function readServeOverSsh(ctx: OpContext, options: ServeReadOptions = {}): Promise<ServeReading> {
  try {
    const r = await runRemote(ctx, SERVE_STATUS_ARGV, { timeoutMs: SERVE_READ_TIMEOUT_MS });
    return readingFromOutput(r, { ...options, user: options.user ?? ctx.shell.user });
  } catch (err) {
    return { kind: 'failed', finding: errorToFinding(err, ctx.shell.target) };
  }
}

/**
 * When the serve config cannot be read: `tailscale serve --bg <port>` answers on 443 at "/" of
 * the MagicDNS name, so that name's URL is worth one HTTPS request. Only full MagicDNS names,
 * never short names, IPs or tags (their URL is unknown until the tailnet or SSH says so).
 */
export function derivedServe(name: string | undefined): ServeInfo | undefined {
  const host = name?.trim().replace(/\.$/, '').toLowerCase();
  if (!host || hostKind(host) !== 'magicDnsName' || !/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host)) return undefined;
  return { baseUrl: `https://${host}/v1`, exposure: 'tailnet', source: 'derived' };
}

/** The info finding that says a URL was derived, not read. */
export function derivedFinding(serve: ServeInfo): Finding {
  return makeFinding('serve.urlGuessed', { url: serve.baseUrl, where: new URL(serve.baseUrl).hostname });
}
