// systemd on the Spark: the argv we send and the parsers for what comes back. Pure functions;
// service.ts runs them. We read `systemctl show` (stable key=value lines meant for programs)
// instead of scraping the human `systemctl status` layout.
import { z } from 'zod';
import { unitNameSchema, validated } from '../util/argv';

export const SHOW_PROPERTIES = ['LoadState', 'ActiveState', 'SubState', 'MainPID', 'ActiveEnterTimestamp', 'Result', 'Description'] as const;

/** The inference units Tailspark knows by name (settings default "vllm", alternative "sglang"). */
export const KNOWN_INFERENCE_UNIT = /^(vllm|sglang)([-_@.][A-Za-z0-9:_.@-]*)?\.service$/i;

export type ServiceAction = 'start' | 'stop' | 'restart';

/** Validates a unit name from settings; throws a readable Error for e.g. "vllm; rm -rf /". */
export function checkedUnit(unit: string): string {
  return validated(unitNameSchema, unit.trim(), 'systemd unit name');
}

/** `vllm` and `vllm.service` name the same unit; lists print the full name. */
export function fullUnitName(unit: string): string {
  return /\.[a-z]+$/.test(unit) ? unit : `${unit}.service`;
}

export const argv = {
  show: (unit: string) => ['systemctl', 'show', `--property=${SHOW_PROPERTIES.join(',')}`, checkedUnit(unit)],
  isActive: (unit: string) => ['systemctl', 'is-active', checkedUnit(unit)],
  action: (action: ServiceAction, unit: string) => ['systemctl', action, checkedUnit(unit)],
  listUnits: () => ['systemctl', 'list-units', '--type=service', '--all', '--no-legend', '--no-pager', '--plain'],
  listUnitFiles: () => ['systemctl', 'list-unit-files', '--type=service', '--no-legend', '--no-pager'],
};

const showSchema = z.object({
  LoadState: z.string().optional(),
  ActiveState: z.string().min(1),
  SubState: z.string().optional(),
  MainPID: z.coerce.number().int().nonnegative().optional(),
  ActiveEnterTimestamp: z.string().optional(),
  Result: z.string().optional(),
  Description: z.string().optional(),
});

export interface ServiceStatus {
  unit: string;
  /** "loaded", "not-found", "masked", … */
  loadState?: string;
  /** "active", "inactive", "failed", "activating", "deactivating", "reloading" */
  activeState: string;
  /** "running", "dead", "exited", "auto-restart", … */
  subState?: string;
  /** 0 / absent when no process runs. */
  mainPid?: number;
  /** systemd's own text, e.g. "Sun 2026-11-29 08:00:01 UTC"; absent when never active. */
  activeSince?: string;
  /** "success", "exit-code", "signal", "timeout", "oom-kill", … */
  result?: string;
  description?: string;
}

/** Parses `systemctl show -p …` output (Key=Value lines, unknown keys ignored). */
export function parseShow(unit: string, text: string): ServiceStatus | undefined {
  const raw: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0) raw[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  const parsed = showSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  // systemd prints "ActiveEnterTimestamp=" (empty) and "n/a" for units that never started.
  const since = p.ActiveEnterTimestamp && p.ActiveEnterTimestamp !== 'n/a' ? p.ActiveEnterTimestamp : undefined;
  return {
    unit: fullUnitName(unit),
    ...(p.LoadState ? { loadState: p.LoadState } : {}),
    activeState: p.ActiveState,
    ...(p.SubState ? { subState: p.SubState } : {}),
    ...(p.MainPID ? { mainPid: p.MainPID } : {}),
    ...(since ? { activeSince: since } : {}),
    ...(p.Result ? { result: p.Result } : {}),
    ...(p.Description ? { description: p.Description } : {}),
  };
}

export function unitExists(status: ServiceStatus): boolean {
  return status.loadState !== 'not-found';
}

export function isRunning(status: ServiceStatus): boolean {
  return status.activeState === 'active' || status.activeState === 'activating' || status.activeState === 'reloading';
}

/** One readable line: "vllm.service: active (running) since Sun 2026-11-29 08:00:01 UTC, PID 4242". */
export function describeStatus(s: ServiceStatus): string {
  const sub = s.subState ? ` (${s.subState})` : '';
  if (!unitExists(s)) return `${s.unit}: not found on the Spark`;
  if (s.activeState === 'active' || s.activeState === 'activating' || s.activeState === 'reloading') {
    const since = s.activeSince ? ` since ${s.activeSince}` : '';
    const pid = s.mainPid ? `, PID ${s.mainPid}` : '';
    return `${s.unit}: ${s.activeState}${sub}${since}${pid}`;
  }
  const result = s.result && s.result !== 'success' ? ` — last result: ${s.result}` : '';
  return `${s.unit}: ${s.activeState}${sub}${result}`;
}

/** Unit names from `list-units --plain` or `list-unit-files` output (first column ending in .service). */
export function parseUnitList(text: string): string[] {
  const names = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    // Without --plain, failed units are prefixed with "●"/"*": skip anything before the name.
    const first = line.replace(/^[^A-Za-z0-9_]+/, '').split(/\s+/)[0];
    if (first?.endsWith('.service')) names.add(first);
  }
  return [...names].sort();
}

export function inferenceUnits(names: string[]): string[] {
  return names.filter((n) => KNOWN_INFERENCE_UNIT.test(n));
}
