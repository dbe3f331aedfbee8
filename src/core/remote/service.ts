// The inference service on the Spark (a systemd unit, `vllm` by default): status, start, stop,
// restart. Stop/restart ask first when requests are running; start/restart follow the server
// until it answers (readiness.ts).
import { countOf } from '../l10n';
import { makeFinding } from '../findings';
import { lastJournalLines } from './journal';
import { type ReadinessOptions, waitUntilReady } from './readiness';
import { commandFailedFinding, firstLine, guarded, runRemote } from './run';
import {
  argv,
  checkedUnit,
  describeStatus,
  fullUnitName,
  inferenceUnits,
  isRunning,
  parseShow,
  parseUnitList,
  type ServiceAction,
  type ServiceStatus,
  unitExists,
} from './systemd';
import { failed, type OpContext, type OpResult, succeeded } from './types';

/** Which inference units exist on the Spark (vllm*, sglang*), loaded or merely installed. */
export async function detectInferenceUnits(ctx: OpContext): Promise<string[]> {
  const [units, files] = await Promise.all([
    runRemote(ctx, argv.listUnits(), { timeoutMs: 15_000 }),
    runRemote(ctx, argv.listUnitFiles(), { timeoutMs: 15_000 }),
  ]);
  const names = new Set([...parseUnitList(units.stdout), ...parseUnitList(files.stdout)]);
  return inferenceUnits([...names]).sort();
}

async function readStatus(ctx: OpContext, unit: string): Promise<OpResult<ServiceStatus>> {
  const r = await runRemote(ctx, argv.show(unit), { timeoutMs: 15_000 });
  const status = r.code === 0 ? parseShow(unit, r.stdout) : undefined;
  if (!status) return failed(`Could not read the state of ${unit}.`, [commandFailedFinding(r)]);
  if (!unitExists(status)) {
    const found = await detectInferenceUnits(ctx).catch(() => []);
    const others = found.filter((u) => u !== fullUnitName(unit));
    return failed(`${fullUnitName(unit)} does not exist on the Spark.`, [
      makeFinding('service.unitNotFound', { unit: fullUnitName(unit), found: others.join(', ') || undefined, where: ctx.shell.target }),
    ]);
  }
  return succeeded(describeStatus(status), status);
}

/** A unit name from settings that fails validation: a settings problem, not a remote one. */
function invalidUnit<T>(unit: string): OpResult<T> | undefined {
  try {
    checkedUnit(unit);
    return undefined;
  } catch (err) {
    return failed(`"${unit}" is not a systemd unit name.`, [
      makeFinding('settings.invalid', { setting: 'tailspark.service.unit', message: (err as Error).message, fallback: 'detect the unit on the Spark' }),
    ]);
  }
}

export function serviceStatus(ctx: OpContext, unit: string): Promise<OpResult<ServiceStatus>> {
  return guarded(ctx, `Status of ${unit}`, async () => {
    const bad = invalidUnit<ServiceStatus>(unit);
    if (bad) return bad;
    return readStatus(ctx, unit);
  });
}

export interface ServiceControlOptions {
  /** num_running_reqs from /metrics; undefined when unknown (server down, no metrics). */
  runningRequests?: (signal?: AbortSignal) => Promise<number | undefined>;
  /**
   * Asked before every stop/restart of a running unit, like Stop Serving: both take the model away
   * from every client (and a restart means minutes of loading). `running` is the number of requests
   * that would fail (undefined: unknown). False keeps the service as it is. Without this callback
   * (scripts) a busy unit is left alone and an idle or unknown one is stopped.
   */
  confirmBusy?: (info: { unit: string; action: ServiceAction; running: number | undefined }) => Promise<boolean>;
  /** Follow start/restart until ready. Omit to return right after systemctl. */
  readiness?: ReadinessOptions;
}

export interface ServiceControlValue {
  status: ServiceStatus;
  /** Seconds until the server answered (start/restart with readiness). */
  readySeconds?: number;
  /** Whether an HTTP answer proved it (false: only systemd's "active", no URL to check). */
  readyVerified?: boolean;
}

const PAST: Record<ServiceAction, string> = { start: 'started', stop: 'stopped', restart: 'restarted' };

export function controlService(
  ctx: OpContext,
  unit: string,
  action: ServiceAction,
  options: ServiceControlOptions = {},
): Promise<OpResult<ServiceControlValue>> {
  return guarded(ctx, `${action} ${unit}`, async () => {
    const bad = invalidUnit<ServiceControlValue>(unit);
    if (bad) return bad;
    const before = await readStatus(ctx, unit);
    if (!before.ok) return before;
    const name = before.value.unit;

    if (action !== 'start' && isRunning(before.value)) {
      const running = options.runningRequests ? await options.runningRequests(ctx.signal).catch(() => undefined) : undefined;
      const busy = running !== undefined && running > 0;
      const go = options.confirmBusy ? await options.confirmBusy({ unit: name, action, running }) : !busy;
      if (!go) return failed(busy ? `${name} left running: ${countOf(running, 'request', 'requests')} in flight.` : `${name} left running.`, [], true);
    }

    ctx.onProgress?.(`${action === 'stop' ? 'Stopping' : action === 'start' ? 'Starting' : 'Restarting'} ${name}…`);
    const r = await runRemote(ctx, argv.action(action, unit), { sudo: true, timeoutMs: 120_000 });
    if (r.code !== 0) {
      const tail = await lastJournalLines(ctx, unit, 15).catch(() => []);
      return failed(`Could not ${action} ${name}.`, [
        makeFinding(
          'service.actionFailed',
          { unit: name, action, message: firstLine(r) || `exit ${r.code}`, where: `sudo systemctl ${action} ${name}` },
          [r.stderr.trim(), ...tail].filter(Boolean).join('\n'),
        ),
      ]);
    }

    let readySeconds: number | undefined;
    let readyVerified: boolean | undefined;
    const readyFindings = [];
    if (action !== 'stop' && options.readiness) {
      const ready = await waitUntilReady(ctx, unit, options.readiness);
      if (!ready.ok) return ready;
      readySeconds = ready.value.seconds;
      readyVerified = ready.value.verified;
      readyFindings.push(...ready.findings);
    }

    const after = await readStatus(ctx, unit);
    if (!after.ok) return after;
    if (action === 'stop' && isRunning(after.value)) {
      return failed(`${name} is still ${after.value.activeState} after stop.`, [
        makeFinding('service.actionFailed', { unit: name, action, message: `still ${after.value.activeState}`, where: `sudo systemctl stop ${name}` }),
      ]);
    }
    const ready =
      readySeconds === undefined
        ? ''
        : readyVerified
          ? ` and answers after ${readySeconds} s`
          : ` (active after ${readySeconds} s; no Serve URL is known, so whether it answers was not checked)`;
    return succeeded(
      `${name} ${PAST[action]}${ready}. ${describeStatus(after.value)}`,
      { status: after.value, ...(readySeconds !== undefined ? { readySeconds, readyVerified } : {}) },
      readyFindings,
    );
  });
}

