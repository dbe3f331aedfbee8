// "Test SSH Connection": one harmless command over the configured target, on a NEW connection
// (a pooled one made before the Spark's SSH policy changed would still work); success completes
// the walkthrough step (remembered per target), failure shows the Finding with its fixes. The
// progress ends as soon as the outcome is known: the message is not awaited inside it.
import * as vscode from 'vscode';
import { errorToFinding } from '../../core/remote/run';
import type { PooledShell } from '../../core/ssh';
import { CONTEXT, REMEMBERED, sshKey } from '../contextKeys';
import { showFinding } from '../showFinding';
import type { Tailspark } from '../tailspark';
import { showInformationMessage } from '../notify';
import { COMMANDS } from '../../core/commands';

export function registerTestSsh(ts: Tailspark): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.testSsh, () =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Testing SSH to the Spark…'), cancellable: true },
      (_progress, token) => testSsh(ts, token),
    ),
  );
}

async function testSsh(ts: Tailspark, token: vscode.CancellationToken): Promise<boolean> {
  const controller = new AbortController();
  const cancel = token.onCancellationRequested(() => controller.abort());
  let shell: PooledShell | undefined;
  try {
    shell = ts.spark.freshShell();
    const started = Date.now();
    const r = await shell.exec(['hostname'], { timeoutMs: 30_000, signal: controller.signal });
    if (r.code !== 0) throw new Error(r.stderr.trim() || `exit code ${r.code}`);
    const who = `${shell.user}@${r.stdout.trim()}`;
    ts.log.info(`SSH test: ${shell.target} → ${who} in ${Date.now() - started} ms (new connection)`);
    await ts.extension.globalState.update(REMEMBERED.sshVerified, sshKey(ts.settings.settings));
    ts.contextKeys.set(CONTEXT.sshVerified, true);
    void showInformationMessage(vscode.l10n.t('SSH works: logged in as {0} ({1} ms).', who, Date.now() - started));
    return true;
  } catch (err) {
    if (controller.signal.aborted) return false;
    const finding = errorToFinding(err);
    ts.log.warn(`SSH test failed: ${finding.code} — ${finding.title}`);
    ts.contextKeys.set(CONTEXT.sshVerified, false);
    void showFinding(finding, ts.log);
    return false;
  } finally {
    cancel.dispose();
    shell?.close();
  }
}
