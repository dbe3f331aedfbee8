// The HTTPS probe under network faults (blackhole, silent server, refusal) and a server in 503
// warm-up, against the emulated Spark's real TLS front: each ends within its time limit as the
// Finding the user sees, and the Monitor leaves warm-up for "ready" by itself.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Monitor } from '../../src/core/monitor/monitor';
import type { ServerProbe } from '../../src/core/monitor/types';
import { codes, type MonitorRig, startMonitorRig } from './support/monitorRig';
import { refusedAddress, startBlackhole, startSilentListener, timed } from './support/network';
import { startWarmupFront } from './support/warmupFront';

let rig: MonitorRig;
const LIMIT = 1500;

before(async () => {
  rig = await startMonitorRig({}, { timeoutMs: LIMIT });
  rig.knobs.timeoutMs = LIMIT;
});

after(async () => {
  await rig?.stop();
});

async function probeVia(address: string): Promise<{ ms: number; r: ServerProbe }> {
  rig.knobs.resolve = { [rig.t.spark.magicDnsName]: address };
  try {
    const out = await timed(LIMIT + 3000, 'HTTPS probe', () => rig.probes.server(rig.t.spark.baseUrl, 'models', new AbortController().signal));
    assert.equal(out.error, undefined, `the probe threw instead of returning a result: ${String(out.error)}`);
    return { ms: out.ms, r: out.value! };
  } finally {
    rig.knobs.resolve = { ...rig.t.spark.resolve };
  }
}

function detailOf(r: ServerProbe): string {
  return 'finding' in r && r.finding ? r.finding.detail : '';
}

function findingOf(r: ServerProbe): string {
  assert.ok('finding' in r && r.finding, `expected a finding, got ${JSON.stringify(r)}`);
  assert.ok(r.finding.where?.includes(rig.t.spark.magicDnsName), `the finding says where: ${r.finding.where}`);
  return r.finding.code;
}

test('healthy baseline: the same probe answers ok', async () => {
  const { r } = await probeVia(rig.t.spark.address);
  assert.equal(r.kind, 'ok');
});

test('blackhole (SYNs dropped): probe.timeout after the probe time limit, not later', async () => {
  const hole = await startBlackhole(443);
  try {
    const { r } = await probeVia(hole.host);
    assert.equal(r.kind, 'unreachable');
    assert.equal(findingOf(r), 'probe.timeout');
    assert.match(detailOf(r), new RegExp(`within ${LIMIT} ms\\.`), 'ended by the probe time limit, not another');
  } finally {
    await hole.close();
  }
});

test('server accepts TCP but never answers TLS: probe.timeout within the limit', async () => {
  const silent = await startSilentListener(443);
  try {
    const { r } = await probeVia(silent.host);
    assert.equal(r.kind, 'unreachable');
    assert.equal(findingOf(r), 'probe.timeout');
    assert.match(detailOf(r), new RegExp(`within ${LIMIT} ms\\.`), 'ended by the probe time limit, not another');
  } finally {
    await silent.close();
  }
});

test('connection refused: probe.connectionRefused at once (no waiting for a timeout)', async () => {
  const { r } = await probeVia(refusedAddress().host);
  assert.equal(r.kind, 'unreachable');
  assert.equal(findingOf(r), 'probe.connectionRefused');
});

test('server in 503 warm-up: warmingUp with probe.warmingUp, then ready on the Monitor\'s own timer', { timeout: 60_000 }, async () => {
  const front = await startWarmupFront({ host: rig.t.spark.address, port: rig.t.spark.inferencePort });
  const monitor = new Monitor({
    probes: rig.probes,
    log: rig.log,
    // The warm-up front as the configured base URL: a remembered URL would be checked against SSH
    // discovery on the first tick (and replaced by the Spark's real Serve URL, which is not warming up).
    getConfig: () => ({ ...rig.config, healthySeconds: 0.2, maxBackoffSeconds: 1, timeoutMs: LIMIT, baseUrlOverride: front.baseUrl }),
  });
  try {
    const sshBefore = rig.sshUses();
    monitor.start();
    await waitPhase(monitor, 'warmingUp', 10_000);
    assert.ok(codes(monitor.getState()).includes('probe.warmingUp'), codes(monitor.getState()).join(', '));
    // Warm-up is not a reason to SSH: the server answers, it is just not ready.
    assert.equal(rig.sshUses(), sshBefore);
    // It keeps looking on its own timer while warming up (no event would make it ask again).
    const asked = front.requests;
    for (let i = 0; i < 200 && front.requests - asked < 2; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(front.requests - asked >= 2, 'it keeps looking while warming up');
    front.warming = false;
    await waitPhase(monitor, 'ready', 10_000);
    assert.equal(monitor.getState().server?.models[0]?.id, 'Qwen/Qwen2.5-7B-Instruct');
  } finally {
    monitor.dispose();
    await front.close();
  }
});

function waitPhase(monitor: Monitor, phase: string, timeoutMs: number): Promise<void> {
  if (monitor.getState().phase === phase) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`still ${monitor.getState().phase} (${codes(monitor.getState()).join(', ')}), expected ${phase}`));
    }, timeoutMs);
    const sub = monitor.onDidChangeState((s) => {
      if (s.phase !== phase) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}
