// Without a Spark configured: the status bar invites to set up, the test API is there, and the
// commands this module owns are registered.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TailsparkApi } from '../../../src/extension';

const EXTENSION_ID = 'tailspark.tailspark';

suite('status bar before set-up', () => {
  test('no host configured → "Tailspark: Set up", no background, click opens the actions', async () => {
    const ext = vscode.extensions.getExtension<TailsparkApi>(EXTENSION_ID)!;
    const api = await ext.activate();
    const host = vscode.workspace.getConfiguration('tailspark').get<string>('spark.host');
    assert.equal(host, '', 'a fresh profile has no Spark');
    assert.equal(api.getState().phase, 'notConfigured');
    const v = api.getStatusView()!;
    assert.equal(v.text, '$(sparkle) Tailspark: Set up');
    assert.equal(v.background, undefined);
    assert.equal(v.command, 'tailspark.statusActions');
    assert.match(v.tooltip, /Not set up/);
  });

  test('an invalid setting falls back to its default and shows up as a finding', async () => {
    const ext = vscode.extensions.getExtension<TailsparkApi>(EXTENSION_ID)!;
    const api = await ext.activate();
    const config = vscode.workspace.getConfiguration('tailspark');
    await config.update('poll.healthySeconds', 0, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('tailspark.refresh');
      const f = api.getState().findings.find((x) => x.code === 'settings.invalid');
      assert.ok(f, 'settings.invalid finding present');
      assert.deepEqual(f.fixes[0]?.action, { kind: 'openSettings', setting: 'tailspark.poll.healthySeconds' });
      assert.match(api.getStatusView()!.tooltip, /Invalid setting tailspark\\\.poll\\\.healthySeconds/);
    } finally {
      await config.update('poll.healthySeconds', undefined, vscode.ConfigurationTarget.Global);
    }
    await vscode.commands.executeCommand('tailspark.refresh');
    assert.equal(api.getState().findings.filter((x) => x.code === 'settings.invalid').length, 0);
  });

  test('the commands of the status/set-up module are registered', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of ['tailspark.refresh', 'tailspark.showLog', 'tailspark.statusActions', 'tailspark.openWalkthrough', 'tailspark.pickSpark', 'tailspark.testSsh', 'tailspark.setApiKey', 'tailspark.configureTargets']) {
      assert.ok(registered.has(c), c);
    }
  });
});
