// OpenSSH itself is the oracle for known_hosts: for every known_hosts file of the corpus, a real
// `ssh -o StrictHostKeyChecking=yes` against a real sshd and Tailspark's verifier (same file,
// same server) must reach the same verdict — accept / unknown / changed / revoked. The servers
// have several host key types, so the negotiated algorithm (OpenSSH's order_hostkeyalgs) matters.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { SshError } from '../../../src/core/ssh';
import { freePort, generateKey, type RunningSshd, randomLoopback, startSshd } from '../../harness/sshd';
import { scriptedPrompter, shellFor } from './helpers';

type Verdict = 'accept' | 'unknown' | 'changed' | 'revoked';

let dir: string;
let userKey: { privatePath: string; publicLine: string };
/** Port 22, host keys ed25519 + ecdsa + rsa. */
let multi: RunningSshd;
/** A non-22 port, same three types. */
let ported: RunningSshd;
/** Port 22, ed25519 only. */
let edOnly: RunningSshd;
const serverKeys = new Map<RunningSshd, { ed: string; ec: string; rsa: string }>();
/** Keys no server has. */
let other: { ed: string; ec: string; rsa: string };

const typeAndKey = (line: string) => line.split(' ').slice(0, 2).join(' ');

async function server(name: string, types: ('ecdsa' | 'rsa')[], port?: number): Promise<RunningSshd> {
  const extra = types.map((t) => generateKey(dir, `${name}_host_${t}`, { type: t }));
  const address = randomLoopback();
  const s = await startSshd({
    address,
    ...(port ? { port: await freePort(address) } : {}),
    users: [{ prefix: 'tsor', sudo: 'none', authorizedKeys: [userKey.publicLine] }],
    extraConfig: extra.map((k) => `HostKey ${k.privatePath}`),
  });
  serverKeys.set(s, {
    ed: typeAndKey(s.hostKeyLine),
    ec: extra[types.indexOf('ecdsa')] ? typeAndKey(extra[types.indexOf('ecdsa')].publicLine) : '',
    rsa: extra[types.indexOf('rsa')] ? typeAndKey(extra[types.indexOf('rsa')].publicLine) : '',
  });
  return s;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-hko-'));
  userKey = generateKey(dir, 'id_user');
  other = {
    ed: typeAndKey(generateKey(dir, 'other_ed').publicLine),
    ec: typeAndKey(generateKey(dir, 'other_ec', { type: 'ecdsa' }).publicLine),
    rsa: typeAndKey(generateKey(dir, 'other_rsa', { type: 'rsa' }).publicLine),
  };
  multi = await server('multi', ['ecdsa', 'rsa']);
  ported = await server('ported', ['ecdsa', 'rsa'], 1);
  edOnly = await server('edonly', []);
});

after(async () => {
  await multi?.stop();
  await ported?.stop();
  await edOnly?.stop();
});

interface Case {
  name: string;
  server: () => RunningSshd;
  /** known_hosts text; H = the host name known_hosts uses for this server, K = its keys. */
  knownHosts: (h: { H: string; bare: string; K: { ed: string; ec: string; rsa: string } }) => string;
  /** Hash the host names with ssh-keygen -H before use. */
  hash?: boolean;
  /** Connect through this ssh_config alias: `Host spark` with HostName/Port of the server plus these lines. */
  config?: string;
}

