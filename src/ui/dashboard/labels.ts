// The dashboard's texts, localized here (the webview has no l10n of its own).
import * as vscode from 'vscode';
import type { DashboardLabels } from '../../core/dashboard/messages';

export function dashboardLabels(): DashboardLabels {
  const t = vscode.l10n.t;
  return {
    title: t('Spark Dashboard'),
    generationTps: t('Generation'),
    promptTps: t('Prompt'),
    tokensPerSecond: t('Tokens per second'),
    requests: t('Requests'),
    running: t('Running'),
    queued: t('Queued'),
    kvCache: t('KV cache'),
    latency: t('Probe latency (ms)'),
    gpuUtilization: t('GPU utilization'),
    gpuTemperature: t('Temperature'),
    gpuPower: t('Power'),
    gpuMemory: t('Memory'),
    unifiedMemory: t('unified memory'),
    gpuStarting: t('Starting nvidia-smi on the Spark…'),
    gpuUnavailable: t('No GPU readings'),
    noData: t('No data yet'),
    measure: t('Measure Throughput'),
    benchmark: t('Throughput measurement'),
    ttft: t('Time to first token'),
    itl: t('Inter-token latency'),
    median: t('median'),
    p95: t('p95'),
    outputTps: t('Output tokens/s'),
    requestsPerS: t('Requests/s'),
    completed: t('Completed'),
    ttftPerRequest: t('Time to first token per request (ms)'),
    window: t('last 15 minutes'),
  };
}
