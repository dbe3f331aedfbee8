// Host key verification against a real sshd: every connection is checked, known_hosts in all
// its OpenSSH forms, the tailnet's key list, and refusal of changed/revoked keys.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { SshError } from '../../../src/core/ssh';
import { freePort, generateKey, type RunningSshd, randomLoopback, startSshd } from '../../harness/sshd';
import { scriptedPrompter, shellFor } from './helpers';

let sshd: RunningSshd; // port 22
let sshdPort: RunningSshd; // non-standard port → [host]:port entries
let key: { privatePath: string; publicLine: string };
let dir: string;
let otherKeyLine: string; // a different ed25519 key
let ecdsaLine: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-hk-'));
  key = generateKey(dir, 'id_user');
  otherKeyLine = generateKey(dir, 'other_host').publicLine.split(' ').slice(0, 2).join(' ');
  ecdsaLine = generateKey(dir, 'ecdsa_host', { type: 'ecdsa' }).publicLine.split(' ').slice(0, 2).join(' ');
  sshd = await startSshd({ users: [{ prefix: 'tshk', sudo: 'none', authorizedKeys: [key.publicLine] }] });
  const addr = randomLoopback();
  sshdPort = await startSshd({ address: addr, port: await freePort(addr), users: [{ prefix: 'tshkp', sudo: 'none', authorizedKeys: [key.publicLine] }] });
});

after(async () => {
  await sshd?.stop();
  await sshdPort?.stop();
});

function hostKey(s: RunningSshd): string {
  return s.hostKeyLine.split(' ').slice(0, 2).join(' ');
}

function knownHosts(text: string): string {
  const f = join(mkdtempSync(join(dir, 'kh-')), 'known_hosts');
  writeFileSync(f, text);
  return f;
}

async function tryExec(s: RunningSshd, khFile: string, o: { trust?: boolean; strict?: 'yes' | 'ask' | 'accept-new'; tailnetHostKeys?: string[] } = {}) {
  const prompter = scriptedPrompter({ trustHostKey: o.trust ?? false });
  const { shell, pool } = shellFor(s, s.users[0].name, {
    identityFiles: [key.privatePath],
    knownHostsFile: khFile,
    prompter,
    strict: o.strict,
    tailnetHostKeys: o.tailnetHostKeys,
  });
  try {
    const r = await shell.exec(['echo', 'ran']);
    return { ok: true as const, r, prompter };
  } catch (err) {
    return { ok: false as const, err: err as SshError, prompter };
  } finally {
    pool.closeAll();
  }
}

test('a plain known_hosts entry (among other hosts and key types) is accepted without asking', async () => {
  const f = knownHosts(`# comment\nexample.org ${otherKeyLine}\n${sshd.host} ${ecdsaLine}\n${sshd.host} ${hostKey(sshd)}\n`);
  const t = await tryExec(sshd, f);
  assert.ok(t.ok, t.ok ? '' : t.err.message);
  assert.equal(t.r.stdout, 'ran\n');
  assert.deepEqual(t.prompter.asked, []);
});

test('comma-separated host lists and wildcards match; a negated pattern excludes', async () => {
  const ok = await tryExec(sshd, knownHosts(`other.example,127.*.*.* ${hostKey(sshd)}\n`));
  assert.ok(ok.ok);
  const excluded = await tryExec(sshd, knownHosts(`127.*,!${sshd.host} ${hostKey(sshd)}\n`));
  assert.ok(!excluded.ok);
  assert.equal(excluded.err.finding.code, 'ssh.hostKeyUnknown', 'the negation makes the entry not apply → unknown, asked and declined');
  assert.equal(excluded.prompter.asked.length, 1);
});

test('hashed entries written by ssh-keygen -H are matched (HMAC-SHA1)', async () => {
  const f = knownHosts(`${sshd.host} ${hostKey(sshd)}\n[${sshdPort.host}]:${sshdPort.port} ${hostKey(sshdPort)}\n`);
  execFileSync('ssh-keygen', ['-H', '-f', f], { stdio: 'ignore' });
  const text = readFileSync(f, 'utf8');
  assert.ok(!text.includes(sshd.host) && text.startsWith('|1|'), 'file is hashed');
  assert.ok((await tryExec(sshd, f)).ok);
  assert.ok((await tryExec(sshdPort, f)).ok);
});

