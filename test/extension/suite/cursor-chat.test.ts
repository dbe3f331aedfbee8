// "Tailspark: Set Up Cursor Chat" and its Undo in a real extension host against the emulated
// Spark (SGLang): the modal is answered by the test, the summary captured; the effect is checked
// where it happens — the drop-in on the Spark, Funnel in the serve config, Cursor's state.vscdb,
// the key on the clipboard — and Undo takes all of it back. vLLM: cursor-chat-vllm.test.ts.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { OpResult } from '../../../src/core/remote/types';
import { cursorRow, useCursorChatSpark } from './cursorChatHarness';

suite('Set Up Cursor Chat on the emulated Spark', () => {
  const c = useCursorChatSpark('sglang');

  test('setup (SGLang): one question plus the key-on-the-command-line consent; drop-in + Funnel + Cursor URL, key on the clipboard, summary; undo reverses it all', async function () {
    this.timeout(150_000);
    const before = c.spark.runAsRoot('systemctl', ['cat', 'sglang']).stdout;
    const r = (await vscode.commands.executeCommand('tailspark.cursorChat.setup')) as OpResult<{ key: string; models: string[] }>;
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(c.asked, ['setup spark-sim', 'sglang'], 'one question, and SGLang\'s key-on-the-command-line consent');
    const conf = join(dirname(c.spark.statePath), 'etc', 'systemd', 'system', 'sglang.service.d', 'tailspark-api-key.conf');
    assert.ok(existsSync(conf));
    const serve = JSON.parse(c.spark.runAsRoot('tailscale', ['serve', 'status', '--json']).stdout) as { AllowFunnel?: unknown };
    assert.deepEqual(serve.AllowFunnel, { [`${c.spark.magicDnsName}:443`]: true });
    const row = cursorRow(c.db);
    assert.equal(row.openAIBaseUrl, c.spark.baseUrl);
    assert.equal(row.useOpenAIKey, true);
    assert.ok(!JSON.stringify(row).includes(r.value.key), 'Tailspark never writes the key into Cursor');
    assert.equal(await vscode.env.clipboard.readText(), r.value.key);
    assert.equal(c.summaries.length, 1);
    assert.match(c.summaries[0]!.lines.join('\n'), /OpenAI API Key/);
    assert.match(c.summaries[0]!.lines.join('\n'), /Qwen\/Qwen2\.5-7B-Instruct/);
    assert.deepEqual(c.hooks.taken(), ['dropIn', 'restart', 'funnel', 'cursor']);

    const u = (await vscode.commands.executeCommand('tailspark.cursorChat.undo')) as OpResult<{ steps: { id: string; outcome: string }[] }>;
    assert.ok(u.ok, JSON.stringify(u));
    assert.deepEqual(
      u.value.steps.map((s) => `${s.id}:${s.outcome}`),
      ['cursor:undone', 'funnel:undone', 'restart:undone', 'dropIn:undone'],
    );
    assert.equal(c.spark.runAsRoot('systemctl', ['cat', 'sglang']).stdout, before);
    assert.notEqual(cursorRow(c.db).openAIBaseUrl, c.spark.baseUrl);
    assert.equal((JSON.parse(c.spark.runAsRoot('tailscale', ['serve', 'status', '--json']).stdout) as { AllowFunnel?: unknown }).AllowFunnel, undefined);
    assert.deepEqual(c.hooks.taken(), []);
  });
});
