// Every notification that may carry text from the Spark goes through here: the workbench renders
// `[label](command:…)` in a notification message as a clickable link, so the message passes
// through notificationText (core/safeText.ts) first — one function for every message surface.
import * as vscode from 'vscode';
import { notificationText } from '../core/safeText';

type Show = typeof vscode.window.showInformationMessage;
type Loose = (message: string, ...rest: unknown[]) => Thenable<unknown>;

// Looked up at call time (not bound at import), so the workbench's own function is always used.
function safe(pick: () => Show): Show {
  return ((message: string, ...rest: unknown[]) => (pick() as unknown as Loose)(notificationText(message), ...rest)) as Show;
}

export const showErrorMessage: Show = safe(() => vscode.window.showErrorMessage);
export const showWarningMessage: Show = safe(() => vscode.window.showWarningMessage);
export const showInformationMessage: Show = safe(() => vscode.window.showInformationMessage);
