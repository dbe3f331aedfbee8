// Evidence for the SQLite engine choice (node-sqlite3-wasm): reading the one row from a ~50 MB
// state.vscdb reads a few pages, not the file, and does not grow memory with the file size.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { buildStateDb } from '../../fixtures/targets/stateDb';

let dir: string;
let db: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-engine-'));
  db = join(dir, 'state.vscdb');
  buildStateDb(db, { kvRows: 20_000, kvValueBytes: 2500 });
});
after(() => rmSync(dir, { recursive: true, force: true }));

function measure(mode: 'read' | 'baseline'): { ok: boolean; bytesRead: number; maxRssKb: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', resolve(__dirname, '../../fixtures/targets/readRowChild.ts'), db, mode], { encoding: 'utf8' });
  return JSON.parse(out);
}

test('reading the row from a > 50 MB database reads < 1 MB of it and keeps peak RSS within 40 MB of a bare run', () => {
  const size = statSync(db).size;
  assert.ok(size > 50_000_000);
  const base = measure('baseline');
  const read = measure('read');
  assert.equal(read.ok, true);
  const dbBytes = read.bytesRead - base.bytesRead;
  const rssDeltaMb = (read.maxRssKb - base.maxRssKb) / 1024;
  process.stdout.write(`# db ${(size / 1e6).toFixed(1)} MB: read ${dbBytes} bytes for the row; peak RSS +${rssDeltaMb.toFixed(1)} MB\n`);
  assert.ok(dbBytes < 1_000_000, `read ${dbBytes} bytes`);
  assert.ok(rssDeltaMb < 40, `RSS grew ${rssDeltaMb} MB`);
});
