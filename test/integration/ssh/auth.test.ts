// Logging in to a real OpenSSH sshd with every method Tailspark supports.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openRemoteShell, SshError, SshPool } from '../../../src/core/ssh';
import { generateKey, type RunningSshd, startSshd } from '../../harness/sshd';
import { memorySecrets, scriptedPrompter, shellFor } from './helpers';

let sshd: RunningSshd;
let keyDir: string;
let plainKey: { privatePath: string; publicLine: string };
let encKey: { privatePath: string; publicLine: string };
let agentKey: { privatePath: string; publicLine: string };
let agent: ChildProcess | undefined;
let agentSock: string;
const PASSPHRASE = 'correct horse $(id) battery';

before(async () => {
  keyDir = mkdtempSync(join(tmpdir(), 'tailspark-authkeys-'));
  plainKey = generateKey(keyDir, 'id_plain');
  encKey = generateKey(keyDir, 'id_enc', { passphrase: PASSPHRASE });
  agentKey = generateKey(keyDir, 'id_agent');
  sshd = await startSshd({
    users: [
      { prefix: 'tsauth', sudo: 'none', authorizedKeys: [plainKey.publicLine, encKey.publicLine, agentKey.publicLine] },
      { prefix: 'tspw', sudo: 'none', password: "pw with 'quotes' and spaces" },
    ],
  });
  agentSock = join(keyDir, 'agent.sock');
  agent = spawn('ssh-agent', ['-D', '-a', agentSock], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !existsSync(agentSock); i++) await new Promise((r) => setTimeout(r, 20));
  execFileSync('ssh-add', [agentKey.privatePath], { env: { ...process.env, SSH_AUTH_SOCK: agentSock }, stdio: 'ignore' });
});

after(async () => {
  agent?.kill();
  await sshd?.stop();
});

test('logs in with an unencrypted identity file and runs a command', async () => {
  const u = sshd.users[0].name;
  const { shell, pool } = shellFor(sshd, u, { identityFiles: [plainKey.privatePath] });
  try {
    const r = await shell.exec(['whoami']);
    assert.equal(r.stdout.trim(), u);
    assert.equal(r.code, 0);
  } finally {
    pool.closeAll();
  }
});

test('encrypted key: asks for the passphrase, retries after a wrong one, remembers it only when opted in', async () => {
  const u = sshd.users[0].name;
  const prompter = scriptedPrompter({ passphrase: ['wrong', PASSPHRASE] });
  const secrets = memorySecrets();
  const { shell, pool } = shellFor(sshd, u, { identityFiles: [encKey.privatePath], prompter, pool: { secrets, rememberSecrets: true } });
  try {
    assert.equal((await shell.exec(['whoami'])).stdout.trim(), u);
    assert.deepEqual(prompter.asked, [`passphrase ${encKey.privatePath}`, `passphrase ${encKey.privatePath}`]);
    assert.equal(secrets.map.get(`ssh.passphrase:${encKey.privatePath}`), PASSPHRASE);
  } finally {
    pool.closeAll();
  }
  // Not opted in: nothing is stored.
  const secrets2 = memorySecrets();
  const p2 = scriptedPrompter({ passphrase: [PASSPHRASE] });
  const s2 = shellFor(sshd, u, { identityFiles: [encKey.privatePath], prompter: p2, pool: { secrets: secrets2 } });
  try {
    assert.equal((await s2.shell.exec(['whoami'])).code, 0);
    assert.equal(secrets2.map.size, 0);
  } finally {
    s2.pool.closeAll();
  }
});

test('ssh-agent (real ssh-agent -D -a SOCK + ssh-add) is used before identity files', async () => {
  const u = sshd.users[0].name;
  const prompter = scriptedPrompter({});
  const { shell, pool } = shellFor(sshd, u, { identityFiles: [encKey.privatePath], prompter, pool: { agent: agentSock } });
  try {
    assert.equal((await shell.exec(['whoami'])).stdout.trim(), u);
    assert.deepEqual(prompter.asked, [], 'the agent key logged in: no passphrase was needed');
  } finally {
    pool.closeAll();
  }
});

