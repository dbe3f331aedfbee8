// "Choose Targets": which editors/extensions receive the verified base URL. Writes the
// tailspark.targets.* settings; detection (is Continue set up? is this Cursor?) is shown so
// the choice is informed. Writing the URL itself is tailspark.applyBaseUrl.
import * as vscode from 'vscode';
import type { SettingKey } from '../../core/settings';
import type { Tailspark } from '../tailspark';

interface TargetItem extends vscode.QuickPickItem {
  key?: SettingKey;
}

export function registerConfigureTargets(ts: Tailspark): vscode.Disposable {
  return vscode.commands.registerCommand('tailspark.configureTargets', () => configureTargets(ts));
}

async function configureTargets(ts: Tailspark): Promise<void> {
  const s = ts.settings.settings;
  const isCursor = vscode.env.uriScheme === 'cursor' || /cursor/i.test(vscode.env.appName);
  const items: TargetItem[] = [
    {
      key: 'targets.cursor',
      label: 'Cursor',
      description: isCursor ? vscode.l10n.t('this editor') : vscode.l10n.t('not this editor'),
      detail: vscode.l10n.t("Override OpenAI Base URL in Cursor's settings (applied while Cursor is closed)."),
      picked: s['targets.cursor'],
    },
    {
      key: 'targets.vscodeCustomEndpoint',
      label: vscode.l10n.t('VS Code Custom Endpoint'),
      description: isCursor ? vscode.l10n.t('VS Code only') : `VS Code ${vscode.version}`,
      detail: vscode.l10n.t("The Spark's models in VS Code's built-in language model picker."),
      picked: s['targets.vscodeCustomEndpoint'],
    },
    {
      key: 'targets.continue',
      label: 'Continue',
      description: '~/.continue/config.yaml',
      detail: vscode.l10n.t('A model entry for the Spark in Continue (comments are kept).'),
      picked: s['targets.continue'],
    },
  ];
  const others = s['targets.settingsKeys'];
  const otherItem: TargetItem = {
    label: vscode.l10n.t('Other extensions’ settings keys…'),
    description: others.length > 0 ? others.map((k) => k.key).join(', ') : vscode.l10n.t('none'),
    detail: vscode.l10n.t('Opens the setting tailspark.targets.settingsKeys.'),
    picked: others.length > 0,
  };
  const picked = await vscode.window.showQuickPick([...items, otherItem], {
    title: vscode.l10n.t('Where should the base URL go?'),
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked) return;
  for (const item of items) {
    const on = picked.includes(item);
    if (item.key && s[item.key] !== on) await ts.settings.update(item.key, on);
  }
  ts.log.info(`targets: ${items.map((i) => `${i.label}=${picked.includes(i) ? 'on' : 'off'}`).join(', ')}`);
  await ts.contextKeys.markTargetsConfigured();
  if (picked.includes(otherItem)) await vscode.commands.executeCommand('workbench.action.openSettings', 'tailspark.targets.settingsKeys');
}