const corpus: Case[] = [
  { name: 'the ed25519 key', server: () => multi, knownHosts: ({ H, K }) => `${H} ${K.ed}\n` },
  { name: 'a different ed25519 key', server: () => multi, knownHosts: ({ H }) => `${H} ${other.ed}\n` },
  { name: 'stale ECDSA line before the good ed25519 line', server: () => multi, knownHosts: ({ H, K }) => `${H} ${other.ec}\n${H} ${K.ed}\n` },
  { name: 'stale RSA line before the good ed25519 line', server: () => multi, knownHosts: ({ H, K }) => `${H} ${other.rsa}\n${H} ${K.ed}\n` },
  { name: 'only a stale ECDSA line (ECDSA is negotiated)', server: () => multi, knownHosts: ({ H }) => `${H} ${other.ec}\n` },
  { name: 'only the ECDSA key', server: () => multi, knownHosts: ({ H, K }) => `${H} ${K.ec}\n` },
  { name: 'only the RSA key', server: () => multi, knownHosts: ({ H, K }) => `${H} ${K.rsa}\n` },
  { name: 'stale ed25519 next to the good ECDSA key', server: () => multi, knownHosts: ({ H, K }) => `${H} ${other.ed}\n${H} ${K.ec}\n` },
  { name: 'good ECDSA and good RSA, no ed25519', server: () => multi, knownHosts: ({ H, K }) => `${H} ${K.rsa}\n${H} ${K.ec}\n` },
  { name: 'stale RSA only', server: () => multi, knownHosts: ({ H }) => `${H} ${other.rsa}\n` },
  { name: '@revoked * for the presented key', server: () => multi, knownHosts: ({ H, K }) => `${H} ${K.ed}\n@revoked * ${K.ed}\n` },
  { name: '@revoked for another host only', server: () => multi, knownHosts: ({ H, K }) => `${H} ${K.ed}\n@revoked other.example ${K.ed}\n` },
  { name: '@revoked names this host', server: () => multi, knownHosts: ({ H, K }) => `@revoked ${H} ${K.ed}\n${H} ${K.ed}\n` },
  { name: '@revoked for a different key of this host', server: () => multi, knownHosts: ({ H, K }) => `@revoked ${H} ${other.ed}\n${H} ${K.ed}\n` },
  { name: 'other hosts only', server: () => multi, knownHosts: ({ K }) => `other.example ${K.ed}\n10.0.0.1 ${K.ec}\n` },
  { name: 'empty file', server: () => multi, knownHosts: () => '' },
  { name: 'comments, blank lines, CRLF', server: () => multi, knownHosts: ({ H, K }) => `# known\r\n\r\n${H} ${K.ed} comment\r\n` },
  { name: 'host list with wildcard', server: () => multi, knownHosts: ({ K }) => `a.example,127.*.*.* ${K.ed}\n` },
  { name: 'negated pattern excludes', server: () => multi, knownHosts: ({ H, K }) => `127.*,!${H} ${K.ed}\n` },
  { name: 'hashed entry', server: () => multi, knownHosts: ({ H, K }) => `${H} ${K.ed}\n`, hash: true },
  { name: 'hashed stale entry', server: () => multi, knownHosts: ({ H }) => `${H} ${other.ed}\n`, hash: true },
  { name: '@cert-authority for the host (no certificate presented)', server: () => multi, knownHosts: ({ H, K }) => `@cert-authority ${H} ${K.ed}\n` },
  { name: 'port: the [host]:port line', server: () => ported, knownHosts: ({ H, K }) => `${H} ${K.ed}\n` },
  { name: 'port: a bare host line only (w/out port)', server: () => ported, knownHosts: ({ bare, K }) => `${bare} ${K.ed}\n` },
  { name: 'port: a bare host line with another key', server: () => ported, knownHosts: ({ bare }) => `${bare} ${other.ed}\n` },
  { name: 'port: [host]:port stale, bare host good', server: () => ported, knownHosts: ({ H, bare, K }) => `${H} ${other.ed}\n${bare} ${K.ed}\n` },
  { name: 'port: [host]:port with a wildcard', server: () => ported, knownHosts: ({ K }) => `[127.*]:${ported.port} ${K.ed}\n` },
  { name: 'port: hashed [host]:port', server: () => ported, knownHosts: ({ H, K }) => `${H} ${K.ed}\n`, hash: true },
  { name: 'port: bare ECDSA line, server prefers it', server: () => ported, knownHosts: ({ bare, K }) => `${bare} ${K.ec}\n` },
  { name: 'ed25519-only server, known_hosts has only ECDSA', server: () => edOnly, knownHosts: ({ H }) => `${H} ${other.ec}\n` },
  { name: 'ed25519-only server, stale ECDSA and good ed25519', server: () => edOnly, knownHosts: ({ H, K }) => `${H} ${other.ec}\n${H} ${K.ed}\n` },
  { name: 'HostKeyAlias (mixed case) names the line', server: () => multi, config: 'HostKeyAlias Spark.Example', knownHosts: ({ K }) => `spark.example ${K.ed}\n` },
  { name: 'HostKeyAlias is lower-cased before hashed matching', server: () => multi, config: 'HostKeyAlias SPARK.Example', knownHosts: ({ K }) => `spark.example ${K.ed}\n`, hash: true },
  { name: 'HostKeyAlias: a line for the address no longer counts', server: () => multi, config: 'HostKeyAlias spark.example', knownHosts: ({ H, K }) => `${H} ${K.ed}\n` },
  { name: 'HostKeyAlias: a stale alias line', server: () => multi, config: 'HostKeyAlias spark.example', knownHosts: ({ H, K }) => `spark.example ${other.ed}\n${H} ${K.ed}\n` },
  { name: 'HostKeyAlias on a non-22 port: no [alias]:port form', server: () => ported, config: 'HostKeyAlias spark.example', knownHosts: ({ K }) => `spark.example ${K.ed}\n` },
  { name: 'HostKeyAlias chooses the algorithm: alias has ECDSA', server: () => multi, config: 'HostKeyAlias spark.example', knownHosts: ({ H, K }) => `spark.example ${K.ec}\n${H} ${other.ed}\n` },
];

