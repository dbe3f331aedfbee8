// "Measure Throughput": a short, bounded benchmark against the Spark (concurrent streamed chat
// requests with a fixed prompt and output length), with a cancellable progress notification.
// Warns first when the server is busy (the numbers would be wrong, and others would wait).
import * as vscode from 'vscode';
import { benchmarkLogLines, boundedPlan, type BenchmarkResult, runBenchmark } from '../../core/dashboard/benchmark';
import { readingFromMetrics } from '../../core/dashboard/serverMetrics';
import { streamChat } from '../../core/dashboard/sseChat';
import { makeFinding } from '../../core/findings';
import { parsePrometheusText } from '../../core/inference/prometheus';
import { showFinding } from '../showFinding';
import type { Tailspark } from '../tailspark';
import { DashboardPanel, fetchMetrics } from './panel';

export interface MeasureOptions {
  concurrency?: number;
  requests?: number;
  maxTokens?: number;
  /** Tests: skip the "server is busy" question. */
  ignoreBusy?: boolean;
}

export async function measureThroughput(ts: Tailspark, options: MeasureOptions = {}): Promise<BenchmarkResult | undefined> {
  const state = ts.monitor.getState();
  const baseUrl = state.serve?.baseUrl;
  const model = state.server?.models[0]?.id;
  if (!baseUrl || !model || (state.phase !== 'ready' && state.phase !== 'degraded')) {
    await showFinding(makeFinding('dashboard.serverNotReady', { where: baseUrl ?? state.host }), ts.log);
    return undefined;
  }
  if (!options.ignoreBusy) {
    const busy = await busyRequests(ts);
    if (busy > 0) {
      const run = vscode.l10n.t('Measure Anyway');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('The Spark is busy: {0} requests are running or queued. A measurement now is slower than the server can be, and slows down those requests.', busy),
        { modal: true },
        run,
      );
      if (answer !== run) return undefined;
    }
  }
  const plan = boundedPlan(options);
  const { apiKey, resolve, extraCa } = await ts.http.options();
  const url = `${baseUrl.replace(/\/+$/, '')}/chat/completions`;
  ts.log.info(`throughput: measuring ${url} with ${plan.requests} requests, ${plan.concurrency} at once, ${plan.maxTokens} tokens each`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Measuring throughput of the Spark…'), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      try {
        return await runBenchmark(plan, {
          signal: abort.signal,
          onProgress: (done, total) => progress.report({ message: vscode.l10n.t('{0} of {1} requests', done, total), increment: 100 / total }),
          request: (signal) =>
            streamChat({
              url,
              model,
              prompt: plan.prompt,
              maxTokens: plan.maxTokens,
              signal,
              ...(apiKey ? { apiKey } : {}),
              http: { resolve, ...(extraCa ? { extraCa } : {}) },
            }),
        });
      } finally {
        cancel.dispose();
      }
    },
  );
  for (const line of benchmarkLogLines(result)) ts.log.info(line);
  if (result.completed === 0) {
    await showFinding(makeFinding('dashboard.measureFailed', { where: url, message: result.firstError ?? vscode.l10n.t('cancelled') }), ts.log);
    return result;
  }
  DashboardPanel.show(ts).showBenchmark(result);
  return result;
}

async function busyRequests(ts: Tailspark): Promise<number> {
  try {
    const { body } = await fetchMetrics(ts, AbortSignal.timeout(10_000));
    const r = readingFromMetrics(parsePrometheusText(body), Date.now());
    return (r.running ?? 0) + (r.queued ?? 0);
  } catch {
    return 0; // no /metrics: nothing to warn about (the measurement itself will tell)
  }
}
