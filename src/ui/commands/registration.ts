// The one shape every registrar returns (commands, remote commands, targets): a single Disposable
// for context.subscriptions, and the test hooks of its part (undefined when it has none, or
// outside test runs).
import * as vscode from 'vscode';

export interface Registration<Hooks = undefined> extends vscode.Disposable {
  readonly testHooks: Hooks;
}

/** Disposes `parts` in order, then runs `after` (e.g. closing terminals the part opened). */
export function registration<Hooks>(parts: readonly vscode.Disposable[], testHooks: Hooks, after?: () => void): Registration<Hooks> {
  const all = vscode.Disposable.from(...parts);
  return {
    testHooks,
    dispose: () => {
      all.dispose();
      after?.();
    },
  };
}
