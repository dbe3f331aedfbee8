import assert from 'node:assert/strict';
import { test } from 'node:test';
import { argv, describeStatus, fullUnitName, inferenceUnits, parseShow, parseUnitList } from '../../../src/core/remote/systemd';
import { SHOW_ACTIVE, SHOW_INACTIVE, SHOW_NOT_FOUND } from './fakeShell';

test('systemctl show output becomes a small readable model', () => {
  const s = parseShow('vllm', SHOW_ACTIVE)!;
  assert.deepEqual(s, {
    unit: 'vllm.service',
    loadState: 'loaded',
    activeState: 'active',
    subState: 'running',
    mainPid: 4242,
    activeSince: 'Sun 2026-11-29 08:00:01 UTC',
    result: 'success',
    description: 'vLLM OpenAI-compatible server',
  });
  assert.equal(describeStatus(s), 'vllm.service: active (running) since Sun 2026-11-29 08:00:01 UTC, PID 4242');
});

test('an inactive unit has no PID and no start time; a failed one shows its result', () => {
  const s = parseShow('vllm.service', SHOW_INACTIVE)!;
  assert.equal(s.mainPid, undefined);
  assert.equal(s.activeSince, undefined);
  assert.equal(describeStatus(s), 'vllm.service: inactive (dead)');
  const f = parseShow('vllm', SHOW_INACTIVE.replace('ActiveState=inactive', 'ActiveState=failed').replace('SubState=dead', 'SubState=failed').replace('Result=success', 'Result=exit-code'))!;
  assert.equal(describeStatus(f), 'vllm.service: failed (failed) — last result: exit-code');
  assert.equal(describeStatus(parseShow('nope', SHOW_NOT_FOUND)!), 'nope.service: not found on the Spark');
});

test('garbage is not a status', () => {
  assert.equal(parseShow('vllm', 'Failed to connect to bus: No such file or directory'), undefined);
});

test('unit lists: first column, with or without the failed-unit bullet, only inference units kept', () => {
  const units = parseUnitList(
    [
      'ssh.service             loaded active running OpenBSD Secure Shell server',
      '● sglang.service        loaded failed failed  SGLang server',
      'vllm.service            loaded active running vLLM server',
      'tailscaled.service      loaded active running Tailscale node agent',
    ].join('\n'),
  );
  assert.deepEqual(units, ['sglang.service', 'ssh.service', 'tailscaled.service', 'vllm.service']);
  assert.deepEqual(inferenceUnits(units), ['sglang.service', 'vllm.service']);
  assert.deepEqual(inferenceUnits(['vllm-qwen.service', 'vllmx.service', 'sglang@0.service']), ['vllm-qwen.service', 'sglang@0.service']);
});

test('unit names are validated before they reach an argv', () => {
  assert.deepEqual(argv.action('restart', 'vllm'), ['systemctl', 'restart', 'vllm']);
  assert.throws(() => argv.action('start', 'vllm; rm -rf /'), /invalid systemd unit name/);
  assert.throws(() => argv.show('--all'), /invalid systemd unit name/);
  assert.equal(fullUnitName('sglang'), 'sglang.service');
  assert.equal(fullUnitName('sglang.service'), 'sglang.service');
});
