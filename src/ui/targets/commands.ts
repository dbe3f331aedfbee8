// The target commands: Write Base URL (with confirmation), Revert (per target), Configure Editor
// (Cursor's own model settings when available) and the target pick with live values.
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { z } from 'zod';
import { backupPathFor, planApply, revertTarget, type Target } from '../../core/targets';
import type { TargetsController } from './controller';
import { servedUrlOf } from './endpoint';
import { isCursorEditor } from './environment';
import { isEnabled, settingFor } from './selection';
import { changesOf, syncFromPlan } from '../../core/autoconfig/sync';
import { COMMANDS } from '../../core/commands';

/** "Tailspark: Write Base URL into the Editor": verify now, show old → new, write on confirmation. */
export async function applyBaseUrl(c: TargetsController): Promise<void> {
  const { ts, prompts } = c;
  const served = servedUrlOf(ts.monitor.getState());
  if (!served) {
    const check = vscode.l10n.t('Check Again');
    const choice = await prompts.notify(
      'warning',
      vscode.l10n.t('There is no verified base URL yet (the Spark is: {0}). Tailspark writes a URL only after it answered with models.', ts.monitor.getState().phase),
      check,
    );
    if (choice === check) await ts.monitor.refresh({ force: true, reason: 'Write Base URL' });
    return;
  }
  const verified = await c.verify(served);
  if (!verified.ok) {
    await c.showFinding(verified.finding);
    return;
  }
  const set = c.targets();
  if (set.enabled.length === 0) {
    const choose = vscode.l10n.t('Choose Targets');
    if ((await prompts.notify('info', vscode.l10n.t('No target is enabled for the base URL.'), choose)) === choose) {
      await vscode.commands.executeCommand(COMMANDS.configureTargets);
    }
    return;
  }
  const planned = await planApply(verified.endpoint, set.enabled);
  if (!planned.ok) {
    await c.showFinding(planned.finding);
    return;
  }
  const plan = planned.plan;
  c.publishSync(syncFromPlan(plan, set.disabled));
  const writes = plan.steps.filter((s) => s.action === 'write');
  const cursorBlocked = plan.steps.find((s) => s.target.id === 'cursor' && s.action === 'blocked' && s.current.ok && !s.reachability.ok);
  const unreadable = plan.steps.filter((s) => !s.current.ok);
  const asked: string[] = [];
  if (writes.length === 0 && !cursorBlocked) {
    void prompts.notify('info', vscode.l10n.t('Every enabled target already holds {0}.', plan.endpoint.baseUrl));
  }
  if (writes.length > 0) {
    const notWritten = plan.steps.filter((s) => s.action === 'blocked').map((s) => s.summary);
    if (await prompts.confirmApply({ url: plan.endpoint.baseUrl, changes: changesOf(plan, writes, c.settingsKeys()), notWritten })) {
      await c.execute(
        plan,
        writes.map((s) => s.target.id),
        [],
        asked,
      );
    }
  }
  if (cursorBlocked) await c.cursorUnreachable(plan, cursorBlocked, asked, []);
  for (const s of unreadable) if (!s.current.ok) await c.showFinding(s.current.finding);
}

const backupFileSchema = z.object({
  entries: z.record(z.string(), z.object({ target: z.string(), where: z.string(), savedAt: z.string() })),
});

/** The saved "before Tailspark" entries of the backup store (read-only). */
function backups(stateDir: string): Array<{ target: string; where: string; savedAt: string }> {
  try {
    const parsed = backupFileSchema.safeParse(JSON.parse(readFileSync(backupPathFor(stateDir), 'utf8')));
    return parsed.success ? Object.values(parsed.data.entries) : [];
  } catch {
    return [];
  }
}

/** "Tailspark: Revert Base URL Changes": per target, restore exactly what was there before. */
export async function revertBaseUrl(c: TargetsController): Promise<void> {
  const { prompts } = c;
  const saved = backups(c.stateDir);
  const items: Array<{ id: string; label: string; description: string; detail: string }> = [];
  const byId = new Map<string, Target>();
  for (const r of c.targets().registered) {
    const where = (await r.target.detect()).where;
    const entry = saved.find((b) => b.target === r.target.id && b.where === where);
    if (!entry) continue;
    const now = await r.target.read();
    byId.set(r.target.id, r.target);
    items.push({
      id: r.target.id,
      label: r.target.label,
      description: now.ok ? vscode.l10n.t('now: {0}', now.value ?? vscode.l10n.t('(not set)')) : now.finding.title,
      detail: vscode.l10n.t('Restores the value from before {0} ({1}).', readableTime(entry.savedAt), where),
    });
  }
  if (items.length === 0) {
    void prompts.notify('info', vscode.l10n.t('Tailspark has not changed any target: nothing to revert.'));
    return;
  }
  const ids = await prompts.pickRevert(items);
  if (!ids || ids.length === 0) return;
  for (const id of ids) {
    const target = byId.get(id);
    if (!target) continue;
    const r = await revertTarget(target, { stateDir: c.stateDir });
    c.ts.log.info(`revert ${target.label}: ${r.status}`);
    if (r.status === 'reverted') void prompts.notify('info', vscode.l10n.t('{0}: restored {1}.', target.label, r.restored ?? vscode.l10n.t('(not set)')));
    else if (r.status === 'pending') void prompts.notify('info', `${target.label}: ${r.detail}`);
    else if (r.status === 'failed') await c.showFinding(r.finding);
  }
  await c.refreshSync();
}

