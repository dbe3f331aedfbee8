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

  test('Show Log runs without error', async () => {
    await vscode.commands.executeCommand('tailspark.showLog');
  });
});
