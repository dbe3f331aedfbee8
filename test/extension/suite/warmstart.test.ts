// Instant activation and the warm start, in a real extension host against the emulated Spark
// (test/spark-sim). The running Tailspark is restarted in place through the test API
// (api.boot.restart: the same code activate() runs, with a given "stored" last known endpoint):
//   - activate() does no I/O and loads no module before it returns (instrumented here);
//   - a remembered endpoint is shown at once as "last known, checking…", then verified with one
//     HTTPS request and confirmed by discovery;
//   - a remembered endpoint of a Spark that moved is corrected by discovery, and no target is
//     ever written with the old URL.
// Runs last (file name): it replaces the instance the other suites used.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LastKnown } from '../../../src/core/state/lastKnown';
import type { SparkState } from '../../../src/core/state/types';
import type { BootTestApi, TailsparkApi } from '../../../src/extension';
import type { TargetsTestHooks } from '../../../src/ui/targets/index';
import type { RunningSpark } from '../../spark-sim';
import { type SparkRig, startSparkRig } from './sparkRig';


type Api = TailsparkApi & { boot?: BootTestApi };

suite('warm start and instant activation', () => {
  let spark: RunningSpark;
  let api: Api;
  let rig: SparkRig<Api>;
  let ca: string;
  let stored: LastKnown;

  async function until(what: string, ok: () => boolean, timeoutMs = 30_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!ok()) {
      if (Date.now() > end) {
        const s = api.getState();
        assert.fail(`${what}: status is ${s.phase} (${api.getStatusView()?.text}); findings: ${s.findings.map((f) => `${f.code}: ${f.detail}`).join(' | ')}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Every state the (new) Monitor publishes from now on. */
  function record(): SparkState[] {
    const states: SparkState[] = [api.getState()];
    api.monitor.onDidChangeState((s) => states.push(s));
    return states;
  }

  suiteSetup(async function () {
    this.timeout(180_000);
    rig = await startSparkRig<Api>('warm', { flavor: 'sglang' });
    ({ spark, api, ca } = rig);
    assert.ok(api.boot, 'the boot test API is there (ExtensionMode.Test)');
    // A verified endpoint is remembered in the global state: what the next start will show.
    await until('endpoint remembered', () => (api.test!.lastKnown() as LastKnown | undefined)?.baseUrl === spark.baseUrl, 60_000);
    stored = api.test!.lastKnown() as LastKnown;
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    await rig?.dispose();
  });

  test('the remembered endpoint holds no secret: host, URL, exposure, server kind, models, time', () => {
    assert.deepEqual(Object.keys(stored).sort(), ['baseUrl', 'exposure', 'host', 'models', 'serverKind', 'verifiedAt']);
    assert.equal(stored.host, spark.magicDnsName);
    assert.equal(stored.serverKind, 'sglang');
    assert.equal(stored.models[0]?.id, 'Qwen/Qwen2.5-7B-Instruct');
  });

  test('activate() does no I/O and loads no module before it returns', () => {
    const calls: string[] = [];
    const restore: Array<() => void> = [];
    const spy = (name: string, mod: Record<string, unknown>, fns: string[]) => {
      for (const fn of fns) {
        const original = mod[fn];
        if (typeof original !== 'function') continue;
        mod[fn] = function (this: unknown, ...args: unknown[]) {
          calls.push(`${name}.${fn}`);
          return (original as (...a: unknown[]) => unknown).apply(this, args);
        };
        restore.push(() => {
          mod[fn] = original;
        });
      }
    };
    spy('child_process', require('node:child_process'), ['spawn', 'execFile', 'exec', 'fork', 'spawnSync', 'execFileSync', 'execSync']);
    spy('fs', require('node:fs'), ['readFile', 'readFileSync', 'open', 'openSync', 'stat', 'statSync', 'readdir', 'readdirSync', 'existsSync', 'writeFile', 'writeFileSync']);
    spy('fs.promises', require('node:fs').promises, ['readFile', 'open', 'stat', 'readdir', 'writeFile']);
    spy('net', require('node:net'), ['connect', 'createConnection']);
    spy('tls', require('node:tls'), ['connect']);
    spy('http', require('node:http'), ['request', 'get']);
    spy('https', require('node:https'), ['request', 'get']);
    spy('dns', require('node:dns'), ['lookup', 'resolve']);
    const Module = require('node:module') as { _load: (...a: unknown[]) => unknown };
    spy('module', Module as unknown as Record<string, unknown>, ['_load']);
    api.boot!.stop(); // shutting the old instance down is not part of activation
    let view: ReturnType<BootTestApi['restart']>;
    try {
      view = api.boot!.restart(stored, [ca]);
    } finally {
      for (const r of restore.reverse()) r();
    }
    assert.deepEqual(calls, [], 'no file, process, network or module access while activating');
    assert.match(view?.text ?? '', /last known, checking…/, 'the status item shows the last known state at once');
  });

  test('warm start: the last known endpoint is shown at once, then verified by one probe and confirmed by discovery', async function () {
    this.timeout(60_000);
    const view = api.boot!.restart(stored, [ca]);
    assert.equal(view?.text, '$(sync~spin) Qwen2.5-7B · last known, checking…');
    assert.ok(view?.tooltip.includes(spark.baseUrl), 'the remembered URL is in the tooltip');
    assert.match(view?.tooltip ?? '', /Last known state \\?\(previous session\\?\), checking…/);
    const states = record();
    assert.equal(states[0]?.phase, 'checking');
    assert.equal(states[0]?.serve?.source, 'cache');
    await until('confirmed by discovery', () => api.getState().phase === 'ready' && api.getState().serve?.source === 'ssh');
    const firstReady = states.findIndex((s) => s.phase === 'ready');
    assert.equal(states[firstReady]?.serve?.baseUrl, spark.baseUrl);
    assert.equal(states[firstReady]?.reconciling, true, 'ready at once from the probe, marked as not confirmed yet');
    assert.equal(api.getState().reconciling, undefined);
    assert.doesNotMatch(api.getStatusView()!.text, /last known/);
  });

  test('warm start before the rest is loaded: the remembered URL answers one keyless request, shown as ready (reconciling); the Monitor reuses that answer', async function () {
    this.timeout(60_000);
    // The instance of the test before may still verify its URL (the targets' run after discovery
    // confirmed it): let it finish, so every request counted below is this start's.
    await ((await vscode.commands.executeCommand(TEST_HOOKS)) as TargetsTestHooks).idle();
    api.boot!.stop();
    const since = Date.now();
    api.boot!.restart(stored, [ca]);
    // Not through api.monitor: that would load the rest at once. The activation part shows it.
    await until('the early answer is shown', () => api.boot!.answered() !== undefined, 15_000);
    const early = api.boot!.answered()!;
    assert.equal(early.phase, 'ready');
    assert.equal(early.reconciling, true, 'not confirmed by discovery yet: nothing is written from it');
    assert.equal(early.serve?.baseUrl, spark.baseUrl);
    assert.equal(early.server?.models[0]?.id, 'Qwen/Qwen2.5-7B-Instruct', 'the models of the answer, not only the remembered ones');
    assert.equal(api.getStatusView()?.text, '$(sparkle) Qwen2.5-7B');
    // The rest loads right after the answer; from here on the Monitor's states are timed.
    let confirmedAt = 0;
    api.monitor.onDidChangeState((s) => {
      if (!confirmedAt && s.phase === 'ready' && s.serve?.source === 'ssh') confirmedAt = Date.now();
    });
    await until('confirmed by discovery', () => confirmedAt !== 0);
    const models = spark.frontRequests().filter((r) => r.at >= since && r.at <= confirmedAt && r.path === '/v1/models');
    assert.equal(models.length, 1, `one GET /v1/models until confirmed (the early one, reused by the Monitor): ${JSON.stringify(models)}`);
    assert.equal(models[0]?.withKey, false, 'the early request carries no key');
  });

  test('a remembered endpoint of a Spark that moved is corrected by discovery, without a write of the old URL', async function () {
    this.timeout(60_000);
    const oldUrl = 'https://spark-old.tail0000.ts.net/v1';
    api.boot!.restart({ ...stored, baseUrl: oldUrl }, [ca]);
    const states = record();
    const hooks = (await vscode.commands.executeCommand(TEST_HOOKS)) as TargetsTestHooks;
    await until('moved to the discovered URL', () => api.getState().phase === 'ready' && api.getState().serve?.baseUrl === spark.baseUrl);
    await hooks.idle();
    assert.equal(api.getState().serve?.source, 'ssh');
    assert.ok(!states.some((s) => (s.phase === 'ready' || s.phase === 'degraded') && s.serve?.baseUrl === oldUrl), 'the old URL never counted as healthy');
    assert.deepEqual(
      hooks.reports().filter((r) => r.url === oldUrl),
      [],
      'no target run for the old URL',
    );
    await until('the new endpoint is remembered', () => (api.test!.lastKnown() as LastKnown).baseUrl === spark.baseUrl);
  });
});

const TEST_HOOKS = 'tailspark.test.targets';
