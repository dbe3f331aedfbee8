// The status bar in a real extension host, fed by the emulated Spark (test/spark-sim): the
// Monitor's real probes (client tailscale stand-in, HTTPS through the Serve front, SSH to a real
// sshd) drive the ONE renderer; we assert what the status item shows as the Spark changes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TailsparkApi } from '../../../src/extension';
import { actionsFor } from '../../../src/core/state/actions';
import type { SparkPhase } from '../../../src/core/state/types';
import type { RunningSpark } from '../../spark-sim';
import { refreshUntil, type SparkRig, startSparkRig } from './sparkRig';


suite('status bar with the emulated Spark', () => {
  let spark: RunningSpark;
  let api: TailsparkApi;
  let rig: SparkRig;
  const config = () => vscode.workspace.getConfiguration('tailspark');

  const until = (phase: SparkPhase, timeoutMs?: number) => refreshUntil(api, phase, timeoutMs);

  suiteSetup(async function () {
    this.timeout(180_000);
    // The MagicDNS alias serves the first-run pick (no ssh.target): its User is what the SSH
    // user box offers, and what an empty target logs in as.
    rig = await startSparkRig('status', { flavor: 'sglang', timings: { loadMs: 800, warmupMs: 400, healthMs: 50 } }, { magicDnsAlias: true });
    ({ spark, api } = rig);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    await rig?.dispose();
  });

  test('healthy Spark: the model in the status bar (no latency: it would flicker), latency and details in the tooltip', async function () {
    this.timeout(60_000);
    await until('ready');
    const v = api.getStatusView()!;
    assert.match(v.text, /^\$\(sparkle\) Qwen2\.5-7B$/);
    assert.equal(v.background, undefined);
    assert.equal(v.command, 'tailspark.statusActions');
    assert.ok(v.tooltip.includes(spark.baseUrl), 'Serve URL in the tooltip');
    assert.match(v.tooltip, /tailnet only/);
    assert.match(v.tooltip, /SGLang/);
    assert.match(v.tooltip, /Qwen\/Qwen2\.5-7B-Instruct/);
    assert.match(v.tooltip, /\d+ ms/, 'latency in the tooltip');
    for (const c of ['tailspark.service.restart', 'tailspark.logs.follow', 'tailspark.doctor', 'tailspark.showLog']) {
      assert.ok(v.tooltip.includes(`(command:${c})`), c);
    }
  });

  test('walkthrough steps complete on the real events: Tailscale running, Spark chosen, Serve URL answering', async () => {
    const key = (k: string) => api.test!.contextKey(k);
    assert.equal(key('tailspark.tailnetRunning'), true);
    assert.equal(key('tailspark.sparkChosen'), true);
    assert.equal(key('tailspark.configured'), true);
    assert.equal(key('tailspark.served'), true);
    assert.equal(key('tailspark.phase'), 'ready');
  });

  test('Test SSH Connection: logs in over the configured target and completes its walkthrough step', async function () {
    this.timeout(60_000);
    const ok = await vscode.commands.executeCommand<boolean>('tailspark.testSsh');
    assert.equal(ok, true);
    assert.equal(api.test!.contextKey('tailspark.sshVerified'), true);
  });

  test('service stopped on the Spark: "server stopped" on a warning background', async function () {
    this.timeout(60_000);
    await spark.stopServer();
    await until('serverStopped');
    const v = api.getStatusView()!;
    assert.equal(v.text, '$(debug-stop) Spark: server stopped');
    assert.equal(v.background, 'warning');
    assert.match(v.tooltip, /sglang\\\.service: inactive/);
  });

  test('service started again: back to ready', async function () {
    this.timeout(60_000);
    await spark.startServer({ wait: false });
    await until('ready');
    assert.match(api.getStatusView()!.text, /Qwen2\.5-7B/);
  });

  test('serve reset on the Spark: "not served", with the Serve fix in the tooltip', async function () {
    this.timeout(60_000);
    const r = spark.runAsRoot('tailscale', ['serve', 'reset']);
    assert.equal(r.code, 0, r.stderr);
    await until('reachableNotServed');
    const v = api.getStatusView()!;
    assert.equal(v.text, '$(plug) Spark: not served');
    assert.equal(v.background, 'warning');
    assert.match(v.tooltip, /Nothing is served/);
    assert.equal(api.test!.contextKey('tailspark.served'), false, 'the Serve step is not done while nothing is served');
    spark.runAsRoot('tailscale', ['serve', '--bg', '--yes', '30001']);
    await until('ready');
  });

  test('a certificate that breaks while the Spark is healthy is seen (no socket or TLS session reused)', async function () {
    this.timeout(60_000);
    await until('ready');
    // The serve front now presents a valid certificate for another name. Inside VS Code the
    // proxy support swaps in its own (keep-alive) agent: only a fresh connection per probe sees it.
    await spark.setScenario('tlsWrongName');
    await until('error', 30_000);
    assert.ok(api.getState().findings.some((f) => f.code === 'probe.tlsNameMismatch'), 'the TLS name mismatch is the finding');
    await spark.setScenario('healthy');
    await until('ready');
  });

  test('Spark offline: "Spark offline" with when it was last seen', async function () {
    this.timeout(60_000);
    await spark.takeOffline();
    await until('sparkOffline');
    const v = api.getStatusView()!;
    assert.match(v.text, /^\$\(vm-outline\) Spark offline/);
    assert.equal(v.background, 'warning');
    await spark.bringOnline();
    await until('ready');
  });
  test('click on "server stopped" → the quick pick offers Start service first, and choosing it brings the Spark back', async function () {
    this.timeout(90_000);
    await spark.stopServer();
    await until('serverStopped');
    // The quick pick lists actionsFor(state) in order (src/ui/statusActions.ts): its first item
    // must be Start service, not merely any item that happens to bring the server back.
    const first = actionsFor(api.getState(), vscode.l10n.t)[0];
    assert.deepEqual(first?.action, { kind: 'command', command: 'tailspark.service.start' }, `first item: ${first?.label}`);
    assert.match(first?.label ?? '', /Start service/);
    const picking = vscode.commands.executeCommand('tailspark.statusActions');
    await new Promise((r) => setTimeout(r, 800));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await picking;
    // Only a running server answers /v1/models: ready proves "Start service" ran on the Spark.
    await until('ready', 60_000);
  });

  test('Pick the Spark: lists the tailnet peers and writes the chosen one into tailspark.spark.host', async function () {
    this.timeout(60_000);
    await rig.set('spark.host', undefined);
    await until('notConfigured');
    assert.equal(api.getStatusView()!.text, '$(sparkle) Tailspark: Set up');
    let picked = false;
    const picking = Promise.resolve(vscode.commands.executeCommand('tailspark.pickSpark')).finally(() => {
      picked = true;
    });
    // Accept the first row once the list is there (accepting an empty or unopened pick does nothing).
    while (!picked) {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await Promise.race([picking, new Promise((r) => setTimeout(r, 300))]);
    }
    await picking;
    assert.equal(config().get('spark.host'), spark.magicDnsName, 'the tag:spark peer comes first and was chosen');
    assert.equal(config().get('ssh.target'), 'spark-sim', 'a configured SSH target is left alone (no user box)');
    await until('ready');
  });

  /** Runs Pick the Spark with no SSH target: accepts the peer, then answers the SSH user box. */
  async function pickOnFirstRun(answerUserBox: 'workbench.action.acceptSelectedQuickOpenItem' | 'workbench.action.closeQuickOpen') {
    await rig.set('spark.host', undefined);
    await rig.set('ssh.target', undefined);
    await until('notConfigured');
    const picking = vscode.commands.executeCommand('tailspark.pickSpark');
    // No event tells the test that the list (or, after it, the user box) is showing: wait generously.
    await new Promise((r) => setTimeout(r, 3000));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(config().get('spark.host'), '', 'the host is written only after the user box is answered');
    await vscode.commands.executeCommand(answerUserBox);
    await picking;
  }

  test('Pick the Spark on first run: asks for the SSH user (prefilled from the SSH config) and saves user@MagicDNS', async function () {
    this.timeout(90_000);
    try {
      await pickOnFirstRun('workbench.action.acceptSelectedQuickOpenItem');
      assert.equal(config().get('spark.host'), spark.magicDnsName);
      assert.equal(config().get('ssh.target'), `${spark.user.name}@${spark.magicDnsName}`);
      // Ready needs the Serve URL, read over SSH with the new target.
      await until('ready');
    } finally {
      await rig.set('ssh.target', 'spark-sim');
    }
  });

  test('Pick the Spark on first run: Escape in the SSH user box keeps the host and leaves the target empty', async function () {
    this.timeout(90_000);
    try {
      await pickOnFirstRun('workbench.action.closeQuickOpen');
      assert.equal(config().get('spark.host'), spark.magicDnsName, 'the host choice stays');
      assert.equal(config().get('ssh.target'), '');
      await until('ready');
    } finally {
      await rig.set('ssh.target', 'spark-sim');
    }
  });
});
