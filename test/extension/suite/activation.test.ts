// The extension activates in a real extension host and shows its status bar item.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'tailspark.tailspark';

suite('activation', () => {
  test('the extension is present and activates on startup', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('every contributed command is registered with category Tailspark', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    const contributed = (ext.packageJSON.contributes.commands as { command: string; category: string }[]) ?? [];
    assert.ok(contributed.length > 0);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of contributed) {
      assert.equal(c.category, 'Tailspark', `${c.command} has category Tailspark`);
      assert.ok(registered.has(c.command), `${c.command} is registered`);
    }
  });

  test('Show Log opens the Tailspark output channel', async () => {
    // A shown output channel is a text document with the "output" scheme named after the channel.
    const isOurLog = (d: vscode.TextDocument) => d.uri.scheme === 'output' && /Tailspark/.test(d.uri.toString());
    const opened = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidOpenTextDocument((d) => {
        if (isOurLog(d)) {
          sub.dispose();
          resolve();
        }
      });
    });
    await vscode.commands.executeCommand('tailspark.showLog');
    const deadline = Date.now() + 10_000;
    while (!vscode.workspace.textDocuments.some(isOurLog)) {
      if (Date.now() > deadline) assert.fail(`no Tailspark output document; open: ${vscode.workspace.textDocuments.map((d) => d.uri.toString()).join(', ')}`);
      await Promise.race([opened, new Promise((r) => setTimeout(r, 200))]);
    }
  });
});
