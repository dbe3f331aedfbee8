// Whether this extension host runs Tailspark's own test suites. The test API, the test-only
// commands and test-only options exist only then. VS Code reports ExtensionMode.Test when the
// host was started with an extensionTestsPath: @vscode/test-electron
// (scripts/test-extension-desktop.mjs) and code-server's smoke-test payload
// (scripts/test-extension-codeserver.mjs, test/bench/activation.bench.mjs).
import * as vscode from 'vscode';

export function isTestRun(context: vscode.ExtensionContext): boolean {
  return context.extensionMode === vscode.ExtensionMode.Test;
}
