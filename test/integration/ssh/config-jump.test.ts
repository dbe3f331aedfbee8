// ~/.ssh/config aliases, ProxyJump chains through real sshds (each hop its own login and
// host-key check), and the `resolve` map (connect to an address, verify the host key by name).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openRemoteShell, SshError, SshPool } from '../../../src/core/ssh';
import { generateKey, type RunningSshd, startSshd } from '../../harness/sshd';
import { scriptedPrompter } from './helpers';

let jump1: RunningSshd;
let jump2: RunningSshd;
let noForward: RunningSshd;
let spark: RunningSshd;
let key: { privatePath: string; publicLine: string };
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-jump-'));
  key = generateKey(dir, 'id_jump');
  const users = (prefix: string) => [{ prefix, sudo: 'none' as const, authorizedKeys: [key.publicLine] }];
  [jump1, jump2, noForward, spark] = await Promise.all([
    startSshd({ users: users('tsj1') }),
    startSshd({ users: users('tsj2') }),
    startSshd({ users: users('tsjn'), extraConfig: ['Match all', '  AllowTcpForwarding no'] }),
    startSshd({ users: users('tsspk') }),
  ]);
});

after(async () => {
  await Promise.all([jump1, jump2, noForward, spark].map((s) => s?.stop()));
});

function line(s: RunningSshd, name = s.host): string {
  return `${name} ${s.hostKeyLine.split(' ').slice(0, 2).join(' ')}`;
}

function setup(configText: string, knownHosts: string) {
  const home = mkdtempSync(join(dir, 'home-'));
  const configFile = join(home, 'config');
  const kh = join(home, 'known_hosts');
  writeFileSync(configFile, configText);
  writeFileSync(kh, knownHosts);
  const prompter = scriptedPrompter({});
  const pool = new SshPool({ prompter, agent: false, pathEnv: { platform: 'linux', home, env: { USER: 'nobody-local' } } });
  return { pool, prompter, configFile, kh, home };
}

test('an ssh_config alias with HostName/User/Port/IdentityFile and ProxyJump through one hop', async () => {
  const { pool, prompter, configFile, kh } = setup(
    `Host spark\n  HostName ${spark.host}\n  User ${spark.users[0].name}\n  Port ${spark.port}\n  IdentityFile ${key.privatePath}\n  IdentitiesOnly yes\n  ProxyJump ${jump1.users[0].name}@${jump1.host}\n\nHost ${jump1.host}\n  IdentityFile ${key.privatePath}\n`,
    `${line(spark)}\n${line(jump1)}\n`,
  );
  try {
    const shell = openRemoteShell(pool, { target: 'spark', sshConfigFile: configFile, knownHostsFiles: [kh] });
    assert.equal(shell.resolved.jumps.length, 1);
    const r = await shell.exec(['sh', '-c', 'echo "$(whoami) $SSH_CONNECTION"']);
    const [who, srcIp] = r.stdout.trim().split(' ');
    assert.equal(who, spark.users[0].name);
    // The Spark saw the connection come from the jump host's sshd (it connects from the
    // loopback address it was asked to reach), not straight from us.
    assert.ok(srcIp.startsWith('127.'), srcIp);
    assert.deepEqual(prompter.asked, []);
  } finally {
    pool.closeAll();
  }
});

test('ProxyJump with two hops (comma list) chains forwardOut through both', async () => {
  const { pool, configFile, kh } = setup(
    `Host spark\n  HostName ${spark.host}\n  User ${spark.users[0].name}\n  ProxyJump ${jump1.users[0].name}@${jump1.host}:${jump1.port},${jump2.users[0].name}@${jump2.host}\nHost *\n  IdentityFile ${key.privatePath}\n`,
    `${line(spark)}\n${line(jump1)}\n${line(jump2)}\n`,
  );
  try {
    const shell = openRemoteShell(pool, { target: 'spark', sshConfigFile: configFile, knownHostsFiles: [kh] });
    assert.deepEqual(
      shell.resolved.jumps.map((j) => j.host),
      [jump1.host, jump2.host],
    );
    assert.equal((await shell.exec(['whoami'])).stdout.trim(), spark.users[0].name);
  } finally {
    pool.closeAll();
  }
});

