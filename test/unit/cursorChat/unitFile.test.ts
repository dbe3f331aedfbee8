// How Set Up Cursor Chat reads `systemctl cat`: which units it changes, how, and what it refuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dropInText, envFileText, inspectUnit } from '../../../src/core/cursorChat/unitFile';
import { main } from '../../../src/cli';

const unit = (execStart: string, extra = '') =>
  `# /etc/systemd/system/x.service\n[Unit]\nDescription=x\n\n[Service]\nType=simple\nExecStart=${execStart}\nRestart=on-failure\n${extra}\n[Install]\nWantedBy=multi-user.target\n`;

test('vLLM: the key goes into an EnvironmentFile; the command line stays as it is', () => {
  const v = inspectUnit(unit('/opt/vllm/.venv/bin/python3 -m vllm.entrypoints.openai.api_server --model m --port 30001'));
  assert.ok(v.ok);
  assert.equal(v.value.flavor, 'vllm');
  assert.equal(dropInText(v.value, '/e/k.env').split('\n').filter((l) => l.startsWith('ExecStart')).length, 0);
  assert.equal(envFileText('vllm', 'K'), 'VLLM_API_KEY=K\n');
});

test('SGLang: ExecStart= reset, then the unit\'s own command plus --api-key and the variable', () => {
  const v = inspectUnit(unit('/opt/sglang/bin/python3 -m sglang.launch_server \\\n  --model-path m --port 30001'));
  assert.ok(v.ok);
  assert.match(dropInText(v.value, '/e/k.env'), /\nExecStart=\nExecStart=\/opt\/sglang\/bin\/python3 -m sglang.launch_server --model-path m --port 30001 --api-key \$\{TAILSPARK_API_KEY\}\n/);
});

test('a later drop-in ExecStart= wins; our own drop-in is ignored on a second run', () => {
  const text = `${unit('/usr/bin/vllm serve a')}\n# /etc/systemd/system/x.service.d/override.conf\n[Service]\nExecStart=\nExecStart=/usr/bin/vllm serve b\n\n# /etc/systemd/system/x.service.d/tailspark-api-key.conf\n[Service]\nExecStart=\nExecStart=/usr/bin/vllm serve b --api-key \${X}\n`;
  const v = inspectUnit(text, '/etc/systemd/system/x.service.d/tailspark-api-key.conf');
  assert.ok(v.ok, JSON.stringify(v));
  assert.equal(v.value.execStart, '/usr/bin/vllm serve b');
});

test('refused: a key already on the command line, several ExecStart, prefixes, shell lines, unknown servers', () => {
  const reasons = [
    unit('/usr/bin/vllm serve m --api-key sk-1'),
    unit('/usr/bin/vllm serve m', 'ExecStart=/usr/bin/true\n'),
    unit('-/usr/bin/vllm serve m'),
    unit('/bin/sh -c "vllm serve m; true"'),
    unit('/usr/bin/llama-server -m m'),
    '# /etc/systemd/system/x.service\n[Service]\nType=oneshot\n',
  ].map((t) => inspectUnit(t));
  assert.deepEqual(
    reasons.map((r) => (r.ok ? 'ok' : r.reason.split(/[;,(]/)[0])),
    [
      'the command line already has --api-key',
      'the unit has 2 ExecStart= lines ',
      'ExecStart= starts with a special prefix ',
      'ExecStart= looks like a shell command line',
      'its ExecStart= runs neither vLLM nor SGLang',
      'the unit has no ExecStart= line',
    ],
  );
});

test('CLI: setup-cursor --dry-run prints the argv; without --dry-run or with a bad unit it refuses (exit 2)', async () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: {} } as never };
  };
  const a = io();
  assert.equal(await main(['setup-cursor', '--dry-run', '--unit', 'sglang'], a.io), 0);
  assert.match(a.out.join(''), /^sudo systemctl restart sglang\.service$/m);
  const b = io();
  assert.equal(await main(['setup-cursor', '--unit', 'sglang'], b.io), 2);
  const c = io();
  assert.equal(await main(['setup-cursor', '--dry-run', '--unit', 'x;rm -rf /'], c.io), 2);
  assert.match(c.err.join(''), /invalid unit/);
});
