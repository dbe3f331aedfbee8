// A read-only state.vscdb (or a read-only folder around it, where SQLite puts its journal) is a
// permission problem, not a corrupt database: the finding says what is read-only, where, and how to
// make it writable. The writer runs as an unprivileged user (root may write anything).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildStateDb } from '../../fixtures/targets/stateDb';

const NOBODY = 65534;
const CHILD = resolve(__dirname, '../../fixtures/targets/writeRowChild.ts');
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-rodb-'));
  chmodSync(dir, 0o755);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A state.vscdb in its own folder, both owned by the unprivileged user. */
function dbIn(name: string): { folder: string; db: string } {
  const folder = join(dir, name);
  mkdirSync(folder);
  const db = join(folder, 'state.vscdb');
  buildStateDb(db, { kvRows: 5 });
  chownSync(folder, NOBODY, NOBODY);
  chownSync(db, NOBODY, NOBODY);
  return { folder, db };
}

function writeAsNobody(db: string): { ok: boolean; code?: string; detail?: string; fixes?: { action: { kind: string; text?: string } }[] } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, db], {
    uid: NOBODY,
    gid: NOBODY,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: '/tmp', TMPDIR: '/tmp' },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('read-only Cursor state database', { skip: process.getuid?.() !== 0 && 'needs root to switch to an unprivileged user' }, () => {
  test('a writable database is written (the unprivileged writer works at all)', () => {
    const { db } = dbIn('ok');
    assert.deepEqual(writeAsNobody(db), { ok: true });
  });

  test('a read-only state.vscdb → cursorDbReadOnly naming the file, with a chmod fix (not "corrupt")', () => {
    const { db } = dbIn('ro-file');
    chmodSync(db, 0o444);
    const r = writeAsNobody(db);
    assert.equal(r.code, 'target.cursorDbReadOnly', JSON.stringify(r));
    assert.match(r.detail ?? '', new RegExp(`${db.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not writable`));
    assert.doesNotMatch(r.detail ?? '', /backup/);
    assert.deepEqual(r.fixes?.[0]?.action, { kind: 'copy', text: `chmod u+w ${db}` });
  });

  test('a read-only folder (no room for the journal) → cursorDbReadOnly naming the folder', () => {
    const { folder, db } = dbIn('ro-folder');
    chmodSync(folder, 0o555);
    const r = writeAsNobody(db);
    assert.equal(r.code, 'target.cursorDbReadOnly', JSON.stringify(r));
    assert.match(r.detail ?? '', /the folder is not writable/);
    assert.deepEqual(r.fixes?.[0]?.action, { kind: 'copy', text: `chmod u+w ${folder}` });
  });
});
