import assert from 'node:assert/strict';
import { test } from 'node:test';
import { colourLogLine, followTailscaleCommand, followUnitArgv, lastJournalLines, logLevelOf, messageOf } from '../../../src/core/remote/journal';
import { ctxFor, FakeShell } from './fakeShell';

test('follow argv: journalctl for units; snap logs on snap hosts, journalctl -u tailscaled elsewhere', () => {
  assert.deepEqual(followUnitArgv('vllm'), ['journalctl', '-u', 'vllm', '-f', '-n', '200', '--no-pager']);
  assert.deepEqual(followTailscaleCommand({ snap: true }), { argv: ['snap', 'logs', 'tailscale', '-n', '200', '-f'], sudo: true });
  assert.deepEqual(followTailscaleCommand({ snap: false }), { argv: ['journalctl', '-u', 'tailscaled', '-f', '-n', '200', '--no-pager'], sudo: false });
  assert.throws(() => followUnitArgv('$(reboot)'));
});

test('log lines are coloured by level for the terminal, with CRLF', () => {
  assert.equal(colourLogLine('INFO: loading weights'), 'INFO: loading weights\r\n');
  assert.equal(colourLogLine('WARNING 11-29 torch compile slow'), '\x1b[33mWARNING 11-29 torch compile slow\x1b[0m\r\n');
  assert.equal(colourLogLine('ERROR: CUDA out of memory'), '\x1b[31mERROR: CUDA out of memory\x1b[0m\r\n');
  assert.equal(colourLogLine('Traceback (most recent call last):'), '\x1b[31mTraceback (most recent call last):\x1b[0m\r\n');
  // Foreign escape sequences are stripped so ours stay balanced.
  assert.equal(colourLogLine('\x1b[1mplain\x1b[0m'), 'plain\r\n');
  assert.equal(logLevelOf('requests failed: 0'), 'error');
  assert.equal(logLevelOf('INFO: Uvicorn running on http://127.0.0.1:30001'), 'info');
});

test('the journal prefix is dropped and journalctl notices are not lines', async () => {
  assert.equal(messageOf('Nov 29 09:00:01 spark-56d0 vllm[4242]: INFO: Started server process'), 'INFO: Started server process');
  assert.equal(messageOf('no prefix here'), 'no prefix here');
  const shell = new FakeShell((argv) =>
    argv[0] === 'journalctl' ? { stdout: '-- Logs begin at Sun 2026-11-29 07:00:00 UTC. --\nNov 29 09:00:01 spark-56d0 vllm[4242]: INFO: Loading weights\n' } : undefined,
  );
  assert.deepEqual(await lastJournalLines(ctxFor(shell), 'vllm', 3), ['Nov 29 09:00:01 spark-56d0 vllm[4242]: INFO: Loading weights']);
  assert.deepEqual(shell.calls[0]!.argv, ['journalctl', '-u', 'vllm', '-n', '3', '--no-pager']);
});
