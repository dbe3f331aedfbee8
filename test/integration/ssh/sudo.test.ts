// sudo without a terminal against real sudo 1.9: NOPASSWD, password (right/wrong), no rights.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SshError } from '../../../src/core/ssh';
import { generateKey, type RunningSshd, startSshd } from '../../harness/sshd';
import { memorySecrets, scriptedPrompter, shellFor } from './helpers';

let sshd: RunningSshd;
let key: { privatePath: string; publicLine: string };
const byRights = (r: string) => sshd.users.find((u) => u.sudo === r)!;

before(async () => {
  key = generateKey(mkdtempSync(join(tmpdir(), 'tailspark-sudo-')), 'id');
  sshd = await startSshd({
    users: [
      { prefix: 'tssnp', sudo: 'nopasswd', authorizedKeys: [key.publicLine] },
      { prefix: 'tsspw', sudo: 'password', authorizedKeys: [key.publicLine], password: "s'udo pw $(id)" },
      { prefix: 'tssno', sudo: 'none', authorizedKeys: [key.publicLine] },
    ],
  });
});

after(async () => {
  await sshd?.stop();
});

test('NOPASSWD: runs as root via sudo -n without asking', async () => {
  const prompter = scriptedPrompter({});
  const { shell, pool } = shellFor(sshd, byRights('nopasswd').name, { identityFiles: [key.privatePath], prompter });
  try {
    const r = await shell.exec(['id', '-u'], { sudo: true });
    assert.equal(r.stdout.trim(), '0');
    assert.deepEqual(r.argv, ['sudo', '-n', '--', 'id', '-u']);
    assert.deepEqual(prompter.asked, []);
  } finally {
    pool.closeAll();
  }
});

test('password sudo: asks once (forSudo), feeds it on stdin, the password appears in no result', async () => {
  const u = byRights('password');
  const prompter = scriptedPrompter({ sudoPassword: [u.password] });
  const secrets = memorySecrets();
  const { shell, pool } = shellFor(sshd, u.name, { identityFiles: [key.privatePath], prompter, pool: { secrets } });
  try {
    const r = await shell.exec(['id', '-u'], { sudo: true });
    assert.equal(r.stdout.trim(), '0');
    assert.equal(r.code, 0);
    assert.deepEqual(r.argv.slice(0, 3), ['sudo', '-S', '-p']);
    assert.match(r.argv[3] ?? '', /^\[tailspark-sudo-[0-9a-f]{16}\]$/);
    assert.deepEqual(r.argv.slice(4), ['--', 'id', '-u']);
    assert.ok(!r.stderr.includes('tailspark-sudo'), 'the prompt marker is taken out of stderr');
    const r2 = await shell.exec(['cat'], { sudo: true, stdin: 'payload after the password\n' });
    assert.equal(r2.stdout, 'payload after the password\n', 'the command gets stdin after sudo read the password line');
    assert.deepEqual(prompter.asked, [`sudo-password ${u.name}`], 'asked once for the connection');
    for (const x of [r, r2]) assert.ok(!JSON.stringify(x).includes(u.password));
    assert.equal(secrets.map.size, 0, 'not stored without opt-in');
  } finally {
    pool.closeAll();
  }
});

test('a command sudo lets run without asking never receives the password on stdin (sudo -S answers only the prompt)', async () => {
  const u = byRights('password');
  const dropIn = `/etc/sudoers.d/tailspark-test-${u.name}-zz-nopasswd-sh`;
  const prompter = scriptedPrompter({ sudoPassword: [u.password] });
  const { shell, pool } = shellFor(sshd, u.name, { identityFiles: [key.privatePath], prompter });
  try {
    // The pool now holds the password for this connection…
    assert.equal((await shell.exec(['id', '-u'], { sudo: true })).stdout.trim(), '0');
    // …and sudo stops asking (a NOPASSWD rule, as after a cached timestamp): sudo itself reads nothing.
    writeFileSync(dropIn, `${u.name} ALL=(ALL) NOPASSWD: /bin/sh, /usr/bin/sh\n`, { mode: 0o440 });
    const r = await shell.exec(['/bin/sh', '-c', 'echo started; read -r line; echo "stdin:$line"'], { sudo: true, timeoutMs: 15_000 });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'started\nstdin:\n', 'the command read end-of-file, not the password');
    assert.ok(!JSON.stringify(r).includes(u.password));
  } finally {
    rmSync(dropIn, { force: true });
    pool.closeAll();
  }
});

