// The pooled session: reuse, parallel channels, drops and reconnects, time limits, cancellation
// of follow streams (nothing may keep running on the server), measured timings.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { overlapArgv, maxOverlap } from '../../harness/overlap';
import { after, before, test } from 'node:test';
import { openRemoteShell, SshError } from '../../../src/core/ssh';
import { generateKey, type RunningSshd, startSshd } from '../../harness/sshd';
import { shellFor } from './helpers';

let sshd: RunningSshd;
let key: { privatePath: string; publicLine: string };

before(async () => {
  key = generateKey(mkdtempSync(join(tmpdir(), 'tailspark-sess-')), 'id');
  sshd = await startSshd({ users: [{ prefix: 'tsses', sudo: 'none', authorizedKeys: [key.publicLine] }] });
});

after(async () => {
  await sshd?.stop();
});

const user = () => sshd.users[0].name;
/** Server-side processes of the test user whose command line contains `marker`. */
function remoteProcesses(marker: string): string[] {
  try {
    return execFileSync('pgrep', ['-u', user(), '-f', marker], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

test('stdout, stderr and the exit code come back separately', async () => {
  const { shell, pool } = shellFor(sshd, user(), { identityFiles: [key.privatePath] });
  try {
    const r = await shell.exec(['sh', '-c', 'echo out; echo err >&2; exit 7']);
    assert.deepEqual([r.stdout, r.stderr, r.code], ['out\n', 'err\n', 7]);
    assert.deepEqual(r.argv, ['sh', '-c', 'echo out; echo err >&2; exit 7']);
    const withStdin = await shell.exec(['cat'], { stdin: 'fed via stdin\n' });
    assert.equal(withStdin.stdout, 'fed via stdin\n');
  } finally {
    pool.closeAll();
  }
});

test('one connection serves 200 sequential and 20 parallel commands (measured)', async () => {
  const { shell, pool } = shellFor(sshd, user(), { identityFiles: [key.privatePath] });
  try {
    const t0 = Date.now();
    await shell.connect();
    const handshake = Date.now() - t0;
    const sshdPids = () => remoteProcesses('sshd: ').length;
    const t1 = Date.now();
    for (let i = 0; i < 200; i++) {
      const r = await shell.exec(['echo', String(i)]);
      assert.equal(r.stdout, `${i}\n`);
    }
    const perCommand = (Date.now() - t1) / 200;
    const t2 = Date.now();
    const dir = `/tmp/tailspark-overlap-${process.pid}-${Date.now()}`;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => shell.exec(overlapArgv(dir, `p${i}`))));
    const parallelMs = Date.now() - t2;
    assert.deepEqual(
      results.map((r) => r.stdout.split(' ')[0]),
      Array.from({ length: 20 }, (_, i) => `p${i}`),
    );
    // Counted on the Spark, not timed: they overlapped, and never more than the 10-channel cap.
    const most = maxOverlap(results.map((r) => r.stdout));
    assert.ok(most > 1 && most <= 10, `at most ${most} ran at once`);
    assert.ok(shell.connected);
    assert.equal(shell.connects, 1, '220 commands, one connection');
    assert.equal(sshdPids(), 1, 'one sshd session process for the user');
    console.log(`# timings: handshake ${handshake} ms (pool: ${shell.handshakeMs} ms), pooled exec ${perCommand.toFixed(1)} ms/command, 20 parallel × 1 s in ${parallelMs} ms, ${most} at once`);
  } finally {
    pool.closeAll();
  }
});

test('more than 10 parallel commands queue instead of failing (sshd MaxSessions 10)', async () => {
  const strict = await startSshd({
    users: [{ prefix: 'tsmax', sudo: 'none', authorizedKeys: [key.publicLine] }],
    extraConfig: ['Match all', '  MaxSessions 10'],
  });
  const { shell, pool } = shellFor(strict, strict.users[0].name, { identityFiles: [key.privatePath] });
  try {
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => shell.exec(['sh', '-c', `sleep 0.1; echo ${i}`])));
    assert.equal(results.filter((r) => r.code === 0).length, 25);
  } finally {
    pool.closeAll();
    await strict.stop();
  }
});

