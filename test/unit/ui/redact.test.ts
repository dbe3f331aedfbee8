// redact(): no secret survives into a log line, and ordinary text is left alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, redact } from '../../../src/core/redact';

const cases: Array<[string, string]> = [
  ['Authorization: Bearer sk-abc.def_123', `Authorization: Bearer ${REDACTED}`],
  ['authorization: basic dXNlcjpwYXNz', `authorization: basic ${REDACTED}`],
  ['{"api_key": "hunter2", "admin_api_key":"x\\"y", "port": 30001}', `{"api_key": "${REDACTED}", "admin_api_key":"${REDACTED}", "port": 30001}`],
  ['{"api_key": null}', '{"api_key": null}'],
  ['python -m sglang.launch_server --api-key s3cret --port 30001', `python -m sglang.launch_server --api-key ${REDACTED} --port 30001`],
  ['vllm serve m --api-key=abc', `vllm serve m --api-key=${REDACTED}`],
  ['VLLM_API_KEY=abc123 vllm serve', `VLLM_API_KEY=${REDACTED} vllm serve`],
  ['password: hunter2', `password: ${REDACTED}`],
  ['passphrase=correct horse', `passphrase=${REDACTED} horse`],
  ['https://alice:pa55@spark.ts.net/v1', `https://alice:${REDACTED}@spark.ts.net/v1`],
  ['key sk-proj-ABCDEFGH12345678 used', `key ${REDACTED} used`],
];

test('secrets are replaced in every form they appear in', () => {
  for (const [input, expected] of cases) assert.equal(redact(input), expected, input);
});

test('ordinary log text is unchanged', () => {
  for (const s of [
    'state ready → serverStopped: probe.badGateway — Bad gateway',
    'probe server https://spark-56d0.tail1234.ts.net/v1 (metrics) → ok',
    'ssh: service vllm.service → active',
    'the token count is 32768',
    'sudo: a password is required',
  ]) {
    assert.equal(redact(s), s);
  }
});
