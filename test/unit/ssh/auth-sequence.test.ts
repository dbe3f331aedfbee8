import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AnyAuthMethod, AuthenticationType } from 'ssh2';
import { AuthSequence } from '../../../src/core/ssh/auth';
import { resolveTarget } from '../../../src/core/ssh/sshConfig';
import type { SecretStore, SshPrompter } from '../../../src/core/ssh/types';

const dir = mkdtempSync(join(tmpdir(), 'tailspark-authseq-'));
const keyFile = join(dir, 'id_ok');
execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
const pathEnv = { platform: 'linux' as const, home: dir, env: {} };
const ssh2 = require('ssh2') as typeof import('ssh2');

function sequence(o: { tailnetPeer?: boolean; prompter?: Partial<SshPrompter>; secrets?: SecretStore; remember?: boolean; onServerText?: (t: string) => boolean }) {
  const hop = resolveTarget({ target: 'u@h', identityFiles: [keyFile, join(dir, 'missing')], pathEnv });
  const asked: string[] = [];
  const prompter: SshPrompter = {
    askPassphrase: async () => undefined,
    askPassword: async (p) => {
      asked.push(p.text ?? 'password');
      return 'typed';
    },
    confirmUnknownHostKey: async () => false,
    ...o.prompter,
  };
  const seq = new AuthSequence({
    hop,
    tailnetPeer: o.tailnetPeer ?? false,
    prompter,
    secrets: o.secrets,
    rememberSecrets: o.remember,
    pathEnv,
    agent: join(dir, 'no-agent.sock'),
    whilePrompting: (p) => p,
    onServerText: o.onServerText ?? (() => false),
    onCancel: () => {},
    ssh2,
  });
  const next = (left: AuthenticationType[] | null) =>
    new Promise<AnyAuthMethod | false>((resolve) => seq.handler(left, false, (m) => resolve(m as AnyAuthMethod | false)));
  return { seq, next, asked };
}

test('OpenSSH order: none (tailnet peer) → existing identity files → keyboard-interactive → password; missing files and agents skipped', async () => {
  const { seq, next } = sequence({ tailnetPeer: true });
  const none = await next(null);
  assert.ok(none && none.type === 'none' && none.username === 'u');
  const pk = await next(['publickey', 'keyboard-interactive', 'password']);
  assert.ok(pk && pk.type === 'publickey');
  const kbd = await next(['publickey', 'keyboard-interactive', 'password']);
  assert.ok(kbd && kbd.type === 'keyboard-interactive');
  assert.deepEqual(seq.tried, ['none (Tailscale SSH)', `publickey ${keyFile}`, 'keyboard-interactive']);
  assert.deepEqual(seq.serverMethods, ['publickey', 'keyboard-interactive', 'password']);
});

test('methods the server does not offer are skipped; nothing left → false', async () => {
  const { seq, next } = sequence({});
  const first = await next(null);
  assert.ok(first && first.type === 'publickey');
  const pw = await next(['password']);
  assert.ok(pw && pw.type === 'password');
  assert.equal(pw.type === 'password' && pw.password, 'typed');
  await next(['password']);
  await next(['password']);
  assert.equal(await next(['password']), false, 'three password attempts, then give up');
  assert.equal(seq.tried.filter((t) => t === 'password').length, 3);
  assert.equal(await next(['hostbased']), false);
});

test('keyboard-interactive instructions with Tailscale check mode go to onServerText and are not answered', async () => {
  const texts: string[] = [];
  const { next, asked } = sequence({
    onServerText: (t) => {
      texts.push(t);
      return t.includes('Tailscale SSH requires an additional check');
    },
  });
  await next(null);
  const kbd = await next(['keyboard-interactive']);
  assert.ok(kbd && kbd.type === 'keyboard-interactive');
  let finished = false;
  if (kbd.type === 'keyboard-interactive') {
    kbd.prompt('', '# Tailscale SSH requires an additional check.\n# To authenticate, visit: https://login.tailscale.com/a/x', '', [], () => {
      finished = true;
    });
  }
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(finished, false);
  assert.equal(texts.length, 1);
  assert.deepEqual(asked, []);
});

test('a remembered password is tried first, forgotten when it fails, and the newly typed one is stored after success (opt-in)', async () => {
  const map = new Map([['ssh.password:u@h', 'stale']]);
  const secrets: SecretStore = { get: async (k) => map.get(k), store: async (k, v) => void map.set(k, v), delete: async (k) => void map.delete(k) };
  const { seq, next, asked } = sequence({ secrets, remember: true });
  await next(null); // publickey
  const fromStore = await next(['password']);
  assert.equal(fromStore && fromStore.type === 'password' && fromStore.password, 'stale');
  assert.deepEqual(asked, []);
  const typed = await next(['password']);
  assert.equal(typed && typed.type === 'password' && typed.password, 'typed');
  assert.equal(map.has('ssh.password:u@h'), false, 'the stale one was deleted');
  await seq.onSuccess();
  assert.equal(map.get('ssh.password:u@h'), 'typed');
});
