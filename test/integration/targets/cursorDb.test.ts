// Cursor's state.vscdb, for real: a 20k-row / ~50 MB database with Cursor's schema, patched by
// CursorTarget / writeCursorRow and checked with the independent native `sqlite3` CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readCursorRow, writeCursorRow } from '../../../src/core/targets/cursorDb';
import { CursorTarget } from '../../../src/core/targets/cursorTarget';
import { verifiedEndpoint } from '../../../src/core/targets/types';
import { APPLICATION_USER_JSON, applicationUserText, buildStateDb, otherRowsChecksum, sqlite3 } from '../../fixtures/targets/stateDb';

const SPARK = 'https://spark-56d0.tail1234.ts.net/v1';
const endpoint = verifiedEndpoint({ baseUrl: SPARK, models: [{ id: 'Qwen/Qwen2.5-7B-Instruct', contextLength: 32768 }], exposure: 'funnel', authRequired: true });
const fileHash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

let dir: string;
let bigDb: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-cursordb-'));
  bigDb = join(dir, 'big.vscdb');
  buildStateDb(bigDb, { kvRows: 20_000, kvValueBytes: 2500 });
});
after(() => rmSync(dir, { recursive: true, force: true }));

function freshCopy(name: string): string {
  const p = join(dir, name);
  copyFileSync(bigDb, p);
  return p;
}

