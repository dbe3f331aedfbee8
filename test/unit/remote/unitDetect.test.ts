import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseInferenceUnit, commandServesPort, parseShowBlocks, parseUnitList } from '../../../src/core/remote/unitDetect';

// `systemctl list-units --type=service --all --no-legend --no-pager --plain` on Ubuntu 24.04 (systemd 255).
const LIST = `cron.service                           loaded active   running Regular background program processing daemon
nvidia-persistenced.service            loaded active   running NVIDIA Persistence Daemon
qwen-coder.service                     loaded inactive dead    Qwen coder (SGLang)
sglang.service                         loaded active   running SGLang inference server
ssh.service                            loaded active   running OpenBSD Secure Shell server
tailscaled.service                     loaded active   running Tailscale node agent
● vllm.service                         loaded failed   failed  vLLM OpenAI-compatible server
`;

// `systemctl show --property=Id,ActiveState,ExecStart,ActiveEnterTimestamp,InactiveEnterTimestamp` (systemd 255 layout).
const SHOW = `ExecStart={ path=/opt/sglang/.venv/bin/python3 ; argv[]=/opt/sglang/.venv/bin/python3 -m sglang.launch_server --model-path Qwen/Qwen2.5-7B-Instruct --host 127.0.0.1 --port 30001 ; ignore_errors=no ; start_time=[Sun 2026-11-29 08:00:01 UTC] ; stop_time=[n/a] ; pid=4242 ; code=(null) ; status=0/0 }
Id=sglang.service
ActiveState=active
ActiveEnterTimestamp=Sun 2026-11-29 08:00:01 UTC
InactiveEnterTimestamp=

ExecStart={ path=/opt/vllm/.venv/bin/vllm ; argv[]=/opt/vllm/.venv/bin/vllm serve Qwen/Qwen2.5-7B-Instruct --port=30001 ; ignore_errors=no ; start_time=[Sat 2026-11-28 20:00:01 UTC] ; stop_time=[Sat 2026-11-28 21:00:01 UTC] ; pid=3111 ; code=exited ; status=1/FAILURE }
Id=vllm.service
ActiveState=failed
ActiveEnterTimestamp=
InactiveEnterTimestamp=Sat 2026-11-28 21:00:01 UTC

ExecStart={ path=/usr/sbin/sshd ; argv[]=/usr/sbin/sshd -D $SSHD_OPTS ; ignore_errors=no ; start_time=[Sun 2026-11-29 07:59:00 UTC] ; stop_time=[n/a] ; pid=911 ; code=(null) ; status=0/0 }
Id=ssh.service
ActiveState=active
ActiveEnterTimestamp=Sun 2026-11-29 07:59:00 UTC
InactiveEnterTimestamp=
`;

test('unit list: the first column of each row, failed units with their ● marker too', () => {
  assert.deepEqual(parseUnitList(LIST), [
    'cron.service',
    'nvidia-persistenced.service',
    'qwen-coder.service',
    'sglang.service',
    'ssh.service',
    'tailscaled.service',
    'vllm.service',
  ]);
});

test('show blocks: the argv of ExecStart and the newest state change', () => {
  const c = parseShowBlocks(SHOW);
  assert.deepEqual(
    c.map((x) => [x.unit, x.activeState]),
    [
      ['sglang.service', 'active'],
      ['vllm.service', 'failed'],
      ['ssh.service', 'active'],
    ],
  );
  assert.equal(c[0]!.command, '/opt/sglang/.venv/bin/python3 -m sglang.launch_server --model-path Qwen/Qwen2.5-7B-Instruct --host 127.0.0.1 --port 30001');
  assert.equal(c[1]!.lastChange, Date.parse('2026-11-28T21:00:01Z'));
});

test('port match: --port N, --port=N and host:N, never a longer number', () => {
  assert.equal(commandServesPort('x --port 30001', 30001), true);
  assert.equal(commandServesPort('x --port=30001 --y', 30001), true);
  assert.equal(commandServesPort('x --host 127.0.0.1:30001', 30001), true);
  assert.equal(commandServesPort('x --port 300011', 30001), false);
  assert.equal(commandServesPort('x --port 8000', 30001), false);
});

test('choice: the running server on the port wins over a failed one on the same port', () => {
  assert.equal(chooseInferenceUnit(parseShowBlocks(SHOW), 30001).unit?.unit, 'sglang.service');
});

test('choice: two stopped units on one port and the same history → no choice, both named', () => {
  const block = (unit: string) => `Id=${unit}\nActiveState=inactive\nExecStart={ path=/x ; argv[]=/x -m ${unit.split('.')[0]} --port 30001 ; ignore_errors=no }\n`;
  const r = chooseInferenceUnit(parseShowBlocks(`${block('sglang.service')}\n${block('vllm.service')}`), 30001);
  assert.equal(r.unit, undefined);
  assert.deepEqual(r.serving.map((c) => c.unit).sort(), ['sglang.service', 'vllm.service']);
});

test('choice: nothing SGLang/vLLM-like → none (ssh on port 22 is not an inference server)', () => {
  const only = parseShowBlocks(SHOW).filter((c) => c.unit === 'ssh.service');
  assert.equal(chooseInferenceUnit(only, 22).unit, undefined);
});
