// OpenSSH itself is the oracle for ssh_config: for every case of the corpus below, Tailspark's
// resolveTarget() must give what `ssh -G -F <file> <target>` prints (ssh -G does not connect),
// and the identity files `ssh -vvv` opens (it loads them before the handshake; ProxyCommand=true
// makes the "connection" end right there). Tilde and %d use the passwd home of the user running
// the test (OpenSSH ignores $HOME there), so relative Include files go to a fresh folder under
// that ~/.ssh, removed afterwards.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { after, test } from 'node:test';
import type { PathEnv } from '../../../src/core/ssh/paths';
import { type ResolvedTarget, resolveTarget } from '../../../src/core/ssh/sshConfig';

const me = userInfo();
const work = mkdtempSync(join(tmpdir(), 'tailspark-sshg-'));
mkdirSync(join(me.homedir, '.ssh'), { recursive: true, mode: 0o700 });
/** Under ~/.ssh: where `Include name` (relative) looks. */
const sshDirInc = mkdtempSync(join(me.homedir, '.ssh', 'tailspark-oracle-'));
const rel = basename(sshDirInc);
after(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(sshDirInc, { recursive: true, force: true });
});

const pathEnv: PathEnv = { platform: 'linux', home: me.homedir, env: { USER: me.username }, localHost: hostname(), cwd: work };

interface Case {
  name: string;
  config: string;
  target: string;
  /** Extra files: absolute paths, or `~inc/…` for the folder under ~/.ssh. */
  files?: Record<string, string>;
}

