import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controlService, detectInferenceUnits, serviceStatus } from '../../../src/core/remote/service';
import { ctxFor, FakeShell, type Answer, SHOW_ACTIVE, SHOW_INACTIVE, SHOW_NOT_FOUND } from './fakeShell';

/** A Spark with vllm.service whose state the fake systemctl changes. */
function sparkWithVllm(initial: 'active' | 'inactive', extra?: (argv: readonly string[]) => Answer | undefined) {
  let state = initial;
  return new FakeShell((argv) => {
    const hit = extra?.(argv);
    if (hit) return hit;
    const line = argv.join(' ');
    if (line.startsWith('systemctl show')) return { stdout: state === 'active' ? SHOW_ACTIVE : SHOW_INACTIVE };
    if (line.startsWith('systemctl is-active')) return { stdout: `${state}\n`, code: state === 'active' ? 0 : 3 };
    if (/^systemctl (start|restart) vllm$/.test(line)) {
      state = 'active';
      return {};
    }
    if (line === 'systemctl stop vllm') {
      state = 'inactive';
      return {};
    }
    if (argv[0] === 'journalctl') return { stdout: 'Nov 29 09:00:01 spark-56d0 vllm[4242]: INFO: Loading safetensors checkpoint shards\n' };
    return undefined;
  });
}

test('status: systemctl show rendered as one readable sentence', async () => {
  const shell = sparkWithVllm('active');
  const r = await serviceStatus(ctxFor(shell), 'vllm');
  assert.ok(r.ok);
  assert.equal(r.message, 'vllm.service: active (running) since Sun 2026-11-29 08:00:01 UTC, PID 4242');
  assert.deepEqual(shell.calls[0]!.argv, ['systemctl', 'show', '--property=LoadState,ActiveState,SubState,MainPID,ActiveEnterTimestamp,Result,Description', 'vllm']);
});

test('stop while requests run: asks first; "no" leaves the service running and runs no systemctl stop', async () => {
  const shell = sparkWithVllm('active');
  const asked: unknown[] = [];
  const r = await controlService(ctxFor(shell), 'vllm', 'stop', {
    runningRequests: async () => 3,
    confirmBusy: async (info) => {
      asked.push(info);
      return false;
    },
  });
  assert.deepEqual(asked, [{ unit: 'vllm.service', action: 'stop', running: 3 }]);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.cancelled, true);
  assert.equal(shell.ran('sudo systemctl stop').length, 0);
});

test('stop while requests run: "yes" stops it with sudo and verifies it is inactive', async () => {
  const shell = sparkWithVllm('active');
  const ctx = ctxFor(shell);
  const r = await controlService(ctx, 'vllm', 'stop', { runningRequests: async () => 2, confirmBusy: async () => true });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(shell.ran('sudo systemctl stop vllm').length, 1);
  assert.match(r.message, /^vllm\.service stopped\. vllm\.service: inactive \(dead\)$/);
  // The argv is logged, as the shell would send it.
  assert.ok(ctx.logged.some((l) => l.endsWith('$ sudo systemctl stop vllm')));
});

test('idle server: still asked (the model goes away for every client, like Stop Serving); "no" restarts nothing', async () => {
  const shell = sparkWithVllm('active');
  const asked: unknown[] = [];
  const r = await controlService(ctxFor(shell), 'vllm', 'restart', {
    runningRequests: async () => 0,
    confirmBusy: async (info) => {
      asked.push(info);
      return false;
    },
  });
  assert.ok(!r.ok && r.cancelled);
  assert.deepEqual(asked, [{ unit: 'vllm.service', action: 'restart', running: 0 }]);
  assert.equal(shell.ran('sudo systemctl restart vllm').length, 0);
});

test('unknown load: asked with running undefined; "yes" restarts', async () => {
  const shell = sparkWithVllm('active');
  const asked: unknown[] = [];
  const r = await controlService(ctxFor(shell), 'vllm', 'restart', {
    runningRequests: async () => undefined,
    confirmBusy: async (info) => {
      asked.push(info);
      return true;
    },
  });
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(asked, [{ unit: 'vllm.service', action: 'restart', running: undefined }]);
  assert.equal(shell.ran('sudo systemctl restart vllm').length, 1);
});

test('no question callback (scripts): an idle unit is restarted, a busy one left alone', async () => {
  const idle = sparkWithVllm('active');
  assert.ok((await controlService(ctxFor(idle), 'vllm', 'restart', { runningRequests: async () => 0 })).ok);
  const busy = sparkWithVllm('active');
  const r = await controlService(ctxFor(busy), 'vllm', 'stop', { runningRequests: async () => 2 });
  assert.ok(!r.ok && r.cancelled);
  assert.equal(r.message, 'vllm.service left running: 2 requests in flight.');
  assert.equal(busy.ran('sudo systemctl stop').length, 0);
});

