// The harness itself: parallel instances never collide, sudo rights are real sudo rules, a
// Spark can start without its server, and stop() leaves no process, user or file behind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { test } from 'node:test';
import { startSpark } from '../../spark-sim';
import { connectOutcome, httpDirect, httpsTo, run, startTestSpark } from './helpers';

/** Processes of an instance: by command line, or by the state path baked into a stand-in's env. */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const env = readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (cmd.includes(text) || env.includes(`TAILSPARK_SIM_STATE=${text}`)) found.push(`${entry}: ${cmd.replace(/\0/g, ' ')}`);
    } catch {
      // gone
    }
  }
  return found;
}

test('two Sparks run side by side on different addresses, each with its own state', async () => {
  const [a, b] = await Promise.all([startTestSpark({ serverRunning: false }), startTestSpark({ serverRunning: false })]);
  try {
    assert.notEqual(a.spark.address, b.spark.address);
    assert.match(a.spark.address, /^127\.\d+\.\d+\.\d+$/);
    assert.deepEqual(a.spark.resolve, { 'spark-56d0.tail1234.ts.net': a.spark.address });
    await a.ssh('sudo tailscale serve reset');
    assert.equal((await a.ssh('tailscale serve status --json')).stdout, '{}\n');
    assert.notEqual((await b.ssh('tailscale serve status --json')).stdout, '{}\n');
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test('login shells and sudo find the stand-ins too; clientEnv() puts the client tailscale first', async () => {
  const t = await startTestSpark({ serverRunning: false });
  try {
    const bin = t.spark.binDir;
    assert.equal((await t.ssh('command -v tailscale')).stdout, `${bin}/tailscale\n`);
    assert.equal((await t.ssh("bash -lc 'command -v systemctl'")).stdout, `${bin}/systemctl\n`);
    assert.equal((await t.ssh("sudo sh -c 'command -v journalctl'")).stdout, `${bin}/journalctl\n`);
    const env = t.spark.clientEnv({ PATH: '/usr/bin:/bin' });
    assert.equal(env.NODE_EXTRA_CA_CERTS, t.spark.caCertPath);
    const r = await run('sh', ['-c', 'command -v tailscale'], 5000, env);
    assert.equal(r.stdout, `${t.spark.clientBinDir}/tailscale\n`);
  } finally {
    await t.stop();
  }
});

test('serverRunning:false: serve configured but upstream down → 502 from the front; startServer() brings it up', async () => {
  const t = await startTestSpark({ serverRunning: false, timings: { loadMs: 300, warmupMs: 300, healthMs: 50 } });
  try {
    assert.equal((await t.ssh('systemctl is-active sglang')).stdout, 'inactive\n');
    assert.equal(await connectOutcome(httpDirect(t.spark, '/health')), 'ECONNREFUSED');
    const bad = await httpsTo(t.spark, '/v1/models');
    assert.equal(bad.status, 502);
    assert.equal(bad.body, '');
    await t.spark.startServer();
    assert.equal((await httpsTo(t.spark, '/health')).status, 200);
  } finally {
    await t.stop();
  }
});

test('sudo rights are real sudo rules: password sudo needs a password, none has no sudo', async () => {
  const pw = await startTestSpark({ sudo: 'password', serverRunning: false });
  const none = await startTestSpark({ sudo: 'none', serverRunning: false });
  try {
    const r = await pw.ssh('sudo -n systemctl start sglang');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /sudo: a password is required/);
    const withPw = await pw.ssh(`echo '${pw.spark.user.password}' | sudo -S -p '' systemctl is-active sglang`);
    assert.deepEqual(withPw, { code: 3, stdout: 'inactive\n', stderr: '' });
    const n = await none.ssh('sudo -n true');
    assert.equal(n.code, 1);
    // Without sudo the user still reads status and journal, and gets systemd's refusal for writes.
    assert.equal((await none.ssh('systemctl start sglang')).stderr.split('\n')[0], 'Failed to start sglang.service: Interactive authentication required.');
  } finally {
    await Promise.all([pw.stop(), none.stop()]);
  }
});

test('stop() leaves no processes, no user, no files', async () => {
  const spark = await startSpark({ timings: { loadMs: 200, warmupMs: 200 } });
  const dir = spark.stateDir.replace(/\/state$/, '');
  const user = spark.user.name;
  const serverPid = spark.readState().units.sglang.pid!;
  assert.ok(processesMentioning(dir).length >= 2, 'front and server should be running');
  // Followers left running (as root, detached, and over SSH as the user) must not survive either.
  execFileSync('bash', ['-c', `setsid ${spark.binDir}/journalctl -u sglang -f >/dev/null 2>&1 & disown`]);
  const before = Date.now();
  while (processesMentioning(dir).filter((l) => l.includes('journalctl')).length === 0) {
    assert.ok(Date.now() - before < 5000, 'the detached follower should be running');
    await new Promise((r) => setTimeout(r, 50));
  }
  await spark.stop();
  assert.deepEqual(processesMentioning(dir), []);
  assert.ok(!existsSync(`/proc/${serverPid}/cmdline`) || readFileSync(`/proc/${serverPid}/cmdline`, 'utf8') === '');
  assert.ok(!existsSync(dir));
  assert.ok(!existsSync(spark.sshd.dir));
  assert.throws(() => execFileSync('id', [user], { stdio: 'ignore' }));
  assert.ok(!existsSync(`/etc/sudoers.d/tailspark-test-${user}`));
  for (const port of [22, 443, 30001]) {
    const outcome = await new Promise<string>((resolve) => {
      const s = connect(port, spark.address);
      s.once('connect', () => {
        s.destroy();
        resolve('open');
      });
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    assert.equal(outcome, 'ECONNREFUSED', `port ${port}`);
  }
});

test('a test process that dies without stop() still leaves nothing behind (exit safety net)', async () => {
  const script = `const { startSpark } = require(${JSON.stringify(require.resolve('../../spark-sim'))});
startSpark({ timings: { loadMs: 100, warmupMs: 100 } }).then((s) => {
  console.log(JSON.stringify({ dir: s.stateDir.replace(/\\/state$/, ''), user: s.user.name, sshdDir: s.sshd.dir }));
  throw new Error('test process crashes');
});`;
  const r = await run(process.execPath, ['--import', 'tsx', '-e', script], 60_000);
  assert.notEqual(r.code, 0);
  const info = JSON.parse(r.stdout.trim().split('\n')[0]) as { dir: string; user: string; sshdDir: string };
  assert.deepEqual(processesMentioning(info.dir), []);
  assert.ok(!existsSync(info.dir));
  assert.ok(!existsSync(info.sshdDir));
  assert.throws(() => execFileSync('id', [info.user], { stdio: 'ignore' }));
});