test('password login (sshd PasswordAuthentication / keyboard-interactive via PAM)', async () => {
  const u = sshd.users[1];
  const prompter = scriptedPrompter({ password: [u.password] });
  const { shell, pool } = shellFor(sshd, u.name, { prompter });
  try {
    assert.equal((await shell.exec(['whoami'])).stdout.trim(), u.name);
    assert.equal(prompter.asked.length, 1);
    assert.match(prompter.asked[0], /^password /);
  } finally {
    pool.closeAll();
  }
});

test('plain password method when keyboard-interactive is off', async () => {
  const pwOnly = await startSshd({ users: [{ prefix: 'tspwo', sudo: 'none' }], extraConfig: ['Match all', '  KbdInteractiveAuthentication no'] });
  try {
    const u = pwOnly.users[0];
    const prompter = scriptedPrompter({ password: [u.password] });
    const { shell, pool } = shellFor(pwOnly, u.name, { prompter });
    try {
      assert.equal((await shell.exec(['whoami'])).stdout.trim(), u.name);
      assert.deepEqual(prompter.asked, [`password ${u.name}`]);
    } finally {
      pool.closeAll();
    }
  } finally {
    await pwOnly.stop();
  }
});

test('failed login names the methods tried and the ones the server offers', async () => {
  const u = sshd.users[0].name;
  const other = generateKey(keyDir, 'id_unknown');
  const prompter = scriptedPrompter({ password: [undefined] });
  const { shell, pool } = shellFor(sshd, u, { identityFiles: [other.privatePath], prompter });
  try {
    await assert.rejects(shell.exec(['true']), (err: unknown) => {
      assert.ok(err instanceof SshError);
      assert.equal(err.finding.code, 'ssh.authFailed');
      assert.match(err.finding.detail, /publickey .*id_unknown/);
      assert.match(err.finding.detail, /It offers: .*publickey/);
      return true;
    });
  } finally {
    pool.closeAll();
  }
});

test('IdentitiesOnly yes: the agent offers only keys matching an IdentityFile', async () => {
  const u = sshd.users[0].name;
  const home = mkdtempSync(join(tmpdir(), 'tailspark-io-'));
  const unauthorized = generateKey(keyDir, 'id_not_authorized');
  const config = join(home, 'config');
  const shellWith = (identitiesOnly: boolean, identity: string) => {
    writeFileSync(config, `Host *\n  IdentitiesOnly ${identitiesOnly ? 'yes' : 'no'}\n  IdentityFile ${identity}\n`);
    const pool = new SshPool({ prompter: scriptedPrompter({}), agent: agentSock, pathEnv: { platform: 'linux', home, env: {} } });
    const kh = join(home, 'kh');
    writeFileSync(kh, `${sshd.host} ${sshd.hostKeyLine.split(' ').slice(0, 2).join(' ')}\n`);
    return { pool, shell: openRemoteShell(pool, { target: `${u}@${sshd.host}`, sshConfigFile: config, knownHostsFiles: [kh], pathEnv: { platform: 'linux', home, env: {} } }) };
  };
  // The agent holds the (authorized) agent key; the IdentityFile is a key the server does not know.
  const filtered = shellWith(true, unauthorized.privatePath);
  try {
    await assert.rejects(filtered.shell.exec(['true']), (err: unknown) => err instanceof SshError && err.finding.code === 'ssh.authFailed');
  } finally {
    filtered.pool.closeAll();
  }
  // IdentitiesOnly naming the agent's key: allowed (the file or the agent may sign).
  const matching = shellWith(true, agentKey.privatePath);
  try {
    assert.equal((await matching.shell.exec(['whoami'])).stdout.trim(), u);
  } finally {
    matching.pool.closeAll();
  }
  const open = shellWith(false, unauthorized.privatePath);
  try {
    assert.equal((await open.shell.exec(['whoami'])).stdout.trim(), u, 'without IdentitiesOnly the agent key is offered');
  } finally {
    open.pool.closeAll();
  }
});
