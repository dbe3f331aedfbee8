// One Cursor-DB write, start to end: wait until Cursor no longer has the database open, take the
// writer lock, save the previous values in the backup store, patch the row in a transaction,
// and write a report file the extension reads after Cursor restarts. Runs in the detached helper
// process (cursorDbHelper.ts) and, for the CLI, in-process — the same code either way.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { type Finding, makeFinding } from '../findings';
import { BackupStore, maybeValueSchema } from './backupStore';
import { waitForCursorExit } from './cursorProcesses';
import { type CursorValues, clearStaleWasmLock, writeCursorRow } from './cursorDb';
import { withWriterLock } from './writerLock';

export const cursorValuesSchema = z.object({ openAIBaseUrl: maybeValueSchema, useOpenAIKey: maybeValueSchema });

export const cursorJobSchema = z.object({
  mode: z.enum(['apply', 'revert']),
  dbPath: z.string().min(1),
  values: cursorValuesSchema,
  /** Backup store file (JSON, no secrets) and the entry key in it. */
  backupPath: z.string().min(1),
  backupKey: z.string().min(1),
  lockPath: z.string().min(1),
  reportPath: z.string().min(1),
  /** Wait for this pid to exit too (the Cursor main process that started us). */
  waitPid: z.number().int().positive().optional(),
  waitTimeoutMs: z.number().int().nonnegative(),
  busyTimeoutMs: z.number().int().nonnegative().default(5000),
  /** argv to start Cursor again after writing (e.g. the main process's own command line). */
  relaunch: z.array(z.string().min(1)).min(1).optional(),
});
export type CursorJob = z.input<typeof cursorJobSchema>;

export const cursorReportSchema = z.object({
  status: z.enum(['waiting', 'written', 'unchanged', 'failed']),
  mode: z.enum(['apply', 'revert']),
  dbPath: z.string(),
  helperPid: z.number(),
  at: z.string(),
  /** What the helper was asked to write. */
  wanted: cursorValuesSchema,
  before: cursorValuesSchema.optional(),
  finding: z.custom<Finding>((v) => typeof v === 'object' && v !== null && 'code' in v).optional(),
  relaunched: z.boolean().optional(),
});
export type CursorReport = z.infer<typeof cursorReportSchema>;

export function writeReport(path: string, report: CursorReport): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

export function readReport(path: string): CursorReport | undefined {
  try {
    const parsed = cursorReportSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export interface JobHooks {
  signal?: AbortSignal;
  /** Tests only: see WriteOptions.holdBeforeCommitMs. */
  holdBeforeCommitMs?: number;
  onHold?: () => void;
}

/** Runs the job; always leaves a final report (written / unchanged / failed) at job.reportPath. */
export async function runCursorJob(input: CursorJob, hooks: JobHooks = {}): Promise<CursorReport> {
  const job = cursorJobSchema.parse(input);
  const base = { mode: job.mode, dbPath: job.dbPath, helperPid: process.pid, wanted: job.values };
  const finish = (r: Omit<CursorReport, 'at' | keyof typeof base>): CursorReport => {
    const report = { ...base, ...r, at: new Date().toISOString() };
    writeReport(job.reportPath, report);
    return report;
  };
  writeReport(job.reportPath, { ...base, status: 'waiting', at: new Date().toISOString() });

  const waited = await waitForCursorExit(job.dbPath, { waitPid: job.waitPid, timeoutMs: job.waitTimeoutMs, signal: hooks.signal });
  if (!waited.exited) {
    const code = job.waitTimeoutMs === 0 ? 'target.cursorRunning' : 'target.cursorWaitTimeout';
    return finish({
      status: 'failed',
      finding: makeFinding(code, { where: job.dbPath, pids: waited.pids.join(', '), seconds: Math.round(job.waitTimeoutMs / 1000) }),
    });
  }

  const store = new BackupStore(job.backupPath);
  const locked = await withWriterLock(job.lockPath, async () => {
    // We hold the writer lock and no process has the DB open: a leftover `.lock` dir is from a
    // writer that died; removing it lets SQLite roll back that writer's hot journal.
    clearStaleWasmLock(job.dbPath, false, 1000);
    return writeCursorRow(job.dbPath, job.values, {
      busyTimeoutMs: job.busyTimeoutMs,
      holdBeforeCommitMs: hooks.holdBeforeCommitMs,
      onHold: hooks.onHold,
      beforeWrite: (before) => {
        if (job.mode === 'apply') {
          store.remember(
            job.backupKey,
            { target: 'cursor', where: job.dbPath, previous: { present: true, value: before }, written: { present: true, value: job.values } },
            { present: true, value: before },
          );
        }
      },
    });
  });
  if (!locked.ok) return finish({ status: 'failed', finding: locked.finding });
  const result = locked.value;
  if (!result.ok) return finish({ status: 'failed', finding: result.finding });
  if (job.mode === 'revert') store.delete(job.backupKey);
  return finish({ status: result.changed ? 'written' : 'unchanged', before: result.before as CursorValues });
}
