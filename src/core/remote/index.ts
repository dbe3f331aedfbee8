// Spark operations over a RemoteShell, editor-free: the VS Code commands, the CLI and the doctor
// call these. Each returns an OpResult (message + findings), never throws for expected failures.
export { startFunnel, stopFunnel, FUNNEL_PORTS, type FunnelOptions } from './funnel';
export { detectTailscaleInstall, rootSocketArgv, SNAP_SOCKET, type TailscaleInstall } from './install';
export { colourLogLine, dimLine, followLog, followTailscaleCommand, type LogCommand, followUnitArgv, lastJournalLines, logLevelOf, messageOf } from './journal';
export { parsePrefs, readPrefs, type TailscalePrefs } from './prefs';
export { PHASE_TEXT, phaseFromProbe, type ReadinessCheck, type ReadinessOptions, type ReadinessProgress, type ReadyPhase, waitUntilReady } from './readiness';
export { displayArgv, errorToFinding, findingOf, isCancellation } from './run';
export { describeRoute, exposeServe, readServe, resetServe, type ResetInfo, type ServeOptions, type ServeState, stopServePort } from './serve';
export { controlService, detectInferenceUnits, type ServiceControlOptions, serviceStatus } from './service';
export { describeStatus, type ServiceAction, type ServiceStatus } from './systemd';
export { enableTailscaleSsh, type TailscaleSshOptions } from './tailscaleSsh';
export type { AccessDeniedInfo, AccessFix } from './tailscaleWrite';
export { failed, type OpContext, type OpLogger, type OpResult, succeeded } from './types';
