// Tailscale Funnel: the same route as Serve, but public on the internet. Guarded twice: we
// refuse when the server answers its model list without an API key (anyone could use the GPU),
// and we ask the user to confirm the risk before anything changes.
import { makeFinding } from '../findings';
import { checkKeyEnforced, type StatusWithoutKey } from '../http/keyCheck';
import { serverRoot } from '../domain';
import { findOpenRoutes, INFORMATION_ONLY } from '../inference/openRoutes';
import { portSchema, validated } from '../util/argv';
import { DEFAULT_INFERENCE_PORT } from '../tailnet/serveUrl';
import { detectTailscaleInstall } from './install';
import { guarded } from './run';
import { readServe, type ServeOptions, type ServeState } from './serve';
import { tailscaleWrite } from './tailscaleWrite';
import { failed, type OpContext, type OpResult, succeeded } from './types';

/** Ports Funnel accepts (tailscale-cli.md §2). */
export const FUNNEL_PORTS = [443, 8443, 10000] as const;

export interface FunnelOptions extends ServeOptions {
  /** GET <url> WITHOUT an API key: the HTTP status, or undefined when nothing answered. */
  statusWithoutKey: StatusWithoutKey;
  /** The modal warning; true = the user accepts that the model is reachable from the internet. */
  confirmPublic: (info: { baseUrl: string }) => Promise<boolean>;
}

/** `tailscale funnel --bg PORT`: makes the served inference port public, after the checks. */
export function startFunnel(ctx: OpContext, options: FunnelOptions): Promise<OpResult<ServeState>> {
  return guarded(ctx, 'Turning Funnel on', async () => {
    const port = validated(portSchema, options.port ?? DEFAULT_INFERENCE_PORT, 'port');
    const current = await readServe(ctx, options);
    if (!current.ok) return current;
    const baseUrl = current.value.baseUrl;
    if (!baseUrl) {
      // We only check a URL we can reach: serve in the tailnet first, then decide about the internet.
      return failed(`Port ${port} is not served in the tailnet yet; serve it first so Tailspark can check its API key.`, [
        makeFinding('serve.nothingServed', { port, served: current.value.lines.join('; ') || undefined, where: ctx.shell.target }),
      ]);
    }
    if (current.value.exposure === 'funnel') return succeeded(`${baseUrl} is already public via Funnel.`, current.value, current.findings);

    ctx.onProgress?.(`Checking that ${baseUrl} requires an API key…`);
    const { verdict, url: modelsUrl, status } = await checkKeyEnforced(baseUrl, options.statusWithoutKey, ctx.signal);
    if (verdict === 'open') {
      return failed(`Refused: ${baseUrl} answers without an API key.`, [
        makeFinding('funnel.noApiKey', { url: baseUrl, refused: 'yes', where: modelsUrl }, `GET ${modelsUrl} without Authorization → 200`),
      ]);
    }
    if (verdict !== 'enforced') {
      return failed(`Refused: could not verify that ${baseUrl} needs an API key.`, [
        makeFinding('funnel.keyUnverified', { url: baseUrl, status: status === undefined ? undefined : `HTTP ${status}`, where: modelsUrl }),
      ]);
    }
    ctx.onProgress?.(`Checking which other routes of ${baseUrl} answer without the key…`);
    const allOpen = await findOpenRoutes(baseUrl, (url) => options.statusWithoutKey(url, ctx.signal));
    const open = allOpen.filter((p) => !INFORMATION_ONLY.has(p));
    const telling = allOpen.filter((p) => INFORMATION_ONLY.has(p));
    const metricsWarning = telling.length > 0 ? [makeFinding('funnel.metricsOpen', { url: baseUrl, routes: telling.join(', '), where: baseUrl })] : [];
    if (open.length > 0) {
      return failed(`Refused: ${open.join(', ')} answer without an API key.`, [
        makeFinding('funnel.openRoutes', { url: baseUrl, routes: open.join(', '), port, refused: 'yes', where: baseUrl }, open.map((p) => `GET ${serverRoot(baseUrl)}${p} without Authorization → not 401`).join('\n')),
      ]);
    }
    if (!(await options.confirmPublic({ baseUrl }))) return failed('Funnel left off.', [], true);

    ctx.onProgress?.('Turning Funnel on…');
    const install = options.install ?? (await detectTailscaleInstall(ctx));
    const write = await tailscaleWrite(ctx, ['funnel', '--bg', '--yes', String(port)], { install, ...(options.chooseAccessFix ? { chooseAccessFix: options.chooseAccessFix } : {}) });
    if (!write.ok) return failed(`Funnel was not turned on: ${write.message}`, write.findings, write.cancelled);
    const after = await readServe(ctx, options);
    if (!after.ok) return after;
    await options.onServeChanged?.(after.value.baseUrl, after.value);
    if (after.value.exposure !== 'funnel') {
      return failed('tailscale reported success, but the route is not public.', [
        makeFinding('remote.commandFailed', { command: 'tailscale funnel', exitCode: 0, message: `serve config: ${after.value.lines.join('; ') || 'empty'}`, where: ctx.shell.target }),
      ]);
    }
    return succeeded(`${after.value.baseUrl} is now PUBLIC on the internet (API key required).`, after.value, [...after.findings, ...metricsWarning]);
  });
}

