import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChannelLimiter } from '../../../src/core/ssh/limiter';
import { LineSplitter } from '../../../src/core/ssh/lineSplitter';
import { classifySudo, sudoNonInteractive, sudoPromptMarker, sudoWithPassword } from '../../../src/core/ssh/sudo';
import { classifyBanner, isSessionOperationNotPermitted } from '../../../src/core/ssh/tailscaleBanner';

test('Tailscale SSH banner texts are classified exactly', () => {
  const check = classifyBanner('# Tailscale SSH requires an additional check.\n# To authenticate, visit: https://login.tailscale.com/a/abc123\n');
  assert.deepEqual(check.kind === 'checkMode' && check.url, 'https://login.tailscale.com/a/abc123');
  const cases: [string, string][] = [
    ['tailscale: tailnet policy does not permit you to SSH to this node\n', 'tailscale: tailnet policy does not permit you to SSH to this node'],
    ['tailscale: tailnet policy does not permit you to SSH as user "root"\n', 'tailscale: tailnet policy does not permit you to SSH as user "root"'],
    ['tailscale: failed to evaluate tailnet policy', 'tailscale: failed to evaluate tailnet policy'],
    ['tailscale: access denied', 'tailscale: access denied'],
    ['Permission denied (tailscale).', 'Permission denied (tailscale).'],
  ];
  for (const [text, reason] of cases) {
    const b = classifyBanner(text);
    assert.equal(b.kind, 'policyDenied', text);
    assert.equal(b.kind === 'policyDenied' && b.reason, reason);
  }
  assert.equal(classifyBanner('Welcome to Ubuntu 24.04').kind, 'other');
  assert.equal(classifyBanner('Permission denied (publickey).').kind, 'other');
  assert.ok(isSessionOperationNotPermitted("login: can't set groups: Operation not permitted\n"));
  assert.ok(!isSessionOperationNotPermitted('kill: (123) - Operation not permitted'), "a command's own EPERM is not a login failure");
});

test('sudo texts (sudo 1.9) are classified exactly', () => {
  assert.deepEqual(classifySudo(0, ''), { outcome: 'ok' });
  assert.equal(classifySudo(1, 'sudo: a password is required\n').outcome, 'passwordRequired');
  assert.equal(classifySudo(1, 'Sorry, try again.\nsudo: no password was provided\nsudo: 1 incorrect password attempt\n').outcome, 'wrongPassword');
  assert.equal(classifySudo(1, 'sudo: 2 incorrect password attempts\n').outcome, 'wrongPassword');
  assert.equal(classifySudo(1, 'tsno is not in the sudoers file.\n').outcome, 'notAllowed');
  assert.equal(classifySudo(1, 'tsno is not in the sudoers file.  This incident will be reported.\n').outcome, 'notAllowed');
  assert.equal(classifySudo(1, 'Sorry, user tsno is not allowed to execute \'/usr/bin/id\' as root on spark.\n').outcome, 'notAllowed');
  assert.equal(classifySudo(3, 'the command failed on its own\n').outcome, 'ok');
  assert.deepEqual(sudoNonInteractive(['-x']), ['sudo', '-n', '--', '-x']);
  assert.deepEqual(sudoWithPassword(['id'], '[m]'), ['sudo', '-S', '-p', '[m]', '--', 'id']);
  const marker = sudoPromptMarker();
  assert.match(marker, /^\[tailspark-sudo-[0-9a-f]{16}\]$/, 'no % (sudo expands it in prompts)');
  assert.notEqual(marker, sudoPromptMarker(), 'a fresh marker per run');
});

test('LineSplitter: lines across chunks, CRLF, UTF-8 split inside a character, last line without newline', () => {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l));
  const euro = Buffer.from('€', 'utf8');
  s.push(Buffer.from('one\r\ntw'));
  s.push(Buffer.concat([Buffer.from('o '), euro.subarray(0, 1)]));
  s.push(Buffer.concat([euro.subarray(1), Buffer.from('\nthree')]));
  assert.deepEqual(lines, ['one', 'two €']);
  s.flush();
  assert.deepEqual(lines, ['one', 'two €', 'three']);
});

test('ChannelLimiter: at most N at once, FIFO, abort while queued', async () => {
  const l = new ChannelLimiter(2);
  const r1 = await l.acquire();
  const r2 = await l.acquire();
  const order: number[] = [];
  const p3 = l.acquire().then((r) => {
    order.push(3);
    return r;
  });
  const p4 = l.acquire().then((r) => {
    order.push(4);
    return r;
  });
  const ac = new AbortController();
  const p5 = l.acquire(ac.signal);
  ac.abort();
  await assert.rejects(p5);
  assert.equal(l.running, 2);
  r1();
  r1(); // releasing twice is harmless
  const r3 = await p3;
  assert.deepEqual(order, [3]);
  r2();
  const r4 = await p4;
  assert.deepEqual(order, [3, 4]);
  r3();
  r4();
  assert.equal(l.running, 0);
});
