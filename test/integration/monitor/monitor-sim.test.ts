// The Monitor with its REAL probes (local tailscale CLI stand-in, HTTPS through the Serve front,
// SSH through a real sshd) against the emulated Spark, through the scenarios a user meets:
// healthy, service stopped and started again, serve reset, Spark offline, logged out locally.
// Asserts the phase and what the ONE renderer makes of it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { englishT } from '../../../src/core/l10n';
import { Monitor } from '../../../src/core/monitor/monitor';
import { createProbes } from '../../../src/core/monitor/probes';
import { SparkHttp } from '../../../src/core/http/sparkHttp';
import type { MonitorConfig } from '../../../src/core/monitor/types';
import type { Logger } from '../../../src/core/util/log';
import { renderStatus } from '../../../src/core/state/render';
import type { SparkPhase } from '../../../src/core/state/types';
import { PooledSparkShell } from '../../../src/core/discovery/sparkShell';
import { SshPool } from '../../../src/core/ssh';
import { memorySecrets, scriptedPrompter } from '../ssh/helpers';
import { startTestSpark, type TestSpark } from '../spark-sim/helpers';

let t: TestSpark;
let monitor: Monitor;
let pool: SshPool;
const sshCalls: string[] = [];
const lines: string[] = [];

const log: Logger = {
  trace: (m) => lines.push(`trace ${m}`),
  debug: (m) => lines.push(`debug ${m}`),
  info: (m) => lines.push(`info ${m}`),
  warn: (m) => lines.push(`warn ${m}`),
  error: (m) => lines.push(`error ${m}`),
};

before(async () => {
  t = await startTestSpark({ flavor: 'sglang', timings: { loadMs: 600, warmupMs: 400, healthMs: 50 } });
  const spark = t.spark;
  pool = new SshPool({ prompter: scriptedPrompter({}), secrets: memorySecrets(), agent: false });
  const knownHosts = `${t.keyPath}.known_hosts`;
  writeFileSync(knownHosts, `${spark.knownHostsLine}\n`);
  const config: MonitorConfig = {
    host: spark.hostName,
    healthySeconds: 3600, // ticks are driven by refresh() here, not by the timer
    maxBackoffSeconds: 3600,
    unfocusedFactor: 1,
    timeoutMs: 5000,
    slowMs: 5000,
    detail: 'metrics',
    serviceUnit: 'sglang.service',
    readyTimeoutSeconds: 120,
  };
  const probes = createProbes({
    settings: () => ({ tailscalePath: spark.clientTailscalePath, inferencePort: spark.inferencePort, timeoutMs: 5000 }),
    http: SparkHttp.fixed({ resolve: spark.resolve, timeoutMs: 5000, extraCa: [readFileSync(spark.caCertPath, 'utf8')] }),
    shell: new PooledSparkShell(
      pool,
      () => {
        sshCalls.push('ssh');
        return { target: `${spark.user.name}@${spark.address}`, identityFiles: [t.keyPath], knownHostsFiles: [knownHosts] };
      },
      log,
    ),
  });
  monitor = new Monitor({ probes, log, getConfig: () => config });
});

after(async () => {
  monitor?.dispose();
  pool?.closeAll();
  await t?.stop();
});

