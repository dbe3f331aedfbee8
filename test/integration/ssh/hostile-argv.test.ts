// The hostile-input set through the real sshd (the remote login shell is bash): every value
// arrives as one literal argument and nothing gets executed.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateKey, type RunningSshd, startSshd } from '../../harness/sshd';
import { echoArgv, HOSTILE_VALUES, splitNul } from '../../unit/ssh/hostileValues';
import { shellFor } from './helpers';

let sshd: RunningSshd;
let key: { privatePath: string; publicLine: string };

before(async () => {
  key = generateKey(mkdtempSync(join(tmpdir(), 'tailspark-hostile-')), 'id');
  sshd = await startSshd({ users: [{ prefix: 'tshost', sudo: 'nopasswd', authorizedKeys: [key.publicLine] }] });
});

after(async () => {
  await sshd?.stop();
});

test('all hostile values in one command arrive literally over SSH (and under sudo)', async () => {
  const { shell, pool } = shellFor(sshd, sshd.users[0].name, { identityFiles: [key.privatePath] });
  try {
    for (const sudo of [false, true]) {
      const r = await shell.exec(echoArgv(HOSTILE_VALUES), { sudo });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(splitNul(Buffer.from(r.stdout, 'utf8')), [...HOSTILE_VALUES]);
    }
    const marker = await shell.exec(['sh', '-c', 'test -e /tmp/tailspark-pwned && echo yes || echo no']);
    assert.equal(marker.stdout, 'no\n');
  } finally {
    pool.closeAll();
  }
});

test('each hostile value alone arrives literally over SSH', async () => {
  const { shell, pool } = shellFor(sshd, sshd.users[0].name, { identityFiles: [key.privatePath] });
  try {
    const results = await Promise.all(HOSTILE_VALUES.map((v) => shell.exec(echoArgv([v]))));
    for (const [i, r] of results.entries()) assert.deepEqual(splitNul(Buffer.from(r.stdout, 'utf8')), [HOSTILE_VALUES[i]]);
  } finally {
    pool.closeAll();
  }
});