function knownHostsFile(c: Case, i: number): string {
  const s = c.server();
  const H = s.port === 22 ? s.host : `[${s.host}]:${s.port}`;
  const f = join(dir, `kh-${i}`);
  writeFileSync(f, c.knownHosts({ H, bare: s.host, K: serverKeys.get(s)! }));
  if (c.hash) execFileSync('ssh-keygen', ['-q', '-H', '-f', f], { stdio: 'ignore' });
  return f;
}

/** The ssh_config for a case with `config`: alias `spark` → this server. */
function configFile(c: Case, i: number): string | undefined {
  if (!c.config) return undefined;
  const s = c.server();
  const f = join(dir, `config-${i}`);
  writeFileSync(f, `Host spark\n  HostName ${s.host}\n  Port ${s.port}\n  ${c.config}\n`, { mode: 0o600 });
  return f;
}

function openssh(s: RunningSshd, kh: string, config: string | undefined): Verdict | string {
  const where = config ? ['-F', config, `${s.users[0].name}@spark`] : ['-F', '/dev/null', '-p', String(s.port), `${s.users[0].name}@${s.host}`];
  const r = spawnSync(
    'ssh',
    ['-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${kh}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'UpdateHostKeys=no', '-o', 'IdentitiesOnly=yes', '-i', userKey.privatePath, ...where, 'true'],
    { encoding: 'utf8', timeout: 20_000 },
  );
  if (r.status === 0) return 'accept';
  if (/REVOKED HOST KEY DETECTED/.test(r.stderr)) return 'revoked';
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED/.test(r.stderr)) return 'changed';
  if (/Host key verification failed/.test(r.stderr)) return 'unknown';
  return `ssh exit ${r.status}: ${r.stderr.trim()}`;
}

async function tailspark(s: RunningSshd, kh: string, config: string | undefined): Promise<Verdict | string> {
  const prompter = scriptedPrompter({ trustHostKey: false });
  const { shell, pool } = shellFor(s, s.users[0].name, {
    identityFiles: [userKey.privatePath],
    knownHostsFile: kh,
    prompter,
    strict: 'yes',
    ...(config ? { sshConfigFile: config, target: `${s.users[0].name}@spark` } : {}),
  });
  try {
    await shell.exec(['true']);
    return 'accept';
  } catch (err) {
    const f = (err as SshError).finding;
    if (f?.code === 'ssh.hostKeyChanged') return /REVOKED/.test(f.title) ? 'revoked' : 'changed';
    // Certificates are refused with their own Finding; for the verdict that is "not trusted".
    if (f?.code === 'ssh.hostKeyUnknown' || f?.code === 'ssh.hostCertUnsupported') return 'unknown';
    return `${f?.code ?? 'error'}: ${(err as Error).message}`;
  } finally {
    pool.closeAll();
  }
}

let checked = 0;
let agreed = 0;
const seen = new Set<string>();

corpus.forEach((c, i) => {
  test(`host key oracle: ${c.name}`, async () => {
    const s = c.server();
    const kh = knownHostsFile(c, i);
    const config = configFile(c, i);
    const expected = openssh(s, kh, config);
    seen.add(expected);
    const actual = await tailspark(s, kh, config);
    checked++;
    assert.equal(actual, expected, `${c.name}\n--- known_hosts ---\n${readFileSync(kh, 'utf8')}`);
    agreed++;
  });
});

test('the corpus covers every verdict', () => {
  // Guards against a corpus where OpenSSH (and so the comparison) never says "changed" etc.
  assert.equal(checked, corpus.length);
  assert.deepEqual([...seen].sort(), ['accept', 'changed', 'revoked', 'unknown']);
});

after(() => {
  console.log(`host key oracle: ${checked} cases checked, ${agreed} agreed`);
});
