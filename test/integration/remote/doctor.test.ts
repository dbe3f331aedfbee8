// The doctor against the emulated Spark: the client-side stand-in CLI for this machine, the real
// SSH layer for the Spark, the real HTTPS probe through the serve front.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderReport, runDoctor } from '../../../src/core/doctor';
import type { DoctorDeps } from '../../../src/core/doctor/types';
import { probeInference } from '../../../src/core/inference';
import { runTailscaleCli } from '../../../src/core/tailnet/cliRunner';
import { FAST, type RemoteSpark, startRemoteSpark } from './helpers';

function depsFor(t: RemoteSpark, apiKey?: string): DoctorDeps {
  return {
    hostSelector: '',
    serviceUnit: t.spark.flavor,
    inferencePort: 30001,
    runLocal: (args, signal) => runTailscaleCli(args, { cliPath: t.spark.clientTailscalePath, signal, timeoutMs: 10_000 }),
    openShell: async () => t.shell,
    probe: (baseUrl, signal) => probeInference({ baseUrl, signal, resolve: t.spark.resolve, extraCa: [t.caPem], timeoutMs: 5000, ...(apiKey ? { apiKey } : {}) }),
    log: t.ctx().log,
    secrets: () => (apiKey ? [apiKey] : []),
  };
}

test('healthy Spark: every check passes, and the report says so line by line', { timeout: 90_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'healthy', flavor: 'vllm', timings: FAST });
  try {
    const report = await runDoctor(depsFor(t));
    const lines = report.checks.map((c) => `${c.status} ${c.id}: ${c.summary}`);
    for (const c of report.checks) assert.equal(c.status, 'pass', lines.join('\n'));
    assert.equal(report.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
    const md = renderReport(report);
    assert.match(md, /✓ \*\*Serve config\*\* — Base URL https:\/\/spark-56d0\.tail1234\.ts\.net\/v1 \(tailnet only\)\./);
    assert.match(md, /✓ \*\*HTTPS probe of the base URL\*\* — https:\/\/spark-56d0\.tail1234\.ts\.net\/v1: vllm/);
    assert.match(md, /✓ \*\*Tailscale prefs \(RunSSH, OperatorUser\)\*\* — RunSSH off; OperatorUser spark/);
    assert.ok(!/privkey:0{8}/.test(md), 'no private key in the report');
  } finally {
    await t.stop();
  }
});

test('stopped server, operator not set, API key on the server: the right ✗/⚠ lines, key redacted', { timeout: 90_000 }, async () => {
  const key = 'sk-doctor-secret-0123456789';
  const t = await startRemoteSpark({ scenario: 'operatorNotSet', flavor: 'sglang', serverRunning: false, apiKey: key, timings: FAST });
  try {
    const report = await runDoctor(depsFor(t, key));
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    assert.equal(byId['server.service']!.status, 'fail');
    assert.equal(byId['server.service']!.findings[0]!.code, 'service.notRunning');
    assert.equal(byId['server.prefs']!.status, 'warn');
    assert.equal(byId['http.probe']!.status, 'fail');
    assert.equal(byId['http.probe']!.findings[0]!.code, 'probe.badGateway');
    assert.equal(byId['client.ping']!.status, 'pass');
    const md = renderReport(report, [key]);
    assert.match(md, /✗ \*\*Inference service\*\* — sglang\.service: inactive \(dead\)/);
    assert.ok(!md.includes(key));
  } finally {
    await t.stop();
  }
});

test('Spark offline: ping fails, SSH fails, the Spark checks are skipped — and it all ends in time', { timeout: 90_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'sparkOffline', timings: FAST });
  try {
    const report = await runDoctor(depsFor(t));
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    assert.equal(byId['client.status']!.status, 'fail');
    assert.match(byId['client.status']!.summary, /OFFLINE/);
    assert.equal(byId['client.ping']!.status, 'fail');
    assert.equal(byId['ssh.login']!.status, 'fail');
    assert.match(byId['ssh.login']!.findings[0]!.code, /^ssh\./);
    assert.equal(byId['server.serve']!.status, 'skip');
  } finally {
    await t.stop();
  }
});
