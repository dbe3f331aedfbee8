// The line a notification quotes from a Finding's evidence: the one that says why.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tellingLine } from '../../../src/core/remote/evidence';

const OOM_JOURNAL = [
  'Nov 29 11:06:51 spark-56d0 python3[797]: [2026-11-29 11:06:51 TP0] Load weight begin. avail mem=118.32 GB',
  'Nov 29 11:06:54 spark-56d0 python3[797]: [2026-11-29 11:06:54 TP0] Scheduler hit an exception: Traceback (most recent call last):',
  'Nov 29 11:06:54 spark-56d0 python3[797]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.',
  'Nov 29 11:06:54 spark-56d0 python3[797]: [2026-11-29 11:06:54] Received sigquit from a child process. It usually means the child failed.',
  'Nov 29 11:06:54 spark-56d0 systemd[1]: sglang.service: Main process exited, code=exited, status=1/FAILURE',
  "Nov 29 11:06:54 spark-56d0 systemd[1]: sglang.service: Failed with result 'exit-code'.",
].join('\n');

test('quotes the last error-like line without the syslog prefix (CUDA OOM, not systemd\'s exit line)', () => {
  assert.equal(tellingLine(OOM_JOURNAL), 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.');
});

test('without an error-like line: the last line; nothing for empty evidence; long lines cut', () => {
  assert.equal(tellingLine('first\n  second  \n\n'), 'second');
  assert.equal(tellingLine(undefined), undefined);
  assert.equal(tellingLine(' \n '), undefined);
  const long = tellingLine(`Error: ${'x'.repeat(500)}`, 50);
  assert.equal(long?.length, 50);
  assert.ok(long?.endsWith('…'));
});

test('secrets in the quoted line are redacted', () => {
  const line = tellingLine('error: request with Authorization: Bearer sk-abcdefghijklmnopqrstuvwxyz123456 failed');
  assert.ok(line && !line.includes('sk-abcdefghijklmnopqrstuvwxyz123456'), line);
});