test('a non-22 port: the [host]:port form, or a bare host line when no [host]:port line decides (OpenSSH "w/out port")', async () => {
  assert.ok((await tryExec(sshdPort, knownHosts(`[${sshdPort.host}]:${sshdPort.port} ${hostKey(sshdPort)}\n`))).ok);
  const bare = await tryExec(sshdPort, knownHosts(`${sshdPort.host} ${hostKey(sshdPort)}\n`));
  assert.ok(bare.ok, bare.ok ? '' : bare.err.message);
  assert.deepEqual(bare.prompter.asked, []);
  const bareOther = await tryExec(sshdPort, knownHosts(`${sshdPort.host} ${otherKeyLine}\n`));
  assert.ok(!bareOther.ok);
  assert.equal(bareOther.err.finding.code, 'ssh.hostKeyUnknown', 'a different key without port is not "changed" for this port');
});

test('CHANGED key (same type, different key) is refused loudly without asking and without running anything', async () => {
  const f = knownHosts(`${sshd.host} ${otherKeyLine}\n`);
  const t = await tryExec(sshd, f, { trust: true });
  assert.ok(!t.ok);
  assert.equal(t.err.finding.code, 'ssh.hostKeyChanged');
  assert.match(t.err.finding.title, /CHANGED/);
  assert.match(t.err.finding.detail, /line 1/);
  assert.deepEqual(t.prompter.asked, [], 'never offered to trust a changed key');
  assert.equal(readFileSync(f, 'utf8'), `${sshd.host} ${otherKeyLine}\n`, 'known_hosts untouched');
  const fix = t.err.finding.fixes[0]?.action;
  assert.deepEqual(fix, { kind: 'copy', text: `ssh-keygen -R ${sshd.host} -f ${f}` });
});

test('changed key is refused even when the tailnet lists the new key', async () => {
  const t = await tryExec(sshd, knownHosts(`${sshd.host} ${otherKeyLine}\n`), { tailnetHostKeys: [hostKey(sshd)] });
  assert.ok(!t.ok);
  assert.equal(t.err.finding.code, 'ssh.hostKeyChanged');
});

test('@revoked key is refused even next to a matching entry', async () => {
  const t = await tryExec(sshd, knownHosts(`${sshd.host} ${hostKey(sshd)}\n@revoked * ${hostKey(sshd)}\n`), { trust: true });
  assert.ok(!t.ok);
  assert.equal(t.err.finding.code, 'ssh.hostKeyChanged');
  assert.match(t.err.finding.title, /REVOKED/);
});

test('@cert-authority for the host: refused with ssh.hostCertUnsupported, never offered as an unknown key', async () => {
  const t = await tryExec(sshd, knownHosts(`@cert-authority ${sshd.host} ${otherKeyLine}\n@cert-authority * ${hostKey(sshd)}\n`), { trust: true });
  assert.ok(!t.ok);
  assert.equal(t.err.finding.code, 'ssh.hostCertUnsupported');
  assert.match(t.err.finding.detail, /line 1/);
  assert.deepEqual(t.prompter.asked, []);
});

test('the tailnet sshHostKeys list is trusted without a prompt and without writing known_hosts', async () => {
  const f = knownHosts('');
  const t = await tryExec(sshd, f, { tailnetHostKeys: [ecdsaLine, `${hostKey(sshd)}`] });
  assert.ok(t.ok);
  assert.deepEqual(t.prompter.asked, []);
  assert.equal(readFileSync(f, 'utf8'), '');
});