/**
 * Ends public access. `tailscale funnel --https=443 off` removes the whole handler, so when the
 * inference port is no longer served afterwards, we serve it again in the tailnet: the editor's
 * base URL keeps working, only the internet loses access.
 */
export function stopFunnel(ctx: OpContext, options: ServeOptions = {}): Promise<OpResult<ServeState>> {
  return guarded(ctx, 'Turning Funnel off', async () => {
    const port = validated(portSchema, options.port ?? DEFAULT_INFERENCE_PORT, 'port');
    const current = await readServe(ctx, options);
    if (!current.ok) return current;
    const publicRoutes = current.value.routes.filter((r) => r.exposure === 'funnel');
    if (publicRoutes.length === 0) return succeeded('Funnel is off: nothing is public.', current.value);
    const install = options.install ?? (await detectTailscaleInstall(ctx));
    const writeOpts = { install, ...(options.chooseAccessFix ? { chooseAccessFix: options.chooseAccessFix } : {}) };
    for (const httpsPort of [...new Set(publicRoutes.map((r) => r.port))]) {
      ctx.onProgress?.(`Turning Funnel off on HTTPS port ${httpsPort}…`);
      const off = await tailscaleWrite(ctx, ['funnel', `--https=${httpsPort}`, 'off'], writeOpts);
      if (!off.ok) return failed(`Funnel is still on: ${off.message}`, off.findings, off.cancelled);
    }
    let after = await readServe(ctx, options);
    if (!after.ok) return after;
    let reServed = false;
    if (!after.value.baseUrl && current.value.baseUrl) {
      ctx.onProgress?.(`Serving port ${port} in the tailnet again…`);
      const serve = await tailscaleWrite(ctx, ['serve', '--bg', '--yes', String(port)], writeOpts);
      if (!serve.ok) return failed(`Funnel is off, but serving in the tailnet again failed: ${serve.message}`, serve.findings);
      after = await readServe(ctx, options);
      if (!after.ok) return after;
      reServed = true;
    }
    await options.onServeChanged?.(after.value.baseUrl, after.value);
    if (after.value.routes.some((r) => r.exposure === 'funnel')) {
      return failed('Funnel is still on after turning it off.', [
        makeFinding('serve.funnelOn', { url: after.value.baseUrl ?? undefined, where: ctx.shell.target }),
      ]);
    }
    return succeeded(`Funnel is off${after.value.baseUrl ? `; ${after.value.baseUrl} is ${reServed ? 'served again ' : ''}in the tailnet only` : ''}.`, after.value);
  });
}