test('a connection dropped mid-command fails that command with ssh.connectionLost; the next command reconnects', async () => {
  const { shell, pool } = shellFor(sshd, user(), { identityFiles: [key.privatePath] });
  try {
    await shell.exec(['true']);
    const running = shell.exec(['sleep', '30']);
    await new Promise((r) => setTimeout(r, 300));
    sshd.killSessions(user());
    await assert.rejects(running, (err: unknown) => err instanceof SshError && err.finding.code === 'ssh.connectionLost');
    const r = await shell.exec(['echo', 'back']);
    assert.equal(r.stdout, 'back\n');
    assert.ok(shell.connected);
    assert.equal(shell.connects, 2, 'reconnected once');
  } finally {
    pool.closeAll();
  }
});

test('a connection dropped while idle is replaced transparently by the next command', async () => {
  const { shell, pool } = shellFor(sshd, user(), { identityFiles: [key.privatePath] });
  try {
    await shell.exec(['true']);
    sshd.killSessions(user());
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await shell.exec(['echo', 'again'])).stdout, 'again\n');
  } finally {
    pool.closeAll();
  }
});

test('per-command time limit closes the channel, kills the remote process and raises ssh.commandTimeout', async () => {
  const { shell, pool } = shellFor(sshd, user(), { identityFiles: [key.privatePath] });
  try {
    await assert.rejects(shell.exec(['sleep', '4242'], { timeoutMs: 300 }), (err: unknown) => {
      assert.ok(err instanceof SshError);
      assert.equal(err.finding.code, 'ssh.commandTimeout');
      return true;
    });
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(remoteProcesses('sleep 4242'), []);
    assert.equal((await shell.exec(['echo', 'still fine'])).stdout, 'still fine\n');
  } finally {
    pool.closeAll();
  }
});

test('stream() delivers lines as they come; abort ends it within a second and leaves no remote process', async () => {
  const { shell, pool } = shellFor(sshd, user(), { identityFiles: [key.privatePath] });
  try {
    const lines: { line: string; at: number }[] = [];
    const ac = new AbortController();
    const t0 = Date.now();
    const marker = 'tailspark-follow-marker';
    const streaming = shell.stream(['bash', '-c', `i=0; while true; do echo "${marker} $i"; echo warn >&2; i=$((i+1)); sleep 0.1; done`], {
      signal: ac.signal,
      onLine: (line, from) => {
        if (from === 'stdout') lines.push({ line, at: Date.now() - t0 });
      },
    });
    while (lines.length < 5) await new Promise((r) => setTimeout(r, 20));
    assert.ok(lines[4].at - lines[0].at >= 300, 'lines arrived spread over time, not at the end');
    assert.equal(lines[0].line, `${marker} 0`);
    const tAbort = Date.now();
    ac.abort();
    const r = await streaming;
    const stopMs = Date.now() - tAbort;
    assert.ok(stopMs < 1000, `stopped in ${stopMs} ms`);
    assert.equal(r.code, null);
    await new Promise((r2) => setTimeout(r2, 200));
    assert.deepEqual(remoteProcesses(marker), [], 'the remote loop is gone');
  } finally {
    pool.closeAll();
  }
});

test('tail -f style follow (exec replaces the shell) is also stopped on the server', async () => {
  const { shell, pool } = shellFor(sshd, user(), { identityFiles: [key.privatePath] });
  try {
    await shell.exec(['sh', '-c', 'echo first > follow-test.log']);
    const ac = new AbortController();
    const got: string[] = [];
    const streaming = shell.stream(['tail', '-n', '+1', '-f', 'follow-test.log'], { signal: ac.signal, onLine: (l) => got.push(l) });
    while (got.length < 1) await new Promise((r) => setTimeout(r, 20));
    await shell.exec(['sh', '-c', 'echo second >> follow-test.log']);
    while (got.length < 2) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(got, ['first', 'second']);
    ac.abort();
    await streaming;
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(remoteProcesses('tail -n \\+1 -f follow-test.log'), []);
  } finally {
    pool.closeAll();
  }
});