const TS = 'spark-56d0.tail1234.ts.net';
const corpus: Case[] = [
  { name: 'no matching block: defaults', config: 'Host other\n  User nobody\n', target: 'spark' },
  { name: 'Host alias → HostName, User, Port', config: `Host spark\n  HostName ${TS}\n  User sparkuser\n  Port 2222\n`, target: 'spark' },
  { name: 'user@host beats User', config: 'Host spark\n  User cfg\n  Port 2200\n', target: 'cli@spark' },
  { name: 'ssh://user@host:port beats User and Port', config: 'Host spark\n  User cfg\n  Port 2200\n', target: 'ssh://cli@spark:2201' },
  { name: 'first value wins across blocks', config: 'Host spark\n  User first\n  Port 1001\nHost *\n  User second\n  Port 1002\n', target: 'spark' },
  { name: 'case-insensitive keywords, = syntax', config: 'HOST spark\n  hostname=Spark.Example\n  USER = ada\n  pOrT=2022\n', target: 'spark' },
  { name: 'Host patterns: wildcard, ?, list', config: 'Host foo,spa?k,*.nope\n  User listed\n', target: 'spark' },
  { name: 'Host negation excludes', config: 'Host * !spark\n  User neg\nHost *\n  User all\n', target: 'spark' },
  { name: 'Host is case-sensitive, Match originalhost is not', config: 'Host spark\n  User exact\nMatch originalhost SPARK\n  Port 3333\n', target: 'SPARK' },
  { name: 'HostName with %h, lower-cased', config: 'Host spark*\n  HostName %h.Tail1234.TS.NET\n', target: 'spark-56d0' },
  { name: 'Match host sees HostName set earlier (token, lower-case keyword)', config: 'Host spark\n  HostName %h.tail1234.ts.net\nmatch host *.tail1234.ts.net\n  User viahostname\n', target: 'spark' },
  { name: 'Match host with upper-case HostName', config: 'Host spark\n  HostName SPARK.TAIL1234.TS.NET\nMatch host spark.tail1234.ts.net\n  Port 4444\n', target: 'spark' },
  { name: 'Match !host', config: 'Match !host *.example.com\n  User notexample\n', target: 'spark' },
  { name: 'Match !host not taken', config: 'Match !host spark\n  User wrong\n', target: 'spark' },
  { name: 'Match user sees user@host', config: 'Match user admin\n  Port 2002\n  IdentityFile ~/.ssh/id_admin\n', target: 'admin@spark' },
  { name: 'Match user sees User set before', config: 'Host spark\n  User bob\nMatch user bob\n  Port 2003\n', target: 'spark' },
  { name: 'Match user negated', config: 'Match !user bob\n  Port 2004\n', target: 'alice@spark' },
  { name: 'Match originalhost vs HostName', config: 'Host spark\n  HostName real.example\nMatch originalhost real.example\n  User no\nMatch originalhost spark\n  User yes\n', target: 'spark' },
  { name: 'Match all', config: 'Match all\n  ConnectTimeout 9\n', target: 'spark' },
  { name: 'Match with two criteria', config: 'Match host spark user ada\n  Port 2005\nMatch host spark user bob\n  Port 2006\n', target: 'bob@spark' },
  { name: 'Match localuser', config: `Match localuser ${me.username}\n  User fromlocal\n`, target: 'spark' },
  { name: 'Match exec that fails (never run by Tailspark)', config: 'Match exec "exit 1"\n  User execd\n', target: 'spark' },
  { name: 'Match final: a second pass where final and canonical hold', config: 'Match canonical\n  User canon\nMatch final\n  Port 2007\n', target: 'spark' },
  { name: 'Match canonical without a final pass does not match', config: 'Match canonical\n  User canon\nMatch !final\n  Port 2008\n', target: 'spark' },
  { name: 'Match final sees the settled, lower-cased HostName', config: 'Host spark\n  HostName %h.Example.ORG\nMatch final host spark.example.org\n  User finalhost\n  IdentityFile ~/.ssh/id_final\n', target: 'spark' },
  { name: 'quoted IdentityFile with spaces', config: 'Host spark\n  IdentityFile "~/.ssh/my spark key"\n  IdentityFile ~/.ssh/escaped\\ key\n', target: 'spark' },
  { name: 'quoted UserKnownHostsFile list', config: "Host spark\n  UserKnownHostsFile \"~/kh with space\" '/tmp/other kh' /tmp/plain\n", target: 'spark' },
  { name: 'UserKnownHostsFile: first line wins', config: 'Host spark\n  UserKnownHostsFile /tmp/a\nHost *\n  UserKnownHostsFile /tmp/b\n', target: 'spark' },
  { name: 'UserKnownHostsFile none', config: 'Host spark\n  UserKnownHostsFile none\n', target: 'spark' },
  { name: 'IdentityFile accumulates across blocks', config: 'Host spark\n  IdentityFile ~/.ssh/one\nHost *\n  IdentityFile ~/.ssh/two\n', target: 'spark' },
  {
    name: 'tokens %h %p %r %u %l %k %d %n %% in IdentityFile and UserKnownHostsFile',
    config: 'Host spark\n  HostName Spark.Example\n  User rem\n  Port 2200\n  IdentityFile ~/.ssh/k_%h_%p_%r_%u_%l_%k_%d_%n_%%\n  UserKnownHostsFile %d/kh_%h_%p_%r_%u_%l_%k_%n_%%\n',
    target: 'spark',
  },
  { name: '%k is HostKeyAlias (lower-cased)', config: 'Host spark\n  HostKeyAlias SparkAlias\n  UserKnownHostsFile /tmp/kh_%k\n  IdentityFile /tmp/id_%k\n', target: 'spark' },
  { name: '%C connection hash and %L short host', config: 'Host spark\n  UserKnownHostsFile /tmp/kh_%C_%L\n', target: 'spark' },
  { name: 'relative IdentityFile is relative to the working directory', config: 'Host spark\n  IdentityFile keys/id_rel\n', target: 'spark' },
  { name: 'IdentityFile none', config: 'Host spark\n  IdentityFile none\n  IdentityFile ~/.ssh/real\n', target: 'spark' },
  { name: 'IdentitiesOnly yes', config: 'Host spark\n  IdentitiesOnly yes\n', target: 'spark' },
  { name: 'IdentitiesOnly true (flag synonym)', config: 'Host spark\n  IdentitiesOnly true\n', target: 'spark' },
  { name: 'StrictHostKeyChecking yes', config: 'Host spark\n  StrictHostKeyChecking yes\n', target: 'spark' },
  { name: 'StrictHostKeyChecking accept-new', config: 'Host spark\n  StrictHostKeyChecking accept-new\n', target: 'spark' },
  { name: 'StrictHostKeyChecking no', config: 'Host spark\n  StrictHostKeyChecking no\n', target: 'spark' },
  { name: 'ConnectTimeout, ServerAliveInterval, ServerAliveCountMax', config: 'Host spark\n  ConnectTimeout 7\n  ServerAliveInterval 20\n  ServerAliveCountMax 4\n', target: 'spark' },
  { name: 'ProxyJump list', config: 'Host spark\n  ProxyJump jump@bastion:2022,bastion2\n', target: 'spark' },
  { name: 'ProxyJump none', config: 'Host spark\n  ProxyJump none\nHost *\n  ProxyJump later\n', target: 'spark' },
  { name: 'comments and trailing comments', config: '# top\nHost spark # the spark\n  User cmt # who\n\n   # indented\n', target: 'spark' },
  { name: 'options before any Host apply to all', config: 'User global\nHost spark\n  User late\n', target: 'spark' },
  {
    name: 'Include absolute glob, sorted',
    config: `Include ${work}/inc-glob/*.conf\nHost spark\n  User main\n`,
    files: { [`${work}/inc-glob/20-b.conf`]: 'Host spark\n  Port 2020\n', [`${work}/inc-glob/10-a.conf`]: 'Host spark\n  User fromA\n  Port 2010\n', [`${work}/inc-glob/.hidden.conf`]: 'Host spark\n  User hidden\n' },
    target: 'spark',
  },
  {
    name: 'Include relative to ~/.ssh',
    config: `Include ${rel}/rel.conf\n`,
    files: { '~inc/rel.conf': `Host spark\n  HostName ${TS}\n  User relinc\n` },
    target: 'spark',
  },
  {
    name: 'Include inside a Host block (active only for that host)',
    config: `Host spark\n  Include ${work}/inblock.conf\nHost other\n  Include ${work}/inblock-other.conf\n`,
    files: { [`${work}/inblock.conf`]: 'User inblock\nPort 2300\n', [`${work}/inblock-other.conf`]: 'User wrong\n' },
    target: 'spark',
  },
  {
    name: "Host inside an included file does not change the including file's block",
    config: `Host spark\n  Include ${work}/resets.conf\n  Port 2400\n`,
    files: { [`${work}/resets.conf`]: 'Host nomatch\n  User nope\n' },
    target: 'spark',
  },
  {
    name: 'Include in an inactive block: its Host lines never match',
    config: `Host other\n  Include ${work}/never.conf\n`,
    files: { [`${work}/never.conf`]: 'Host spark\n  User never\n' },
    target: 'spark',
  },
  { name: 'Include of a missing file is ignored', config: `Include ${work}/missing.conf\nHost spark\n  User still\n`, target: 'spark' },
  {
    name: 'nested Include with Match user',
    config: `Include ${work}/n1.conf\n`,
    files: { [`${work}/n1.conf`]: `Include ${work}/n2.conf\n`, [`${work}/n2.conf`]: 'Match user deep\n  Port 2500\n' },
    target: 'deep@spark',
  },
  { name: 'tailnet name with HostName token and Match on it', config: 'Host spark\n  HostName %h-56d0.tail1234.ts.net\n  User sparkuser\nMatch host *.ts.net\n  IdentityFile ~/.ssh/id_tailnet\n  IdentitiesOnly yes\n', target: 'spark' },
];