async function until(phase: SparkPhase, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    await monitor.refresh({ force: false, reason: `waiting for ${phase}` });
    if (monitor.getState().phase === phase) return;
    if (Date.now() > end) assert.fail(`still ${monitor.getState().phase}, expected ${phase}; findings: ${monitor.getState().findings.map((f) => f.code).join(', ')}\n${lines.slice(-15).join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const view = () => renderStatus(monitor.getState(), { t: englishT, now: Date.now() });

test('healthy: URL discovered over SSH once, then ready with model, server kind and metrics', async () => {
  await monitor.refresh({ force: true, reason: 'start' });
  const s = monitor.getState();
  assert.equal(s.phase, 'ready', s.findings.map((f) => `${f.code}: ${f.detail}`).join('\n'));
  assert.equal(s.serve?.baseUrl, t.spark.baseUrl);
  assert.equal(s.serve?.source, 'ssh');
  assert.equal(s.serve?.exposure, 'tailnet');
  assert.equal(s.server?.kind, 'sglang');
  assert.equal(s.tailnet?.peer?.dnsName, t.spark.magicDnsName);
  assert.match(view().text, /^\$\(sparkle\) Qwen2\.5-7B$/);
  assert.equal(sshCalls.length, 1);
  // Healthy ticks: HTTPS only (now /metrics), no SSH.
  for (let i = 0; i < 3; i++) await monitor.refresh({ force: false });
  assert.equal(monitor.getState().phase, 'ready');
  assert.equal(sshCalls.length, 1, 'no SSH while healthy');
  const tooltip = view().tooltip;
  assert.match(tooltip, /SGLang/);
  assert.match(tooltip, /tailnet only/);
  assert.ok(tooltip.includes(t.spark.baseUrl));
  assert.match(tooltip, /\d+ running/);
});

test('service stopped: Serve answers 502, systemd says inactive → serverStopped', async () => {
  await t.spark.stopServer();
  await until('serverStopped');
  assert.equal(monitor.getState().service?.activeState, 'inactive');
  assert.equal(view().text, '$(debug-stop) Spark: server stopped');
  assert.equal(view().background, 'warning');
});

test('service started: loading while the port is closed, then ready', async () => {
  await t.spark.startServer({ wait: false });
  await monitor.refresh({ force: true, reason: 'service.start' });
  assert.ok(['loading', 'warmingUp', 'ready'].includes(monitor.getState().phase), monitor.getState().phase);
  await until('ready');
  assert.match(view().text, /Qwen2\.5-7B/);
});

test('serve reset: the URL stops answering, SSH rediscovery finds nothing served → reachableNotServed', async () => {
  const r = t.spark.runAsRoot('tailscale', ['serve', 'reset']);
  assert.equal(r.code, 0, r.stderr);
  await monitor.refresh({ force: true, reason: 'serve.reset' });
  await until('reachableNotServed');
  assert.equal(monitor.getState().serve, undefined);
  assert.equal(view().text, '$(plug) Spark: not served');
  assert.ok(monitor.getState().findings.some((f) => f.code === 'serve.nothingServed'));
  // Serve again (what tailspark.serve.expose does) → discovered and ready.
  const again = t.spark.runAsRoot('tailscale', ['serve', '--bg', '--yes', '30001']);
  assert.equal(again.code, 0, again.stderr);
  await monitor.refresh({ force: true, reason: 'serve.expose' });
  await until('ready');
  assert.equal(monitor.getState().serve?.baseUrl, t.spark.baseUrl);
});

test('Spark offline: sparkOffline with last-seen time, and no SSH attempt', async () => {
  await t.spark.takeOffline();
  const before = sshCalls.length;
  await until('sparkOffline');
  assert.match(view().text, /^\$\(vm-outline\) Spark offline/);
  assert.equal(sshCalls.length, before, 'an offline peer is not SSHed to');
  await t.spark.bringOnline();
  await monitor.refresh({ force: true, reason: 'back online' });
  await until('ready');
});

test('logged out on this machine: tailnetDown with the login finding', async () => {
  await t.spark.setScenario('clientLoggedOut');
  // Logged out, this machine cannot reach tailnet addresses at all; on loopback the sim's front
  // would still answer, so the Spark is also taken off the "tailnet" to make HTTPS fail as it would.
  await t.spark.takeOffline();
  await until('tailnetDown');
  const s = monitor.getState();
  assert.equal(s.tailnet?.backendState, 'NeedsLogin');
  assert.equal(view().text, '$(debug-disconnect) Tailnet down');
  assert.ok(s.findings[0]?.fixes.length, 'the finding carries a fix');
});