describe('Cursor state.vscdb writer', () => {
  test('the fixture is big and valid (native sqlite3)', () => {
    assert.ok(statSync(bigDb).size > 50_000_000, `size ${statSync(bigDb).size}`);
    assert.equal(sqlite3(bigDb, 'SELECT count(*) FROM cursorDiskKV'), '20000');
    assert.equal(sqlite3(bigDb, 'PRAGMA integrity_check'), 'ok');
  });

  test('apply changes only the two properties; every other row is byte-identical; revert restores the exact text', async () => {
    const db = freshCopy('apply.vscdb');
    const stateDir = join(dir, 'state-apply');
    const sumsBefore = otherRowsChecksum(db);
    const target = new CursorTarget({ dbPath: db, stateDir, whenRunning: 'refuse' });
    assert.equal((await target.read()).ok && (await target.read() as { value?: string }).value, 'https://api.openai.com/v1');

    const r = await target.apply(endpoint);
    assert.equal(r.status, 'written', JSON.stringify(r));
    assert.deepEqual(otherRowsChecksum(db), sumsBefore);
    assert.equal(sqlite3(db, 'PRAGMA integrity_check'), 'ok');
    const expected = APPLICATION_USER_JSON.replace('"openAIBaseUrl":"https://api.openai.com/v1"', `"openAIBaseUrl":"${SPARK}"`).replace(
      '"useOpenAIKey":false',
      '"useOpenAIKey":true',
    );
    assert.equal(applicationUserText(db), expected, 'only the two values differ, byte for byte (2.50 and the 19-digit number survive)');
    assert.equal(await target.inSync(SPARK), true);
    assert.equal((await target.apply(endpoint)).status, 'unchanged');

    const backup = JSON.parse(readFileSync(join(stateDir, 'target-backups.json'), 'utf8'));
    assert.deepEqual(backup.entries[`cursor:${db}`].previous.value.openAIBaseUrl, { present: true, value: 'https://api.openai.com/v1' });

    const rv = await target.revert();
    assert.equal(rv.status, 'reverted', JSON.stringify(rv));
    assert.equal(applicationUserText(db), APPLICATION_USER_JSON);
    assert.deepEqual(otherRowsChecksum(db), sumsBefore);
    assert.equal(sqlite3(db, 'PRAGMA integrity_check'), 'ok');
    assert.equal((await target.revert()).status, 'failed', 'second revert: nothing saved any more');
  });

  test('properties that were absent are removed again on revert', async () => {
    const db = join(dir, 'absent.vscdb');
    const text = JSON.stringify({ aiSettings: { openAIModel: 'gpt-4o' }, availableAPIKeyModels: ['gpt-4o'] });
    buildStateDb(db, { kvRows: 10, applicationUser: text, storedAs: 'blob' });
    const target = new CursorTarget({ dbPath: db, stateDir: join(dir, 'state-absent'), whenRunning: 'refuse' });
    assert.equal((await target.apply(endpoint)).status, 'written');
    assert.equal(sqlite3(db, `SELECT typeof(value) FROM ItemTable WHERE key LIKE '%applicationUser'`), 'blob', 'storage class kept');
    assert.deepEqual(JSON.parse(applicationUserText(db)), { ...JSON.parse(text), openAIBaseUrl: SPARK, useOpenAIKey: true });
    assert.equal((await target.revert()).status, 'reverted');
    assert.equal(applicationUserText(db), text);
  });

  test('missing file → cursorDbMissing, no file created', async () => {
    const db = join(dir, 'nope', 'state.vscdb');
    const r = await new CursorTarget({ dbPath: db, stateDir: join(dir, 's1'), whenRunning: 'refuse' }).apply(endpoint);
    assert.equal(r.status === 'failed' && r.finding.code, 'target.cursorDbMissing');
    assert.equal(existsSync(db), false);
  });

  test('missing row → cursorRowMissing, file unchanged', async () => {
    const db = join(dir, 'norow.vscdb');
    buildStateDb(db, { kvRows: 10, applicationUser: null });
    const h = fileHash(db);
    const r = await new CursorTarget({ dbPath: db, stateDir: join(dir, 's2'), whenRunning: 'refuse' }).apply(endpoint);
    assert.equal(r.status === 'failed' && r.finding.code, 'target.cursorRowMissing');
    assert.equal(fileHash(db), h);
  });

  test('corrupt database → cursorDbCorrupt, file unchanged', async () => {
    const notSqlite = join(dir, 'garbage.vscdb');
    writeFileSync(notSqlite, 'this is not a database'.repeat(500));
    const truncated = join(dir, 'truncated.vscdb');
    writeFileSync(truncated, readFileSync(bigDb).subarray(0, 4096 * 3));
    for (const db of [notSqlite, truncated]) {
      const h = fileHash(db);
      const r = writeCursorRow(db, { openAIBaseUrl: { present: true, value: SPARK }, useOpenAIKey: { present: true, value: true } });
      assert.equal(!r.ok && r.finding.code, 'target.cursorDbCorrupt', `${db}: ${JSON.stringify(r)}`);
      assert.equal(fileHash(db), h);
    }
  });

  test('unexpected JSON → cursorJsonUnexpected, file unchanged', async () => {
    for (const [name, text] of [
      ['array', '[1,2]'],
      ['not-json', '{"openAIBaseUrl": '],
      ['bad-type', '{"openAIBaseUrl":"x","useOpenAIKey":"yes"}'],
    ]) {
      const db = join(dir, `json-${name}.vscdb`);
      buildStateDb(db, { kvRows: 5, applicationUser: text });
      const h = fileHash(db);
      const r = await new CursorTarget({ dbPath: db, stateDir: join(dir, `s-${name}`), whenRunning: 'refuse' }).apply(endpoint);
      assert.equal(r.status === 'failed' && r.finding.code, 'target.cursorJsonUnexpected', name);
      assert.equal(fileHash(db), h);
    }
  });

  test('locked database (another writer holds a transaction) → cursorDbLocked after the busy timeout, nothing written', async () => {
    const db = freshCopy('locked.vscdb');
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const {Database}=require(${JSON.stringify(require.resolve('node-sqlite3-wasm'))});const d=new Database(process.argv[1]);d.exec('BEGIN IMMEDIATE');process.stdout.write('locked\\n');setTimeout(()=>{d.exec('ROLLBACK');d.close()},4000);`,
        db,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout!.on('data', (d) => String(d).includes('locked') && resolve()));
    const r = writeCursorRow(db, { openAIBaseUrl: { present: true, value: SPARK }, useOpenAIKey: { present: true, value: true } }, { busyTimeoutMs: 700 });
    // It gave up on its own busy timeout (700 ms), while the lock was still held (4 s).
    assert.equal(!r.ok && r.finding.code, 'target.cursorDbLocked', JSON.stringify(r));
    assert.match(!r.ok ? r.finding.detail : '', /stayed locked for 700 ms/);
    assert.equal(holder.exitCode, null, 'the lock holder was still holding the lock when the write gave up');
    await new Promise((resolve) => holder.on('exit', resolve));
    assert.equal(applicationUserText(db), APPLICATION_USER_JSON);
    const read = readCursorRow(db);
    assert.ok(read.ok, 'readable again once the other writer is gone');
  });
});