interface Oracle {
  hostname: string;
  user: string;
  port: number;
  identitiesonly: string;
  userknownhostsfile: string;
  stricthostkeychecking: string;
  connecttimeout: string;
  serveraliveinterval: number;
  serveralivecountmax: number;
  proxyjump?: string;
  hostkeyalias?: string;
  identityFiles: string[];
}

function writeCase(c: Case, i: number): string {
  const file = join(work, `case-${i}.conf`);
  writeFileSync(file, c.config, { mode: 0o600 });
  for (const [p, text] of Object.entries(c.files ?? {})) {
    const full = p.startsWith('~inc/') ? join(sshDirInc, p.slice('~inc/'.length)) : p;
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, text, { mode: 0o600 });
  }
  return file;
}

function openssh(file: string, target: string): Oracle {
  const g = execFileSync('ssh', ['-G', '-F', file, target], { encoding: 'utf8', cwd: work, stdio: ['ignore', 'pipe', 'ignore'] });
  const get = (k: string) =>
    g
      .split('\n')
      .find((l) => l.startsWith(`${k} `))
      ?.slice(k.length + 1);
  // The identity files ssh opens, fully expanded (ssh -G prints them unexpanded).
  const v = spawnSync('ssh', ['-vvv', '-F', file, '-o', 'ProxyCommand=true', '-o', 'BatchMode=yes', target, 'true'], { encoding: 'utf8', cwd: work, timeout: 10_000 });
  const identityFiles = [...v.stderr.matchAll(/^debug1: identity file (.*) type -?\d+$/gm)]
    .map((m) => m[1])
    .filter((f) => !f.endsWith('-cert'))
    // ssh2 cannot use XMSS keys, so Tailspark leaves the default id_xmss out.
    .filter((f) => !f.endsWith('/id_xmss'))
    // ssh opens a relative path from its working directory (`work` here).
    .map((f) => (isAbsolute(f) ? f : join(work, f)));
  return {
    hostname: get('hostname') ?? '',
    user: get('user') ?? '',
    port: Number(get('port')),
    identitiesonly: get('identitiesonly') ?? '',
    userknownhostsfile: get('userknownhostsfile') ?? '',
    stricthostkeychecking: get('stricthostkeychecking') ?? '',
    connecttimeout: get('connecttimeout') ?? '',
    serveraliveinterval: Number(get('serveraliveinterval')),
    serveralivecountmax: Number(get('serveralivecountmax')),
    proxyjump: get('proxyjump'),
    hostkeyalias: get('hostkeyalias'),
    identityFiles,
  };
}

