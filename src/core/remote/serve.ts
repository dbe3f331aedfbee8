// `tailscale serve` on the Spark: expose the inference port in the tailnet, show what is served,
// stop serving one HTTPS port, reset everything. Every change is verified by reading the serve
// config back (the CLI's exit code proves nothing) and the new URL is handed to the caller
// (onServeChanged → the Monitor re-detects and the base-URL logic updates the editor targets).
import { countOf } from '../l10n';
import { type Finding, makeFinding } from '../findings';
import { portSchema, validated } from '../util/argv';
import { DEFAULT_INFERENCE_PORT, parseServeStatusJson, type ServeRoute, type ServeUrlResult } from '../tailnet/serveUrl';
import { classifyCliOutput } from '../classify';
import { detectTailscaleInstall, type TailscaleInstall } from './install';
import { guarded, runRemote } from './run';
import { type AccessDeniedInfo, type AccessFix, tailscaleWrite } from './tailscaleWrite';
import { failed, type OpContext, type OpResult, succeeded } from './types';

export const SERVE_STATUS_ARGV = ['tailscale', 'serve', 'status', '--json'] as const;

export interface ServeOptions {
  /** The inference server's port on the Spark (tailspark.port / 30001). */
  port?: number;
  /** The Spark's MagicDNS name; routes for it are preferred. */
  host?: string;
  /** Known install (saves three round trips); detected when absent. */
  install?: TailscaleInstall;
  chooseAccessFix?: (info: AccessDeniedInfo) => Promise<AccessFix | undefined>;
  /** Called after every change with the new base URL (null when nothing serves the port any more). */
  onServeChanged?: (baseUrl: string | null, serve: ServeUrlResult) => void | Promise<void>;
}

export interface ServeState extends ServeUrlResult {
  /** One line per route, for messages and the doctor: "https://host/ → http://127.0.0.1:30001 (tailnet only)". */
  lines: string[];
}

export function describeRoute(r: ServeRoute): string {
  const port = r.port === (r.scheme === 'https' ? 443 : 80) ? '' : `:${r.port}`;
  const kind = [r.service, r.tcpForward === 'tls' ? 'TLS-terminated TCP' : r.tcpForward === 'raw' ? 'TCP' : undefined].filter(Boolean).join(', ');
  return `${r.scheme}://${r.host}${port}${r.mount} → ${r.target} (${r.exposure === 'funnel' ? 'PUBLIC via Funnel' : 'tailnet only'}${kind ? `; ${kind}` : ''})`;
}

function portOf(options: ServeOptions): number {
  return validated(portSchema, options.port ?? DEFAULT_INFERENCE_PORT, 'port');
}

/** Reads `tailscale serve status --json` (no root needed) and derives the base URL for the port. */
export async function readServe(ctx: OpContext, options: ServeOptions = {}): Promise<OpResult<ServeState>> {
  return guarded(ctx, 'Reading the serve config', async () => {
    const r = await runRemote(ctx, SERVE_STATUS_ARGV, { timeoutMs: 15_000 });
    if (r.code !== 0) {
      const findings = classifyCliOutput({ stdout: r.stdout, stderr: r.stderr, exitCode: r.code, argv: r.argv }, { side: 'remote', user: ctx.shell.user });
      return failed('Could not read the serve config on the Spark.', findings);
    }
    const parsed = parseServeStatusJson(r.stdout, { port: portOf(options), ...(options.host ? { host: options.host } : {}) });
    const unreadable = parsed.findings.find((f) => f.code === 'serve.statusUnreadable');
    if (unreadable) return failed(unreadable.title, [unreadable]);
    const state: ServeState = { ...parsed, lines: parsed.routes.map(describeRoute) };
    const message = parsed.baseUrl
      ? `Base URL ${parsed.baseUrl} (${parsed.exposure === 'funnel' ? 'PUBLIC via Funnel' : 'tailnet only'}).`
      : parsed.routes.length === 0
        ? 'Nothing is served on the Spark.'
        : `Port ${portOf(options)} is not served (other routes: ${state.lines.join('; ')}).`;
    // "nothing served" is the answer to the question here, not a failure of reading.
    return succeeded(message, state, parsed.findings.filter((f) => f.code !== 'serve.nothingServed'));
  });
}

async function installOf(ctx: OpContext, options: ServeOptions): Promise<TailscaleInstall> {
  return options.install ?? (await detectTailscaleInstall(ctx));
}

/** After a change: read back, tell the caller, and return the state. */
async function afterChange(ctx: OpContext, options: ServeOptions): Promise<OpResult<ServeState>> {
  const state = await readServe(ctx, options);
  if (state.ok) await options.onServeChanged?.(state.value.baseUrl, state.value);
  return state;
}

