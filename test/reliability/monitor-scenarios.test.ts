// What the USER sees (the Monitor's phase and leading Finding) when the tailnet, the Spark or
// the editor's machine is in a bad state — with the real probes against the emulated Spark —
// and that every tick ends within its time limit, then that the Monitor gets back to "ready"
// BY ITSELF (its own timer, no refresh) once the fault is gone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FindingCode } from '../../src/core/findings';
import { sshTimeoutMs } from '../../src/core/monitor/monitor';
import type { SparkPhase } from '../../src/core/state/types';
import { CHECK_URL, type Scenario } from '../spark-sim';
import { codes, type MonitorRig, startMonitorRig } from './support/monitorRig';
import { refusedAddress } from './support/network';

let rig: MonitorRig;
const HTTP_LIMIT = 2000;

before(async () => {
  rig = await startMonitorRig({}, { timeoutMs: HTTP_LIMIT });
  await rig.tick(true);
  assert.equal(rig.monitor.getState().phase, 'ready', codes(rig.monitor.getState()).join(', '));
});

after(async () => {
  await rig?.stop();
});

/** A tick may take: tailnet CLI + HTTPS + SSH discovery (+ service), each within its own limit. */
const TICK_LIMIT = HTTP_LIMIT * 2 + sshTimeoutMs(HTTP_LIMIT) + 3000;

async function expectAfterTicks(phase: SparkPhase, code: FindingCode, ticks = 3): Promise<void> {
  for (let i = 0; i < ticks; i++) {
    const ms = await rig.tick(true);
    assert.ok(ms < TICK_LIMIT, `tick ${i} took ${ms} ms (limit ${TICK_LIMIT})`);
    const s = rig.monitor.getState();
    if (s.phase === phase && codes(s).includes(code)) {
      const f = s.findings.find((x) => x.code === code)!;
      assert.ok(f.title && f.detail, 'the finding explains itself');
      return;
    }
  }
  const s = rig.monitor.getState();
  assert.fail(`expected ${phase} with ${code}; got ${s.phase} with [${codes(s).join(', ')}]\n${rig.lines.slice(-10).join('\n')}`);
}

async function backToReady(): Promise<void> {
  await rig.t.spark.setScenario('healthy');
  rig.knobs.resolve = { ...rig.t.spark.resolve };
  rig.knobs.tailscalePath = rig.t.spark.clientTailscalePath;
  await rig.tick(true);
  assert.equal(rig.monitor.getState().phase, 'ready', codes(rig.monitor.getState()).join(', '));
}

const cases: Array<{ name: string; scenario?: Scenario; setup?: () => void; phase: SparkPhase; code: FindingCode }> = [
  { name: 'tailscale CLI missing on this machine', setup: () => (rig.knobs.tailscalePath = '/nonexistent/bin/tailscale'), phase: 'tailnetDown', code: 'tailscale.cliMissing' },
  { name: 'tailscaled not running on this machine', scenario: 'clientDaemonDown', phase: 'tailnetDown', code: 'tailscale.daemonNotRunning' },
  { name: 'tailscaled down on the Spark', scenario: 'daemonDown', phase: 'sparkOffline', code: 'tailnet.peerOffline' },
  { name: 'Serve not enabled on the tailnet (nothing served)', scenario: 'serveNotEnabled', phase: 'reachableNotServed', code: 'serve.nothingServed' },
  { name: 'TLS certificate for the wrong name', scenario: 'tlsWrongName', phase: 'error', code: 'probe.tlsNameMismatch' },
];

for (const c of cases) {
  test(`${c.name}: ${c.phase} with ${c.code}, every tick within its limit, then ready again`, { timeout: 90_000 }, async () => {
    if (c.scenario) await rig.t.spark.setScenario(c.scenario);
    if (c.setup) {
      c.setup();
      // A stale URL must not hide a broken tailnet: make HTTPS fail as it would without tailscaled.
      const gone = refusedAddress();
      rig.knobs.resolve = { [rig.t.spark.magicDnsName]: gone.host };
    }
    if (c.scenario === 'clientDaemonDown' || c.scenario === 'daemonDown') {
      const gone = refusedAddress();
      rig.knobs.resolve = { [rig.t.spark.magicDnsName]: gone.host };
    }
    await expectAfterTicks(c.phase, c.code);
    await backToReady();
  });
}

test('Tailscale SSH check mode while the URL must be rediscovered: tailscale.sshCheckMode with the check URL, no hang', { timeout: 90_000 }, async () => {
  rig.pool.closeAll(); // the next SSH use makes a new connection and meets the banner
  await rig.t.spark.setScenario('tailscaleSshCheckMode');
  rig.knobs.resolve = { [rig.t.spark.magicDnsName]: refusedAddress().host };
  const before = rig.sshUses();
  await expectAfterTicks('error', 'tailscale.sshCheckMode', 2);
  assert.ok(rig.sshUses() > before, 'SSH was tried');
  assert.ok(rig.prompter.checkModeUrls.includes(CHECK_URL), `the check URL reached the user: ${rig.prompter.checkModeUrls.join(', ')}`);
  rig.pool.closeAll();
  await backToReady();
});

test('Spark offline, then back online: the Monitor notices both on its own timer (no refresh)', { timeout: 90_000 }, async () => {
  rig.config.healthySeconds = 0.3;
  rig.config.maxBackoffSeconds = 1;
  await rig.tick(); // re-arm the timer with the short interval
  const sshBefore = rig.sshUses();
  await rig.t.spark.takeOffline();
  const down = await rig.waitFor((s) => s.phase === 'sparkOffline', 15_000, 'offline noticed');
  assert.ok(codes(rig.monitor.getState()).includes('tailnet.peerOffline'), codes(rig.monitor.getState()).join(', '));
  assert.equal(rig.sshUses(), sshBefore, 'an offline Spark is not SSHed to');
  await rig.t.spark.bringOnline();
  const up = await rig.waitFor((s) => s.phase === 'ready', 15_000, 'back online noticed');
  assert.ok(down < 5000 && up < 5000, `offline noticed after ${down} ms, online after ${up} ms`);
  rig.config.healthySeconds = 3600;
  rig.config.maxBackoffSeconds = 3600;
});
