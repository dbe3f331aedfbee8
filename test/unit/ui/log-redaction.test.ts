// The log's redaction (core/logRedaction.ts, wired by src/ui/log.ts): a secret the session knows
// is masked wherever it appears, even where no pattern could recognise it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KnownSecrets, promptsKnown, redactingLogger, storeKnown } from '../../../src/core/logRedaction';
import type { Logger } from '../../../src/core/util/log';
import { REDACTED } from '../../../src/core/redact';
import type { SecretStore, SshPrompter } from '../../../src/core/ssh/types';

function sink(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (m: string) => lines.push(m);
  return { lines, trace: push, debug: push, info: push, warn: push, error: push };
}

test('an API key the log knows is masked in "Invalid API key: <key>" on every level', () => {
  const key = 'plainkey7Qx92'; // no sk- prefix, no name=value: no pattern would catch it
  const secrets = new KnownSecrets();
  const out = sink();
  const log = redactingLogger(out, secrets);
  log.error(`HTTP 401: Invalid API key: ${key}`);
  assert.equal(out.lines[0], `HTTP 401: Invalid API key: ${key}`, 'unknown, the key is not recognised by the patterns');
  secrets.know(key);
  for (const level of ['trace', 'debug', 'info', 'warn', 'error'] as const) log[level](`HTTP 401: Invalid API key: ${key}`);
  for (const line of out.lines.slice(1)) assert.equal(line, `HTTP 401: Invalid API key: ${REDACTED}`);
});

test('passwords and passphrases the user types, and ones read from the secret store, become known', async () => {
  const secrets = new KnownSecrets();
  const prompter: SshPrompter = {
    askPassphrase: async () => 'my key phrase',
    askPassword: async () => 'sudo-pw-42',
    confirmUnknownHostKey: async () => false,
  };
  const known = promptsKnown(prompter, secrets);
  await known.askPassphrase('/k');
  await known.askPassword({ user: 'u', host: 'h', forSudo: true });
  const map = new Map([['ssh.sudo:u@h', 'stored-pw-77']]);
  const store: SecretStore = { get: async (k) => map.get(k), store: async (k, v) => void map.set(k, v), delete: async (k) => void map.delete(k) };
  await storeKnown(store, secrets).get('ssh.sudo:u@h');
  assert.equal(secrets.redact('a my key phrase b sudo-pw-42 c stored-pw-77 d'), `a ${REDACTED} b ${REDACTED} c ${REDACTED} d`);
  assert.equal(secrets.redact('nothing secret here'), 'nothing secret here');
});
