// A Funnel for the /v1 mount only, on its own HTTPS port. Why: vLLM's --api-key (VLLM_API_KEY)
// guards only paths under /v1; /metrics, /tokenize, /invocations … answer anyone. Funnel is
// switched on per host:port (AllowFunnel["host:port"]), not per mount, so a /v1 mount added to
// the tailnet-only Serve on 443 would make everything on 443 public. Instead:
//   tailscale funnel --bg --yes --https=8443 --set-path /v1 http://127.0.0.1:PORT/v1
// tailscaled matches the mount /v1 (and everything below it), strips it and appends the rest to
// the target's /v1 path (ipn/ipnlocal/serve.go); any other path on :8443 gets 404. The Serve on
// 443 stays tailnet-only, untouched. Undo removes exactly this mount: `… --set-path /v1 off`.
import { makeFinding } from '../findings';
import { portSchema, validated } from '../util/argv';
import { DEFAULT_INFERENCE_PORT, proxiesToPort, type ServeRoute } from '../tailnet/serveUrl';
import { FUNNEL_PORTS } from './funnel';
import { detectTailscaleInstall } from './install';
import { guarded } from './run';
import { describeRoute, readServe, type ServeOptions, type ServeState } from './serve';
import { tailscaleWrite } from './tailscaleWrite';
import { failed, type OpContext, type OpResult, succeeded } from './types';

/** The HTTPS port the public /v1 mount gets (one of FUNNEL_PORTS, not 443: that one is the tailnet's). */
export const V1_FUNNEL_PORT = 8443;
export const V1_MOUNT = '/v1';

export interface V1FunnelOptions extends ServeOptions {
  /** The public HTTPS port (default 8443; must be 8443 or 10000). */
  httpsPort?: number;
}

export interface V1FunnelOn extends FunnelGuardOptions {
  /** The modal warning; true = the user accepts that /v1 is reachable from the internet. */
  confirmPublic: (info: { baseUrl: string }) => Promise<boolean>;
}

interface FunnelGuardOptions extends V1FunnelOptions {
  /** GET <url> WITHOUT an API key: the HTTP status, or undefined when nothing answered. */
  statusWithoutKey: (url: string, signal?: AbortSignal) => Promise<number | undefined>;
}

/** Paths under /v1 asked without a key before going public; vLLM guards the whole /v1 prefix. */
export const V1_GUARD_PROBES = ['/models', '/chat/completions', '/completions'] as const;

function httpsPortOf(o: V1FunnelOptions): number {
  const p = validated(portSchema, o.httpsPort ?? V1_FUNNEL_PORT, 'HTTPS port');
  if (!(FUNNEL_PORTS as readonly number[]).includes(p) || p === 443) {
    throw new RangeError(`The /v1 Funnel needs its own Funnel port (8443 or 10000), not ${p}.`);
  }
  return p;
}

/** `tailscale funnel …` arguments (after "tailscale") that publish only /v1 of the inference port. */
export function v1FunnelArgs(port: number, httpsPort = V1_FUNNEL_PORT): string[] {
  return ['funnel', '--bg', '--yes', `--https=${httpsPort}`, '--set-path', V1_MOUNT, `http://127.0.0.1:${port}${V1_MOUNT}`];
}

/** Removes exactly the /v1 mount on that port (and, with no mount left there, its Funnel flag). */
export function v1FunnelOffArgs(httpsPort = V1_FUNNEL_PORT): string[] {
  return ['funnel', `--https=${httpsPort}`, '--set-path', V1_MOUNT, 'off'];
}

/** The public OpenAI base URL of the /v1 Funnel: https://host:8443/v1. */
export function v1FunnelUrl(host: string, httpsPort = V1_FUNNEL_PORT): string {
  return `https://${host.replace(/\.$/, '')}:${httpsPort}${V1_MOUNT}`;
}

/** Does a proxy target point at <loopback>:port/v1 (what v1FunnelArgs writes)? */
function proxiesToV1(target: string, port: number): boolean {
  const m = /^(https?:\/\/[^/]+)\/v1\/?$/.exec(target.trim());
  return m !== null && proxiesToPort(m[1] as string, port);
}

