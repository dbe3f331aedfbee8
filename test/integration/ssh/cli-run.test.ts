// `tailspark run` against a real sshd: in-process through run(args, io) and once as a real
// process through src/cli.ts (exit code, stdout/stderr pass-through, host key policy).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { run } from '../../../src/cli/run';
import { generateKey, type RunningSshd, startSshd } from '../../harness/sshd';

let sshd: RunningSshd;
let key: { privatePath: string; publicLine: string };
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-cli-'));
  key = generateKey(dir, 'id');
  sshd = await startSshd({ users: [{ prefix: 'tscli', sudo: 'nopasswd', authorizedKeys: [key.publicLine] }] });
});

after(async () => {
  await sshd?.stop();
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const home = mkdtempSync(join(dir, 'home-'));
  return {
    out,
    err,
    home,
    io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env: { HOME: home, USER: 'cli' } },
  };
}

const target = () => `${sshd.users[0].name}@${sshd.host}`;

test('unknown host key is refused (exit 255, finding on stderr) unless --accept-new; then known_hosts is written', async () => {
  const kh = join(dir, 'kh-accept');
  writeFileSync(kh, '');
  const a = io();
  const code = await run(['--known-hosts', kh, '--identity', key.privatePath, target(), '--', 'true'], a.io);
  assert.equal(code, 255);
  assert.match(a.err.join(''), /\[ssh\.hostKeyUnknown\]/);
  assert.equal(readFileSync(kh, 'utf8'), '');
  const b = io();
  assert.equal(await run(['--known-hosts', kh, '--identity', key.privatePath, '--accept-new', target(), '--', 'echo', 'hi'], b.io), 0);
  assert.equal(b.out.join(''), 'hi\n');
  assert.equal(readFileSync(kh, 'utf8'), `${sshd.host} ${sshd.hostKeyLine.split(' ').slice(0, 2).join(' ')}\n`);
});

test('a changed key is refused even with --accept-new', async () => {
  const kh = join(dir, 'kh-changed');
  const other = generateKey(dir, 'other').publicLine.split(' ').slice(0, 2).join(' ');
  writeFileSync(kh, `${sshd.host} ${other}\n`);
  const a = io();
  assert.equal(await run(['--known-hosts', kh, '--identity', key.privatePath, '--accept-new', target(), '--', 'true'], a.io), 255);
  assert.match(a.err.join(''), /\[ssh\.hostKeyChanged\]/);
});

test('remote exit code, stdout and stderr pass through; --sudo and --resolve work', async () => {
  const kh = join(dir, 'kh-ok');
  writeFileSync(kh, `spark-56d0.tail1234.ts.net ${sshd.hostKeyLine.split(' ').slice(0, 2).join(' ')}\n`);
  const a = io();
  const code = await run(
    ['--known-hosts', kh, '--identity', key.privatePath, '--resolve', `spark-56d0.tail1234.ts.net:${sshd.host}`, `${sshd.users[0].name}@spark-56d0.tail1234.ts.net`, '--', 'sh', '-c', 'echo "to out $1"; echo to err >&2; exit 42', 'sh', 'a b; $(id)'],
    a.io,
  );
  assert.equal(code, 42);
  assert.equal(a.out.join(''), 'to out a b; $(id)\n');
  assert.equal(a.err.join(''), 'to err\n');
  const b = io();
  assert.equal(await run(['--known-hosts', kh, '--identity', key.privatePath, '--resolve', `spark-56d0.tail1234.ts.net:${sshd.host}`, '--sudo', `${sshd.users[0].name}@spark-56d0.tail1234.ts.net`, '--', 'id', '-u'], b.io), 0);
  assert.equal(b.out.join(''), '0\n');
});

test('usage errors exit 2', async () => {
  const a = io();
  assert.equal(await run(['only-target'], a.io), 2);
  assert.match(a.err.join(''), /the command goes after --/);
  assert.equal(await run(['--resolve', 'nocolon', 'x', '--', 'true'], io().io), 2);
});

test('as a real process: `tailspark run` exits with the remote code and streams output', () => {
  const kh = join(dir, 'kh-proc');
  writeFileSync(kh, `${sshd.host} ${sshd.hostKeyLine.split(' ').slice(0, 2).join(' ')}\n`);
  const home = mkdtempSync(join(dir, 'home-proc-'));
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'run', '--known-hosts', kh, '--identity', key.privatePath, target(), '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'],
    { encoding: 'utf8', env: { ...process.env, HOME: home, SSH_AUTH_SOCK: '' }, timeout: 20_000 },
  );
  assert.equal(r.status, 3, r.stderr);
  assert.equal(r.stdout, 'out\n');
  assert.equal(r.stderr, 'err\n');
});
