// systemctl / journalctl stand-ins over the real sshd: the unit really starts the emulated
// server (refused while loading → 503 warm-up → ready), non-root gets systemd's refusal,
// journalctl prints journald's short format and follows new lines.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { connectOutcome, follow, httpDirect, sleep, startTestSpark, type TestSpark } from './helpers';

let t: TestSpark;
before(async () => {
  t = await startTestSpark({ timings: { loadMs: 1200, warmupMs: 1200, healthMs: 150 } });
});
after(async () => {
  await t?.stop();
});

test('without sudo, systemctl start/stop is refused with systemd\'s text (exit 1) and nothing changes', async () => {
  const r = await t.ssh('systemctl stop sglang');
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, "Failed to stop sglang.service: Interactive authentication required.\nSee system logs and 'systemctl status sglang.service' for details.\n");
  assert.equal((await t.ssh('systemctl is-active sglang')).stdout, 'active\n');
});

test('status of a running unit: systemd layout with Active/Main PID/CGroup and journal tail', async () => {
  const r = await t.ssh('systemctl status sglang --no-pager');
  assert.equal(r.code, 0);
  const pid = t.spark.readState().units.sglang.pid;
  assert.match(r.stdout, /^● sglang\.service - SGLang inference server\n {5}Loaded: loaded \(\/etc\/systemd\/system\/sglang\.service; enabled; preset: enabled\)\n/);
  assert.match(r.stdout, /\n {5}Active: active \(running\) since \w{3} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC; \d+s ago\n/);
  assert.match(r.stdout, new RegExp(`\\n {3}Main PID: ${pid} \\(python3\\)\\n`));
  assert.match(r.stdout, new RegExp(`\\n\\w{3} \\d\\d \\d\\d:\\d\\d:\\d\\d spark-56d0 python3\\[${pid}\\]: .*The server is fired up and ready to roll!\\n`));
});

test('sudo systemctl stop → inactive (exit 3), port refused; start → refused → 503 → ready', async () => {
  assert.deepEqual(await t.ssh('sudo systemctl stop sglang'), { code: 0, stdout: '', stderr: '' });
  const inactive = await t.ssh('systemctl is-active sglang');
  assert.deepEqual(inactive, { code: 3, stdout: 'inactive\n', stderr: '' });
  const status = await t.ssh('systemctl status sglang');
  assert.equal(status.code, 3);
  assert.match(status.stdout, /^○ sglang\.service - SGLang inference server\n.*\n {5}Active: inactive \(dead\) since /);
  assert.match(status.stdout, /systemd\[1\]: Stopped sglang\.service - SGLang inference server\.\n$/);
  assert.equal(await connectOutcome(httpDirect(t.spark, '/health')), 'ECONNREFUSED');

  assert.deepEqual(await t.ssh('sudo systemctl start sglang'), { code: 0, stdout: '', stderr: '' });
  assert.equal((await t.ssh('systemctl is-active sglang')).stdout, 'active\n');
  // Weights loading: the port is closed.
  assert.equal(await connectOutcome(httpDirect(t.spark, '/health')), 'ECONNREFUSED');
  // Warm-up: port open, /health 503 with an empty body.
  const seen: number[] = [];
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      const h = await httpDirect(t.spark, '/health');
      seen.push(h.status);
      if (h.status === 200) break;
      assert.equal(h.body, '');
    } catch {
      seen.push(0);
    }
    await sleep(100);
  }
  assert.ok(seen.includes(0) || seen[0] === 503, `expected refused/503 first, saw ${seen}`);
  assert.ok(seen.includes(503), `expected a 503 during warm-up, saw ${seen}`);
  assert.equal(seen[seen.length - 1], 200);
  assert.ok(seen.indexOf(503) < seen.indexOf(200));
});

