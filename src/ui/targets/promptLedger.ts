// Several editor windows run Tailspark at once, and all of them see the same new URL. This small
// file in the shared state directory makes sure ONE window asks (or writes, in auto mode), and
// that a question the user answered ("Not Now") is not asked again by the next window or on the
// next start. Editor-free; updated under the core's writer lock (atomic across processes).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { isProcessAlive, lockPathFor, withWriterLock } from '../../core/targets/writerLock';

/** A window that died without releasing its claim stops blocking others after this. */
export const ACTIVE_TTL_MS = 10 * 60_000;
/** Answers are remembered this long (then the question may come again). */
export const ANSWER_TTL_MS = 30 * 24 * 3600_000;
const MAX_ANSWERS = 100;

const ledgerSchema = z.object({
  version: z.literal(1),
  active: z.object({ key: z.string(), pid: z.number().int(), host: z.string(), at: z.number() }).optional(),
  answered: z.record(z.string(), z.object({ answer: z.string(), at: z.number() })),
});
export type Ledger = z.infer<typeof ledgerSchema>;

export interface Me {
  pid: number;
  host: string;
}

export type ClaimDecision = 'claim' | 'busy' | 'answered';

/**
 * Pure: may this window act on `key` now?
 *   answered — the user already answered this exact question (any window);
 *   busy     — another live window is asking/writing right now;
 *   claim    — go ahead (this window becomes the active one).
 */
export function decideClaim(ledger: Ledger, key: string, me: Me, now: number, alive: (pid: number) => boolean, honourAnswers = true): ClaimDecision {
  const answer = ledger.answered[key];
  if (honourAnswers && answer && now - answer.at < ANSWER_TTL_MS) return 'answered';
  const a = ledger.active;
  if (!a || (a.pid === me.pid && a.host === me.host)) return 'claim';
  if (now - a.at >= ACTIVE_TTL_MS) return 'claim';
  // Another machine sharing this home directory cannot be checked: trust its claim until the TTL.
  if (a.host === me.host && !alive(a.pid)) return 'claim';
  return 'busy';
}

/** Pure: the ledger after this window released its claim, optionally recording the answer. */
export function released(ledger: Ledger, key: string, me: Me, now: number, answer?: string): Ledger {
  const mine = ledger.active && ledger.active.pid === me.pid && ledger.active.host === me.host;
  const answered = { ...ledger.answered };
  if (answer) answered[key] = { answer, at: now };
  const kept = Object.entries(answered)
    .filter(([, v]) => now - v.at < ANSWER_TTL_MS)
    .sort((x, y) => y[1].at - x[1].at)
    .slice(0, MAX_ANSWERS);
  return { version: 1, ...(mine ? {} : ledger.active ? { active: ledger.active } : {}), answered: Object.fromEntries(kept) };
}

export function emptyLedger(): Ledger {
  return { version: 1, answered: {} };
}

/** The ledger file of a state directory, with claim/release under the writer lock. */
export class PromptLedger {
  readonly path: string;

  constructor(
    private readonly stateDir: string,
    private readonly me: Me = { pid: process.pid, host: hostname() },
    private readonly now: () => number = Date.now,
  ) {
    this.path = join(stateDir, 'autoconfig-prompts.json');
  }

  read(): Ledger {
    try {
      const parsed = ledgerSchema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      return parsed.success ? parsed.data : emptyLedger();
    } catch {
      return emptyLedger(); // absent or unreadable: nothing claimed, nothing answered
    }
  }

  private write(ledger: Ledger): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(ledger, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.path);
  }

  /** 'claim' means this window now holds the claim and must call release(). */
  async claim(key: string, options: { honourAnswers?: boolean } = {}): Promise<ClaimDecision> {
    const r = await withWriterLock(lockPathFor(this.stateDir), async () => {
      const ledger = this.read();
      const decision = decideClaim(ledger, key, this.me, this.now(), isProcessAlive, options.honourAnswers ?? true);
      if (decision === 'claim') this.write({ ...ledger, active: { key, pid: this.me.pid, host: this.me.host, at: this.now() } });
      return decision;
    });
    return r.ok ? r.value : 'busy'; // the lock is busy: another window is at work
  }

  async release(key: string, answer?: string): Promise<void> {
    await withWriterLock(lockPathFor(this.stateDir), async () => {
      this.write(released(this.read(), key, this.me, this.now(), answer));
    });
  }
}