export type V1FunnelState =
  | { kind: 'off' }
  | { kind: 'on'; route: ServeRoute; url: string }
  /** The port serves something else (or /v1 tailnet-only, or a TCP forward): not ours to change. */
  | { kind: 'conflict'; routes: ServeRoute[] };

/** What the serve config holds on the /v1 Funnel port of the Spark's own host. */
export function v1FunnelState(routes: readonly ServeRoute[], host: string, port: number, httpsPort = V1_FUNNEL_PORT): V1FunnelState {
  const h = host.toLowerCase().replace(/\.$/, '');
  const onPort = routes.filter((r) => r.port === httpsPort && !r.service && r.host.toLowerCase() === h);
  if (onPort.length === 0) return { kind: 'off' };
  const [only] = onPort;
  if (onPort.length === 1 && only && !only.tcpForward && only.scheme === 'https' && only.mount === V1_MOUNT && only.exposure === 'funnel' && proxiesToV1(only.target, port)) {
    return { kind: 'on', route: only, url: v1FunnelUrl(h, httpsPort) };
  }
  return { kind: 'conflict', routes: onPort };
}

/** Every route but those on httpsPort, as text: what a /v1 Funnel change must leave exactly as it was. */
function otherRoutes(s: ServeState, httpsPort: number): string[] {
  return s.routes.filter((r) => r.port !== httpsPort).map(describeRoute).sort();
}

function hostOf(s: ServeState): string | undefined {
  return s.route?.host ?? (s.baseUrl ? new URL(s.baseUrl).hostname : undefined);
}

/**
 * The guard for a /v1-only Funnel: the model list and the other /v1 routes must refuse a request
 * without the key (401/403). Routes outside /v1 (/metrics, /invocations …) are not published by
 * this Funnel, so unlike the whole-server guard (startFunnel) they do not block it.
 */
async function v1Guarded(ctx: OpContext, baseUrl: string, o: FunnelGuardOptions): Promise<OpResult<undefined>> {
  const root = baseUrl.replace(/\/+$/, '');
  for (const p of V1_GUARD_PROBES) {
    const url = `${root}${p}`;
    const status = await o.statusWithoutKey(url, ctx.signal).catch(() => undefined);
    if (status === 401 || status === 403) continue;
    if (status === 200) {
      return failed(`Refused: ${url} answers without an API key.`, [makeFinding('funnel.noApiKey', { url: baseUrl, refused: 'yes', where: url }, `GET ${url} without Authorization → 200`)]);
    }
    return failed(`Refused: could not verify that ${url} needs an API key.`, [
      makeFinding('funnel.keyUnverified', { url, status: status === undefined ? undefined : `HTTP ${status}`, where: url }),
    ]);
  }
  return succeeded('', undefined);
}

/**
 * Publishes only /v1 of the inference port on its own Funnel port, after the checks: the port is
 * free (or already ours), /v1 refuses requests without the key, the user confirmed. Read back:
 * exactly the /v1 route is public and every other route is as it was.
 */
