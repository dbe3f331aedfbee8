// The cross-window prompt ledger: one window asks, an answer is not asked again, a dead or
// silent window stops blocking the others.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ACTIVE_TTL_MS, ANSWER_TTL_MS, decideClaim, emptyLedger, PromptLedger, released } from '../../../src/ui/targets/promptLedger';

const me = { pid: 100, host: 'h' };
const other = { pid: 200, host: 'h' };
const alive = () => true;

describe('decideClaim / released (pure)', () => {
  test('free → claim; another live window → busy; own claim → claim', () => {
    const l = emptyLedger();
    assert.equal(decideClaim(l, 'k', me, 1000, alive), 'claim');
    const held = { ...l, active: { key: 'k', ...other, at: 1000 } };
    assert.equal(decideClaim(held, 'k', me, 2000, alive), 'busy');
    assert.equal(decideClaim(held, 'other-key', me, 2000, alive), 'busy', 'one question at a time across windows');
    assert.equal(decideClaim({ ...l, active: { key: 'k', ...me, at: 1000 } }, 'k', me, 2000, alive), 'claim');
  });
  test('a dead holder on this host, or one older than the TTL, no longer blocks', () => {
    const held = { ...emptyLedger(), active: { key: 'k', ...other, at: 1000 } };
    assert.equal(decideClaim(held, 'k', me, 2000, () => false), 'claim');
    assert.equal(decideClaim(held, 'k', me, 1000 + ACTIVE_TTL_MS, alive), 'claim');
    const remote = { ...emptyLedger(), active: { key: 'k', pid: 200, host: 'elsewhere', at: 1000 } };
    assert.equal(decideClaim(remote, 'k', me, 2000, () => false), 'busy', 'cannot check a pid on another machine');
  });
  test('an answered question is not asked again (unless answers are ignored, as in auto mode) until it expires', () => {
    const l = released({ ...emptyLedger(), active: { key: 'k', ...me, at: 1 } }, 'k', me, 1000, 'notNow');
    assert.equal(l.active, undefined, 'released');
    assert.equal(decideClaim(l, 'k', other, 2000, alive), 'answered');
    assert.equal(decideClaim(l, 'k', other, 2000, alive, false), 'claim');
    assert.equal(decideClaim(l, 'k2', other, 2000, alive), 'claim');
    assert.equal(decideClaim(l, 'k', other, 1000 + ANSWER_TTL_MS, alive), 'claim');
  });
  test('releasing does not drop another window\'s claim; old answers are pruned', () => {
    const l = released({ version: 1, active: { key: 'x', ...other, at: 5 }, answered: { old: { answer: 'a', at: 0 } } }, 'k', me, ANSWER_TTL_MS + 10);
    assert.deepEqual(l.active, { key: 'x', ...other, at: 5 });
    assert.deepEqual(l.answered, {});
  });
});

describe('PromptLedger file', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tailspark-ledger-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('two windows (two ledgers with different pids): the second is busy until the first releases, then sees the answer', async () => {
    const first = new PromptLedger(dir, { pid: process.pid, host: hostname() });
    // A live pid that is not ours: the parent of this test process.
    const second = new PromptLedger(dir, { pid: process.ppid, host: hostname() });
    assert.equal(await first.claim('apply u'), 'claim');
    assert.equal(await second.claim('apply u'), 'busy');
    await first.release('apply u', 'notNow');
    assert.equal(await second.claim('apply u'), 'answered');
    assert.equal(await second.claim('apply u', { honourAnswers: false }), 'claim');
    await second.release('apply u');
    assert.equal(first.read().active, undefined);
  });

  test('a claim left by a window that died is taken over', async () => {
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const ledger = new PromptLedger(dir);
    writeFileSync(ledger.path, JSON.stringify({ version: 1, active: { key: 'k', pid: dead, host: hostname(), at: Date.now() }, answered: {} }));
    assert.equal(await ledger.claim('k'), 'claim');
    await ledger.release('k');
  });

  test('an unreadable ledger file counts as empty', async () => {
    const ledger = new PromptLedger(dir);
    writeFileSync(ledger.path, '{ not json');
    assert.deepEqual(ledger.read(), emptyLedger());
    assert.equal(await ledger.claim('k'), 'claim');
    await ledger.release('k');
  });
});
