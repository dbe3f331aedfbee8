// The remote commands in a real extension host, against the emulated Spark: run through
// vscode.commands.executeCommand, with the modal questions answered by the test (the prompts
// hook on the activate() API) and the final notification captured. Each test asserts the effect
// on the Spark (as root sees it) and what the user was told.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { DoctorReport } from '../../../src/core/doctor';
import type { OpResult } from '../../../src/core/remote/types';
import type { TailsparkApi } from '../../../src/extension';
import type { RunningSpark } from '../../spark-sim';
import { EXTENSION_ID, type SparkRig, refreshUntil, startSparkRig } from './sparkRig';


interface Told {
  title: string;
  result: OpResult<unknown>;
}

suite('remote commands on the emulated Spark', () => {
  let spark: RunningSpark;
  let api: TailsparkApi;
  let rig: SparkRig;
  const told: Told[] = [];
  const asked: string[] = [];
  /** What "which HTTPS port?" answers (Stop Serving the Inference Port with several ports). */
  let httpsPortAnswer: number | undefined;
  const _config = () => vscode.workspace.getConfiguration('tailspark');
  const serveConfig = () => JSON.parse(spark.runAsRoot('tailscale', ['serve', 'status', '--json']).stdout || '{}') as Record<string, unknown>;
  const isActive = () => spark.runAsRoot('systemctl', ['is-active', 'vllm']).stdout.trim();
  const run = async <T>(command: string, ...args: unknown[]) => (await vscode.commands.executeCommand(command, ...args)) as T;
  /** Waits for the Monitor to reach a phase on its own (nothing here calls refresh). */
  const untilPhase = async (phase: string, timeoutMs = 20_000) => {
    const end = Date.now() + timeoutMs;
    while (api.getState().phase !== phase) {
      if (Date.now() > end) assert.fail(`phase ${api.getState().phase}, expected ${phase}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  suiteSetup(async function () {
    this.timeout(180_000);
    rig = await startSparkRig('remote', { flavor: 'vllm', timings: { loadMs: 600, warmupMs: 300, healthMs: 50, riskCountdownMs: 250 } }, { noHost: true, settings: { 'service.readyTimeoutSeconds': 60 } });
    ({ spark, api } = rig);
    api.remote.setNotifier({
      result: (title, result) => {
        told.push({ title, result });
      },
    });
    /** Records the question and gives the answer. */
    const answer = <T>(line: string, value: T): T => {
      asked.push(line);
      return value;
    };
    api.remote.setPrompts({
      confirmBusy: async (i) => answer(`busy ${i.action} ${i.running}`, true),
      confirmReset: async (i) => answer(`reset ${i.kind} ${i.baseUrl} [${i.routes.join('; ')}]`, true),
      chooseAccessFix: async (i) => answer(`access ${i.user}`, 'setOperator' as const),
      confirmPublic: async (i) => answer(`public ${i.baseUrl}`, true),
      consentLoseSsh: async () => answer('lose-ssh', false),
      chooseHttpsPort: async (choices) => answer(`https ${choices.map((c) => c.port).join(',')}`, httpsPortAnswer),
    });

    await rig.set('spark.host', spark.magicDnsName);
    // Let the Monitor find the Spark and its Serve URL first (the readiness check uses it).
    await refreshUntil(api, 'ready', 60_000);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    api?.remote.setPrompts(undefined);
    api?.remote.setNotifier(undefined);
    await rig?.dispose();
  });

  setup(() => {
    told.length = 0;
    asked.length = 0;
  });

  test('Service Status: one readable line, shown as the result', async function () {
    this.timeout(60_000);
    const r = await run<OpResult<unknown>>('tailspark.service.status');
    assert.ok(r.ok, JSON.stringify(r));
    assert.match(r.message, /^vllm\.service: active \(running\)( since \w{3} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC)?, PID \d+$/);
    assert.equal(told.length, 1);
    assert.equal(told[0]!.result.message, r.message);
  });

  test('Stop, then Start: the unit follows on the Spark; start waits until the server answers', async function () {
    this.timeout(90_000);
    const stop = await run<OpResult<unknown>>('tailspark.service.stop');
    assert.ok(stop.ok, JSON.stringify(stop));
    assert.equal(isActive(), 'inactive');
    const start = await run<OpResult<unknown>>('tailspark.service.start');
    assert.ok(start.ok, JSON.stringify(start));
    assert.equal(isActive(), 'active');
    assert.match(start.message, /^vllm\.service started and answers after \d+ s\./);
    // Like Stop Serving, a stop is confirmed even when idle (the model goes away for every client); start is not.
    assert.deepEqual(asked, ['busy stop 0']);
  });

  test('Reset Serve: asks first naming the URL, then the Spark serves nothing; Expose brings it back', async function () {
    this.timeout(90_000);
    const reset = await run<OpResult<unknown>>('tailspark.serve.reset');
    assert.ok(reset.ok, JSON.stringify(reset));
    assert.deepEqual(asked, ['reset reset https://spark-56d0.tail1234.ts.net/v1 [https://spark-56d0.tail1234.ts.net/ → http://127.0.0.1:30001 (tailnet only)]']);
    assert.deepEqual(serveConfig(), {});
    // The change is handed to the Monitor (onServeChanged → refresh): no manual refresh here.
    await untilPhase('reachableNotServed');
    const expose = await run<OpResult<unknown>>('tailspark.serve.expose');
    assert.ok(expose.ok, JSON.stringify(expose));
    assert.equal(expose.message, 'Serving https://spark-56d0.tail1234.ts.net/v1.');
    assert.ok(serveConfig().Web);
    await untilPhase('ready');
    assert.equal(api.getState().serve?.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
  });

  test('Expose when the user is not the operator: "Set operator once" is offered and works', async function () {
    this.timeout(90_000);
    spark.runAsRoot('tailscale', ['serve', 'reset']);
    spark.runAsRoot('tailscale', ['set', '--operator=']);
    const r = await run<OpResult<unknown>>('tailspark.serve.expose');
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(asked, [`access ${spark.user.name}`]);
    assert.equal(spark.readState().prefs.OperatorUser, spark.user.name);
    assert.ok(serveConfig().Web);
  });

  test('A "remote" fix button: runs on the Spark with sudo and reports; without sudo the refusal is a finding', async function () {
    this.timeout(60_000);
    spark.runAsRoot('tailscale', ['set', '--operator=']);
    const argv = ['tailscale', 'set', `--operator=${spark.user.name}`];
    const denied = await api.remote.runRemoteFix(argv, false);
    assert.ok(!denied.ok);
    assert.equal(denied.findings[0]!.code, 'tailscale.checkprefsDenied');
    assert.equal(spark.readState().prefs.OperatorUser, '');
    const done = await api.remote.runRemoteFix(argv, true);
    assert.ok(done.ok, JSON.stringify(done));
    assert.equal(spark.readState().prefs.OperatorUser, spark.user.name);
    assert.deepEqual(
      told.map((t) => t.result.ok),
      [false, true],
    );
  });

  test('Funnel without an API key on the server: refused with funnel.noApiKey, nothing public, no question', async function () {
    this.timeout(60_000);
    const r = await run<OpResult<unknown>>('tailspark.funnel.expose');
    assert.ok(!r.ok);
    assert.equal(r.findings[0]!.code, 'funnel.noApiKey');
    assert.deepEqual(asked, []);
    assert.equal(serveConfig().AllowFunnel, undefined);
    assert.equal(told[0]!.result.ok, false, 'the user is told (notification with the finding)');
  });

  test('Enable Tailscale SSH over a Tailscale session: the lose-ssh question; "no" changes nothing', async function () {
    this.timeout(60_000);
    const r = await run<OpResult<unknown>>('tailspark.enableTailscaleSsh');
    assert.ok(!r.ok);
    assert.deepEqual(asked, ['lose-ssh']);
    assert.equal(spark.readState().prefs.RunSSH, false);
  });

  test('Follow Logs: a terminal receives the journal; closing it ends journalctl on the Spark', async function () {
    this.timeout(60_000);
    const follower = await run<{ terminal: vscode.Terminal; ended: Promise<void>; lines: string[] }>('tailspark.logs.follow');
    const count = () => {
      try {
        return execFileSync('pgrep', ['-u', spark.user.name, '-f', 'journalctl'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).length;
      } catch {
        return 0;
      }
    };
    const until = async (cond: () => boolean, what: string) => {
      const end = Date.now() + 15_000;
      while (!cond()) {
        if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await until(() => follower.lines.length > 0, 'journal lines in the terminal');
    await until(() => count() > 0, 'journalctl on the Spark');
    follower.terminal.dispose();
    await follower.ended;
    await until(() => count() === 0, 'journalctl to end on the Spark');
  });

  test('Diagnose Connection: a rendered, read-only report (no unsaved buffer) with a ✓ per check', async function () {
    this.timeout(120_000);
    const untitledBefore = vscode.workspace.textDocuments.filter((d) => d.isUntitled).length;
    const out = await run<{ report: DoctorReport; markdown: string; panel?: vscode.WebviewPanel }>('tailspark.doctor');
    assert.ok(out.panel, 'a report panel was opened');
    assert.equal(out.panel!.viewType, 'tailspark.doctorReport');
    assert.equal(vscode.workspace.textDocuments.filter((d) => d.isUntitled).length, untitledBefore, 'no Untitled buffer that asks to be saved');
    const lines = out.report.checks.map((c) => `${c.status} ${c.id}: ${c.summary}`).join('\n');
    for (const id of ['client.status', 'client.ping', 'ssh.login', 'server.serve', 'server.service', 'http.probe']) {
      assert.equal(out.report.checks.find((c) => c.id === id)?.status, 'pass', lines);
    }
    const html = out.panel!.webview.html;
    assert.match(html, /<span class="mark" aria-label="pass">✓<\/span> <strong>HTTPS probe of the base URL<\/strong> — https:\/\/spark-56d0\.tail1234\.ts\.net\/v1: vllm/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    // The Markdown (Copy as Markdown) says the same.
    assert.match(out.markdown, /✓ \*\*HTTPS probe of the base URL\*\* — https:\/\/spark-56d0\.tail1234\.ts\.net\/v1: vllm/);
    out.panel!.dispose();
  });

  test('Stop Serving the Inference Port: stops the HTTPS port that serves it (asks which when several), not always 443', async function () {
    this.timeout(90_000);
    const servedPorts = () => Object.keys((serveConfig().Web ?? {}) as Record<string, unknown>).map((hp) => Number(hp.split(':').pop())).sort((a, b) => a - b);
    const route = (port: number) => `https://spark-56d0.tail1234.ts.net${port === 443 ? '' : `:${port}`}/ → http://127.0.0.1:${spark.inferencePort} (tailnet only)`;
    try {
      // A second HTTPS port for the same server, as `tailscale serve --https=8443` sets it up by hand.
      assert.equal(spark.runAsRoot('tailscale', ['serve', '--bg', '--https=8443', String(spark.inferencePort)]).code, 0);
      assert.deepEqual(servedPorts(), [443, 8443]);

      httpsPortAnswer = 8443;
      const first = await run<OpResult<unknown>>('tailspark.serve.stopPort');
      assert.ok(first.ok, JSON.stringify(first));
      assert.deepEqual(asked, ['https 443,8443', `reset stopPort null [${route(8443)}]`], 'the base URL (on 443) is not named: it keeps working');
      assert.deepEqual(servedPorts(), [443]);
      assert.equal(api.getState().serve?.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');

      // One port left: no "which port?" question, the URL that stops working is named.
      asked.length = 0;
      httpsPortAnswer = undefined;
      const second = await run<OpResult<unknown>>('tailspark.serve.stopPort');
      assert.ok(second.ok, JSON.stringify(second));
      assert.deepEqual(asked, [`reset stopPort https://spark-56d0.tail1234.ts.net/v1 [${route(443)}]`]);
      assert.deepEqual(servedPorts(), []);
      await untilPhase('reachableNotServed');

      // Nothing served: nothing to stop, nothing asked.
      asked.length = 0;
      const third = await run<OpResult<unknown>>('tailspark.serve.stopPort');
      assert.ok(third.ok, JSON.stringify(third));
      assert.match(third.message, /no HTTPS port serves the inference port/);
      assert.deepEqual(asked, []);
    } finally {
      const expose = await run<OpResult<unknown>>('tailspark.serve.expose');
      assert.ok(expose.ok, JSON.stringify(expose));
      await untilPhase('ready');
    }
  });

  test('tailspark.snap: learned once after an SSH command; on a snap install Enable Tailscale SSH leaves the palette', async function () {
    this.timeout(90_000);
    const snap = () => api.test?.contextKey('tailspark.snap');
    const untilSnap = async (value: boolean) => {
      const end = Date.now() + 20_000;
      while (snap() !== value) {
        if (Date.now() > end) assert.fail(`tailspark.snap is ${String(snap())}, expected ${value}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const menu = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus.commandPalette as Array<{ command: string; when?: string }>).find(
      (m) => m.command === 'tailspark.enableTailscaleSsh',
    );
    assert.match(menu?.when ?? '', /&& !tailspark\.snap$/);
    // The commands above ran over SSH: the deb install of this Spark is known.
    assert.equal(snap(), false);
    const _g = vscode.ConfigurationTarget.Global;
    try {
      await spark.setScenario('snap');
      // Another target (the same machine, user spelled out): what was learned is forgotten and
      // learned again after the next command.
      await rig.set('ssh.target', `${spark.user.name}@spark-sim`);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(snap(), false, 'nothing is learned while idle');
      const status = await run<OpResult<unknown>>('tailspark.service.status');
      assert.ok(status.ok, JSON.stringify(status));
      await untilSnap(true);
    } finally {
      await spark.setScenario('healthy');
      await rig.set('ssh.target', 'spark-sim');
      await new Promise((r) => setTimeout(r, 500));
      assert.ok((await run<OpResult<unknown>>('tailspark.service.status')).ok);
      await untilSnap(false);
      await untilPhase('ready', 60_000);
    }
  });
});
