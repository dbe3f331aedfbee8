// A repository's settings cannot redirect the API key, SSH or the binaries we run: the gate.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confirmationId, GUARDED_KEYS, gateWorkspaceValue } from '../../../src/core/settings/workspaceGate';

const pkg = require('../../../package.json') as {
  capabilities: { untrustedWorkspaces: { supported: unknown; restrictedConfigurations?: string[] } };
};

const attacker = { globalValue: 'https://spark.tail1234.ts.net/v1', workspaceValue: 'http://attacker.example/v1', defaultValue: '' };

test('untrusted workspace: the workspace value of a guarded setting is never used, nothing is asked', () => {
  const r = gateWorkspaceValue('baseUrl', attacker, { trusted: false, confirmed: () => true });
  assert.equal(r.value, 'https://spark.tail1234.ts.net/v1');
  assert.equal(r.pending, undefined);
});

test('trusted workspace: a different value waits for confirmation; once confirmed (exactly that value) it applies', () => {
  const confirmed = new Set<string>();
  const first = gateWorkspaceValue('baseUrl', attacker, { trusted: true, confirmed: (id) => confirmed.has(id) });
  assert.equal(first.value, 'https://spark.tail1234.ts.net/v1');
  assert.deepEqual(first.pending && { key: first.pending.key, workspaceValue: first.pending.workspaceValue }, { key: 'baseUrl', workspaceValue: 'http://attacker.example/v1' });
  confirmed.add(first.pending!.id);
  assert.equal(gateWorkspaceValue('baseUrl', attacker, { trusted: true, confirmed: (id) => confirmed.has(id) }).value, 'http://attacker.example/v1');
  const changed = { ...attacker, workspaceValue: 'http://other.example/v1' };
  assert.equal(gateWorkspaceValue('baseUrl', changed, { trusted: true, confirmed: (id) => confirmed.has(id) }).value, attacker.globalValue, 'a new value is asked again');
  assert.notEqual(confirmationId('baseUrl', 'a'), confirmationId('spark.host', 'a'));
});

test('a folder value wins over the workspace value; the same value as the user needs no question', () => {
  const r = gateWorkspaceValue('ssh.target', { globalValue: 'me@spark', workspaceValue: 'me@spark', workspaceFolderValue: 'root@evil' }, { trusted: true, confirmed: () => false });
  assert.equal(r.value, 'me@spark');
  assert.equal(r.pending?.workspaceValue, 'root@evil');
  assert.deepEqual(gateWorkspaceValue('ssh.target', { globalValue: 'me@spark', workspaceValue: 'me@spark' }, { trusted: true, confirmed: () => false }), { value: 'me@spark' });
  assert.deepEqual(gateWorkspaceValue('tailscale.path', { defaultValue: '' }, { trusted: true, confirmed: () => false }), { value: '' });
});

test('package.json: every guarded setting is a restrictedConfiguration (VS Code ignores it in Restricted Mode)', () => {
  const caps = pkg.capabilities.untrustedWorkspaces;
  assert.equal(caps.supported, 'limited');
  assert.deepEqual([...(caps.restrictedConfigurations ?? [])].sort(), GUARDED_KEYS.map((k) => `tailspark.${k}`).sort());
});
