// Which systemd unit runs the inference server, when tailspark.service.unit is left empty: the
// service whose command line serves the inference port (`--port 30001`), preferring SGLang/vLLM
// by name and the one that runs now. Two commands on the Spark, both read-only: the service list,
// then `systemctl show` of every service at once. Nothing guessed is used silently — the caller
// says which unit it chose and why.
import { makeFinding, type Finding } from '../findings';
import { fullUnitName } from './systemd';
import { runRemote } from './run';
import type { OpContext } from './types';

export interface UnitCandidate {
  unit: string;
  activeState: string;
  /** The argv of ExecStart= (the command systemd runs). */
  command: string;
  /** Most recent ActiveEnter/InactiveEnter time (ms), for ties between two units of one port. */
  lastChange: number;
}

export type UnitChoice = { ok: true; unit: string; reason: string } | { ok: false; finding: Finding };

const SERVER_WORDS = /\b(sglang|vllm)\b|launch_server|api_server|openai\.api_server/i;
const ACTIVE = new Set(['active', 'activating', 'reloading']);

/** `systemctl list-units --type=service --all --no-legend --plain` → unit names (first column). */
export function parseUnitList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/^[●*]\s*/, '').split(/\s+/)[0] ?? '')
    .filter((u) => /^[A-Za-z0-9:_.@\\-]+\.service$/.test(u));
}

/** `systemctl show -p Id,ActiveState,ExecStart,… a b c` → one candidate per block (blank-line separated). */
export function parseShowBlocks(text: string): UnitCandidate[] {
  const out: UnitCandidate[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    const props = new Map<string, string>();
    for (const line of block.split(/\r?\n/)) {
      const eq = line.indexOf('=');
      if (eq > 0) props.set(line.slice(0, eq), line.slice(eq + 1));
    }
    const unit = props.get('Id');
    if (!unit) continue;
    // ExecStart={ path=/usr/bin/python3 ; argv[]=/usr/bin/python3 -m vllm… ; ignore_errors=no ; … }
    const exec = props.get('ExecStart') ?? '';
    const command = /argv\[\]=(.*?) ; /.exec(exec)?.[1] ?? '';
    const times = [props.get('ActiveEnterTimestamp'), props.get('InactiveEnterTimestamp')].map((t) => (t ? Date.parse(t.replace(/^\w{3} /, '')) : Number.NaN));
    out.push({ unit, activeState: props.get('ActiveState') ?? 'unknown', command, lastChange: Math.max(0, ...times.filter((t) => !Number.isNaN(t))) });
  }
  return out;
}

/** The argv serves `port` when it names it as a port option or as the port of an address. */
export function commandServesPort(command: string, port: number): boolean {
  return new RegExp(`(?:--port[= ]|:)${port}(?![0-9])`).test(command);
}

/** Picks the unit; undefined + the candidates when nothing (or more than one) fits. */
export function chooseInferenceUnit(candidates: readonly UnitCandidate[], port: number): { unit?: UnitCandidate; serving: UnitCandidate[] } {
  const serving = candidates.filter((c) => commandServesPort(c.command, port) && SERVER_WORDS.test(`${c.unit} ${c.command}`));
  const fallback = serving.length > 0 ? serving : candidates.filter((c) => /^(sglang|vllm)\b/i.test(c.unit));
  const ranked = [...fallback].sort(
    (a, b) => Number(ACTIVE.has(b.activeState)) - Number(ACTIVE.has(a.activeState)) || b.lastChange - a.lastChange,
  );
  const [first, second] = ranked;
  if (!first) return { serving: [] };
  const tie = second && ACTIVE.has(first.activeState) === ACTIVE.has(second.activeState) && first.lastChange === second.lastChange;
  return tie ? { serving: ranked } : { unit: first, serving: ranked };
}

export async function detectInferenceUnit(ctx: OpContext, port: number): Promise<UnitChoice> {
  const list = await runRemote(ctx, ['systemctl', 'list-units', '--type=service', '--all', '--no-legend', '--no-pager', '--plain'], { timeoutMs: 15_000 });
  const units = parseUnitList(list.stdout).slice(0, 400);
  const where = ctx.shell.target;
  if (list.code !== 0 || units.length === 0) {
    return { ok: false, finding: makeFinding('service.unitNotDetected', { port, where, candidates: undefined }) };
  }
  const show = await runRemote(ctx, ['systemctl', 'show', '--property=Id,ActiveState,ExecStart,ActiveEnterTimestamp,InactiveEnterTimestamp', '--', ...units], {
    timeoutMs: 15_000,
  });
  const { unit, serving } = chooseInferenceUnit(parseShowBlocks(show.stdout), port);
  if (!unit) {
    return { ok: false, finding: makeFinding('service.unitNotDetected', { port, where, candidates: serving.map((c) => c.unit).join(', ') || undefined }) };
  }
  const reason = commandServesPort(unit.command, port)
    ? `its command serves port ${port}${ACTIVE.has(unit.activeState) ? ' and it runs' : ''}`
    : `its name says SGLang/vLLM (no service names port ${port} on its command line)`;
  return { ok: true, unit: fullUnitName(unit.unit), reason };
}

/**
 * The unit to act on: the setting when set, else the detected one, remembered per SSH target and
 * port (detection costs two SSH commands; the answer does not change while the Spark stays the same).
 */
export class ServiceUnitResolver {
  private readonly known = new Map<string, string>();
  private readonly listeners: Array<(info: { unit: string; reason: string; target: string }) => void> = [];

  /** Told once per target and port when a unit was detected (to say which one was chosen). */
  onDetected(listener: (info: { unit: string; reason: string; target: string }) => void): void {
    this.listeners.push(listener);
  }

  /** The unit last detected for that target, if any (no SSH). */
  detected(target: string, port: number): string | undefined {
    return this.known.get(`${target} ${port}`);
  }

  async resolve(ctx: OpContext, configured: string, port: number): Promise<UnitChoice> {
    if (configured.trim() !== '') return { ok: true, unit: configured.trim(), reason: 'tailspark.service.unit' };
    const key = `${ctx.shell.target} ${port}`;
    const cached = this.known.get(key);
    if (cached) return { ok: true, unit: cached, reason: 'detected earlier' };
    const choice = await detectInferenceUnit(ctx, port);
    if (choice.ok) {
      this.known.set(key, choice.unit);
      ctx.log.info(`Inference service on ${ctx.shell.target}: ${choice.unit} (${choice.reason})`);
      for (const l of this.listeners) l({ unit: choice.unit, reason: choice.reason, target: ctx.shell.target });
    }
    return choice;
  }

  /** Host or target changed: detect again. */
  forget(): void {
    this.known.clear();
  }
}
