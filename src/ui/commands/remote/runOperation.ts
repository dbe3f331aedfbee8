// Runs one Spark operation the way every remote command should: in the background with a
// cancellable progress notification (cancel → AbortSignal → the SSH channel closes), and ends
// in ONE notification: the result, or the main Finding with its fixes as buttons.
import * as vscode from 'vscode';
import { type Finding, makeFinding } from '../../../core/findings';
import { errorToFinding, isCancellation } from '../../../core/remote/run';
import { failed, type OpContext, type OpResult } from '../../../core/remote/types';
import { showFinding } from '../../showFinding';
import type { Tailspark } from '../../tailspark';
import { showErrorMessage, showInformationMessage, showWarningMessage } from '../../notify';

/** What the user is told at the end; replaceable in tests (see testHooks). */
export interface RemoteNotifier {
  result(title: string, result: OpResult<unknown>): void;
}

export function vscodeNotifier(ts: Tailspark): RemoteNotifier {
  return {
    result(title, result) {
      if (result.ok) {
        const notes = result.findings.filter((f) => f.severity !== 'info');
        if (notes.length > 0) {
          void showWarningMessage(`${result.message} ${notes.map((f) => f.title).join('; ')}`);
        } else {
          void showInformationMessage(result.message);
        }
        return;
      }
      if (result.cancelled) {
        if (result.message) void showInformationMessage(result.message);
        return;
      }
      const main: Finding | undefined = result.findings[0];
      if (main) void showFinding(main, ts.log);
      else void showErrorMessage(`${title}: ${result.message}`);
    },
  };
}

export interface RunOptions {
  notifier: RemoteNotifier;
}

export async function runOperation<T>(
  ts: Tailspark,
  title: string,
  op: (ctx: OpContext) => Promise<OpResult<T>>,
  options: RunOptions,
): Promise<OpResult<T>> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        const ctx = ts.spark.context(controller.signal, (message) => progress.report({ message }));
        return await op(ctx);
      } catch (err) {
        // spark.context throws SshError (invalid target) before anything runs.
        if (isCancellation(err, controller.signal)) return failed<T>(`${title}: cancelled.`, [], true);
        return failed<T>(`${title} failed.`, [errorToFinding(err)]);
      } finally {
        sub.dispose();
      }
    },
  );
  const told = await causeFirst(ts, result);
  ts.log.info(`${title}: ${told.ok ? 'OK' : told.cancelled ? 'cancelled' : 'FAILED'} — ${told.message}${told.ok ? '' : told.findings.map((f) => ` [${f.code}]`).join('')}`);
  options.notifier.result(title, told);
  return told;
}

/** SSH could not even connect: symptoms of a Spark that is offline or a tailnet that is down. */
const CONNECT_FAILURES = new Set(['ssh.connectionRefused', 'ssh.connectTimeout', 'ssh.hostUnreachable', 'ssh.dnsFailed']);

/**
 * "Nothing accepts SSH on port 22, start sshd" is wrong advice when the Spark is simply offline:
 * after a failed connect, ask the (local, cheap) tailnet status and put its cause first.
 */
async function causeFirst<T>(ts: Tailspark, result: OpResult<T>): Promise<OpResult<T>> {
  if (result.ok || result.cancelled || !CONNECT_FAILURES.has(result.findings[0]?.code ?? '')) return result;
  await ts.monitor.refresh({ force: false, reason: 'SSH connect failed' });
  const state = ts.monitor.getState();
  if (state.phase !== 'sparkOffline' && state.phase !== 'tailnetDown') return result;
  const cause = state.findings[0] ?? makeFinding('tailnet.peerOffline', { host: state.tailnet?.peer?.dnsName ?? state.host, lastSeen: state.tailnet?.peer?.lastSeen });
  return { ...result, message: cause.title, findings: [cause, ...result.findings] };
}
