// Service operations on the emulated Spark through the real SSH layer: what changes on the Spark
// (systemctl is-active as root) and what the user is told (message, finding codes).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeInference } from '../../../src/core/inference';
import { controlService, serviceStatus } from '../../../src/core/remote/service';
import { httpsTo } from '../spark-sim/helpers';
import { FAST, startRemoteSpark } from './helpers';

test('vllm: status, stop, then start followed through loading → ready', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ flavor: 'vllm', timings: FAST });
  try {
    const status = await serviceStatus(t.ctx(), 'vllm');
    assert.ok(status.ok, JSON.stringify(status));
    assert.match(status.message, /^vllm\.service: active \(running\)( since \w{3} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC)?, PID \d+$/);

    const stop = await controlService(t.ctx(), 'vllm', 'stop');
    assert.ok(stop.ok, JSON.stringify(stop));
    assert.equal(t.isActive('vllm'), 'inactive');
    assert.match(stop.message, /^vllm\.service stopped\. vllm\.service: inactive \(dead\)$/);

    const phases: string[] = [];
    const start = await controlService(t.ctx(), 'vllm.service', 'start', {
      readiness: { timeoutSeconds: 30, intervalMs: 150, check: t.readiness(), onPhase: (p) => phases.push(p.phase) },
    });
    assert.ok(start.ok, JSON.stringify(start));
    assert.equal(t.isActive('vllm'), 'active');
    assert.equal(phases[0], 'loading');
    assert.equal(phases.at(-1), 'ready');
    assert.match(start.message, /^vllm\.service started and answers after \d+ s\. vllm\.service: active \(running\)/);
    // The argv went to the log exactly as sent (with sudo), and progress showed the journal.
    assert.ok(t.logged.some((l) => l.endsWith('$ sudo systemctl start vllm.service')), t.logged.join('\n'));
    assert.ok(t.progress.some((p) => /vllm\.service: loading the model/.test(p)), t.progress.join('\n'));
  } finally {
    await t.stop();
  }
});

test('sglang: restart passes through warming up (503) before ready', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ flavor: 'sglang', timings: { ...FAST, warmupMs: 1200 } });
  try {
    const phases: string[] = [];
    const r = await controlService(t.ctx(), 'sglang', 'restart', {
      readiness: { timeoutSeconds: 30, intervalMs: 100, check: t.readiness(), onPhase: (p) => phases.push(p.phase) },
    });
    assert.ok(r.ok, JSON.stringify(r));
    assert.ok(phases.includes('loading'), phases.join(','));
    assert.ok(phases.includes('warmingUp'), phases.join(','));
    assert.equal(phases.at(-1), 'ready');
    assert.ok(phases.indexOf('loading') < phases.indexOf('warmingUp'));
  } finally {
    await t.stop();
  }
});

test('a unit that does not exist: service.unitNotFound naming the real one, nothing started', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ flavor: 'vllm', serverRunning: false, timings: FAST });
  try {
    const r = await controlService(t.ctx(), 'vllm-qwen', 'start');
    assert.ok(!r.ok);
    assert.equal(r.findings[0]!.code, 'service.unitNotFound');
    assert.equal(r.findings[0]!.title, 'No systemd unit vllm-qwen.service on the Spark');
    assert.match(r.findings[0]!.detail, /Inference units found there: sglang\.service, vllm\.service\./);
    assert.equal(t.isActive('vllm'), 'inactive');
  } finally {
    await t.stop();
  }
});

test('no sudo rights: the start is refused with ssh.sudoNotAllowed and the service stays down', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ flavor: 'vllm', serverRunning: false, sudo: 'none', timings: FAST });
  try {
    const r = await controlService(t.ctx(), 'vllm', 'start');
    assert.ok(!r.ok);
    assert.equal(r.findings[0]!.code, 'ssh.sudoNotAllowed', JSON.stringify(r.findings));
    assert.equal(t.isActive('vllm'), 'inactive');
  } finally {
    await t.stop();
  }
});

