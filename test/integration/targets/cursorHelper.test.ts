// Why Tailspark waits for Cursor to exit, and that the detached helper does: a stand-in Cursor
// process (fakeCursor.cjs) keeps state.vscdb open and writes its cached row back on SIGTERM.
// Also: SIGKILL of the helper in the middle of its transaction leaves a valid database.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hasHotJournal, writeCursorRow } from '../../../src/core/targets/cursorDb';
import { readReport } from '../../../src/core/targets/cursorDbJob';
import { cursorDbUsers } from '../../../src/core/targets/cursorProcesses';
import { CursorTarget, cursorFiles } from '../../../src/core/targets/cursorTarget';
import { verifiedEndpoint } from '../../../src/core/targets/types';
import { APPLICATION_USER_JSON, applicationUserText, buildStateDb, otherRowsChecksum, sqlite3, sqlite3rw } from '../../fixtures/targets/stateDb';

const SPARK = 'https://spark-56d0.tail1234.ts.net/v1';
const endpoint = verifiedEndpoint({ baseUrl: SPARK, models: [{ id: 'Qwen/Qwen2.5-7B-Instruct' }], exposure: 'funnel', authRequired: true });
const FAKE_CURSOR = resolve(__dirname, '../../fixtures/targets/fakeCursor.cjs');
const WASM = require.resolve('node-sqlite3-wasm');
const HELPER = { command: process.execPath, args: ['--import', 'tsx', resolve(__dirname, '../../../src/core/targets/cursorDbHelper.ts')] };
const urlIn = (db: string) => JSON.parse(applicationUserText(db)).openAIBaseUrl as string;

let dir: string;
const children: ChildProcess[] = [];
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-helper-'));
});
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function waitForLine(child: ChildProcess, text: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((res, rej) => {
    let buf = '';
    const timer = setTimeout(() => rej(new Error(`no "${text}" within ${timeoutMs} ms; got: ${buf}`)), timeoutMs);
    child.stdout!.on('data', (d) => {
      buf += String(d);
      if (buf.includes(text)) {
        clearTimeout(timer);
        res();
      }
    });
  });
}

async function startFakeCursor(db: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [FAKE_CURSOR, db, WASM], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await waitForLine(child, 'ready');
  return child;
}

const exited = (c: ChildProcess) => new Promise((r) => (c.exitCode !== null ? r(c.exitCode) : c.on('exit', r)));

