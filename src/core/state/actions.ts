// What clicking the status-bar item offers: the actions that make sense in the current state,
// the most useful first (stopped → "Start service" on top), and the tooltip footer's links: one
// phase → actions table (PHASE_ACTIONS) for both. Pure data; src/ui/statusActions.ts shows them
// in a quick pick and runs the chosen FixAction; render.ts links them.
import type { FixAction } from '../findings';
import type { Translate } from '../l10n';
import type { SparkPhase, SparkState } from './types';
import { COMMANDS } from '../commands';

export interface StateAction {
  label: string;
  description?: string;
  action: FixAction;
}

const cmd = (command: string, args?: unknown[]): FixAction => ({ kind: 'command', command, ...(args ? { args } : {}) });

export const WALKTHROUGH_ID = 'tailspark.tailspark#setup';

/** Every action a phase can offer, defined once: icon, quick-pick label, shorter link label, what it runs. */
interface PhaseAction {
  icon: string;
  label: string;
  /** The tooltip footer's shorter label (default: `label`). */
  link?: string;
  action: FixAction;
  description?: string;
}

type PhaseActionKey =
  | 'setUp'
  | 'pick'
  | 'doctor'
  | 'tailscaleDownload'
  | 'serveExpose'
  | 'serveStatus'
  | 'startService'
  | 'restart'
  | 'stop'
  | 'logs'
  | 'tsLogs'
  | 'dashboard'
  | 'applyBaseUrl'
  | 'configureTargets'
  | 'copyUrl';

function phaseActionCatalogue(state: SparkState, t: Translate): Record<PhaseActionKey, PhaseAction | undefined> {
  return {
    setUp: { icon: 'rocket', label: t('Set up Tailspark'), action: cmd('workbench.action.openWalkthrough', [WALKTHROUGH_ID, false]) },
    pick: { icon: 'vm', label: t('Pick the Spark'), action: cmd(COMMANDS.pickSpark) },
    doctor: { icon: 'checklist', label: t('Diagnose'), action: cmd(COMMANDS.doctor) },
    tailscaleDownload: { icon: 'link-external', label: t('Open Tailscale download page'), action: { kind: 'openUrl', url: 'https://tailscale.com/download' } },
    serveExpose: { icon: 'broadcast', label: t('Serve the inference port in the tailnet'), action: cmd(COMMANDS.serveExpose) },
    serveStatus: { icon: 'info', label: t('Show serve status'), action: cmd(COMMANDS.serveStatus) },
    startService: { icon: 'play', label: t('Start service'), action: cmd(COMMANDS.serviceStart) },
    restart: { icon: 'debug-restart', label: t('Restart service'), action: cmd(COMMANDS.serviceRestart) },
    stop: { icon: 'debug-stop', label: t('Stop service'), action: cmd(COMMANDS.serviceStop) },
    logs: { icon: 'output', label: t('Follow service logs'), link: t('Follow logs'), action: cmd(COMMANDS.logsFollow) },
    tsLogs: { icon: 'output', label: t('Follow Tailscale logs on the Spark'), action: cmd(COMMANDS.logsFollowTailscale) },
    dashboard: { icon: 'dashboard', label: t('Dashboard'), action: cmd(COMMANDS.dashboardOpen) },
    applyBaseUrl: { icon: 'settings-sync-view-icon', label: t('Write the base URL into the editor'), action: cmd(COMMANDS.applyBaseUrl) },
    configureTargets: { icon: 'checklist', label: t('Choose targets'), action: cmd(COMMANDS.configureTargets) },
    copyUrl: state.serve ? { icon: 'copy', label: t('Copy base URL'), action: { kind: 'copy', text: state.serve.baseUrl }, description: state.serve.baseUrl } : undefined,
  };
}

/**
 * Phase → what helps, the one mapping: `menu` is the quick pick behind the status item (the
 * most useful first), `links` the tooltip footer (short: no "Restart service" while offline).
 */
const PHASE_ACTIONS: Record<SparkPhase, { menu: readonly PhaseActionKey[]; links: readonly PhaseActionKey[] }> = {
  notConfigured: { menu: ['setUp', 'pick'], links: [] },
  checking: { menu: ['doctor'], links: [] },
  tailnetDown: { menu: ['tailscaleDownload', 'doctor'], links: [] },
  sparkOffline: { menu: ['doctor', 'pick'], links: [] },
  reachableNotServed: { menu: ['serveExpose', 'serveStatus', 'doctor'], links: ['serveExpose'] },
  serverStopped: { menu: ['startService', 'logs', 'doctor'], links: ['startService', 'logs'] },
  loading: { menu: ['logs', 'restart', 'stop'], links: ['restart', 'logs'] },
  warmingUp: { menu: ['logs', 'restart', 'stop'], links: ['restart', 'logs'] },
  ready: { menu: ['logs', 'restart', 'stop', 'applyBaseUrl', 'configureTargets', 'serveStatus', 'copyUrl'], links: ['dashboard', 'restart', 'logs'] },
  degraded: { menu: ['logs', 'restart', 'stop', 'applyBaseUrl', 'configureTargets', 'serveStatus', 'copyUrl'], links: ['dashboard', 'restart', 'logs'] },
  error: { menu: ['doctor', 'logs', 'tsLogs'], links: ['restart', 'logs'] },
};

function phaseEntries(state: SparkState, t: Translate, which: 'menu' | 'links'): PhaseAction[] {
  const catalogue = phaseActionCatalogue(state, t);
  return PHASE_ACTIONS[state.phase][which].flatMap((key) => catalogue[key] ?? []);
}

/** The tooltip footer's links of this phase (a command each). */
export function phaseLinks(state: SparkState, t: Translate): Array<{ label: string; command: string }> {
  return phaseEntries(state, t, 'links').flatMap((e) => (e.action.kind === 'command' ? [{ label: e.link ?? e.label, command: e.action.command }] : []));
}

export function actionsFor(state: SparkState, t: Translate): StateAction[] {
  const a = (icon: string, label: string, action: FixAction, description?: string): StateAction => ({
    label: `$(${icon}) ${label}`,
    action,
    ...(description ? { description } : {}),
  });

  // Fixes of the current findings come first: they are the specific answer to what is wrong.
  const fixes: StateAction[] = [];
  for (const f of state.findings) {
    for (const fix of f.fixes) {
      if (fix.action && !supersededByExpose(state, f.code)) fixes.push({ label: `$(lightbulb) ${fix.label}`, description: f.title, action: fix.action });
    }
  }
  const specific = phaseEntries(state, t, 'menu').map((e) => a(e.icon, e.label, e.action, e.description));
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