export function startV1Funnel(ctx: OpContext, o: V1FunnelOn): Promise<OpResult<ServeState & { publicUrl: string }>> {
  return guarded(ctx, 'Turning Funnel on for /v1', async () => {
    const port = validated(portSchema, o.port ?? DEFAULT_INFERENCE_PORT, 'port');
    const httpsPort = httpsPortOf(o);
    const before = await readServe(ctx, o);
    if (!before.ok) return before;
    const host = hostOf(before.value);
    if (!before.value.baseUrl || !host) {
      return failed(`Port ${port} is not served in the tailnet yet; serve it first so Tailspark can check its API key.`, [
        makeFinding('serve.nothingServed', { port, served: before.value.lines.join('; ') || undefined, where: ctx.shell.target }),
      ]);
    }
    const state = v1FunnelState(before.value.routes, host, port, httpsPort);
    if (state.kind === 'on') return succeeded(`${state.url} is already public (only /v1).`, { ...before.value, publicUrl: state.url });
    if (state.kind === 'conflict') {
      return failed(`Refused: HTTPS port ${httpsPort} already serves something else.`, [
        makeFinding('funnel.portInUse', { httpsPort, routes: state.routes.map(describeRoute).join('; '), port, where: ctx.shell.target }),
      ]);
    }
    ctx.onProgress?.(`Checking that ${before.value.baseUrl} requires an API key…`);
    const guard = await v1Guarded(ctx, before.value.baseUrl, o);
    if (!guard.ok) return guard;
    const publicUrl = v1FunnelUrl(host, httpsPort);
    if (!(await o.confirmPublic({ baseUrl: publicUrl }))) return failed('Funnel left off.', [], true);

    ctx.onProgress?.(`Turning Funnel on for /v1 on HTTPS port ${httpsPort}…`);
    const install = o.install ?? (await detectTailscaleInstall(ctx));
    const write = await tailscaleWrite(ctx, v1FunnelArgs(port, httpsPort), { install, ...(o.chooseAccessFix ? { chooseAccessFix: o.chooseAccessFix } : {}) });
    if (!write.ok) return failed(`Funnel was not turned on: ${write.message}`, write.findings, write.cancelled);
    const after = await readServe(ctx, o);
    if (!after.ok) return after;
    await o.onServeChanged?.(after.value.baseUrl, after.value);
    const now = v1FunnelState(after.value.routes, host, port, httpsPort);
    const othersChanged = otherRoutes(after.value, httpsPort).join('\n') !== otherRoutes(before.value, httpsPort).join('\n');
    if (now.kind !== 'on' || othersChanged) {
      return failed('tailscale reported success, but the serve config is not the expected /v1-only Funnel.', [
        makeFinding('remote.commandFailed', { command: 'tailscale funnel', exitCode: 0, message: `serve config: ${after.value.lines.join('; ') || 'empty'}`, where: ctx.shell.target }),
      ]);
    }
    return succeeded(`${publicUrl} is now PUBLIC on the internet (only /v1, API key required); ${before.value.baseUrl} stays tailnet-only.`, { ...after.value, publicUrl });
  });
}

/** Removes exactly the /v1 Funnel route (nothing else); a no-op when it is not there. */
export function stopV1Funnel(ctx: OpContext, o: V1FunnelOptions = {}): Promise<OpResult<ServeState>> {
  return guarded(ctx, 'Turning the /v1 Funnel off', async () => {
    const port = validated(portSchema, o.port ?? DEFAULT_INFERENCE_PORT, 'port');
    const httpsPort = httpsPortOf(o);
    const before = await readServe(ctx, o);
    if (!before.ok) return before;
    const host = hostOf(before.value) ?? o.host ?? '';
    // Without the tailnet route the host comes from the route itself (any host of this node).
    const ours = before.value.routes.find((r) => r.port === httpsPort && r.mount === V1_MOUNT && proxiesToV1(r.target, port) && (!host || r.host === host));
    if (!ours) return succeeded(`No /v1 Funnel on HTTPS port ${httpsPort}: nothing to remove.`, before.value);
    ctx.onProgress?.(`Removing the /v1 Funnel on HTTPS port ${httpsPort}…`);
    const install = o.install ?? (await detectTailscaleInstall(ctx));
    const off = await tailscaleWrite(ctx, v1FunnelOffArgs(httpsPort), { install, ...(o.chooseAccessFix ? { chooseAccessFix: o.chooseAccessFix } : {}) });
    if (!off.ok) return failed(`The /v1 Funnel is still on: ${off.message}`, off.findings, off.cancelled);
    const after = await readServe(ctx, o);
    if (!after.ok) return after;
    await o.onServeChanged?.(after.value.baseUrl, after.value);
    const gone = !after.value.routes.some((r) => r.port === httpsPort && r.mount === V1_MOUNT && r.host === ours.host);
    const rest = (s: ServeState) => s.routes.filter((r) => r !== ours && !(r.port === httpsPort && r.mount === V1_MOUNT)).map(describeRoute).sort().join('\n');
    if (!gone || rest(after.value) !== rest(before.value)) {
      return failed('The /v1 Funnel was not removed cleanly.', [
        makeFinding('remote.commandFailed', { command: 'tailscale funnel off', exitCode: 0, message: `serve config: ${after.value.lines.join('; ') || 'empty'}`, where: ctx.shell.target }),
      ]);
    }
    return succeeded(`Removed the public /v1 route on HTTPS port ${httpsPort}${after.value.baseUrl ? `; ${after.value.baseUrl} is still served in the tailnet` : ''}.`, after.value);
  });
}