test('start follows the server through loading → warming up → ready, reporting phase and last log line', async () => {
  const shell = sparkWithVllm('inactive');
  const phases = ['loading', 'loading', 'warmingUp', 'ready'] as const;
  let i = 0;
  const seen: string[] = [];
  const ctx = ctxFor(shell);
  const r = await controlService(ctx, 'vllm', 'start', {
    readiness: {
      timeoutSeconds: 30,
      intervalMs: 1,
      check: async () => ({ phase: phases[Math.min(i++, phases.length - 1)]! }),
      onPhase: (p) => seen.push(`${p.phase}|${p.lastLogLine}`),
    },
  });
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(seen, [
    'loading|INFO: Loading safetensors checkpoint shards',
    'loading|INFO: Loading safetensors checkpoint shards',
    'warmingUp|INFO: Loading safetensors checkpoint shards',
    'ready|INFO: Loading safetensors checkpoint shards',
  ]);
  assert.match(r.message, /vllm\.service started and answers after \d+ s/);
  assert.ok(ctx.progress.some((p) => p.includes('warming up (503)')));
});

test('start that fails: service.actionFailed with the journal as evidence', async () => {
  const shell = sparkWithVllm('inactive', (argv) =>
    argv.join(' ') === 'systemctl start vllm' ? { stderr: 'Job for vllm.service failed because the control process exited with error code.\n', code: 1 } : undefined,
  );
  const r = await controlService(ctxFor(shell), 'vllm', 'start');
  assert.equal(r.ok, false);
  assert.ok(!r.ok);
  assert.equal(r.findings[0]!.code, 'service.actionFailed');
  assert.match(r.findings[0]!.title, /Could not start vllm\.service/);
  assert.match(r.findings[0]!.evidence!, /Job for vllm\.service failed[\s\S]*Loading safetensors/);
  assert.deepEqual(r.findings[0]!.fixes.map((f) => f.action), [
    { kind: 'command', command: 'tailspark.logs.follow' },
    { kind: 'command', command: 'tailspark.service.status' },
  ]);
});

test('unknown unit: names the inference units that do exist', async () => {
  const shell = new FakeShell((argv) => {
    const line = argv.join(' ');
    if (line.startsWith('systemctl show')) return { stdout: SHOW_NOT_FOUND };
    if (line.startsWith('systemctl list-units')) return { stdout: 'sglang.service loaded active running SGLang\nssh.service loaded active running SSH\n' };
    if (line.startsWith('systemctl list-unit-files')) return { stdout: 'sglang.service enabled enabled\nvllm-old.service disabled enabled\n' };
    return undefined;
  });
  const r = await controlService(ctxFor(shell), 'vllm', 'restart');
  assert.ok(!r.ok);
  assert.equal(r.findings[0]!.code, 'service.unitNotFound');
  assert.match(r.findings[0]!.detail, /Inference units found there: sglang\.service, vllm-old\.service\./);
  assert.equal(shell.ran('sudo').length, 0);
  assert.deepEqual(await detectInferenceUnits(ctxFor(shell)), ['sglang.service', 'vllm-old.service']);
});

test('an invalid unit name never reaches the Spark', async () => {
  const shell = sparkWithVllm('active');
  const r = await controlService(ctxFor(shell), 'vllm; reboot', 'stop');
  assert.ok(!r.ok);
  assert.equal(shell.calls.length, 0);
  assert.equal(r.findings[0]!.code, 'settings.invalid');
  assert.match(r.findings[0]!.detail, /tailspark\.service\.unit is not valid: invalid systemd unit name/);
});

test('an SSH failure thrown by the shell becomes its Finding, not a crash', async () => {
  const shell = new FakeShell(() => {
    throw Object.assign(new Error('x'), { finding: { code: 'ssh.connectTimeout', severity: 'error', title: 'SSH to spark timed out', detail: 'd', fixes: [] } });
  });
  const r = await serviceStatus(ctxFor(shell), 'vllm');
  assert.ok(!r.ok);
  assert.equal(r.findings[0]!.code, 'ssh.connectTimeout');
});

test('start without a known URL: says plainly that the HTTP answer was not checked', async () => {
  const shell = sparkWithVllm('inactive');
  const r = await controlService(ctxFor(shell), 'vllm', 'start', { readiness: { timeoutSeconds: 5, intervalMs: 1 } });
  assert.ok(r.ok);
  assert.equal(r.value.readyVerified, false);
  assert.match(r.message, /^vllm\.service started \(active after \d+ s; no Serve URL is known, so whether it answers was not checked\)\./);
});