async function until<T>(fn: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Cursor helper process', () => {
  test('a running Cursor is detected through /proc/*/fd, and a write made while it runs is lost on its exit', async () => {
    const db = join(dir, 'lost.vscdb');
    buildStateDb(db, { kvRows: 100 });
    const cursor = await startFakeCursor(db);
    assert.deepEqual((await cursorDbUsers(db)).pids, [cursor.pid]);
    // Force a write behind Cursor's back (what Tailspark must NOT do):
    const w = writeCursorRow(db, { openAIBaseUrl: { present: true, value: SPARK }, useOpenAIKey: { present: true, value: true } });
    assert.ok(w.ok && w.changed);
    assert.equal(urlIn(db), SPARK);
    cursor.kill('SIGTERM');
    await exited(cursor);
    assert.equal(urlIn(db), 'https://api.openai.com/v1', 'Cursor wrote its cached value back: the change is gone');
    assert.deepEqual((await cursorDbUsers(db)).pids, []);
  });

  test('CLI mode refuses while Cursor has the database open', async () => {
    const db = join(dir, 'refuse.vscdb');
    buildStateDb(db, { kvRows: 10 });
    const cursor = await startFakeCursor(db);
    const r = await new CursorTarget({ dbPath: db, stateDir: join(dir, 'st-refuse'), whenRunning: 'refuse' }).apply(endpoint);
    assert.equal(r.status === 'failed' && r.finding.code, 'target.cursorRunning');
    assert.match(r.status === 'failed' ? r.finding.detail : '', new RegExp(`pid ${cursor.pid}`));
    assert.equal(applicationUserText(db), APPLICATION_USER_JSON);
    cursor.kill('SIGTERM');
    await exited(cursor);
  });

  test('the detached helper waits for Cursor to exit, then writes, relaunches, and the write is verified', async () => {
    const db = join(dir, 'helper.vscdb');
    buildStateDb(db, { kvRows: 2000 });
    const stateDir = join(dir, 'st-helper');
    const sums = otherRowsChecksum(db);
    const cursor = await startFakeCursor(db);
    const target = new CursorTarget({
      dbPath: db,
      stateDir,
      whenRunning: 'detached-helper',
      helper: HELPER,
      relaunch: [process.execPath, FAKE_CURSOR, db, WASM],
    });
    const r = await target.apply(endpoint);
    assert.equal(r.status, 'pending', JSON.stringify(r));
    const helperPid = r.status === 'pending' ? r.helperPid! : 0;
    await until(() => readReport(cursorFiles(stateDir).reportPath)?.status === 'waiting');
    await new Promise((res) => setTimeout(res, 1200));
    assert.equal(urlIn(db), 'https://api.openai.com/v1', 'nothing written while Cursor runs');
    assert.deepEqual(await target.verifyPendingWrite(), { state: 'waiting', helperPid });

    cursor.kill('SIGTERM'); // Cursor quits and writes its cache back first …
    await exited(cursor);
    const report = await until(() => {
      const rep = readReport(cursorFiles(stateDir).reportPath);
      return rep && rep.status !== 'waiting' && rep.relaunched !== undefined && rep;
    });
    assert.equal(report.status, 'written', JSON.stringify(report));
    assert.equal(report.relaunched, true);
    // … then the helper wrote, and relaunched "Cursor" (which now has the file open again).
    assert.equal(urlIn(db), SPARK);
    assert.deepEqual(otherRowsChecksum(db), sums);
    assert.deepEqual(await target.verifyPendingWrite(), { state: 'verified', url: SPARK });
    // Clean up the relaunched stand-in (it holds the DB open).
    let again = await cursorDbUsers(db);
    for (let i = 0; i < 50 && again.pids.length === 0; i++) {
      await new Promise((res) => setTimeout(res, 100));
      again = await cursorDbUsers(db);
    }
    assert.equal(again.pids.length, 1, 'the relaunched Cursor has the database open');
    process.kill(again.pids[0], 'SIGKILL');
  });

  test('SIGKILL of the helper in the middle of its transaction: database valid, original value kept and restorable', async () => {
    const db = join(dir, 'killed.vscdb');
    buildStateDb(db, { kvRows: 3000 });
    const stateDir = join(dir, 'st-killed');
    const sums = otherRowsChecksum(db);
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
    const helper = spawn(HELPER.command, [...HELPER.args, '--job', JSON.stringify(job)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TAILSPARK_TEST_HOLD_BEFORE_COMMIT_MS: '30000' },
    });
    children.push(helper);
    await waitForLine(helper, 'holding-transaction');
    assert.ok(existsSync(`${db}-journal`), 'mid-transaction: rollback journal exists');
    helper.kill('SIGKILL');
    await exited(helper);

    // Like Cursor on its next start, native SQLite rolls the hot journal back.
    const copy = join(dir, 'killed-copy.vscdb');
    require('node:fs').copyFileSync(db, copy);
    require('node:fs').copyFileSync(`${db}-journal`, `${copy}-journal`);
    assert.equal(sqlite3rw(copy, 'PRAGMA integrity_check'), 'ok');
    assert.equal(JSON.parse(applicationUserText(copy)).openAIBaseUrl, 'https://api.openai.com/v1');

    // And Tailspark itself recovers: the next write clears the dead writer's lock, SQLite rolls
    // back the journal, the write succeeds; revert restores the byte-exact original.
    await new Promise((r) => setTimeout(r, 1100)); // the dead writer's lock dir must be older than 1 s
    const target = new CursorTarget({ dbPath: db, stateDir, whenRunning: 'refuse' });
    const r = await target.apply(endpoint);
    assert.equal(r.status, 'written', JSON.stringify(r));
    assert.equal(existsSync(`${db}-journal`), false);
    assert.equal(sqlite3(db, 'PRAGMA integrity_check'), 'ok');
    assert.deepEqual(otherRowsChecksum(db), sums);
    assert.equal((await target.revert()).status, 'reverted');
    assert.equal(applicationUserText(db), APPLICATION_USER_JSON);
  });
});

describe('a writer that died with a hot journal', () => {
  test('read and apply refuse with cursorDbInterrupted and write nothing; once native SQLite (Cursor) rolled it back, apply works', async () => {
    const db = join(dir, 'hot.vscdb');
    buildStateDb(db, { kvRows: 3000 });
    const sums = otherRowsChecksum(db);
    const crasher = spawn(process.execPath, [resolve(__dirname, '../../fixtures/targets/crashMidCommit.cjs'), db, WASM], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(crasher);
    await waitForLine(crasher, 'spilled', 30_000);
    crasher.kill('SIGKILL');
    await exited(crasher);
    assert.equal(hasHotJournal(db), true, 'the journal carries the magic: the database file is half-modified');
    const dbBytes = readFileSync(db);
    const journalBytes = readFileSync(`${db}-journal`);

    const stateDir = join(dir, 'st-hot');
    const target = new CursorTarget({ dbPath: db, stateDir, whenRunning: 'refuse', busyTimeoutMs: 300 });
    await new Promise((r) => setTimeout(r, 1100)); // the dead writer's lock dir must be older than 1 s
    const read = await target.read();
    assert.equal(!read.ok && read.finding.code, 'target.cursorDbInterrupted');
    const r = await target.apply(endpoint);
    assert.equal(r.status === 'failed' && r.finding.code, 'target.cursorDbInterrupted', JSON.stringify(r));
    assert.ok(readFileSync(db).equals(dbBytes), 'database file untouched');
    assert.ok(readFileSync(`${db}-journal`).equals(journalBytes), 'journal untouched (it is the only way back)');

    // Cursor's next start: native SQLite rolls the journal back.
    assert.equal(sqlite3rw(db, 'PRAGMA integrity_check'), 'ok');
    assert.equal(existsSync(`${db}-journal`), false);
    assert.deepEqual(otherRowsChecksum(db), sums, 'every chat-history row is back to its pre-crash bytes');
    assert.equal(applicationUserText(db), APPLICATION_USER_JSON);
    const again = await target.apply(endpoint);
    assert.equal(again.status, 'written', JSON.stringify(again));
    assert.equal((await target.revert()).status, 'reverted');
    assert.equal(applicationUserText(db), APPLICATION_USER_JSON);
  });
});
