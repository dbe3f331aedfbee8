// What a new user trips over (issue #20), in a real extension host against the emulated Spark:
// each test shows the corrected behaviour — a test of SSH that logs in afresh, state that follows
// an action at once, and messages that tell the truth.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TailsparkApi } from '../../../src/extension';
import type { SparkPhase } from '../../../src/core/state/types';
import { generateKey } from '../../harness/sshd';
import { type RunningSpark, startSpark } from '../../spark-sim';

const EXTENSION_ID = 'tailspark.tailspark';
const KEYS = ['spark.host', 'tailscale.path', 'network.resolve', 'ssh.target', 'ssh.configFile', 'ssh.knownHostsFile', 'service.unit', 'poll.healthySeconds', 'autoConfigure'];

suite('what a new user saw (issue #20)', () => {
  let spark: RunningSpark;
  let api: TailsparkApi;
  let dir: string;
  const config = () => vscode.workspace.getConfiguration('tailspark');
  const run = async <T>(command: string, ...args: unknown[]) => (await vscode.commands.executeCommand(command, ...args)) as T;

  async function until(phase: SparkPhase, timeoutMs = 30_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (api.getState().phase !== phase) {
      if (Date.now() > end) assert.fail(`status is ${api.getState().phase}, expected ${phase}`);
      await vscode.commands.executeCommand('tailspark.refresh');
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  suiteSetup(async function () {
    this.timeout(180_000);
    dir = mkdtempSync(join(tmpdir(), 'tailspark-ext-newuser-'));
    const key = generateKey(dir, 'id_ed25519');
    spark = await startSpark({ flavor: 'sglang', authorizedKeys: [key.publicLine], timings: { loadMs: 600, warmupMs: 300, healthMs: 50 } });
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, `${spark.knownHostsLine}\n`);
    const sshConfig = join(dir, 'ssh_config');
    writeFileSync(sshConfig, `Host spark-sim\n  HostName ${spark.address}\n  User ${spark.user.name}\n  IdentityFile ${key.privatePath}\n  IdentitiesOnly yes\n`);
    api = await vscode.extensions.getExtension<TailsparkApi>(EXTENSION_ID)!.activate();
    api.test?.trustCertificate(readFileSync(spark.caCertPath, 'utf8'));
    const g = vscode.ConfigurationTarget.Global;
    await config().update('tailscale.path', spark.clientTailscalePath, g);
    await config().update('network.resolve', spark.resolve, g);
    await config().update('ssh.target', 'spark-sim', g);
    await config().update('ssh.configFile', sshConfig, g);
    await config().update('ssh.knownHostsFile', knownHosts, g);
    // tailspark.service.unit stays empty: the unit is detected on the Spark (sglang here, not the old vllm default).
    await config().update('service.unit', undefined, g);
    // Nothing here is about the targets: no auto-configure question may stay open (a pending one
    // holds every later auto-run of this window, in the suites that follow).
    await config().update('autoConfigure', 'off', g);
    await config().update('spark.host', spark.magicDnsName, g);
    await until('ready', 60_000);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    for (const k of KEYS) await config().update(k, undefined, vscode.ConfigurationTarget.Global);
    await spark?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('Test SSH logs in afresh: a pooled connection from before a policy change does not make it say "SSH works"', async function () {
    this.timeout(90_000);
    assert.equal(await run<boolean>('tailspark.testSsh'), true, 'SSH works before the change');
    // A pooled connection exists now (a remote command used it) and stays open across the change.
    const status = await run<{ ok: boolean }>('tailspark.service.status');
    assert.ok(status.ok, JSON.stringify(status));
    await spark.setScenario('tailscaleSshPolicyRejected');
    try {
      assert.equal(await run<boolean>('tailspark.testSsh'), false, 'a fresh login is refused, so Test SSH must say so');
    } finally {
      await spark.setScenario('healthy');
    }
    assert.equal(await run<boolean>('tailspark.testSsh'), true, 'and works again once the policy allows it');
  });

  test('Set API Key on a server started without a key says the server does not check keys (not "accepts it")', async function () {
    this.timeout(60_000);
    assert.ok(api.test, 'the test API is there');
    try {
      assert.equal(await api.test.storeApiKey('any-key-at-all'), 'notChecked');
    } finally {
      assert.equal(await api.test.storeApiKey(''), 'removed');
    }
  });

  test('service.unit left empty on an SGLang Spark: Show Service Status acts on the detected sglang.service', async function () {
    this.timeout(60_000);
    assert.equal(config().get('service.unit'), '');
    const r = await run<{ ok: boolean; message: string }>('tailspark.service.status');
    assert.ok(r.ok, JSON.stringify(r));
    assert.match(r.message, /^sglang\.service: active \(running\)/);
  });

  test('Funnel turned on outside the editor: Refresh re-reads the Serve config, and the status item itself says "public"', async function () {
    this.timeout(60_000);
    await until('ready');
    assert.doesNotMatch(api.getStatusView()!.text, /public/);
    const on = spark.runAsRoot('tailscale', ['funnel', '--bg', '--yes', '30001']);
    assert.equal(on.code, 0, on.stderr);
    try {
      await vscode.commands.executeCommand('tailspark.refresh');
      assert.equal(api.getState().serve?.exposure, 'funnel');
      assert.match(api.getStatusView()!.text, /^\$\(globe\) .* · public$/);
    } finally {
      spark.runAsRoot('tailscale', ['funnel', '--https=443', 'off']);
      spark.runAsRoot('tailscale', ['serve', '--bg', '--yes', '30001']);
      await vscode.commands.executeCommand('tailspark.refresh');
    }
    assert.equal(api.getState().serve?.exposure, 'tailnet');
    assert.doesNotMatch(api.getStatusView()!.text, /public/);
  });

  test('Spark offline for a while: no growing backoff (only the local status is read), so "back online" shows by itself', async function () {
    this.timeout(90_000);
    await config().update('poll.healthySeconds', 2, vscode.ConfigurationTarget.Global);
    try {
      await spark.takeOffline();
      await until('sparkOffline');
      // Many failed checks in a row: before, each one doubled the wait (2, 4, 8, … up to 300 s).
      for (let i = 0; i < 6; i++) await vscode.commands.executeCommand('tailspark.refresh');
      assert.equal(api.getState().phase, 'sparkOffline');
      assert.ok(api.getState().failures >= 6, `failures ${api.getState().failures}`);
      assert.ok((api.monitor.nextDelayMs() ?? Infinity) <= 2_000, `next check in ${api.monitor.nextDelayMs()} ms`);
      await spark.bringOnline();
      // No Refresh from here on: the Monitor's own ticks must find the Spark again.
      const end = Date.now() + 30_000;
      while (api.getState().phase !== 'ready' && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
      assert.equal(api.getState().phase, 'ready');
    } finally {
      await spark.bringOnline();
      await config().update('poll.healthySeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('Restart Service with the Spark offline: the cause first ("offline"), not "start sshd"', async function () {
    this.timeout(90_000);
    await spark.takeOffline();
    try {
      await until('sparkOffline');
      const r = await run<{ ok: boolean; message: string; findings: Array<{ code: string; title: string }> }>('tailspark.service.restart');
      assert.equal(r.ok, false);
      assert.equal(r.findings[0]?.code, 'tailnet.peerOffline', JSON.stringify(r.findings));
      assert.match(r.message, /offline/);
    } finally {
      await spark.bringOnline();
      await until('ready', 60_000);
    }
  });

  test('Tailscale on the Spark moved to the snap: learned again on the next connection, so Enable Tailscale SSH leaves the palette', async function () {
    this.timeout(90_000);
    const snapKey = () => api.test!.contextKey('tailspark.snap');
    const waitKey = async (want: boolean) => {
      const end = Date.now() + 20_000;
      while (snapKey() !== want && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      assert.equal(snapKey(), want);
    };
    assert.ok((await run<{ ok: boolean }>('tailspark.service.status')).ok);
    await waitKey(false);
    await spark.setScenario('snap');
    try {
      spark.sshd.killSessions(spark.user.name); // the connection drops (as with a reboot)
      assert.ok((await run<{ ok: boolean }>('tailspark.service.status')).ok);
      await waitKey(true);
    } finally {
      await spark.setScenario('healthy');
      spark.sshd.killSessions(spark.user.name);
    }
    assert.ok((await run<{ ok: boolean }>('tailspark.service.status')).ok);
    await waitKey(false);
  });
});
