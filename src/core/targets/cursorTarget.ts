// Target 1: Cursor's native "Override OpenAI Base URL" (state.vscdb, see cursorDb.ts).
// Cursor keeps the value in memory and writes it back on exit, so the write happens only while
// no Cursor process has the database open:
//   whenRunning 'refuse'          → a target.cursorRunning finding (CLI default)
//   whenRunning 'wait'            → wait in this process for Cursor to exit (CLI --wait)
//   whenRunning 'detached-helper' → start dist/cursor-db-helper.js detached; it waits, writes,
//                                   optionally relaunches Cursor; result 'pending' (extension)
// After the restart, verifyPendingWrite() compares the helper's report with the database.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { type Finding, makeFinding } from '../findings';
import { BackupStore, backupPathFor } from './backupStore';
import { existsSync } from 'node:fs';
import { type CursorValues, clearStaleWasmLock, readCursorRow } from './cursorDb';
import { type CursorJob, cursorValuesSchema, readReport, runCursorJob } from './cursorDbJob';
import { cursorDbUsers } from './cursorProcesses';
import { cursorCloudReachability } from './reachability';
import { isProcessAlive, lockPathFor, readLockHolder, withWriterLock } from './writerLock';
import type { ApplyResult, Detection, EndpointExposure, ReadResult, Reachability, Target, VerifiedEndpoint } from './types';

export interface HelperCommand {
  /** Executable: process.execPath (Cursor's Electron binary inside the extension, node in the CLI). */
  command: string;
  /** Arguments before `--job …`, e.g. [<extensionPath>/dist/cursor-db-helper.js]. */
  args: string[];
}

export interface CursorTargetOptions {
  dbPath: string;
  /** Tailspark's state directory (backups, writer lock, helper report). */
  stateDir: string;
  whenRunning: 'refuse' | 'wait' | 'detached-helper';
  /** How long 'wait' / the helper waits for Cursor to exit. Default 10 min / 24 h. */
  waitTimeoutMs?: number;
  busyTimeoutMs?: number;
  /** Needed for 'detached-helper'. */
  helper?: HelperCommand;
  /** Pid of the Cursor main process the helper should wait for (besides the open-file check). */
  waitPid?: number;
  /** argv the helper runs to start Cursor again after writing. */
  relaunch?: string[];
  signal?: AbortSignal;
}

export type PendingVerification =
  | { state: 'none' }
  | { state: 'waiting'; helperPid: number }
  | { state: 'verified'; url: string | undefined }
  | { state: 'failed'; finding: Finding };

export const cursorFiles = (stateDir: string) => ({
  lockPath: lockPathFor(stateDir),
  reportPath: join(stateDir, 'cursor-helper-report.json'),
  backupPath: backupPathFor(stateDir),
});

function urlOf(values: CursorValues): string | undefined {
  return values.openAIBaseUrl.present && typeof values.openAIBaseUrl.value === 'string' ? values.openAIBaseUrl.value : undefined;
}

export class CursorTarget implements Target {
  readonly id = 'cursor' as const;
  readonly label = 'Cursor (native OpenAI base URL)';

  constructor(private readonly options: CursorTargetOptions) {}

  private get backupKey(): string {
    return `cursor:${this.options.dbPath}`;
  }

  private get files() {
    return cursorFiles(this.options.stateDir);
  }

  async detect(): Promise<Detection> {
    const read = this.readRow();
    if (read.ok) return { present: true, where: this.options.dbPath, reason: 'Cursor state database with user settings row' };
    return { present: false, where: this.options.dbPath, reason: read.finding.title };
  }

  async read(): Promise<ReadResult> {
    const read = this.readRow();
    if (!read.ok) return read;
    return { ok: true, value: urlOf(read.row.values), where: this.options.dbPath };
  }

  async inSync(url: string): Promise<boolean> {
    const read = this.readRow();
    return read.ok && urlOf(read.row.values) === url && read.row.values.useOpenAIKey.value === true;
  }

  reachability(url: string, exposure: EndpointExposure, authRequired?: boolean): Reachability {
    return cursorCloudReachability(url, exposure, authRequired);
  }

  /**
   * A Tailspark writer that was killed mid-transaction leaves node-sqlite3-wasm's `<db>.lock`
   * directory, which would make every later open report "busy". If no process has the database
   * open, remove it (a hot journal is handled in cursorDb.ts: target.cursorDbInterrupted).
   */
  private async recoverInterruptedWrite(): Promise<void> {
    const db = this.options.dbPath;
    if (!existsSync(`${db}.lock`)) return;
    if ((await cursorDbUsers(db)).pids.length > 0) return;
    await withWriterLock(this.files.lockPath, async () => {
      clearStaleWasmLock(db, false, 1000);
    });
  }

  /** Reads must not stay blocked by the lock dir of a writer that died (see cursorDb.ts). */
  private readRow() {
    const holder = readLockHolder(this.files.lockPath);
    clearStaleWasmLock(this.options.dbPath, holder !== undefined && isProcessAlive(holder.pid), 5000);
    return readCursorRow(this.options.dbPath, { busyTimeoutMs: this.options.busyTimeoutMs ?? 2000 });
  }