test('password sudo with opt-in: stored in the SecretStore and reused by a new pool without asking', async () => {
  const u = byRights('password');
  const secrets = memorySecrets();
  const first = shellFor(sshd, u.name, { identityFiles: [key.privatePath], prompter: scriptedPrompter({ sudoPassword: [u.password] }), pool: { secrets, rememberSecrets: true } });
  try {
    assert.equal((await first.shell.exec(['true'], { sudo: true })).code, 0);
  } finally {
    first.pool.closeAll();
  }
  assert.equal([...secrets.map.values()][0], u.password);
  const p2 = scriptedPrompter({});
  const second = shellFor(sshd, u.name, { identityFiles: [key.privatePath], prompter: p2, pool: { secrets } });
  try {
    assert.equal((await second.shell.exec(['id', '-u'], { sudo: true })).stdout.trim(), '0');
    assert.deepEqual(p2.asked, []);
  } finally {
    second.pool.closeAll();
  }
});

test('wrong sudo password → ssh.sudoWrongPassword with sudo\'s own text; a stored one is forgotten', async () => {
  const u = byRights('password');
  const secrets = memorySecrets();
  // First store one for real: a right password typed once is remembered…
  const first = shellFor(sshd, u.name, { identityFiles: [key.privatePath], prompter: scriptedPrompter({ sudoPassword: [u.password] }), pool: { secrets, rememberSecrets: true } });
  try {
    assert.equal((await first.shell.exec(['id', '-u'], { sudo: true })).stdout.trim(), '0');
  } finally {
    first.pool.closeAll();
  }
  assert.equal(secrets.map.size, 1, 'the right password was stored');
  // …then it goes stale (changed on the Spark): the stored value is now wrong.
  const [storedKey] = [...secrets.map.keys()];
  secrets.map.set(storedKey!, 'not it');
  const { shell, pool } = shellFor(sshd, u.name, { identityFiles: [key.privatePath], prompter: scriptedPrompter({ sudoPassword: [] }), pool: { secrets, rememberSecrets: true } });
  try {
    await assert.rejects(shell.exec(['id', '-u'], { sudo: true }), (err: unknown) => {
      assert.ok(err instanceof SshError);
      assert.equal(err.finding.code, 'ssh.sudoWrongPassword');
      assert.match(err.finding.evidence ?? '', /Sorry, try again\.|incorrect password attempt/);
      assert.ok(!JSON.stringify(err.finding).includes('not it'));
      return true;
    });
    assert.equal(secrets.map.size, 0);
  } finally {
    pool.closeAll();
  }
});

test('cancelled sudo prompt → ssh.sudoPasswordNeeded', async () => {
  const u = byRights('password');
  const { shell, pool } = shellFor(sshd, u.name, { identityFiles: [key.privatePath], prompter: scriptedPrompter({ sudoPassword: [undefined] }) });
  try {
    await assert.rejects(shell.exec(['true'], { sudo: true }), (err: unknown) => err instanceof SshError && err.finding.code === 'ssh.sudoPasswordNeeded');
  } finally {
    pool.closeAll();
  }
});

test('no sudo rights → ssh.sudoNotAllowed ("is not in the sudoers file")', async () => {
  const u = byRights('none');
  const { shell, pool } = shellFor(sshd, u.name, { identityFiles: [key.privatePath], prompter: scriptedPrompter({ sudoPassword: [u.password] }) });
  try {
    await assert.rejects(shell.exec(['id'], { sudo: true }), (err: unknown) => {
      assert.ok(err instanceof SshError);
      assert.equal(err.finding.code, 'ssh.sudoNotAllowed');
      assert.match(err.finding.evidence ?? '', /is not in the sudoers file/);
      return true;
    });
  } finally {
    pool.closeAll();
  }
});

test('a failing command under sudo is the command\'s result, not a sudo error', async () => {
  const { shell, pool } = shellFor(sshd, byRights('nopasswd').name, { identityFiles: [key.privatePath] });
  try {
    const r = await shell.exec(['sh', '-c', 'echo nope >&2; exit 3'], { sudo: true });
    assert.equal(r.code, 3);
    assert.equal(r.stderr, 'nope\n');
  } finally {
    pool.closeAll();
  }
});

test('stream with sudo and a password: sudo texts never reach onLine', async () => {
  const u = byRights('password');
  const { shell, pool } = shellFor(sshd, u.name, { identityFiles: [key.privatePath], prompter: scriptedPrompter({ sudoPassword: [u.password] }) });
  try {
    const lines: string[] = [];
    const r = await shell.stream(['sh', '-c', 'id -u; echo done'], { sudo: true, onLine: (l, from) => lines.push(`${from}:${l}`) });
    assert.equal(r.code, 0);
    assert.deepEqual(lines, ['stdout:0', 'stdout:done']);
  } finally {
    pool.closeAll();
  }
});
