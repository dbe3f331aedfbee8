// "Tailspark: Set Up Cursor Chat" for vLLM in a real extension host against the emulated Spark:
// vLLM's key guards only /v1, so only /v1 goes public, on its own Funnel port (8443), and Cursor
// gets https://HOST:8443/v1. The effect is checked where it happens — the serve config on the
// Spark (443 untouched and tailnet-only), the public URL with and without the key, Cursor's
// state.vscdb, the clipboard — and Undo restores the serve config byte for byte.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { OpResult } from '../../../src/core/remote/types';
import type { RunningSpark } from '../../spark-sim';
import { cursorRow, useCursorChatSpark } from './cursorChatHarness';

/** GET through the emulated Spark's front (its CA and name given to Node's https). */
function fetchStatus(spark: RunningSpark, url: string, key?: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const req = httpsRequest(
      { host: spark.address, port: Number(u.port || 443), path: u.pathname, servername: u.hostname, ca: readFileSync(spark.caCertPath, 'utf8'), headers: { host: u.host, ...(key ? { authorization: `Bearer ${key}` } : {}) }, timeout: 10_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
suite('Set Up Cursor Chat on the emulated Spark (vLLM: /v1-only Funnel on 8443)', () => {
  const c = useCursorChatSpark('vllm');

  test('setup (vLLM): one question, no consent prompt; key drop-in, /v1-only Funnel on 8443 (443 stays tailnet-only), Cursor gets https://HOST:8443/v1, key on the clipboard, summary; undo restores the serve config byte for byte', async function () {
    this.timeout(150_000);
    const host = c.spark.magicDnsName;
    const publicUrl = `https://${host}:8443/v1`;
    const unitBefore = c.spark.runAsRoot('systemctl', ['cat', 'vllm']).stdout;
    const serveBefore = c.spark.runAsRoot('tailscale', ['serve', 'status', '--json']).stdout;
    const r = (await vscode.commands.executeCommand('tailspark.cursorChat.setup')) as OpResult<{ key: string; models: string[]; baseUrl: string }>;
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(c.asked, ['setup spark-sim'], 'one question; vLLM needs no key-on-the-command-line consent');
    assert.equal(r.value.baseUrl, publicUrl);
    const conf = join(dirname(c.spark.statePath), 'etc', 'systemd', 'system', 'vllm.service.d', 'tailspark-api-key.conf');
    assert.ok(existsSync(conf));
    const serve = JSON.parse(c.spark.runAsRoot('tailscale', ['serve', 'status', '--json']).stdout) as { AllowFunnel?: unknown; Web: Record<string, unknown> };
    assert.deepEqual(serve.AllowFunnel, { [`${host}:8443`]: true });
    assert.deepEqual(serve.Web[`${host}:8443`], { Handlers: { '/v1': { Proxy: 'http://127.0.0.1:30001/v1' } } });
    assert.deepEqual(serve.Web[`${host}:443`], (JSON.parse(serveBefore) as typeof serve).Web[`${host}:443`]);
    // The public URL from this machine, like Cursor's servers would call it.
    const get = (url: string, key?: string) => fetchStatus(c.spark, url, key);
    assert.equal(await get(`${publicUrl}/models`, r.value.key), 200);
    assert.equal(await get(`${publicUrl}/models`), 401);
    assert.equal(await get(`https://${host}:8443/metrics`), 404, 'nothing outside /v1 is public');
    const row = cursorRow(c.db);
    assert.equal(row.openAIBaseUrl, publicUrl);
    assert.equal(row.useOpenAIKey, true);
    assert.ok(!JSON.stringify(row).includes(r.value.key), 'Tailspark never writes the key into Cursor');
    assert.equal(await vscode.env.clipboard.readText(), r.value.key);
    assert.equal(c.summaries.length, 1);
    assert.match(c.summaries[0]!.title, /https:\/\/.*:8443\/v1/);
    assert.match(c.summaries[0]!.lines.join('\n'), /OpenAI API Key/);
    assert.match(c.summaries[0]!.lines.join('\n'), /Qwen\/Qwen2\.5-7B-Instruct/);
    assert.deepEqual(c.hooks.taken(), ['dropIn', 'restart', 'funnel', 'cursor']);

    const u = (await vscode.commands.executeCommand('tailspark.cursorChat.undo')) as OpResult<{ steps: { id: string; outcome: string }[] }>;
    assert.ok(u.ok, JSON.stringify(u));
    assert.deepEqual(
      u.value.steps.map((s) => `${s.id}:${s.outcome}`),
      ['cursor:undone', 'funnel:undone', 'restart:undone', 'dropIn:undone'],
    );
    assert.equal(c.spark.runAsRoot('systemctl', ['cat', 'vllm']).stdout, unitBefore);
    assert.equal(c.spark.runAsRoot('tailscale', ['serve', 'status', '--json']).stdout, serveBefore, 'the serve config byte for byte');
    assert.notEqual(cursorRow(c.db).openAIBaseUrl, publicUrl);
    assert.deepEqual(c.hooks.taken(), []);
  });
});