  async apply(endpoint: VerifiedEndpoint): Promise<ApplyResult> {
    const where = this.options.dbPath;
    await this.recoverInterruptedWrite();
    const current = this.readRow();
    if (!current.ok) return { status: 'failed', where, finding: current.finding };
    if (urlOf(current.row.values) === endpoint.baseUrl && current.row.values.useOpenAIKey.value === true) {
      return { status: 'unchanged', where, now: endpoint.baseUrl };
    }
    const wanted: CursorValues = {
      openAIBaseUrl: { present: true, value: endpoint.baseUrl },
      useOpenAIKey: { present: true, value: true },
    };
    return this.write('apply', wanted, urlOf(current.row.values));
  }

  async revert(): Promise<ApplyResult> {
    const where = this.options.dbPath;
    await this.recoverInterruptedWrite();
    const entry = new BackupStore(this.files.backupPath).get(this.backupKey);
    const previous = entry?.previous.present ? cursorValuesSchema.safeParse(entry.previous.value) : undefined;
    if (!previous?.success) {
      return { status: 'failed', where, finding: makeFinding('target.noBackup', { target: this.label, where: this.files.backupPath }) };
    }
    return this.write('revert', previous.data, undefined);
  }

  private async write(mode: 'apply' | 'revert', values: CursorValues, previousUrl: string | undefined): Promise<ApplyResult> {
    const where = this.options.dbPath;
    const { whenRunning } = this.options;
    const job: CursorJob = {
      mode,
      dbPath: where,
      values,
      backupPath: this.files.backupPath,
      backupKey: this.backupKey,
      lockPath: this.files.lockPath,
      reportPath: this.files.reportPath,
      waitPid: this.options.waitPid,
      busyTimeoutMs: this.options.busyTimeoutMs ?? 5000,
      waitTimeoutMs: 0,
      ...(this.options.relaunch ? { relaunch: this.options.relaunch } : {}),
    };
    const users = await cursorDbUsers(where);
    const running = users.pids.length > 0;
    if (running && whenRunning === 'detached-helper') {
      return this.startHelper({ ...job, waitTimeoutMs: this.options.waitTimeoutMs ?? 24 * 3600_000 }, users.pids);
    }
    if (running && whenRunning === 'refuse') {
      return { status: 'failed', where, finding: makeFinding('target.cursorRunning', { where, pids: users.pids.join(', ') }) };
    }
    const report = await runCursorJob(
      { ...job, waitTimeoutMs: running ? (this.options.waitTimeoutMs ?? 600_000) : 0 },
      { signal: this.options.signal },
    );
    if (report.status === 'failed') {
      return { status: 'failed', where, finding: report.finding ?? makeFinding('target.cursorHelperFailed', { where }) };
    }
    // Read back: the truth is what the database holds now.
    const after = await this.read();
    if (!after.ok) return { status: 'failed', where, finding: after.finding };
    const wantedUrl = urlOf(values);
    if (after.value !== wantedUrl) {
      return {
        status: 'failed',
        where,
        finding: makeFinding('target.cursorVerifyFailed', { where, expected: wantedUrl ?? '(none)', actual: after.value ?? '(none)' }),
      };
    }
    if (mode === 'revert') return { status: 'reverted', where, restored: after.value };
    if (report.status === 'unchanged') return { status: 'unchanged', where, now: after.value ?? '' };
    return { status: 'written', where, previous: previousUrl, now: after.value ?? '' };
  }

  private startHelper(job: CursorJob, pids: number[]): ApplyResult {
    const where = this.options.dbPath;
    const helper = this.options.helper;
    if (!helper) {
      return { status: 'failed', where, finding: makeFinding('target.cursorHelperFailed', { where, message: 'no helper command configured' }) };
    }
    const child = spawn(helper.command, [...helper.args, '--job', JSON.stringify(job)], {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    child.unref();
    const verb = job.mode === 'apply' ? 'write' : 'restore';
    return {
      status: 'pending',
      where,
      helperPid: child.pid,
      detail: `Cursor (pid ${pids.join(', ')}) has the settings database open. A background writer will ${verb} the value as soon as Cursor quits${job.relaunch ? ' and start Cursor again' : ''}; it is verified on the next start.`,
    };
  }

  /** Call on activation: did the last helper run write what it was asked, and did Cursor keep it? */
  async verifyPendingWrite(): Promise<PendingVerification> {
    const report = readReport(this.files.reportPath);
    if (!report || report.dbPath !== this.options.dbPath) return { state: 'none' };
    if (report.status === 'waiting') return { state: 'waiting', helperPid: report.helperPid };
    if (report.status === 'failed') {
      return { state: 'failed', finding: report.finding ?? makeFinding('target.cursorHelperFailed', { where: report.dbPath }) };
    }
    const now = await this.read();
    if (!now.ok) return { state: 'failed', finding: now.finding };
    const expected = urlOf(report.wanted);
    if (now.value !== expected) {
      return {
        state: 'failed',
        finding: makeFinding('target.cursorVerifyFailed', { where: report.dbPath, expected: expected ?? '(none)', actual: now.value ?? '(none)' }),
      };
    }
    return { state: 'verified', url: now.value };
  }
}
