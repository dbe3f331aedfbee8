// The Cursor DB writer (the detached helper) killed with SIGKILL at many moments of its life —
// while starting, while writing the backup, inside the transaction, around the commit, after it:
// whatever the moment, the database stays valid (native `sqlite3 … PRAGMA integrity_check` → ok),
// holds either the old or the new value (never a torn row), every other row is untouched, and the
// original value can be restored byte for byte. The fixed-point version (kill while the
// transaction is held) is in test/integration/targets/cursorHelper.test.ts.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { hasHotJournal } from '../../src/core/targets/cursorDb';
import { CursorTarget, cursorFiles } from '../../src/core/targets/cursorTarget';
import { verifiedEndpoint } from '../../src/core/targets/types';
import { APPLICATION_USER_JSON, applicationUserText, buildStateDb, otherRowsChecksum, sqlite3, sqlite3rw } from '../fixtures/targets/stateDb';

const SPARK = 'https://spark-56d0.tail1234.ts.net/v1';
const ORIGINAL = 'https://api.openai.com/v1';
const endpoint = verifiedEndpoint({ baseUrl: SPARK, models: [{ id: 'Qwen/Qwen2.5-7B-Instruct' }], exposure: 'tailnet', authRequired: false });
const HELPER = [process.execPath, '--import', 'tsx', resolve(__dirname, '../../src/core/targets/cursorDbHelper.ts')];
/** How long the helper holds its transaction open (test hook), so kills can land inside it. */
const HOLD_MS = 400;

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-cursor-crash-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Kill points: "start+N" ms after spawning, or "hold+N" ms after the helper said it holds the transaction. */
const KILL_POINTS = ['start+30', 'start+150', 'hold+0', 'hold+150', 'hold+350', 'hold+420', 'hold+600', 'hold+1500'];

test(`SIGKILL of the Cursor DB helper at ${KILL_POINTS.length} moments: valid DB, old or new value, original restorable`, { timeout: 180_000 }, async () => {
  const outcomes: string[] = [];
  for (const [n, point] of KILL_POINTS.entries()) {
    const db = join(dir, `state-${n}.vscdb`);
    buildStateDb(db, { kvRows: 2000 });
    const sums = otherRowsChecksum(db);
    const stateDir = join(dir, `st-${n}`);
    const files = cursorFiles(stateDir);
    const job = {
      mode: 'apply',
      dbPath: db,
      values: { openAIBaseUrl: { present: true, value: SPARK }, useOpenAIKey: { present: true, value: true } },
      backupPath: files.backupPath,
      backupKey: `cursor:${db}`,
      lockPath: files.lockPath,
      reportPath: files.reportPath,
      waitTimeoutMs: 0,
    };
    const helper = spawn(HELPER[0], [...HELPER.slice(1), '--job', JSON.stringify(job)], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, TAILSPARK_TEST_HOLD_BEFORE_COMMIT_MS: String(HOLD_MS) },
    });
    const exited = new Promise<void>((r) => helper.once('exit', () => r()));
    const [anchor, offset] = point.split('+') as ['start' | 'hold', string];
    if (anchor === 'hold') await holding(helper);
    await new Promise((r) => setTimeout(r, Number(offset)));
    helper.kill('SIGKILL');
    await exited;

    const target = new CursorTarget({ dbPath: db, stateDir, whenRunning: 'refuse', busyTimeoutMs: 300 });
    // A journal that carries SQLite's header is "hot": the file is half-modified.
    const hot = hasHotJournal(db);
    if (hot) {
      // Half-written file + journal: Tailspark must not read or write it; Cursor's native SQLite
      // rolls it back on its next start (simulated by opening it read-write with sqlite3).
      await new Promise((r) => setTimeout(r, 1100)); // a dead writer's lock counts as stale after 1 s
      const read = await target.read();
      assert.equal(!read.ok && read.finding.code, 'target.cursorDbInterrupted', `${point}: ${JSON.stringify(read)}`);
      assert.equal(sqlite3rw(db, 'PRAGMA integrity_check'), 'ok', `${point}: rollback by native SQLite`);
    }
    assert.equal(sqlite3(db, 'PRAGMA integrity_check'), 'ok', `${point}: integrity`);
    assert.deepEqual(otherRowsChecksum(db), sums, `${point}: other rows untouched`);
    const value = JSON.parse(applicationUserText(db)).openAIBaseUrl as string;
    assert.ok(value === ORIGINAL || value === SPARK, `${point}: torn value ${value}`);
    outcomes.push(`${point}: ${value === SPARK ? 'new value' : 'old value'}${hot ? ' (after rollback)' : ''}`);

    // Restorable: from either outcome, Tailspark gets back to the exact original bytes.
    await new Promise((r) => setTimeout(r, 1100));
    if (value === ORIGINAL) {
      const again = await target.apply(endpoint);
      assert.equal(again.status, 'written', `${point}: apply after the crash: ${JSON.stringify(again)}`);
    }
    const back = await target.revert();
    assert.equal(back.status, 'reverted', `${point}: revert: ${JSON.stringify(back)}`);
    assert.equal(applicationUserText(db), APPLICATION_USER_JSON, `${point}: byte-exact original`);
    assert.equal(sqlite3(db, 'PRAGMA integrity_check'), 'ok');
  }
  // The sweep really covered both sides of the commit.
  assert.ok(outcomes.some((o) => o.includes('old value')) && outcomes.some((o) => o.includes('new value')), outcomes.join('\n'));
  console.log(outcomes.join('\n'));
});

function holding(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`helper never reached its transaction: ${buf}`)), 20_000);
    child.stdout!.on('data', (d) => {
      buf += String(d);
      if (buf.includes('holding-transaction')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}
