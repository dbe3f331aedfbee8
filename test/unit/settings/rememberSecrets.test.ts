// tailspark.ssh.rememberSecrets: the SSH layer's SecretStore on VS Code's SecretStorage keeps
// passphrases and sudo passwords only while the opt-in is on, and turning it off deletes them.
// SecretStorage is replaced by an in-memory map with the same three methods.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as vscode from 'vscode';
import { secretStore } from '../../../src/ui/sshSecrets';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  const storage = {
    get: async (key: string) => data.get(key),
    store: async (key: string, value: string) => {
      // A real keychain write takes a moment: lets concurrent stores interleave as they would.
      await new Promise((r) => setTimeout(r, 1));
      data.set(key, value);
    },
    delete: async (key: string) => {
      data.delete(key);
    },
    onDidChange: () => ({ dispose() {} }),
  };
  return { data, storage: storage as unknown as vscode.SecretStorage };
}

test('off (the default): nothing is written, and a secret kept earlier is not read', async () => {
  const { data, storage } = memoryStorage({ 'ssh.sudo:sparkuser@spark': 'kept-before' });
  const store = secretStore(storage, () => false);
  await store.store('ssh.passphrase:/home/u/.ssh/id_ed25519', 'secret');
  assert.deepEqual([...data.keys()], ['ssh.sudo:sparkuser@spark']);
  assert.equal(await store.get('ssh.sudo:sparkuser@spark'), undefined);
});

test('on: kept and read back; the opt-in is read at each call, so turning it off takes effect at once', async () => {
  const { data, storage } = memoryStorage();
  let remember = true;
  const store = secretStore(storage, () => remember);
  await store.store('ssh.sudo:sparkuser@spark', 'pw');
  assert.equal(await store.get('ssh.sudo:sparkuser@spark'), 'pw');
  assert.equal(data.get('ssh.sudo:sparkuser@spark'), 'pw');
  remember = false;
  assert.equal(await store.get('ssh.sudo:sparkuser@spark'), undefined);
});

test('forgetAll deletes every kept SSH secret (also ones stored at the same time) and nothing else', async () => {
  const { data, storage } = memoryStorage({ 'tailspark.apiKey': 'sk-keep' });
  const store = secretStore(storage, () => true);
  await Promise.all([store.store('ssh.passphrase:/k1', 'a'), store.store('ssh.sudo:u@spark', 'b'), store.store('ssh.password:u@spark', 'c')]);
  assert.equal(data.size, 5, 'three secrets, their list, the API key');
  await store.forgetAll();
  assert.deepEqual([...data.entries()], [['tailspark.apiKey', 'sk-keep']]);
});

test('delete (a secret that stopped working) also drops it from the list', async () => {
  const { data, storage } = memoryStorage();
  const store = secretStore(storage, () => true);
  await store.store('ssh.sudo:u@spark', 'old');
  await store.store('ssh.passphrase:/k1', 'p');
  await store.delete('ssh.sudo:u@spark');
  assert.equal(data.has('ssh.sudo:u@spark'), false);
  assert.deepEqual(JSON.parse(data.get('tailspark.ssh.rememberedSecrets') ?? '[]'), ['ssh.passphrase:/k1']);
  await store.delete('ssh.passphrase:/k1');
  assert.equal(data.size, 0, 'an empty list is removed too');
});
