// The dashboard panel: one per window. Sampling (the /metrics timer and the one nvidia-smi SSH
// stream) runs exactly while the panel exists; disposing the panel stops both.
import * as vscode from 'vscode';
import type { BenchmarkResult } from '../../core/dashboard/benchmark';
import type { FromWebview, ToWebview } from '../../core/dashboard/messages';
import { DashboardSampler } from '../../core/dashboard/sampler';
import { WINDOW_MS } from '../../core/dashboard/series';
import { serverRoot } from '../../core/inference/probe';
import type { Tailspark } from '../tailspark';
import { isTestRun } from '../testMode';
import { dashboardHtml } from './html';
import { dashboardLabels } from './labels';
import { COMMANDS } from '../../core/commands';

export const DASHBOARD_VIEW_TYPE = 'tailspark.dashboard';

/**
 * Sampling interval; tests shorten it (TAILSPARK_DASHBOARD_INTERVAL_MS). The extension-host suites
 * run in ExtensionMode.Test. TAILSPARK_TEST=1 is still honoured because scripts/test-ui-dashboard.mjs
 * installs the packaged .vsix into code-server and drives the real UI: without an extensionTestsPath
 * that host runs in ExtensionMode.Production, and the environment is the only way to reach it.
 */
function intervalMs(ts: Tailspark): number {
  const fromEnv = Number(process.env.TAILSPARK_DASHBOARD_INTERVAL_MS);
  const testRun = isTestRun(ts.extension) || process.env.TAILSPARK_TEST === '1';
  return testRun && fromEnv >= 100 ? fromEnv : 2000;
}

/** GET <server>/metrics through the window's SparkHttp (resolve map, extra CA, API key). */
export async function fetchMetrics(ts: Tailspark, signal: AbortSignal): Promise<{ body: string; latencyMs: number }> {
  const baseUrl = ts.monitor.getState().serve?.baseUrl;
  if (!baseUrl) throw new Error(vscode.l10n.t('The Spark has no server URL yet.'));
  const res = await ts.http.get(`${serverRoot(baseUrl)}/metrics`, { signal, maxBodyBytes: 2 * 1024 * 1024 });
  if (res.status !== 200) throw new Error(vscode.l10n.t('{0} answered HTTP {1}', `${serverRoot(baseUrl)}/metrics`, res.status));
  return { body: res.body, latencyMs: res.durationMs };
}

export class DashboardPanel implements vscode.Disposable {
  static current: DashboardPanel | undefined;
  readonly sampler: DashboardSampler;
  private benchmark: BenchmarkResult | undefined;
  private readonly subs: vscode.Disposable[] = [];
  /** Messages posted to the webview (test hook: the panel receives samples). */
  posted = 0;

  static show(ts: Tailspark): DashboardPanel {
    if (DashboardPanel.current) {
      DashboardPanel.current.panel.reveal();
      return DashboardPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, vscode.l10n.t('Spark Dashboard'), vscode.ViewColumn.Active, webviewOptions(ts));
    return new DashboardPanel(ts, panel);
  }

  /** After a window reload (registerWebviewPanelSerializer). */
  static revive(ts: Tailspark, panel: vscode.WebviewPanel): DashboardPanel {
    DashboardPanel.current?.dispose();
    panel.webview.options = webviewOptions(ts);
    return new DashboardPanel(ts, panel);
  }

  private constructor(
    private readonly ts: Tailspark,
    readonly panel: vscode.WebviewPanel,
  ) {
    DashboardPanel.current = this;
    panel.iconPath = vscode.Uri.joinPath(ts.extension.extensionUri, 'media', 'icon.png');
    panel.webview.html = dashboardHtml(panel.webview, ts.extension.extensionUri, vscode.l10n.t('Spark Dashboard'));
    const interval = intervalMs(ts);
    this.sampler = new DashboardSampler({
      fetchMetrics: (signal) => fetchMetrics(ts, signal),
      shell: () => {
        try {
          return ts.spark.context().shell;
        } catch {
          return undefined; // SSH not set up: charts from /metrics only
        }
      },
      intervalMs: interval,
      gpuIntervalS: Math.max(1, Math.round(interval / 1000)),
      log: (line) => ts.log.info(line),
      onUpdate: (u) => {
        if (u.server) this.post({ type: 'server', point: u.server });
        if (u.gpu) {
          const snap = this.sampler.series.snapshot();
          this.post({
            type: 'gpu',
            point: u.gpu,
            unifiedMemory: snap.unifiedMemory,
            ...(snap.memoryTotalMiB !== undefined ? { memoryTotalMiB: snap.memoryTotalMiB } : {}),
            ...(snap.gpuName !== undefined ? { gpuName: snap.gpuName } : {}),
          });
        }
        if (u.gpuStatus) this.post({ type: 'gpuStatus', status: u.gpuStatus });
        if (u.metricsError) this.post({ type: 'metricsError', text: u.metricsError });
      },
    });
    this.subs.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: FromWebview) => {
        if (m?.type === 'ready') this.sendInit();
        else if (m?.type === 'measure') void vscode.commands.executeCommand(COMMANDS.dashboardMeasure);
      }),
    );
    this.sampler.start();
    ts.log.info(`dashboard: opened (sampling every ${interval} ms)`);
  }

  showBenchmark(result: BenchmarkResult): void {
    this.benchmark = result;
    this.post({ type: 'benchmark', result });
  }

  private sendInit(): void {
    this.post({
      type: 'init',
      labels: dashboardLabels(),
      snapshot: this.sampler.series.snapshot(),
      gpuStatus: this.sampler.gpuStatus,
      windowMs: WINDOW_MS,
      ...(this.benchmark ? { benchmark: this.benchmark } : {}),
    });
  }

  private post(m: ToWebview): void {
    this.posted++;
    void this.panel.webview.postMessage(m);
  }

  dispose(): void {
    if (DashboardPanel.current !== this) return;
    DashboardPanel.current = undefined;
    this.sampler.stop();
    this.sampler.series.clear();
    for (const d of this.subs.splice(0)) d.dispose();
    this.panel.dispose();
    this.ts.log.info('dashboard: closed (sampling stopped)');
  }
}

function webviewOptions(ts: Tailspark): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    // Only the bundled webview files; nothing else of the disk, no command links.
    localResourceRoots: [vscode.Uri.joinPath(ts.extension.extensionUri, 'dist', 'webview')],
    enableCommandUris: false,
  };
}
