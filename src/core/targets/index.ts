// Public API of the base-URL writers (see README "Targets"). The extension and the CLI import
// from here only.
//
//   const targets = listTargets(env)                       // registry.ts: what exists, what is on by default
//   const planned = await planApply(verified, enabled)     // plan.ts: refuses unverified URLs
//   // …show planned.plan.steps[].summary, ask the user…
//   const done = await executePlan(planned.plan, { stateDir, confirmed, writeAnyway })
//   await revertTarget(target, { stateDir })               // restores the saved previous value
//   await cursorTarget.verifyPendingWrite()                // on activation, after a Cursor restart
export { BackupStore, backupPathFor } from './backupStore';
export { ContinueTarget, defaultContinueConfigPath } from './continueTarget';
export { cursorRelaunchCommand, cursorStateDbPath, cursorUserDataDir } from './cursorPaths';
export { cursorDbUsers, waitForCursorExit } from './cursorProcesses';
export { CursorTarget, type CursorTargetOptions, type HelperCommand, type PendingVerification } from './cursorTarget';
export { JsoncSettingsWriter } from './jsoncSettingsWriter';
export { executePlan, type Plan, type PlanStep, planApply, revertTarget, type StepOutcome } from './plan';
export { cursorCloudReachability, localReachability } from './reachability';
export { listTargets, type RegisteredTarget, type TargetEnvironment } from './registry';
export { type SettingsKey, SettingsKeysTarget, settingsKeySchema, valueForKey } from './settingsKeysTarget';
export * from './types';
export { serverRoot, tailnetOnlyReason } from './urls';
export { VscodeCustomEndpointTarget } from './vscodeCustomEndpointTarget';
export { lockPathFor, withWriterLock } from './writerLock';