/** Tailspark's answer in the same shape (its documented defaults mapped to OpenSSH's words). */
function tailspark(t: ResolvedTarget, jumpRaw: string | undefined): Oracle {
  return {
    hostname: t.host,
    user: t.user,
    port: t.port,
    identitiesonly: t.identitiesOnly ? 'yes' : 'no',
    userknownhostsfile: t.knownHostsFiles.length === 0 ? 'none' : t.knownHostsFiles.join(' '),
    stricthostkeychecking: { yes: 'true', no: 'false', ask: 'ask', 'accept-new': 'accept-new' }[t.strictHostKeyChecking],
    // Tailspark's own defaults where OpenSSH has none: 15 s connect timeout, 15 s keepalive.
    connecttimeout: t.connectTimeoutMs === 15_000 ? 'none' : String(t.connectTimeoutMs / 1000),
    serveraliveinterval: t.serverAliveIntervalMs === 15_000 ? 0 : t.serverAliveIntervalMs / 1000,
    serveralivecountmax: t.serverAliveCountMax,
    proxyjump: t.jumps.length > 0 ? jumpRaw : undefined,
    hostkeyalias: t.hostKeyAlias,
    identityFiles: t.identityFiles,
  };
}

let checked = 0;
let agreed = 0;

corpus.forEach((c, i) => {
  test(`ssh -G oracle: ${c.name}`, () => {
    const file = writeCase(c, i);
    const expected = openssh(file, c.target);
    const t = resolveTarget({ target: c.target, sshConfigText: readFileSync(file, 'utf8'), sshConfigPath: file, pathEnv });
    // ProxyJump none leaves no jumps (OpenSSH prints no proxyjump line either).
    const actual = tailspark(t, expected.proxyjump);
    checked++;
    assert.deepEqual(actual, expected, `${c.name}\n--- config ---\n${c.config}`);
    if (expected.proxyjump) assert.deepEqual(t.jumps.map((j) => j.name).join(','), expected.proxyjump);
    agreed++;
  });
});

test('Match exec is where Tailspark deliberately differs: OpenSSH runs it, Tailspark never does', () => {
  const file = writeCase({ name: 'exec', config: 'Match exec true\n  User execd\n', target: 'spark' }, 999);
  assert.equal(openssh(file, 'spark').user, 'execd', 'OpenSSH ran `true`');
  assert.equal(resolveTarget({ target: 'spark', sshConfigText: readFileSync(file, 'utf8'), pathEnv }).user, me.username);
});

after(() => {
  console.log(`ssh -G oracle: ${checked} cases checked, ${agreed} agreed`);
});
