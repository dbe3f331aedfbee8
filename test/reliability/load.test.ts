// Load: many remote commands through ONE pooled SSH session (back to back and in parallel),
// and Monitor ticks with real probes while the server flaps (up / reset / refused /
// hanging). Nothing may be lost, mixed up, leaked or hung.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateKey, type RunningSshd, startSshd } from '../harness/sshd';
import { shellFor } from '../integration/ssh/helpers';
import { flappingTicks } from './support/flapping';

let sshd: RunningSshd;
let key: { privatePath: string; publicLine: string };
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-load-'));
  key = generateKey(dir, 'id_ed25519');
  sshd = await startSshd({ users: [{ prefix: 'tsload', sudo: 'none', authorizedKeys: [key.publicLine] }] });
});

after(async () => {
  await sshd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('200 commands back to back, then 20 in parallel, through one SSH connection: every output right', { timeout: 120_000 }, async () => {
  const { shell, pool } = shellFor(sshd, sshd.users[0].name, { identityFiles: [key.privatePath] });
  try {
    const started = Date.now();
    for (let i = 0; i < 200; i++) {
      const r = await shell.exec(['printf', '%s:%s', String(i), 'x'.repeat(i)]);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `${i}:${'x'.repeat(i)}`, `command ${i}`);
    }
    const serialMs = Date.now() - started;
    // 20 at once; each sleeps a little so they really overlap on the connection.
    const t = Date.now();
    const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => shell.exec(['sh', '-c', `sleep 0.2; echo out-$0; echo err-$0 >&2`, String(i)])));
    const parallelMs = Date.now() - t;
    rs.forEach((r, i) => {
      assert.equal(r.stdout, `out-${i}\n`, `stdout of ${i}`);
      assert.equal(r.stderr, `err-${i}\n`, `stderr of ${i}`);
      assert.equal(r.code, 0);
    });
    assert.equal(shell.connects, 1, 'one connection for all 220 commands');
    assert.ok(serialMs < 30_000, `200 commands took ${serialMs} ms`);
    // Overlapped, not one after another (20 × 200 ms = 4 s serially; channels are capped at 10).
    assert.ok(parallelMs < 2500, `20 parallel commands took ${parallelMs} ms`);
  } finally {
    pool.closeAll();
  }
});

test('200 Monitor ticks while the server flaps (1,000 in npm run test:soak): right phase every tick, no leaks', { timeout: 240_000 }, async () => {
  await flappingTicks(200);
});
