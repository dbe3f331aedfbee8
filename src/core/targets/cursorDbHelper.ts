// Entry point of the detached Cursor-DB writer (bundled to dist/cursor-db-helper.js). Started by
// the extension as `process.execPath` with ELECTRON_RUN_AS_NODE=1, so it outlives the Cursor
// window that spawned it: it waits for Cursor to exit, writes the row, optionally relaunches
// Cursor, and leaves a report file that the next Tailspark activation verifies.
//
//   cursor-db-helper --job '<JSON of CursorJob>'      (see cursorDbJob.ts for the fields:
//   dbPath, waitPid, values, backupPath/backupKey, lockPath, reportPath, relaunch)
import { spawn } from 'node:child_process';
import { makeFinding } from '../findings';
import { type CursorJob, cursorJobSchema, runCursorJob, writeReport } from './cursorDbJob';

function relaunch(argv: string[]): boolean {
  try {
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE; // Cursor must start as the app, not as plain Node
    spawn(argv[0], argv.slice(1), { detached: true, stdio: 'ignore', env }).unref();
    return true;
  } catch {
    return false;
  }
}

async function main(args: string[]): Promise<number> {
  const i = args.indexOf('--job');
  let job: CursorJob;
  try {
    job = cursorJobSchema.parse(JSON.parse(args[i + 1] ?? ''));
  } catch (err) {
    process.stderr.write(`cursor-db-helper: invalid --job argument: ${(err as Error).message}\n`);
    return 2;
  }
  // Tests only: hold the transaction open so a test can SIGKILL us mid-write.
  const hold = Number(process.env.TAILSPARK_TEST_HOLD_BEFORE_COMMIT_MS ?? 0);
  try {
    const report = await runCursorJob(job, {
      holdBeforeCommitMs: hold > 0 ? hold : undefined,
      onHold: () => process.stdout.write('holding-transaction\n'),
    });
    // Relaunch even after a failure: the user quit Cursor expecting it back.
    if (job.relaunch) writeReport(job.reportPath, { ...report, relaunched: relaunch(job.relaunch) });
    return report.status === 'failed' ? 1 : 0;
  } catch (err) {
    writeReport(job.reportPath, {
      status: 'failed',
      mode: job.mode,
      dbPath: job.dbPath,
      helperPid: process.pid,
      at: new Date().toISOString(),
      wanted: job.values,
      finding: makeFinding('target.cursorHelperFailed', { where: job.dbPath, message: (err as Error).message }),
    });
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