/** `tailscale serve --bg --yes PORT`: HTTPS on 443 in the tailnet → http://127.0.0.1:PORT. */
export function exposeServe(ctx: OpContext, options: ServeOptions = {}): Promise<OpResult<ServeState>> {
  return guarded(ctx, 'Serving the inference port', async () => {
    const port = portOf(options);
    ctx.onProgress?.(`Serving port ${port} in the tailnet…`);
    const install = await installOf(ctx, options);
    const write = await tailscaleWrite(ctx, ['serve', '--bg', '--yes', String(port)], { install, ...(options.chooseAccessFix ? { chooseAccessFix: options.chooseAccessFix } : {}) });
    if (!write.ok) return failed(`Port ${port} is not served: ${write.message}`, write.findings, write.cancelled);
    const state = await afterChange(ctx, options);
    if (!state.ok) return state;
    if (!state.value.baseUrl) {
      // The CLI reported success but the config does not show it: say so instead of claiming success.
      return failed(`tailscale reported success, but port ${port} does not appear in the serve config.`, [
        makeFinding('serve.nothingServed', { port, served: state.value.lines.join('; ') || undefined, where: ctx.shell.target }, write.value.output.stdout),
      ]);
    }
    const via = write.value.via === 'user' ? '' : write.value.via === 'operatorSet' ? ` (${ctx.shell.user} is now the Tailscale operator)` : ' (as root)';
    return succeeded(`Serving ${state.value.baseUrl}${via}.`, state.value, state.findings);
  });
}

/** `tailscale serve --https=PORT off`: stops serving one HTTPS port (default 443). */
export function stopServePort(ctx: OpContext, options: ServeOptions & { httpsPort?: number } = {}): Promise<OpResult<ServeState>> {
  return guarded(ctx, 'Stopping Serve', async () => {
    const httpsPort = validated(portSchema, options.httpsPort ?? 443, 'HTTPS port');
    ctx.onProgress?.(`Stopping Serve on HTTPS port ${httpsPort}…`);
    const install = await installOf(ctx, options);
    const write = await tailscaleWrite(ctx, ['serve', `--https=${httpsPort}`, 'off'], { install, ...(options.chooseAccessFix ? { chooseAccessFix: options.chooseAccessFix } : {}) });
    if (!write.ok) return failed(`Serve on port ${httpsPort} was not stopped: ${write.message}`, write.findings, write.cancelled);
    const state = await afterChange(ctx, options);
    if (!state.ok) return state;
    const still = state.value.routes.filter((r) => r.port === httpsPort);
    if (still.length > 0) {
      return failed(`HTTPS port ${httpsPort} is still served.`, [stillServed(still, ctx)]);
    }
    return succeeded(`Stopped serving HTTPS port ${httpsPort}.${state.value.lines.length ? ` Still served: ${state.value.lines.join('; ')}` : ''}`, state.value);
  });
}

function stillServed(routes: ServeRoute[], ctx: OpContext): Finding {
  return makeFinding('remote.commandFailed', {
    command: 'tailscale serve',
    exitCode: 0,
    message: `the serve config still lists ${routes.map(describeRoute).join('; ')}`,
    where: ctx.shell.target,
  });
}

export interface ResetInfo {
  /** What is served now (each line a route). */
  routes: string[];
  /** The base URL that stops working, if the inference port is served. */
  baseUrl: string | null;
}

/** `tailscale serve reset`: removes every route. Asks first, listing what stops working. */
export function resetServe(
  ctx: OpContext,
  options: ServeOptions & { confirmReset?: (info: ResetInfo) => Promise<boolean> } = {},
): Promise<OpResult<ServeState>> {
  return guarded(ctx, 'Resetting Serve', async () => {
    const before = await readServe(ctx, options);
    if (!before.ok) return before;
    if (before.value.routes.length === 0) return succeeded('Nothing is served; nothing to reset.', before.value);
    const go = options.confirmReset ? await options.confirmReset({ routes: before.value.lines, baseUrl: before.value.baseUrl }) : true;
    if (!go) return failed('Serve left as it was.', [], true);
    ctx.onProgress?.('Resetting the serve config…');
    const install = await installOf(ctx, options);
    const write = await tailscaleWrite(ctx, ['serve', 'reset'], { install, ...(options.chooseAccessFix ? { chooseAccessFix: options.chooseAccessFix } : {}) });
    if (!write.ok) return failed(`Serve was not reset: ${write.message}`, write.findings, write.cancelled);
    const state = await afterChange(ctx, options);
    if (!state.ok) return state;
    if (state.value.routes.length > 0) return failed('Serve still has routes after reset.', [stillServed(state.value.routes, ctx)]);
    return succeeded(`Serve reset: ${countOf(before.value.lines.length, 'route', 'routes')} removed.`, state.value);
  });
}