/** Cursor's undocumented settings commands (they change between releases: ask first). */
const CURSOR_SETTINGS_COMMANDS: Array<{ id: string; args: unknown[] }> = [
  { id: 'aiSettings.action.open', args: ['models'] },
  { id: 'cursor.openCursorSettings', args: [] },
];

/** "Configure Editor": Cursor's model settings where they exist, else Tailspark's target pick. */
export async function configureEditor(c: TargetsController): Promise<void> {
  if (c.overrides.isCursor ?? isCursorEditor()) {
    const available = new Set(await vscode.commands.getCommands(true));
    const command = CURSOR_SETTINGS_COMMANDS.find((x) => available.has(x.id));
    if (command) {
      c.ts.log.info(`configure editor: ${command.id}`);
      await vscode.commands.executeCommand(command.id, ...command.args);
      return;
    }
  }
  await showTargetsPick(c);
}

/** "2026-11-29T11:02:40.073Z" → the user's local date and time; unparseable text stays as it is. */
function readableTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toLocaleString(vscode.env.language) : iso;
}

interface PickItem extends vscode.QuickPickItem {
  id?: string;
  settingsKeys?: boolean;
}

/** Every target with its current value, sync state and reachability; the choice goes to tailspark.targets.*. */
export async function showTargetsPick(c: TargetsController, pick: (items: PickItem[]) => Thenable<readonly PickItem[] | undefined> = defaultPick): Promise<void> {
  const set = c.targets();
  const endpoint = c.lastEndpoint;
  const items: PickItem[] = [];
  for (const r of set.registered) {
    const now = await r.target.read();
    const value = now.ok ? (now.value ?? vscode.l10n.t('(not set)')) : now.finding.title;
    let state: string;
    if (!endpoint) state = vscode.l10n.t('no verified URL yet');
    // A missing file means the tool is not set up (the description says so), not a broken file.
    else if (!now.ok) state = now.finding.code === 'target.fileMissing' ? vscode.l10n.t('not set up') : vscode.l10n.t('unreadable');
    else state = (await r.target.inSync(endpoint.baseUrl)) ? vscode.l10n.t('in sync') : vscode.l10n.t('differs');
    const reach = endpoint ? r.target.reachability(endpoint.baseUrl, endpoint.exposure, endpoint.authRequired) : undefined;
    items.push({
      id: r.target.id,
      label: r.target.label,
      description: value,
      detail: [state, reach ? reach.reason : r.why].join(' · '),
      picked: isEnabled(r, c.toggle),
    });
  }
  if (!set.registered.some((r) => r.target.id === 'settings-keys')) {
    items.push({
      settingsKeys: true,
      label: vscode.l10n.t('Other extensions’ settings keys…'),
      description: vscode.l10n.t('none'),
      detail: vscode.l10n.t('Opens the setting tailspark.targets.settingsKeys.'),
    });
  }
  const picked = await pick(items);
  if (!picked) return;
  for (const item of items) {
    const key = item.id ? settingFor(item.id as Target['id']) : undefined;
    if (!key) continue;
    const on = picked.includes(item);
    if (on !== item.picked) await c.ts.settings.update(key, on); // explicit now: overrides detection
  }
  if (picked.some((p) => p.settingsKeys)) await vscode.commands.executeCommand('workbench.action.openSettings', 'tailspark.targets.settingsKeys');
  // Accepting the pick (even unchanged) is the walkthrough's "pick targets" event.
  await c.ts.contextKeys.markTargetsConfigured();
  await c.refreshSync();
}

function defaultPick(items: PickItem[]): Thenable<readonly PickItem[] | undefined> {
  return vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Where should the base URL go?'),
    canPickMany: true,
    ignoreFocusOut: true,
    matchOnDetail: true,
  });
}
