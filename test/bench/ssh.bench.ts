// SSH cost: Tailspark's pooled ssh2 session against OpenSSH, all against the same loopback sshd
// (test/harness/sshd.ts), in one run so the ratios compare like with like:
//   - first command: TCP + handshake + auth + exec (for the pool also loading ssh2 itself);
//   - next N commands: the pool reuses its connection (one channel per command);
//   - `ssh host cmd` per command: what a naive "shell out to ssh" implementation would pay;
//   - OpenSSH ControlMaster: multiplexed channels over one master — the practical floor.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateKey, startSshd } from '../harness/sshd';
import { shellFor, trustingKnownHosts } from '../integration/ssh/helpers';
import { emit, median, progress, row } from './lib/emit';

const N = Number(process.env.TAILSPARK_BENCH_SSH_N ?? 50);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tailspark-bench-ssh-'));
  const key = generateKey(dir, 'id_bench');
  const sshd = await startSshd({ users: [{ prefix: 'tsbench', sudo: 'none', authorizedKeys: [key.publicLine] }] });
  const user = sshd.users[0].name;
  const knownHosts = trustingKnownHosts(sshd);
  try {
    // ---- Tailspark: pooled ssh2 session -------------------------------------------------------
    const { shell, pool } = shellFor(sshd, user, { identityFiles: [key.privatePath], knownHostsFile: knownHosts });
    let t = performance.now();
    const first = await shell.exec(['true']);
    const poolFirst = performance.now() - t;
    if (first.code !== 0) throw new Error(`pooled first command failed: ${first.stderr}`);
    const poolHandshake = shell.handshakeMs ?? Number.NaN;
    const poolEach: number[] = [];
    t = performance.now();
    for (let i = 0; i < N; i++) {
      const s = performance.now();
      const r = await shell.exec(['true']);
      if (r.code !== 0) throw new Error(`pooled command ${i} failed`);
      poolEach.push(performance.now() - s);
    }
    const poolNext = performance.now() - t;
    pool.closeAll();
    progress(`pool: first ${poolFirst.toFixed(0)} ms, next ${N} in ${poolNext.toFixed(0)} ms`);

    // ---- OpenSSH: one `ssh host true` per command ----------------------------------------------
    const base = [
      '-F', '/dev/null', '-i', key.privatePath, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes',
      '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'LogLevel=ERROR', '-o', 'PasswordAuthentication=no',
      '-p', String(sshd.port),
    ];
    const dest = `${user}@${sshd.host}`;
    // Asynchronous on purpose: a blocking spawnSync would also freeze the ssh2 connection the
    // pool is still closing in this process.
    const ssh = (extra: string[]) =>
      new Promise<number>((resolve, reject) => {
        const s = performance.now();
        execFile('ssh', [...base, ...extra, dest, 'true'], { timeout: 20_000 }, (err, _out, stderr) => {
          if (err) reject(new Error(`ssh failed (${err.code ?? err.signal}): ${stderr}`));
          else resolve(performance.now() - s);
        });
      });
    const plainFirst = await ssh([]);
    const plainEach: number[] = [];
    for (let i = 0; i < N; i++) plainEach.push(await ssh([]));
    const plainNext = plainEach.reduce((a, b) => a + b, 0);
    progress(`ssh per command: first ${plainFirst.toFixed(0)} ms, next ${N} in ${plainNext.toFixed(0)} ms`);

    // ---- OpenSSH ControlMaster: the first command starts the master, the rest multiplex --------
    const sock = join(dir, 'cm.sock');
    const cm = ['-o', 'ControlMaster=auto', '-o', `ControlPath=${sock}`, '-o', 'ControlPersist=60'];
    const cmFirst = await ssh(cm);
    const cmEach: number[] = [];
    for (let i = 0; i < N; i++) cmEach.push(await ssh(cm));
    const cmNext = cmEach.reduce((a, b) => a + b, 0);
    execFileSync('ssh', [...base, '-o', `ControlPath=${sock}`, '-O', 'exit', dest], { stdio: 'ignore' });
    progress(`ControlMaster: first ${cmFirst.toFixed(0)} ms, next ${N} in ${cmNext.toFixed(0)} ms`);

    emit({
      part: 'ssh',
      rows: [
        // Headline rows are like for like: a persistent ssh2 connection vs a persistent OpenSSH
        // ControlMaster connection. The `ssh host true` rows compare an in-process call with
        // starting a new ssh process each time — kept for scale, labelled as such.
        row('SSH first command, pooled ssh2 vs ControlMaster start (both persistent)', poolFirst, 'ms', { name: 'ControlMaster first', value: cmFirst },
          `includes loading ssh2; handshake alone ${poolHandshake} ms`),
        row(`SSH next ${N} commands, pooled ssh2 vs ControlMaster (both persistent, total)`, poolNext, 'ms', { name: `${N}× ControlMaster`, value: cmNext }),
        row('SSH one command, pooled ssh2 vs ControlMaster (both persistent, median)', median(poolEach), 'ms', { name: 'ControlMaster (median)', value: median(cmEach) }),
        row('SSH first command, in-process ssh2 vs a new `ssh` process (not like for like)', poolFirst, 'ms', { name: '`ssh host true`', value: plainFirst }),
        row(`SSH next ${N} commands, in-process pooled ssh2 vs ${N} new \`ssh\` processes (not like for like)`, poolNext, 'ms', { name: `${N}× \`ssh host true\``, value: plainNext }),
        row('SSH one new `ssh host true` process (median)', median(plainEach), 'ms'),
      ],
    });
  } finally {
    await sshd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
