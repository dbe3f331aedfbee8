import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { blobFromKeyLine, keyTypeOfBlob, sha256Fingerprint } from '../../../src/core/ssh/fingerprint';
import { appendKnownHost, hostFieldMatches, judgeHostKey, knownHostsEntry, knownHostsName, parseKnownHosts } from '../../../src/core/ssh/knownHosts';

const dir = mkdtempSync(join(tmpdir(), 'tailspark-khu-'));
function key(name: string, type: 'ed25519' | 'ecdsa' | 'rsa' = 'ed25519'): { line: string; blob: Buffer; pub: string } {
  const p = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', name, '-f', p, ...(type === 'rsa' ? ['-b', '2048'] : [])]);
  const pub = `${p}.pub`;
  const line = readFileSync(pub, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  return { line, blob: Buffer.from(line.split(' ')[1], 'base64'), pub };
}
const ed = key('ed');
const ed2 = key('ed2');
const ec = key('ec', 'ecdsa');
const rsa = key('rsa', 'rsa');

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

test('fingerprints equal ssh-keygen -lf for ed25519, ecdsa and rsa; key types come from the blob', () => {
  for (const k of [ed, ec, rsa]) {
    const keygen = execFileSync('ssh-keygen', ['-lf', k.pub], { encoding: 'utf8' }).split(' ')[1];
    assert.equal(sha256Fingerprint(k.blob), keygen);
    assert.ok(!sha256Fingerprint(k.blob).endsWith('='));
    assert.equal(keyTypeOfBlob(k.blob), k.line.split(' ')[0]);
  }
  assert.equal(keyTypeOfBlob(Buffer.from([0, 0])), 'unknown');
  assert.ok(blobFromKeyLine(ed.line)?.equals(ed.blob));
  assert.equal(blobFromKeyLine(`ssh-rsa ${ed.line.split(' ')[1]}`), undefined, 'type must match the blob');
});

test('host field matching: plain, lists, wildcards, negation, [host]:port, hashed, case-insensitive', () => {
  assert.ok(hostFieldMatches('spark', 'spark'));
  assert.ok(hostFieldMatches('SPARK.example', 'spark.example'));
  assert.ok(hostFieldMatches('a,b,spark', 'spark'));
  assert.ok(hostFieldMatches('*.ts.net', 'spark-56d0.tail1234.ts.net'));
  assert.ok(hostFieldMatches('spark-????.tail1234.ts.net', 'spark-56d0.tail1234.ts.net'));
  assert.ok(!hostFieldMatches('*.ts.net,!spark-56d0.tail1234.ts.net', 'spark-56d0.tail1234.ts.net'));
  assert.ok(hostFieldMatches('[spark]:2222', knownHostsName('spark', 2222)));
  assert.ok(!hostFieldMatches('spark', knownHostsName('spark', 2222)));
  assert.ok(hostFieldMatches(hashed('spark'), 'spark'));
  assert.ok(hostFieldMatches(hashed('[spark]:2222'), '[spark]:2222'));
  assert.ok(!hostFieldMatches(hashed('spark'), 'sparky'));
  assert.ok(!hostFieldMatches('s.park', 'sxpark'), 'dots are literal');
});

test('judge: match among several types, changed same type, other type only → changed (as OpenSSH), revoked, cert-authority named', () => {
  const text = [
    '# comment',
    '',
    `spark ${ec.line}`,
    `spark ${ed.line} comment here`,
    `@cert-authority spark ${ed2.line}`,
    `@unknown-marker spark ${ed2.line}`,
    'garbage line',
  ].join('\n');
  const lines = parseKnownHosts(text, '/kh');
  assert.equal(lines.length, 3);
  assert.equal(judgeHostKey(lines, 'spark', 22, ed.blob).kind, 'match');
  assert.equal(judgeHostKey(lines, 'spark', 22, ec.blob).kind, 'match');
  const changed = judgeHostKey(lines, 'spark', 22, ed2.blob);
  assert.equal(changed.kind, 'changed');
  assert.equal(changed.kind === 'changed' && changed.line.lineNo, 4);
  const onlyEc = parseKnownHosts(`spark ${ec.line}\n`, '/kh');
  assert.equal(judgeHostKey(onlyEc, 'spark', 22, ed.blob).kind, 'changed', 'OpenSSH: any other key known for the host is a changed key');
  const revoked = parseKnownHosts(`spark ${ed.line}\n@revoked * ${ed.line}\n`, '/kh');
  assert.equal(judgeHostKey(revoked, 'spark', 22, ed.blob).kind, 'revoked');
  const caOnly = parseKnownHosts(`@cert-authority * ${ed2.line}\n`, '/kh');
  const ca = judgeHostKey(caOnly, 'spark', 22, ed.blob);
  assert.equal(ca.kind === 'unknown' && ca.certAuthority?.lineNo, 1, 'unknown, naming the @cert-authority line');
  assert.equal(judgeHostKey(parseKnownHosts(`other ${ed2.line}\n`, '/kh'), 'spark', 22, ed.blob).kind, 'unknown');
  assert.equal(judgeHostKey(parseKnownHosts(`spark ${ed2.line}\r\n`, '/kh'), 'spark', 22, ed.blob).kind, 'changed', 'CRLF files');
});

test('@revoked applies only to the hosts its pattern names', () => {
  const lines = parseKnownHosts(`spark ${ed.line}\nother ${ed.line}\n@revoked other ${ed.line}\n`, '/kh');
  assert.equal(judgeHostKey(lines, 'spark', 22, ed.blob).kind, 'match');
  assert.equal(judgeHostKey(lines, 'other', 22, ed.blob).kind, 'revoked');
  assert.equal(judgeHostKey(parseKnownHosts(`@revoked spark ${ed.line}\n`, '/kh'), 'spark', 22, ed.blob).kind, 'revoked');
});

test('a plain host line accepts a key on another port when no [host]:port line decides', () => {
  const plain = parseKnownHosts(`spark ${ed.line}\n`, '/kh');
  assert.equal(judgeHostKey(plain, 'spark', 2222, ed.blob).kind, 'match', 'found matching key w/out port');
  assert.equal(judgeHostKey(plain, 'spark', 2222, ed2.blob).kind, 'unknown', 'a different key without port is not "changed" for the port');
  const both = parseKnownHosts(`spark ${ed.line}\n[spark]:2222 ${ed2.line}\n`, '/kh');
  assert.equal(judgeHostKey(both, 'spark', 2222, ed.blob).kind, 'changed', 'the [host]:port line decides first');
  assert.equal(judgeHostKey(plain, 'spark', 2222, ed.blob, 'alias').kind, 'unknown', 'HostKeyAlias: only the alias is looked up');
  assert.equal(judgeHostKey(parseKnownHosts(`alias ${ed.line}\n`, '/kh'), 'spark', 2222, ed.blob, 'alias').kind, 'match');
});

test('the target name is lower-cased before matching hashed entries', () => {
  const lines = parseKnownHosts(`${hashed('spark.tail1234.ts.net')} ${ed.line}\n`, '/kh');
  assert.equal(judgeHostKey(lines, 'Spark.Tail1234.ts.net', 22, ed.blob).kind, 'match');
});

test('appending writes the OpenSSH format, adds a missing newline, creates the folder', () => {
  const f = join(mkdtempSync(join(dir, 'app-')), 'sub', 'known_hosts');
  appendKnownHost(f, 'spark', 22, ed.blob);
  appendKnownHost(f, 'spark', 2222, ec.blob);
  assert.equal(readFileSync(f, 'utf8'), `spark ${ed.line}\n[spark]:2222 ${ec.line}\n`);
  const g = join(dir, 'no-newline');
  writeFileSync(g, `other ${ed2.line}`);
  appendKnownHost(g, 'spark', 22, ed.blob);
  assert.equal(readFileSync(g, 'utf8'), `other ${ed2.line}\nspark ${ed.line}\n`);
  assert.equal(knownHostsEntry('h', 2200, rsa.blob), `[h]:2200 ${rsa.line}`);
});
