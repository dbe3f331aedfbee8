// What clicking the status-bar item offers: the actions that make sense in the current state,
// the most useful first (stopped → "Start service" on top). Pure data; src/ui/statusActions.ts
// shows them in a quick pick and runs the chosen FixAction.
import type { FixAction } from '../findings';
import type { Translate } from '../l10n';
import type { SparkState } from './types';
import { COMMANDS } from '../commands';

export interface StateAction {
  label: string;
  description?: string;
  action: FixAction;
}

const cmd = (command: string, args?: unknown[]): FixAction => ({ kind: 'command', command, ...(args ? { args } : {}) });

export const WALKTHROUGH_ID = 'tailspark.tailspark#setup';

export function actionsFor(state: SparkState, t: Translate): StateAction[] {
  const a = (icon: string, label: string, action: FixAction, description?: string): StateAction => ({
    label: `$(${icon}) ${label}`,
    action,
    ...(description ? { description } : {}),
  });
  const startService = a('play', t('Start service'), cmd(COMMANDS.serviceStart));
  const restart = a('debug-restart', t('Restart service'), cmd(COMMANDS.serviceRestart));
  const stop = a('debug-stop', t('Stop service'), cmd(COMMANDS.serviceStop));
  const logs = a('output', t('Follow service logs'), cmd(COMMANDS.logsFollow));
  const tsLogs = a('output', t('Follow Tailscale logs on the Spark'), cmd(COMMANDS.logsFollowTailscale));
  const doctor = a('checklist', t('Diagnose'), cmd(COMMANDS.doctor));
  const pick = a('vm', t('Pick the Spark'), cmd(COMMANDS.pickSpark));
  const expose = a('broadcast', t('Serve the inference port in the tailnet'), cmd(COMMANDS.serveExpose));
  const serveStatus = a('info', t('Show serve status'), cmd(COMMANDS.serveStatus));

  // Fixes of the current findings come first: they are the specific answer to what is wrong.
  const fixes: StateAction[] = [];
  for (const f of state.findings) {
    for (const fix of f.fixes) {
      if (fix.action && !supersededByExpose(state, f.code)) fixes.push({ label: `$(lightbulb) ${fix.label}`, description: f.title, action: fix.action });
    }
  }

  let specific: StateAction[];
  switch (state.phase) {
    case 'notConfigured':
      specific = [
        a('rocket', t('Set up Tailspark'), cmd('workbench.action.openWalkthrough', [WALKTHROUGH_ID, false])),
        pick,
      ];
      break;
    case 'checking':
      specific = [doctor];
      break;
    case 'tailnetDown':
      specific = [a('link-external', t('Open Tailscale download page'), { kind: 'openUrl', url: 'https://tailscale.com/download' }), doctor];
      break;
    case 'sparkOffline':
      specific = [doctor, pick];
      break;
    case 'reachableNotServed':
      specific = [expose, serveStatus, doctor];
      break;
    case 'serverStopped':
      specific = [startService, logs, doctor];
      break;
    case 'loading':
    case 'warmingUp':
      specific = [logs, restart, stop];
      break;
    case 'ready':
    case 'degraded':
      specific = [
        logs,
        restart,
        stop,
        a('settings-sync-view-icon', t('Write the base URL into the editor'), cmd(COMMANDS.applyBaseUrl)),
        a('checklist', t('Choose targets'), cmd(COMMANDS.configureTargets)),
        serveStatus,
        ...(state.serve ? [a('copy', t('Copy base URL'), { kind: 'copy', text: state.serve.baseUrl }, state.serve.baseUrl)] : []),
      ];
      break;
    case 'error':
      specific = [doctor, logs, tsLogs];
      break;
  }
  const always = [
    a('refresh', t('Refresh now'), cmd(COMMANDS.refresh)),
    a('output', t('Open log'), cmd(COMMANDS.showLog)),
    a('gear', t('Settings'), { kind: 'openSettings', setting: '@ext:tailspark.tailspark' }),
  ];
  return dedupe([...fixes, ...specific, ...always]);
}

/**
 * serve.nothingServed's fix "Serve Port" runs the same `tailscale serve` as the phase's "Serve the
 * inference port" command, which also handles "Access denied" (operator / root) and "Serve is not
 * enabled" in place. Offer only the guided one, not two entries for one thing.
 */
function supersededByExpose(state: SparkState, code: string): boolean {
  return state.phase === 'reachableNotServed' && code === 'serve.nothingServed';
}

/** The same action may come from a finding and from the phase list: keep the first. */
function dedupe(actions: StateAction[]): StateAction[] {
  const seen = new Set<string>();
  return actions.filter((x) => {
    const key = JSON.stringify(x.action);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
