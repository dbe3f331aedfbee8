// Every command that CHANGES Tailscale on the Spark (serve, funnel, reset, set --ssh) goes through
// here. Order, from the runbook: try as the login user first (works once it is the operator);
// read the output, never the exit code alone; on "Access denied: serve config denied" offer
// "make me the operator once" (sudo tailscale set --operator=USER, then retry) or "run it as
// root" (the root-socket form on snap hosts); on "Serve is not enabled" stop — nothing was
// applied even when the command exited 0 — and hand over the enable URL.
import { classifyCliOutput } from '../classify';
import { type Finding, makeFinding } from '../findings';
import { rootSocketArgv, type TailscaleInstall } from './install';
import { displayArgv, streamRemote } from './run';
import { failed, type OpContext, type OpResult, succeeded } from './types';

export type AccessFix = 'setOperator' | 'sudo';

export interface AccessDeniedInfo {
  finding: Finding;
  user: string;
  snap: boolean;
  /** What "Set operator once" runs (with sudo). */
  operatorArgv: string[];
  /** What "Run as root" runs (with sudo). */
  sudoArgv: string[];
}

export interface TailscaleWriteOptions {
  install: TailscaleInstall;
  /** Asked when the user is neither root nor operator; undefined = leave it. */
  chooseAccessFix?: (info: AccessDeniedInfo) => Promise<AccessFix | undefined>;
  /** Run with sudo from the start (Tailscale SSH: `set --ssh` always needs root). */
  sudoFirst?: boolean;
  timeoutMs?: number;
}

export interface WriteOutput {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  argv: readonly string[];
  sudo: boolean;
}

export interface TailscaleWriteValue {
  output: WriteOutput;
  /** How it finally worked. */
  via: 'user' | 'operatorSet' | 'sudo';
}

const ENABLE_URL = /https:\/\/login\.tailscale\.com\/f\/\S+/;
/** "Serve is not enabled on your tailnet." / "Funnel is not enabled on your tailnet." */
const NOT_ENABLED = /(Serve|Funnel) is not enabled on your tailnet\./;

/**
 * Runs one tailscale command as a stream so that a command that blocks after printing
 * "Serve is not enabled … visit: <url>" is ended as soon as the URL line arrives.
 */
export async function runTailscaleOnce(ctx: OpContext, argv: readonly string[], sudo: boolean, timeoutMs = 30_000): Promise<WriteOutput> {
  const out: string[] = [];
  const err: string[] = [];
  const local = new AbortController();
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, local.signal]) : local.signal;
  let sawEnableUrl = false;
  try {
    const r = await streamRemote({ ...ctx, signal }, argv, {
      sudo,
      timeoutMs,
      onLine: (line, from) => {
        (from === 'stderr' ? err : out).push(line);
        if (ENABLE_URL.test(line) && out.concat(err).some((l) => NOT_ENABLED.test(l))) {
          sawEnableUrl = true;
          local.abort();
        }
      },
    });
    return { stdout: out.join('\n'), stderr: err.join('\n'), exitCode: sawEnableUrl ? null : r.code, argv, sudo };
  } catch (e) {
    // Our own abort after the enable URL is the expected end of a blocking command.
    if (sawEnableUrl && !ctx.signal?.aborted) return { stdout: out.join('\n'), stderr: err.join('\n'), exitCode: null, argv, sudo };
    throw e;
  }
}

function findingsOf(ctx: OpContext, o: WriteOutput): Finding[] {
  // The shared classifier knows the Serve text; the Funnel twin is only ever an answer to us.
  const text = `${o.stdout}\n${o.stderr}`;
  if (/Funnel is not enabled on your tailnet\./.test(text)) {
    const url = /To enable, visit:\s*\n\s*(https:\/\/\S+)/.exec(text)?.[1];
    return [makeFinding('funnel.notEnabled', { url, where: displayArgv(o.argv, o.sudo) }, 'Funnel is not enabled on your tailnet.')];
  }
  return classifyCliOutput({ stdout: o.stdout, stderr: o.stderr, exitCode: o.exitCode, argv: o.sudo ? ['sudo', ...o.argv] : o.argv }, { side: 'remote', user: ctx.shell.user });
}

/** A change that did not apply: the findings explain it. Success needs exit 0 AND no known failure text. */
function verdict(ctx: OpContext, o: WriteOutput, via: TailscaleWriteValue['via']): OpResult<TailscaleWriteValue> {
  const findings = findingsOf(ctx, o);
  if (findings.length === 0 && o.exitCode === 0) return succeeded('done', { output: o, via });
  if (findings.length > 0) return failed(findings[0]!.title, findings);
  return failed(`${displayArgv(o.argv, o.sudo)} did not finish.`, findingsOf(ctx, { ...o, exitCode: o.exitCode ?? 1 }));
}

export async function tailscaleWrite(ctx: OpContext, args: readonly string[], opts: TailscaleWriteOptions): Promise<OpResult<TailscaleWriteValue>> {
  const plain = ['tailscale', ...args];
  if (opts.sudoFirst) return verdict(ctx, await runTailscaleOnce(ctx, plain, true, opts.timeoutMs), 'sudo');

  const first = await runTailscaleOnce(ctx, plain, false, opts.timeoutMs);
  const firstVerdict = verdict(ctx, first, 'user');
  const denied = firstVerdict.ok ? undefined : firstVerdict.findings.find((f) => f.code === 'tailscale.serveConfigDenied');
  if (firstVerdict.ok || !denied) return firstVerdict;

  const info: AccessDeniedInfo = {
    finding: denied,
    user: ctx.shell.user,
    snap: opts.install.snap,
    operatorArgv: ['tailscale', 'set', `--operator=${ctx.shell.user}`],
    sudoArgv: rootSocketArgv(opts.install, args),
  };
  const choice = opts.chooseAccessFix ? await opts.chooseAccessFix(info) : undefined;
  if (!choice) return firstVerdict;

  if (choice === 'setOperator') {
    ctx.onProgress?.(`Making ${ctx.shell.user} the Tailscale operator…`);
    const set = await runTailscaleOnce(ctx, info.operatorArgv, true, opts.timeoutMs);
    const setVerdict = verdict(ctx, set, 'sudo');
    if (!setVerdict.ok) return setVerdict;
    ctx.log.info(`${ctx.shell.user} is now the Tailscale operator on ${ctx.shell.target}; retrying without sudo`);
    return verdict(ctx, await runTailscaleOnce(ctx, plain, false, opts.timeoutMs), 'operatorSet');
  }
  ctx.onProgress?.('Running as root…');
  return verdict(ctx, await runTailscaleOnce(ctx, info.sudoArgv, true, opts.timeoutMs), 'sudo');
}