test('journalctl -u: short format, -n, -o short-iso, "-- No entries --"', async () => {
  const r = await t.ssh('journalctl -u sglang -n 3 --no-pager');
  assert.equal(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 3);
  for (const l of lines) assert.match(l, /^[A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d spark-56d0 (python3|systemd)\[\d+\]: /);
  const iso = await t.ssh('journalctl -u sglang.service -n 1 -o short-iso');
  assert.match(iso.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 spark-56d0 \w+\[\d+\]: .+\n$/);
  assert.deepEqual(await t.ssh('journalctl -u nothing-here --no-pager'), { code: 0, stdout: '-- No entries --\n', stderr: '' });
});

test('journalctl -u sglang -f follows a restart as it happens', async () => {
  const f = follow('ssh', t.sshArgs('journalctl -u sglang -f -n 0'));
  try {
    await sleep(600);
    assert.equal((await t.ssh('sudo systemctl restart sglang')).code, 0);
    await f.waitFor(/systemd\[1\]: Stopping sglang\.service - SGLang inference server\.\.\.\n/);
    await f.waitFor(/systemd\[1\]: sglang\.service: Deactivated successfully\.\n/);
    await f.waitFor(/systemd\[1\]: Started sglang\.service - SGLang inference server\.\n/);
    await f.waitFor(/The server is fired up and ready to roll!/, 15_000);
    const out = f.output();
    assert.ok(out.indexOf('Stopping sglang.service') < out.indexOf('Started sglang.service'));
  } finally {
    f.stop();
  }
});

test('unknown units, is-enabled, list-units, cat', async () => {
  assert.deepEqual(await t.ssh('systemctl status nope'), { code: 4, stdout: '', stderr: 'Unit nope.service could not be found.\n' });
  assert.deepEqual(await t.ssh('sudo systemctl start nope'), { code: 5, stdout: '', stderr: 'Failed to start nope.service: Unit nope.service not found.\n' });
  assert.deepEqual(await t.ssh('systemctl is-enabled vllm'), { code: 0, stdout: 'enabled\n', stderr: '' });
  const lu = await t.ssh('systemctl list-units --type=service --all --no-legend --plain "*llm*" "sglang*"');
  assert.equal(lu.code, 0);
  assert.match(lu.stdout, /^sglang\.service +loaded active +running SGLang inference server\n/m);
  assert.match(lu.stdout, /^vllm\.service +loaded inactive dead +vLLM OpenAI-compatible server\n/m);
  const cat = await t.ssh('systemctl cat vllm');
  assert.match(cat.stdout, /^# \/etc\/systemd\/system\/vllm\.service\n\[Unit\]\nDescription=vLLM OpenAI-compatible server\n/);
  assert.match(cat.stdout, /ExecStart=\/opt\/vllm\/\.venv\/bin\/python3 -m vllm\.entrypoints\.openai\.api_server --model Qwen\/Qwen2\.5-7B-Instruct --host 127\.0\.0\.1 --port 30001\n/);
});

test('tailscaled is a systemd unit on a deb install: stopping it breaks the CLI, starting fixes it', async () => {
  assert.match((await t.ssh('systemctl status tailscaled')).stdout, /^● tailscaled\.service - Tailscale node agent\n/);
  assert.equal((await t.ssh('sudo systemctl stop tailscaled')).code, 0);
  try {
    const st = await t.ssh('tailscale status --json');
    assert.deepEqual(st, {
      code: 1,
      stdout: '',
      stderr: "failed to connect to local tailscaled; it doesn't appear to be running (sudo systemctl start tailscaled ?)\n",
    });
    const serve = await t.ssh('tailscale serve status --json');
    assert.equal(serve.code, 1);
    assert.match(serve.stderr, /^Failed to connect to local Tailscale daemon for \/localapi\/v0\/serve-config; not running\? Error: dial unix \/var\/run\/tailscale\/tailscaled\.sock: connect: no such file or directory\n$/);
    const journal = await t.ssh('journalctl -u tailscaled -n 1');
    assert.match(journal.stdout, /systemd\[1\]: Stopped tailscaled\.service - Tailscale node agent\.\n$/);
  } finally {
    assert.equal((await t.ssh('sudo systemctl start tailscaled')).code, 0);
  }
  assert.equal((await t.ssh('tailscale status --json')).code, 0);
});

test('systemctl show --property, list-unit-files and the host\'s other units', async () => {
  const show = await t.ssh('systemctl show --property=LoadState,ActiveState,SubState,MainPID,ActiveEnterTimestamp,Result,Description sglang.service');
  assert.equal(show.code, 0);
  const pid = t.spark.readState().units.sglang.pid;
  assert.match(
    show.stdout,
    new RegExp(
      `^MainPID=${pid}\\nResult=success\\nDescription=SGLang inference server\\nLoadState=loaded\\nActiveState=active\\nSubState=running\\nActiveEnterTimestamp=\\w{3} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\n$`,
    ),
  );
  const missing = await t.ssh('systemctl show -p LoadState,ActiveState nope.service');
  assert.deepEqual(missing, { code: 0, stdout: 'LoadState=not-found\nActiveState=inactive\n', stderr: '' });
  const files = await t.ssh('systemctl list-unit-files --type=service --no-legend --no-pager');
  assert.match(files.stdout, /^vllm\.service +enabled enabled\n/m);
  assert.match(files.stdout, /^ssh\.service +enabled enabled\n/m);
  assert.doesNotMatch(files.stdout, /snap\.tailscale/);
  const units = await t.ssh('systemctl list-units --type=service --all --no-legend --no-pager --plain');
  assert.match(units.stdout, /^ssh\.service +loaded active +running OpenBSD Secure Shell server\n/m);
  assert.match((await t.ssh('systemctl status ssh')).stdout, /^● ssh\.service - OpenBSD Secure Shell server\n/);
});

test('a start that runs out of GPU memory leaves the unit failed (exit-code); a SIGKILL crash is Result: signal', async () => {
  t.spark.setServerFault('oom');
  try {
    assert.equal((await t.ssh('sudo systemctl restart sglang')).code, 0);
    const deadline = Date.now() + 10_000;
    while ((await t.ssh('systemctl is-active sglang')).stdout !== 'failed\n') {
      assert.ok(Date.now() < deadline, 'unit should become failed');
      await sleep(200);
    }
    const st = await t.ssh('systemctl status sglang');
    assert.equal(st.code, 3);
    assert.match(st.stdout, /^× sglang\.service - SGLang inference server\n/);
    assert.match(st.stdout, /\n {5}Active: failed \(Result: exit-code\) since /);
    assert.match(st.stdout, /\n {3}Main PID: \d+ \(code=exited, status=1\/FAILURE\)\n/);
    assert.match(st.stdout, /torch\.OutOfMemoryError: CUDA out of memory\./);
    assert.match(st.stdout, /systemd\[1\]: sglang\.service: Failed with result 'exit-code'\.\n$/);
    assert.equal((await t.ssh('systemctl show -p Result,ActiveState sglang')).stdout, "Result=exit-code\nActiveState=failed\n");
  } finally {
    t.spark.setServerFault(null);
  }
  await t.spark.startServer();
  assert.equal((await t.ssh('systemctl is-active sglang')).stdout, 'active\n');
  t.spark.crashServer();
  const st = await t.ssh('systemctl status sglang');
  assert.match(st.stdout, /\n {5}Active: failed \(Result: signal\) since /);
  assert.match(st.stdout, /\n {3}Main PID: \d+ \(code=killed, signal=KILL\)\n/);
  assert.match(st.stdout, /sglang\.service: Main process exited, code=killed, status=9\/KILL\n/);
  await t.spark.startServer();
  assert.equal((await t.ssh('systemctl is-active sglang')).stdout, 'active\n');
});