test('the traffic really goes through the jump host: one that forbids forwarding fails with ssh.jumpHostFailed', async () => {
  const { pool, configFile, kh } = setup(
    `Host spark\n  HostName ${spark.host}\n  User ${spark.users[0].name}\n  ProxyJump ${noForward.users[0].name}@${noForward.host}\nHost *\n  IdentityFile ${key.privatePath}\n`,
    `${line(spark)}\n${line(noForward)}\n`,
  );
  try {
    const shell = openRemoteShell(pool, { target: 'spark', sshConfigFile: configFile, knownHostsFiles: [kh] });
    await assert.rejects(shell.exec(['true']), (err: unknown) => {
      assert.ok(err instanceof SshError);
      assert.equal(err.finding.code, 'ssh.jumpHostFailed');
      assert.match(err.finding.where ?? '', new RegExp(`${noForward.host.replace(/\./g, '\\.')} → ${spark.host.replace(/\./g, '\\.')}:22`));
      return true;
    });
  } finally {
    pool.closeAll();
  }
});

test('each hop has its host key checked: an unknown jump host key stops the chain', async () => {
  const { pool, prompter, configFile, kh } = setup(
    `Host spark\n  HostName ${spark.host}\n  User ${spark.users[0].name}\n  ProxyJump ${jump1.users[0].name}@${jump1.host}\nHost *\n  IdentityFile ${key.privatePath}\n  StrictHostKeyChecking yes\n`,
    `${line(spark)}\n`,
  );
  try {
    const shell = openRemoteShell(pool, { target: 'spark', sshConfigFile: configFile, knownHostsFiles: [kh] });
    await assert.rejects(shell.exec(['true']), (err: unknown) => err instanceof SshError && err.finding.code === 'ssh.hostKeyUnknown' && err.finding.where === `${jump1.host}:22`);
    assert.deepEqual(prompter.asked, []);
  } finally {
    pool.closeAll();
  }
});

test('resolve map: connect to the address, match known_hosts on the MagicDNS name', async () => {
  const name = 'spark-56d0.tail1234.ts.net';
  const { pool, prompter, configFile, kh } = setup('', `${line(spark, name)}\n`);
  try {
    const shell = openRemoteShell(pool, {
      defaultHost: name,
      defaultUser: spark.users[0].name,
      sshConfigFile: configFile,
      knownHostsFiles: [kh],
      identityFiles: [key.privatePath],
      resolve: { [name]: spark.host },
    });
    assert.equal(shell.target, `${spark.users[0].name}@${name}:22`);
    assert.equal((await shell.exec(['whoami'])).stdout.trim(), spark.users[0].name);
    assert.deepEqual(prompter.asked, []);
  } finally {
    pool.closeAll();
  }
});

test('DNS failure and refused port map to their Findings', async () => {
  const { pool, configFile, kh } = setup('', '');
  try {
    const dns = openRemoteShell(pool, { target: 'u@no-such-host.invalid', sshConfigFile: configFile, knownHostsFiles: [kh] });
    await assert.rejects(dns.exec(['true']), (err: unknown) => err instanceof SshError && err.finding.code === 'ssh.dnsFailed');
    const refused = openRemoteShell(pool, { target: `u@${spark.host}:1`, sshConfigFile: configFile, knownHostsFiles: [kh] });
    await assert.rejects(refused.exec(['true']), (err: unknown) => err instanceof SshError && err.finding.code === 'ssh.connectionRefused' && err.finding.where === `${spark.host}:1`);
    assert.throws(
      () => openRemoteShell(pool, { target: 'u@-oProxyCommand=id', sshConfigFile: configFile }),
      (err: unknown) => err instanceof SshError && err.finding.code === 'ssh.targetInvalid',
    );
  } finally {
    pool.closeAll();
  }
});

test('ConnectTimeout from ssh_config bounds a handshake that never starts (ssh.connectTimeout)', async () => {
  // A listener that accepts TCP but never speaks SSH.
  const net = await import('node:net');
  const silent = net.createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  const port = (silent.address() as { port: number }).port;
  const { pool, configFile, kh } = setup(`Host silent\n  HostName 127.0.0.1\n  Port ${port}\n  ConnectTimeout 1\n`, '');
  try {
    const shell = openRemoteShell(pool, { target: 'u@silent', sshConfigFile: configFile, knownHostsFiles: [kh] });
    // The limit that ended it is the one from ssh_config (1 s), not a default: the finding says so.
    await assert.rejects(shell.exec(['true']), (err: unknown) => {
      assert.ok(err instanceof SshError);
      assert.equal(err.finding.code, 'ssh.connectTimeout');
      assert.match(err.finding.detail, /within 1 s\./);
      return true;
    });
  } finally {
    pool.closeAll();
    silent.close();
  }
});
