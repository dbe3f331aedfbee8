import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { test } from 'node:test';
import { portSchema, quoteArg, quoteArgv, remotePathSchema, unitNameSchema, userNameSchema, validated } from '../../../src/core/util/argv';
import { echoArgv, HOSTILE_VALUES, splitNul } from '../ssh/hostileValues';

for (const shell of ['/bin/sh', '/bin/bash']) {
  test(`every hostile value arrives as exactly one literal argument through ${shell} -c`, () => {
    rmSync('/tmp/tailspark-pwned', { force: true });
    const out = execFileSync(shell, ['-c', quoteArgv(echoArgv(HOSTILE_VALUES))], { maxBuffer: 10_000_000 });
    assert.deepEqual(splitNul(out), [...HOSTILE_VALUES]);
    assert.ok(!existsSync('/tmp/tailspark-pwned'), 'nothing was executed');
  });

  test(`each hostile value alone is one argument through ${shell} -c`, () => {
    for (const v of HOSTILE_VALUES) {
      const out = execFileSync(shell, ['-c', quoteArgv(echoArgv([v]))]);
      assert.deepEqual(splitNul(out), [v], JSON.stringify(v.slice(0, 40)));
    }
  });
}

test('quoting leaves plain words readable and quotes everything else', () => {
  assert.equal(quoteArgv(['systemctl', 'is-active', 'vllm.service']), 'systemctl is-active vllm.service');
  assert.equal(quoteArg(''), "''");
  assert.equal(quoteArg("it's"), "'it'\\''s'");
  assert.equal(quoteArg('FOO=bar'), "'FOO=bar'", 'a first word A=b must not become an assignment');
  assert.equal(quoteArg('~'), "'~'");
});

test('a first word that looks like an assignment is run as a command, not assigned', () => {
  let err: (Error & { stderr?: Buffer }) | undefined;
  try {
    execFileSync('/bin/sh', ['-c', quoteArgv(['FOO=bar', 'echo', 'x'])], { stdio: 'pipe' });
  } catch (e) {
    err = e as Error & { stderr?: Buffer };
  }
  assert.ok(err, 'must fail: there is no command called "FOO=bar"');
  assert.match(String(err.stderr), /FOO=bar.*not found/);
});

test('NUL bytes and empty argv are refused', () => {
  assert.throws(() => quoteArg('a\0b'), /NUL/);
  assert.throws(() => quoteArgv([]), /empty/);
});

test('validators accept real values and reject hostile ones', () => {
  for (const ok of ['vllm', 'vllm.service', 'sglang@0.service', 'user-1000.slice']) assert.equal(validated(unitNameSchema, ok, 'unit'), ok);
  for (const bad of ['vllm; rm -rf /', '$(id)', '-x', '', 'a b', 'x\n']) assert.throws(() => validated(unitNameSchema, bad, 'unit'), /invalid unit/);
  assert.equal(validated(portSchema, '30001', 'port'), 30001);
  for (const bad of ['0', '65536', '80; id', 'abc', 1.5]) assert.throws(() => validated(portSchema, bad, 'port'));
  assert.equal(validated(userNameSchema, 'sparkuser', 'user'), 'sparkuser');
  for (const bad of ['-oProxyCommand=id', 'a b', '$(id)', 'x'.repeat(40)]) assert.throws(() => validated(userNameSchema, bad, 'user'));
  assert.equal(validated(remotePathSchema, '/etc/systemd/system/vllm.service', 'path'), '/etc/systemd/system/vllm.service');
  for (const bad of ['relative/path', '/a/../etc/shadow', '/a\nb', '']) assert.throws(() => validated(remotePathSchema, bad, 'path'));
});
