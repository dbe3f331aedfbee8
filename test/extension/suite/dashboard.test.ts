// The dashboard in a real extension host against the emulated Spark: the panel receives server
// and GPU samples (the nvidia-smi stand-in over the pooled SSH connection), closing it stops the
// timer and the SSH stream (no nvidia-smi left running on the Spark), and Measure Throughput
// runs streamed chat requests and hands the result to the panel.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { BenchmarkResult } from '../../../src/core/dashboard/benchmark';
import type { TailsparkApi } from '../../../src/extension';
import type { RunningSpark } from '../../spark-sim';
import { type SparkRig, startSparkRig } from './sparkRig';


interface Info {
  open: boolean;
  active?: boolean;
  serverPoints?: number;
  gpuPoints?: number;
  gpuStatus?: { state: string; reason?: string };
  posted?: number;
  unifiedMemory?: boolean;
}

const info = async (): Promise<Info> => (await vscode.commands.executeCommand<Info>('tailspark.dashboard._testInfo')) ?? { open: false };

async function waitFor<T>(what: string, get: () => PromiseLike<T> | T, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) assert.fail(`${what}: last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

suite('dashboard with the emulated Spark', () => {
  let spark: RunningSpark;
  let api: TailsparkApi;
  let rig: SparkRig;
  const _config = () => vscode.workspace.getConfiguration('tailspark');
  /** nvidia-smi processes of the Spark's user (the stand-in runs as that user over SSH). */
  const nvidiaSmiProcesses = () => {
    try {
      return execFileSync('pgrep', ['-u', spark.user.name, '-f', 'nvidia-smi'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).length;
    } catch {
      return 0; // pgrep exits 1 when nothing matches
    }
  };

  suiteSetup(async function () {
    this.timeout(180_000);
    process.env.TAILSPARK_DASHBOARD_INTERVAL_MS = '300';
    rig = await startSparkRig('dashboard', { flavor: 'vllm', timings: { loadMs: 500, warmupMs: 200, healthMs: 50, tokenMs: 5 } }, { magicDnsAlias: true });
    ({ spark, api } = rig);
    await waitFor(
      'Spark ready',
      async () => {
        await vscode.commands.executeCommand('tailspark.refresh');
        return api.getState().phase;
      },
      (p) => p === 'ready',
      60_000,
    );
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('tailspark.dashboard._testClose');
    delete process.env.TAILSPARK_DASHBOARD_INTERVAL_MS;
    await rig?.dispose();
  });

  test('the panel receives server and GPU samples; closing it stops the timer and the one nvidia-smi stream', async function () {
    this.timeout(90_000);
    assert.equal(nvidiaSmiProcesses(), 0, 'no nvidia-smi before the panel opens');
    await vscode.commands.executeCommand('tailspark.dashboard.open');
    const live = await waitFor('samples arrive', info, (i) => (i.serverPoints ?? 0) >= 3 && (i.gpuPoints ?? 0) >= 2, 45_000);
    assert.equal(live.active, true);
    assert.equal(live.gpuStatus?.state, 'streaming');
    assert.equal(live.unifiedMemory, true, 'GB10 prints [N/A] for memory: unified memory');
    assert.ok((live.posted ?? 0) > 4, 'samples were posted to the webview');
    assert.equal(nvidiaSmiProcesses(), 1, 'exactly one nvidia-smi stream on the Spark');

    await vscode.commands.executeCommand('tailspark.dashboard._testClose');
    assert.deepEqual(await info(), { open: false });
    await waitFor('nvidia-smi ends on the Spark after close', nvidiaSmiProcesses, (n) => n === 0, 20_000);
  });

  test('Measure Throughput: streamed requests give TTFT, inter-token latency and tokens/s', async function () {
    this.timeout(90_000);
    const r = await vscode.commands.executeCommand<BenchmarkResult>('tailspark.dashboard.measure', { concurrency: 2, requests: 4, maxTokens: 16, ignoreBusy: true });
    assert.ok(r, 'a result');
    assert.equal(r.completed, 4, `completed; first error: ${r.firstError}`);
    assert.equal(r.failed, 0);
    assert.ok(r.outputTokens >= 4, `output tokens: ${r.outputTokens}`);
    assert.ok(r.ttftMedianMs !== undefined && r.ttftMedianMs > 0);
    assert.ok(r.itlMedianMs !== undefined, 'inter-token gaps from the stream');
    assert.ok(r.outputTokensPerS > 0);
    const i = await info();
    assert.equal(i.open, true, 'the result opens the dashboard');
    await vscode.commands.executeCommand('tailspark.dashboard._testClose');
    await waitFor('nvidia-smi ends', nvidiaSmiProcesses, (n) => n === 0, 20_000);
  });
});
