// The one table of Tailspark's command ids. Registration (src/ui/**), the status bar's links and
// actions (src/core/state), the findings' fixes and the contributes test all name commands
// through it; test/unit/ui/contributes.test.ts checks it against package.json's
// contributes.commands both ways. Editor-free: the core names commands too.
export const COMMANDS = {
  statusActions: 'tailspark.statusActions',
  refresh: 'tailspark.refresh',
  dashboardOpen: 'tailspark.dashboard.open',
  dashboardMeasure: 'tailspark.dashboard.measure',
  showLog: 'tailspark.showLog',
  openWalkthrough: 'tailspark.openWalkthrough',
  pickSpark: 'tailspark.pickSpark',
  chooseServer: 'tailspark.chooseServer',
  addServer: 'tailspark.addServer',
  testSsh: 'tailspark.testSsh',
  doctor: 'tailspark.doctor',
  setApiKey: 'tailspark.setApiKey',
  configureTargets: 'tailspark.configureTargets',
  applyBaseUrl: 'tailspark.applyBaseUrl',
  revertBaseUrl: 'tailspark.revertBaseUrl',
  configureEditor: 'tailspark.configureEditor',
  serviceStart: 'tailspark.service.start',
  serviceStop: 'tailspark.service.stop',
  serviceRestart: 'tailspark.service.restart',
  serviceStatus: 'tailspark.service.status',
  logsFollow: 'tailspark.logs.follow',
  logsFollowTailscale: 'tailspark.logs.followTailscale',
  serveExpose: 'tailspark.serve.expose',
  serveStatus: 'tailspark.serve.status',
  serveReset: 'tailspark.serve.reset',
  serveStopPort: 'tailspark.serve.stopPort',
  funnelExpose: 'tailspark.funnel.expose',
  funnelStop: 'tailspark.funnel.stop',
  cursorChatSetup: 'tailspark.cursorChat.setup',
  cursorChatUndo: 'tailspark.cursorChat.undo',
  enableTailscaleSsh: 'tailspark.enableTailscaleSsh',
} as const;

export type CommandName = keyof typeof COMMANDS;
export type CommandId = (typeof COMMANDS)[CommandName];

/**
 * Internal commands, not in package.json: they return test hooks to extension-host tests and are
 * registered only in test runs.
 */
export const TEST_COMMANDS = {
  targets: 'tailspark.test.targets',
  cursorChat: 'tailspark.test.cursorChat',
  dashboardInfo: 'tailspark.dashboard._testInfo',
  dashboardClose: 'tailspark.dashboard._testClose',
} as const;
