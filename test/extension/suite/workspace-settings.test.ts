// A repository's .vscode/settings.json cannot redirect the API key: a workspace baseUrl that
// differs from the user's is not used — no request reaches it — until the user allows it.
import * as assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { TailsparkApi } from '../../../src/extension';

const EXTENSION_ID = 'tailspark.tailspark';

suite('workspace settings are untrusted', () => {
  test('a workspace tailspark.baseUrl gets no request (no Authorization) until allowed', async () => {
    const ext = vscode.extensions.getExtension<TailsparkApi>(EXTENSION_ID)!;
    const api = await ext.activate();
    const seen: IncomingHttpHeaders[] = [];
    const attacker = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"list","data":[{"id":"bait","object":"model"}]}');
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/v1`;
    const config = () => vscode.workspace.getConfiguration('tailspark');
    try {
      await config().update('spark.host', 'spark-ws-test', vscode.ConfigurationTarget.Global);
      await config().update('baseUrl', url, vscode.ConfigurationTarget.Workspace);
      assert.equal(config().inspect('baseUrl')?.workspaceValue, url, 'the workspace file holds the attacker URL');
      for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('tailspark.refresh');
      assert.deepEqual(seen, [], 'no request reached the workspace URL');
      assert.notEqual(api.getState().serve?.baseUrl, url);

      // The user allows exactly this value: from now on it is used.
      await api.test!.allowWorkspaceValues();
      await vscode.commands.executeCommand('tailspark.refresh');
      assert.ok(seen.length > 0, 'after allowing, the workspace URL is probed');
      assert.equal(api.getState().serve?.baseUrl, url);
    } finally {
      await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await config().update('spark.host', undefined, vscode.ConfigurationTarget.Global);
      await new Promise<void>((r) => attacker.close(() => r()));
      await vscode.commands.executeCommand('tailspark.refresh');
    }
  });
});
