// Registers the dashboard: its two commands, and revives a panel after a window reload (the
// serializer is registered in activate()). The panel code itself loads on first use.
import * as vscode from 'vscode';
import type { Tailspark } from '../tailspark';
import { COMMANDS, TEST_COMMANDS } from '../../core/commands';
import { isTestRun } from '../testMode';

// `require` inside the functions (not a top-level import) keeps the panel's code unevaluated until
// the dashboard is used; a dynamic import() would be an ES-module import under module: Node16.
let panelLoaded = false;
const panelModule = (): typeof import('./panel') => {
  panelLoaded = true;
  return require('./panel');
};
const measureModule = (): typeof import('./measure') => require('./measure');

/**
 * Brings a panel back after a window reload. The serializer itself is registered in activate()
 * (src/extension.ts): VS Code looks for it right after the onWebviewPanel activation, before the
 * rest of Tailspark (this module) has loaded.
 */
export function reviveDashboard(ts: Tailspark, panel: vscode.WebviewPanel): void {
  panelModule().DashboardPanel.revive(ts, panel);
}

export function registerDashboard(ts: Tailspark): vscode.Disposable {
  const subs: vscode.Disposable[] = [
    vscode.commands.registerCommand(COMMANDS.dashboardOpen, async () => {
      const { DashboardPanel } = panelModule();
      DashboardPanel.show(ts);
    }),
    vscode.commands.registerCommand(COMMANDS.dashboardMeasure, async (options?: unknown) => {
      const { measureThroughput } = measureModule();
      // Options only from tests (executeCommand); a user run takes the defaults.
      return measureThroughput(ts, isTestRun(ts.extension) && typeof options === 'object' && options ? options : {});
    }),
    new vscode.Disposable(() => {
      if (panelLoaded) panelModule().DashboardPanel.current?.dispose();
    }),
  ];
  if (isTestRun(ts.extension)) {
    subs.push(
      vscode.commands.registerCommand(TEST_COMMANDS.dashboardInfo, async () => {
        const { DashboardPanel } = panelModule();
        const p = DashboardPanel.current;
        if (!p) return { open: false };
        const snap = p.sampler.series.snapshot();
        return { open: true, active: p.sampler.active, serverPoints: snap.server.length, gpuPoints: snap.gpu.length, gpuStatus: p.sampler.gpuStatus, posted: p.posted, unifiedMemory: snap.unifiedMemory };
      }),
      vscode.commands.registerCommand(TEST_COMMANDS.dashboardClose, async () => {
        const { DashboardPanel } = panelModule();
        DashboardPanel.current?.panel.dispose();
      }),
    );
  }
  return vscode.Disposable.from(...subs);
}
