// Commands that only touch this window: refresh, log, the status quick pick, the walkthrough,
// and the API key (SecretStorage).
import * as vscode from 'vscode';
import { WALKTHROUGH_ID } from '../../core/state/actions';
import { showStatusActions } from '../statusActions';
import type { Tailspark } from '../tailspark';
import { COMMANDS } from '../../core/commands';

export function registerBasicCommands(ts: Tailspark): vscode.Disposable[] {
  const { monitor, log } = ts;
  return [
    vscode.commands.registerCommand(COMMANDS.refresh, () =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Tailspark: checking the Spark…') }, () =>
        monitor.refresh({ force: true, reason: 'Refresh command', rediscover: true }),
      ),
    ),
    vscode.commands.registerCommand(COMMANDS.showLog, () => log.show()),
    vscode.commands.registerCommand(COMMANDS.statusActions, () => showStatusActions(monitor.getState(), log)),
    vscode.commands.registerCommand(COMMANDS.openWalkthrough, () => {
      // Not awaited: the keys come back on their own a few seconds after the walkthrough shows.
      void ts.contextKeys.withWalkthroughKeysReset(() => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false));
    }),
    vscode.commands.registerCommand(COMMANDS.setApiKey, () => setApiKey(ts)),
  ];
}

/** What Set API Key found out about the key it stored (the command's result, for tests too). */
export type ApiKeyVerdict = 'cancelled' | 'removed' | 'rejected' | 'notChecked' | 'accepted' | 'stored';

async function setApiKey(ts: Tailspark): Promise<ApiKeyVerdict> {
  const had = (await ts.apiKey.get()) !== undefined;
  const key = await vscode.window.showInputBox({
    title: vscode.l10n.t('API key of the inference server'),
    prompt: had
      ? vscode.l10n.t('A key is stored. Enter a new one, or leave empty and press Enter to remove it.')
      : vscode.l10n.t('The key the server was started with (--api-key). Stored in the OS keychain, never in settings.'),
    password: true,
    ignoreFocusOut: true,
  });
  if (key === undefined) return 'cancelled';
  return storeApiKey(ts, key);
}

/** Stores (or, when empty, removes) the key, then says whether the server takes it — and whether it checks keys at all. */
export async function storeApiKey(ts: Tailspark, key: string): Promise<ApiKeyVerdict> {
  if (key.trim() === '') {
    await ts.apiKey.delete();
    ts.log.info('API key removed');
    void vscode.window.showInformationMessage(vscode.l10n.t('API key removed.'));
    await ts.monitor.refresh({ force: true, reason: 'API key changed' });
    return 'removed';
  }
  await ts.apiKey.store(key.trim());
  ts.log.info('API key stored (SecretStorage)');
  // Say whether the server took it, not just that it was saved: a wrong key is the usual mistake.
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Tailspark: checking the Spark…') }, () =>
    ts.monitor.refresh({ force: true, reason: 'API key changed' }),
  );
  const state = ts.monitor.getState();
  const rejected = state.findings.find((f) => f.code === 'probe.apiKeyWrong');
  if (rejected) {
    const again = vscode.l10n.t('Set API Key');
    void vscode.window
      .showWarningMessage(
        vscode.l10n.t('API key stored, but the server rejected it: {0} answered 401 Unauthorized.', rejected.where ?? state.serve?.baseUrl ?? '?'),
        again,
      )
      .then((choice) => (choice === again ? setApiKey(ts) : undefined));
    return 'rejected';
  }
  if (state.phase !== 'ready' && state.phase !== 'degraded') {
    void vscode.window.showInformationMessage(vscode.l10n.t('API key stored.'));
    return 'stored';
  }
  // "Accepted" means nothing when the server takes any key, or none: ask it without one.
  const check = state.serve?.baseUrl ? await ts.http.keyCheck(state.serve.baseUrl) : undefined;
  if (check?.verdict === 'open') {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'API key stored, but the server does not check keys: {0} answers without one too. Start the server with an API key (SGLang --api-key, vLLM VLLM_API_KEY) to require it.',
        check.url,
      ),
    );
    return 'notChecked';
  }
  void vscode.window.showInformationMessage(vscode.l10n.t('API key stored; the server accepts it.'));
  return 'accepted';
}
