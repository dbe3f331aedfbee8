import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { agentCandidates, defaultKnownHostsPaths, defaultSshConfigPath, expandSshPath, homeFolder, type PathEnv } from '../../../src/core/ssh/paths';
import { resolveTarget } from '../../../src/core/ssh/sshConfig';
import { formatTarget, parseTargetSpec } from '../../../src/core/ssh/target';

const win: PathEnv = { platform: 'win32', home: 'C:\\Users\\Ada Lovelace', env: { USERPROFILE: 'C:\\Users\\Ada Lovelace', USERNAME: 'ada' }, cwd: 'C:\\work' };
const linux: PathEnv = { platform: 'linux', home: '/home/ada', env: { HOME: '/home/ada', USER: 'ada' }, cwd: '/srv/project', localHost: 'laptop.lan' };

test('Windows: %USERPROFILE%\\.ssh paths, ~ and tokens with backslashes', () => {
  assert.equal(homeFolder('win32', { USERPROFILE: 'C:\\Users\\x' }), 'C:\\Users\\x');
  assert.equal(homeFolder('win32', { HOMEDRIVE: 'D:', HOMEPATH: '\\Users\\y' }), 'D:\\Users\\y');
  assert.equal(defaultSshConfigPath(win), 'C:\\Users\\Ada Lovelace\\.ssh\\config');
  assert.deepEqual(defaultKnownHostsPaths(win), ['C:\\Users\\Ada Lovelace\\.ssh\\known_hosts', 'C:\\Users\\Ada Lovelace\\.ssh\\known_hosts2']);
  const t = { host: 'spark', remoteUser: 'sparkuser', port: 22 };
  assert.equal(expandSshPath('~/.ssh/id_ed25519', win, t), 'C:\\Users\\Ada Lovelace\\.ssh\\id_ed25519');
  assert.equal(expandSshPath('~\\.ssh\\id_rsa', win, t), 'C:\\Users\\Ada Lovelace\\.ssh\\id_rsa');
  assert.equal(expandSshPath('%d\\keys\\%h-%r-%p', win, t), 'C:\\Users\\Ada Lovelace\\keys\\spark-sparkuser-22');
  assert.equal(expandSshPath('id_spark', win, t), 'C:\\work\\id_spark', 'relative → the working directory, as OpenSSH opens it');
  assert.equal(expandSshPath('D:/keys/k', win, t), 'D:\\keys\\k');
});

test('Windows agent order: SSH_AUTH_SOCK, then the OpenSSH pipe, then Pageant', () => {
  assert.deepEqual(agentCandidates(win), ['\\\\.\\pipe\\openssh-ssh-agent', 'pageant']);
  assert.deepEqual(agentCandidates({ ...win, env: { ...win.env, SSH_AUTH_SOCK: '\\\\.\\pipe\\my-agent' } }), [
    '\\\\.\\pipe\\my-agent',
    '\\\\.\\pipe\\openssh-ssh-agent',
    'pageant',
  ]);
  assert.deepEqual(agentCandidates(linux), []);
  assert.deepEqual(agentCandidates({ ...linux, env: { SSH_AUTH_SOCK: '/tmp/a.sock' } }), ['/tmp/a.sock']);
});

test('POSIX tokens: %d %h %u %r %p %% and ~', () => {
  const t = { host: 'spark.example', remoteUser: 'su', port: 2222 };
  assert.equal(expandSshPath('~/.ssh/%h_%r_%p_%u_%%', linux, t), '/home/ada/.ssh/spark.example_su_2222_ada_%');
  assert.equal(expandSshPath('%d/k', linux, t), '/home/ada/k');
});

test('target specs: user@host[:port], IPv6, ssh:// and rejects option injection', () => {
  assert.deepEqual(parseTargetSpec('sparkuser@spark-56d0.tail1234.ts.net'), { user: 'sparkuser', host: 'spark-56d0.tail1234.ts.net' });
  assert.deepEqual(parseTargetSpec('u@h:2222'), { user: 'u', host: 'h', port: 2222 });
  assert.deepEqual(parseTargetSpec('[fd7a:115c:a1e0::1]:22'), { host: 'fd7a:115c:a1e0::1', port: 22 });
  assert.deepEqual(parseTargetSpec('ssh://u@h:23'), { user: 'u', host: 'h', port: 23 });
  assert.deepEqual(parseTargetSpec('spark'), { host: 'spark' });
  for (const bad of ['-oProxyCommand=id', 'u@h:99999', 'u@h;id', 'u@', 'a b', '$(id)@h']) assert.throws(() => parseTargetSpec(bad), bad);
  assert.equal(formatTarget('u', 'fd7a::1', 22), 'u@[fd7a::1]:22');
});

const CONFIG = `
Host spark
  HostName spark-56d0.tail1234.ts.net
  User sparkuser
  Port 2200
  IdentityFile ~/.ssh/id_spark
  IdentityFile %d/.ssh/%h_%r
  IdentitiesOnly yes
  ConnectTimeout 7
  ServerAliveInterval 20
  ServerAliveCountMax 4
  UserKnownHostsFile ~/.ssh/known_hosts_spark /etc/extra_known
  StrictHostKeyChecking accept-new
  ProxyJump jumpuser@bastion:2022,bastion2

Host bastion*
  User bastionuser
  IdentityFile ~/.ssh/id_bastion

Host *.tail1234.ts.net !bad.tail1234.ts.net
  User tailuser

Host *
  ServerAliveInterval 5
`;

