import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateKey, type RunningSshd, startSshd } from '../harness/sshd';

let sshd: RunningSshd;
let key: { privatePath: string; publicLine: string };
let keyDir: string;

before(async () => {
  keyDir = mkdtempSync(join(tmpdir(), 'tailspark-key-'));
  key = generateKey(keyDir, 'id_ed25519');
  sshd = await startSshd({
    users: [
      { prefix: 'tsnp', sudo: 'nopasswd', authorizedKeys: [key.publicLine] },
      { prefix: 'tsno', sudo: 'none', authorizedKeys: [key.publicLine] },
    ],
  });
});

after(async () => {
  await sshd?.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

function ssh(user: string, cmd: string): { code: number; out: string } {
  try {
    const out = execFileSync(
      'ssh',
      ['-i', key.privatePath, '-p', String(sshd.port), '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', `${user}@${sshd.host}`, cmd],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return { code: 0, out };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: e.stdout + e.stderr };
  }
}

test('the harness sshd accepts key auth for a test user (OpenSSH client)', () => {
  const r = ssh(sshd.users[0].name, 'whoami');
  assert.equal(r.code, 0);
  assert.equal(r.out.trim(), sshd.users[0].name);
});

test('one user has passwordless sudo, the other has none (exact sudo text)', () => {
  assert.equal(ssh(sshd.users[0].name, 'sudo -n true').code, 0);
  const r = ssh(sshd.users[1].name, 'sudo -n true');
  assert.equal(r.code, 1);
  assert.match(r.out, /sudo: a password is required/);
});

test('stop() removes users and the temp folder', async () => {
  const extra = await startSshd({ users: [{ prefix: 'tstmp', sudo: 'none' }] });
  const name = extra.users[0].name;
  assert.ok(existsSync(extra.dir));
  await extra.stop();
  assert.ok(!existsSync(extra.dir));
  assert.throws(() => execFileSync('id', [name], { stdio: 'ignore' }));
});
