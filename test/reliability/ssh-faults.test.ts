// SSH under faults, against a real OpenSSH sshd on loopback: every failure ends within its time
// limit as the Finding a user would see, nothing delivered is lost, and the pool recovers on
// its own once the server is back. Plus the security fault: a changed host key.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SshError } from '../../src/core/ssh';
import { generateKey, type RunningSshd, startSshd } from '../harness/sshd';
import { scriptedPrompter, shellFor } from '../integration/ssh/helpers';
import { startBlackhole, startSilentListener, timed } from './support/network';

let sshd: RunningSshd;
let key: { privatePath: string; publicLine: string };
let home: string;
let fastConfig: string;
const user = () => sshd.users[0].name;

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'tailspark-rel-ssh-'));
  key = generateKey(home, 'id_ed25519');
  sshd = await startSshd({ users: [{ prefix: 'tsrel', sudo: 'none', authorizedKeys: [key.publicLine] }] });
  // A short ConnectTimeout, as a user would set in ~/.ssh/config, so the tests stay quick.
  fastConfig = join(home, 'config');
  writeFileSync(fastConfig, 'Host *\n  ConnectTimeout 2\n');
});

after(async () => {
  await sshd?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

function findingCode(err: unknown): string {
  assert.ok(err instanceof SshError, `expected an SshError, got ${String(err)}`);
  assert.ok(err.finding.title.length > 0 && err.finding.fixes.length > 0, 'the finding has a title and a fix');
  return err.finding.code;
}

test('sshd session killed mid-stream: lines delivered so far arrive complete and in order, then ssh.connectionLost', async () => {
  const { shell, pool } = shellFor(sshd, user(), { identityFiles: [key.privatePath] });
  try {
    const lines: string[] = [];
    let killed = false;
    const r = await timed(8000, 'stream after the kill', () =>
      shell.stream(['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "line $i"; sleep 0.05; done'], {
        onLine: (l) => {
          lines.push(l);
          if (lines.length === 10 && !killed) {
            killed = true;
            sshd.killSessions(user());
          }
        },
      }),
    );
    assert.ok(r.error, 'the stream does not end as if the command had finished normally');
    assert.equal(findingCode(r.error), 'ssh.connectionLost');
    assert.ok(lines.length >= 10);
    assert.deepEqual(lines, lines.map((_, i) => `line ${i + 1}`), 'no line lost, torn or reordered');
    // The pool recovers by itself.
    assert.equal((await shell.exec(['echo', 'again'])).stdout, 'again\n');
  } finally {
    pool.closeAll();
  }
});

test('whole sshd killed mid-command: ssh.connectionLost, then ssh.connectionRefused while down, then recovery', async () => {
  const { shell, pool } = shellFor(sshd, user(), { identityFiles: [key.privatePath], sshConfigFile: fastConfig, home });
  try {
    await shell.exec(['true']);
    const running = timed(8000, 'command on a killed server', () => shell.exec(['sleep', '30']));
    await new Promise((r) => setTimeout(r, 300));
    await sshd.stopDaemon(); // listener gone …
    sshd.killSessions(user()); // … and the session with it
    const lost = await running;
    assert.equal(findingCode(lost.error), 'ssh.connectionLost');

    const refused = await timed(5000, 'command while sshd is down', () => shell.exec(['true']));
    assert.equal(findingCode(refused.error), 'ssh.connectionRefused');
    assert.match((refused.error as SshError).finding.where ?? '', new RegExp(sshd.host.replace(/\./g, '\\.')));

    await sshd.restartDaemon();
    assert.equal((await shell.exec(['echo', 'back'])).stdout, 'back\n');
  } finally {
    pool.closeAll();
  }
});

test('blackhole (SYNs dropped, nothing refused): ssh.connectTimeout after ConnectTimeout, not a hang', async () => {
  const hole = await startBlackhole(22);
  const { shell, pool } = shellFor(sshd, user(), {
    identityFiles: [key.privatePath],
    sshConfigFile: fastConfig,
    home,
    target: `${user()}@${hole.host}:22`,
  });
  try {
    const r = await timed(10_000, 'SSH into a blackhole', () => shell.exec(['true']));
    assert.equal(findingCode(r.error), 'ssh.connectTimeout');
    assert.match((r.error as SshError).finding.detail, /within 2 s\./, 'the limit from ssh_config (ConnectTimeout 2), not a default');
  } finally {
    pool.closeAll();
    await hole.close();
  }
});

test('server accepts TCP but never speaks SSH: ssh.connectTimeout within ConnectTimeout', async () => {
  const silent = await startSilentListener(22);
  const { shell, pool } = shellFor(sshd, user(), {
    identityFiles: [key.privatePath],
    sshConfigFile: fastConfig,
    home,
    target: `${user()}@${silent.host}:22`,
  });
  try {
    const r = await timed(10_000, 'SSH to a silent server', () => shell.exec(['true']));
    assert.equal(findingCode(r.error), 'ssh.connectTimeout');
    assert.equal(silent.accepted(), 1, 'one connection, no retry storm');
  } finally {
    pool.closeAll();
    await silent.close();
  }
});

test('changed host key (a man in the middle): ssh.hostKeyChanged, nothing runs, no prompt, known_hosts untouched', async () => {
  const impostor = generateKey(home, 'impostor_host_key');
  const knownHosts = join(home, 'known_hosts_changed');
  const name = sshd.port === 22 ? sshd.host : `[${sshd.host}]:${sshd.port}`;
  writeFileSync(knownHosts, `${name} ${impostor.publicLine.split(' ').slice(0, 2).join(' ')}\n`);
  const before = readFileSync(knownHosts, 'utf8');
  const prompter = scriptedPrompter({ trustHostKey: true }); // would say yes if it were asked
  const marker = `/tmp/tailspark-hostkey-${process.pid}-${Date.now()}`;
  const { shell, pool } = shellFor(sshd, user(), { identityFiles: [key.privatePath], knownHostsFile: knownHosts, prompter });
  try {
    const r = await timed(10_000, 'SSH with a changed host key', () => shell.exec(['touch', marker]));
    assert.equal(findingCode(r.error), 'ssh.hostKeyChanged');
    assert.equal(existsSync(marker), false, 'the command never ran');
    assert.deepEqual(prompter.asked, [], 'a changed key is not something to click away');
    assert.equal(readFileSync(knownHosts, 'utf8'), before, 'known_hosts not rewritten');
  } finally {
    pool.closeAll();
  }
});