test('ssh_config: Host patterns, HostName, User, Port, IdentityFile tokens, timeouts, known_hosts, ProxyJump hops', () => {
  const t = resolveTarget({ target: 'spark', sshConfigText: CONFIG, pathEnv: linux });
  assert.equal(t.host, 'spark-56d0.tail1234.ts.net');
  assert.equal(t.user, 'sparkuser');
  assert.equal(t.port, 2200);
  assert.deepEqual(t.identityFiles, ['/home/ada/.ssh/id_spark', '/home/ada/.ssh/spark-56d0.tail1234.ts.net_sparkuser']);
  assert.equal(t.identitiesOnly, true);
  assert.equal(t.connectTimeoutMs, 7000);
  assert.equal(t.serverAliveIntervalMs, 20_000, 'first match wins, like OpenSSH');
  assert.equal(t.serverAliveCountMax, 4);
  assert.deepEqual(t.knownHostsFiles, ['/home/ada/.ssh/known_hosts_spark', '/etc/extra_known']);
  assert.equal(t.strictHostKeyChecking, 'accept-new');
  assert.deepEqual(
    t.jumps.map((j) => [j.user, j.host, j.port, j.identityFiles[0]]),
    [
      ['jumpuser', 'bastion', 2022, '/home/ada/.ssh/id_bastion'],
      ['bastionuser', 'bastion2', 22, '/home/ada/.ssh/id_bastion'],
    ],
  );
});

test('ssh_config: the settings value overrides User/Port; negated Host pattern; defaults', () => {
  const t = resolveTarget({ target: 'other@spark:2201', sshConfigText: CONFIG, pathEnv: linux });
  assert.equal(t.user, 'other');
  assert.equal(t.port, 2201);
  assert.equal(resolveTarget({ target: 'x.tail1234.ts.net', sshConfigText: CONFIG, pathEnv: linux }).user, 'tailuser');
  const bad = resolveTarget({ target: 'bad.tail1234.ts.net', sshConfigText: CONFIG, pathEnv: linux, defaultUser: 'fallback' });
  assert.equal(bad.user, 'fallback', 'negated pattern keeps the Host block from applying');
  const plain = resolveTarget({ defaultHost: 'spark-56d0.tail1234.ts.net', defaultUser: 'sparkuser', pathEnv: linux });
  assert.equal(plain.port, 22);
  assert.equal(plain.user, 'sparkuser');
  assert.deepEqual(plain.knownHostsFiles, ['/home/ada/.ssh/known_hosts', '/home/ada/.ssh/known_hosts2']);
  assert.equal(plain.identityFiles[0], '/home/ada/.ssh/id_rsa');
  assert.equal(plain.identityFilesExplicit, false);
  assert.equal(plain.strictHostKeyChecking, 'ask');
  assert.equal(plain.serverAliveIntervalMs, 15_000);
  assert.deepEqual(plain.jumps, []);
  assert.equal(resolveTarget({ target: 'u@h', pathEnv: linux }).user, 'u');
  assert.equal(resolveTarget({ target: 'h', pathEnv: linux }).user, 'ada', 'local user when nothing says otherwise');
  assert.throws(() => resolveTarget({ pathEnv: linux }), /no SSH target/);
});

test('ssh_config on Windows: IdentityFile and known_hosts under %USERPROFILE%', () => {
  const t = resolveTarget({ target: 'spark', sshConfigText: 'Host spark\n  IdentityFile ~/.ssh/id_spark\n', pathEnv: win });
  assert.deepEqual(t.identityFiles, ['C:\\Users\\Ada Lovelace\\.ssh\\id_spark']);
  assert.deepEqual(t.knownHostsFiles, ['C:\\Users\\Ada Lovelace\\.ssh\\known_hosts', 'C:\\Users\\Ada Lovelace\\.ssh\\known_hosts2']);
  assert.deepEqual(t.globalKnownHostsFiles, []);
  assert.equal(t.user, 'ada');
});

test('resolve map and overrides: address for TCP, name for known_hosts; ProxyJump none; UserKnownHostsFile none', () => {
  const t = resolveTarget({ target: 'u@spark-56d0.tail1234.ts.net', resolve: { 'spark-56d0.tail1234.ts.net': '127.0.0.5' }, pathEnv: linux });
  assert.equal(t.host, 'spark-56d0.tail1234.ts.net');
  assert.equal(t.connectAddress, '127.0.0.5');
  const n = resolveTarget({ target: 'h', sshConfigText: 'Host h\n  ProxyJump none\n  UserKnownHostsFile none\n', pathEnv: linux });
  assert.deepEqual(n.jumps, []);
  assert.deepEqual(n.knownHostsFiles, []);
  const o = resolveTarget({ target: 'spark', sshConfigText: CONFIG, pathEnv: linux, identityFiles: ['/k/first'], knownHostsFiles: ['/kh'], strictHostKeyChecking: 'yes' });
  assert.equal(o.identityFiles[0], '/k/first');
  assert.deepEqual(o.knownHostsFiles, ['/kh']);
  assert.equal(o.strictHostKeyChecking, 'yes');
});

test('Match exec in ssh_config is never run', () => {
  const t = resolveTarget({ target: 'h', sshConfigText: 'Match exec "touch /tmp/tailspark-match-exec"\n  User evil\n', pathEnv: linux, defaultUser: 'ok' });
  assert.equal(t.user, 'ok');
  assert.ok(!existsSync('/tmp/tailspark-match-exec'));
});