test('a key that contradicts the tailnet list is refused with both fingerprints: no prompt, no accept-new, known_hosts untouched', async () => {
  const presented = execFileSync('ssh-keygen', ['-lf', join(sshd.dir, 'host_ed25519.pub')], { encoding: 'utf8' }).split(' ')[1];
  const listed = execFileSync('ssh-keygen', ['-lf', join(dir, 'other_host.pub')], { encoding: 'utf8' }).split(' ')[1];
  for (const strict of ['ask', 'accept-new'] as const) {
    const f = knownHosts('');
    const t = await tryExec(sshd, f, { trust: true, strict, tailnetHostKeys: [otherKeyLine] });
    assert.ok(!t.ok, `${strict}: connected although the tailnet lists another key`);
    assert.equal(t.err.finding.code, 'ssh.hostKeyNotTailnet');
    assert.ok(t.err.finding.detail.includes(presented), 'names the presented key');
    assert.ok(t.err.finding.detail.includes(listed), "names the tailnet's key");
    assert.deepEqual(t.prompter.asked, [], `${strict}: the user is not asked to trust it`);
    assert.equal(readFileSync(f, 'utf8'), '');
  }
});

test('unknown key: the prompt shows the fingerprint exactly as ssh-keygen -lf; trusting writes an entry OpenSSH itself finds', async () => {
  for (const s of [sshd, sshdPort]) {
    const f = knownHosts('');
    const t = await tryExec(s, f, { trust: true });
    assert.ok(t.ok, t.ok ? '' : t.err.message);
    const pubFile = join(s.dir, 'host_ed25519.pub');
    const keygen = execFileSync('ssh-keygen', ['-lf', pubFile], { encoding: 'utf8' }).split(' ')[1];
    const name = s.port === 22 ? s.host : `[${s.host}]:${s.port}`;
    assert.deepEqual(t.prompter.asked, [`hostkey ${s.host}:${s.port} ssh-ed25519 ${keygen}`]);
    assert.equal(readFileSync(f, 'utf8'), `${name} ${hostKey(s)}\n`);
    // OpenSSH's own lookup finds what we wrote.
    const found = execFileSync('ssh-keygen', ['-F', name, '-f', f], { encoding: 'utf8' });
    assert.match(found, new RegExp(hostKey(s).split(' ')[1].replace(/[+/]/g, '\\$&')));
    // …and the next connection does not ask again.
    const again = await tryExec(s, f);
    assert.ok(again.ok);
    assert.deepEqual(again.prompter.asked, []);
  }
});

test('unknown key declined, or StrictHostKeyChecking=yes: refused with ssh.hostKeyUnknown', async () => {
  const declined = await tryExec(sshd, knownHosts(''), { trust: false });
  assert.ok(!declined.ok);
  assert.equal(declined.err.finding.code, 'ssh.hostKeyUnknown');
  assert.match(declined.err.finding.detail, /SHA256:/);
  const strict = await tryExec(sshd, knownHosts(''), { trust: true, strict: 'yes' });
  assert.ok(!strict.ok);
  assert.equal(strict.err.finding.code, 'ssh.hostKeyUnknown');
  assert.deepEqual(strict.prompter.asked, [], 'strict mode never asks');
});

test('like OpenSSH, key types already known for the host are negotiated first (no prompt for a trusted host)', async () => {
  const ecdsaHost = generateKey(dir, 'ecdsa_hostkey', { type: 'ecdsa' });
  const twoKeys = await startSshd({
    users: [{ prefix: 'tshk2', sudo: 'none', authorizedKeys: [key.publicLine] }],
    extraConfig: [`HostKey ${ecdsaHost.privatePath}`],
  });
  try {
    const ecdsaOnly = `${twoKeys.host} ${ecdsaHost.publicLine.split(' ').slice(0, 2).join(' ')}\n`;
    const t = await tryExec(twoKeys, knownHosts(ecdsaOnly));
    assert.ok(t.ok, t.ok ? '' : t.err.message);
    assert.deepEqual(t.prompter.asked, []);
    // Only the ed25519 key known: that one is asked for.
    const t2 = await tryExec(twoKeys, knownHosts(`${twoKeys.host} ${hostKey(twoKeys)}\n`));
    assert.ok(t2.ok);
    // Nothing known: ssh2's default order (ed25519 first) and the prompt shows that key.
    const t3 = await tryExec(twoKeys, knownHosts(''), { trust: false });
    assert.ok(!t3.ok);
    assert.match(t3.prompter.asked[0], / ssh-ed25519 SHA256:/);
  } finally {
    await twoKeys.stop();
  }
});