test('exec with an aborted signal rejects with ssh.cancelled', async () => {
  const { shell, pool } = shellFor(sshd, user(), { identityFiles: [key.privatePath] });
  try {
    const ac = new AbortController();
    const p = shell.exec(['sleep', '4343'], { signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    await assert.rejects(p, (err: unknown) => err instanceof SshError && err.finding.code === 'ssh.cancelled');
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(remoteProcesses('sleep 4343'), []);
  } finally {
    pool.closeAll();
  }
});

test('an idle connection is closed after idleCloseMs and reopened on demand', async () => {
  const { shell, pool } = shellFor(sshd, user(), { identityFiles: [key.privatePath], pool: { idleCloseMs: 150 } });
  try {
    await shell.exec(['true']);
    assert.ok(shell.connected);
    await new Promise((r) => setTimeout(r, 400));
    assert.ok(!shell.connected, 'closed while idle');
    assert.equal((await shell.exec(['echo', 'reopened'])).stdout, 'reopened\n');
  } finally {
    pool.closeAll();
  }
});

test('keepalive (ServerAliveInterval/CountMax) notices a frozen server; the next command reconnects', async () => {
  const home = mkdtempSync(join(tmpdir(), 'tailspark-ka-'));
  const config = join(home, 'config');
  writeFileSync(config, `Host *\n  ServerAliveInterval 1\n  ServerAliveCountMax 2\n`);
  const { shell, pool } = shellFor(sshd, user(), { identityFiles: [key.privatePath], sshConfigFile: config, home });
  try {
    await shell.exec(['true']);
    assert.ok(shell.connected);
    // Freeze the server side of this connection (the network "goes away" without a FIN).
    execFileSync('pkill', ['-STOP', '-u', user(), '-f', `sshd: ${user()}`]);
    const t0 = Date.now();
    while (shell.connected && Date.now() - t0 < 8000) await new Promise((r) => setTimeout(r, 100));
    const noticedMs = Date.now() - t0;
    assert.ok(!shell.connected, 'keepalive declared the connection dead');
    assert.ok(noticedMs < 5000, `noticed after ${noticedMs} ms`);
    sshd.killSessions(user());
    assert.equal((await shell.exec(['echo', 'fresh'])).stdout, 'fresh\n');
  } finally {
    try {
      execFileSync('pkill', ['-CONT', '-u', user()]);
    } catch {
      // nothing stopped
    }
    pool.closeAll();
  }
});

test('cancelling while the connection is still being made: exec rejects with ssh.cancelled, stream resolves', async () => {
  const net = await import('node:net');
  const silent = net.createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  const port = (silent.address() as { port: number }).port;
  const { pool } = shellFor(sshd, user(), { identityFiles: [key.privatePath] });
  const shell = openRemoteShell(pool, { target: `u@127.0.0.1:${port}`, knownHostsFiles: [], pathEnv: { platform: 'linux', home: '/nonexistent', env: {} } });
  try {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    // The listener never speaks SSH: only the abort can end these (the test's own timeout catches a hang).
    await assert.rejects(shell.exec(['true'], { signal: ac.signal }), (err: unknown) => err instanceof SshError && err.finding.code === 'ssh.cancelled');
    const ac2 = new AbortController();
    setTimeout(() => ac2.abort(), 200);
    const r = await shell.stream(['true'], { signal: ac2.signal, onLine: () => {} });
    assert.equal(r.code, null);
  } finally {
    pool.closeAll();
    silent.close();
  }
});