test('sudo with a password: asked once through the prompter, then the start works', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ flavor: 'vllm', serverRunning: false, sudo: 'password', sudoPassword: 'right', timings: FAST });
  try {
    const r = await controlService(t.ctx(), 'vllm', 'start', { readiness: { timeoutSeconds: 30, intervalMs: 150, check: t.readiness() } });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(t.isActive('vllm'), 'active');
    assert.deepEqual(t.asked, [`sudo-password ${t.spark.user.name}`]);
    assert.ok(!t.logged.join('\n').includes(t.spark.user.password), 'the password never reaches the log');
  } finally {
    await t.stop();
  }
});

test('a server that never answers in time: service.notReadyInTime after the limit', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ flavor: 'vllm', serverRunning: false, timings: { ...FAST, loadMs: 20_000 } });
  try {
    const r = await controlService(t.ctx(), 'vllm', 'start', { readiness: { timeoutSeconds: 2, intervalMs: 200, check: t.readiness() } });
    assert.ok(!r.ok);
    assert.equal(r.findings[0]!.code, 'service.notReadyInTime');
    assert.equal(t.isActive('vllm'), 'active', 'systemd started it; only the port is still closed');
  } finally {
    await t.stop();
  }
});

test('stop while a request runs: num_running_reqs from /metrics → asked first; "no" keeps it running, "yes" stops it', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ flavor: 'sglang', timings: { ...FAST, tokenMs: 50 } });
  try {
    // A long streaming chat keeps one request running (~100 s, longer than the test: the stop ends it).
    const chat = httpsTo(t.spark, '/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'Qwen/Qwen2.5-7B-Instruct', stream: true, max_tokens: 2000, messages: [{ role: 'user', content: 'count to 2000' }] }),
      timeoutMs: 20_000, // the client gives up on the stream by then at the latest
    }).catch(() => undefined);
    const running = async () =>
      (await probeInference({ baseUrl: t.spark.baseUrl, resolve: t.spark.resolve, extraCa: [t.caPem], identify: false, load: true, timeoutMs: 5000 })).load?.runningRequests;
    const deadline = Date.now() + 20_000;
    while (((await running()) ?? 0) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

    const asked: Array<number | undefined> = [];
    const no = await controlService(t.ctx(), 'sglang', 'stop', { runningRequests: running, confirmBusy: async (i) => {
        asked.push(i.running);
        return false;
      },
    });
    assert.ok(!no.ok && no.cancelled);
    assert.deepEqual(asked, [1]);
    assert.match(no.message, /sglang\.service left running: 1 request in flight\./);
    assert.equal(t.isActive('sglang'), 'active');

    const yes = await controlService(t.ctx(), 'sglang', 'stop', { runningRequests: running, confirmBusy: async () => true });
    assert.ok(yes.ok, JSON.stringify(yes));
    assert.equal(t.isActive('sglang'), 'inactive');
    await chat;
  } finally {
    await t.stop();
  }
});

test('cancel while waiting for the server: ends at once as cancelled; the unit keeps starting', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ flavor: 'vllm', serverRunning: false, timings: { ...FAST, loadMs: 20_000 } });
  try {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 1500);
    // Loading takes 20 s and the wait allows 60 s: only the cancel can end it before the server is ready.
    const r = await controlService(t.ctx(ac.signal), 'vllm', 'start', { readiness: { timeoutSeconds: 60, intervalMs: 300, check: t.readiness() } });
    assert.ok(!r.ok && r.cancelled, JSON.stringify(r));
    assert.equal(t.isActive('vllm'), 'active');
  } finally {
    await t.stop();
  }
});

test('the server runs out of GPU memory while loading: service.crashed with systemd\'s result and the OOM line', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ flavor: 'vllm', timings: FAST });
  try {
    t.spark.setServerFault('oom');
    const r = await controlService(t.ctx(), 'vllm', 'restart', { readiness: { timeoutSeconds: 30, intervalMs: 200, check: t.readiness() } });
    assert.ok(!r.ok);
    assert.equal(r.findings[0]!.code, 'service.crashed');
    assert.equal(r.findings[0]!.title, 'vllm stopped while starting');
    assert.match(r.findings[0]!.detail, /as failed \(result: exit-code\)/);
    assert.match(r.findings[0]!.evidence!, /torch\.OutOfMemoryError: CUDA out of memory/);
    assert.equal(t.isActive('vllm'), 'failed');
  } finally {
    t.spark.setServerFault(null);
    await t.stop();
  }
});
