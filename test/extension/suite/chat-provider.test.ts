// The Spark's models in VS Code's Language Model API (VS Code 1.104+; code-server 1.139 here),
// answered by the emulated Spark through the real Serve front over HTTPS. We drive the API the
// way every chat extension does (vscode.lm.selectChatModels → sendRequest): the Chat view's model
// picker itself needs a chat participant (Copilot Chat), which code-server does not ship.
import * as assert from 'node:assert/strict';
import { readFileSync, } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TailsparkApi } from '../../../src/extension';
import type { SparkPhase } from '../../../src/core/state/types';
import type { RunningSpark } from '../../spark-sim';
import { refreshUntil, type SparkRig, startSparkRig } from './sparkRig';

// The sim's state.json helpers (CommonJS, shared by every stand-in).
const stateLib = require('../../spark-sim/standins/lib/state.cjs') as { update(path: string, fn: (s: never) => void): void };

// The 1.104+ API, not in @types/vscode 1.74.
interface LmChat {
  id: string;
  vendor: string;
  maxInputTokens: number;
  sendRequest(messages: unknown[], options?: object, token?: vscode.CancellationToken): Thenable<{ stream: AsyncIterable<unknown>; text: AsyncIterable<string> }>;
  countTokens(text: string, token?: vscode.CancellationToken): Thenable<number>;
}
interface Lm {
  selectChatModels(selector: { vendor: string }): Thenable<LmChat[]>;
}
const v = vscode as unknown as Record<string, new (...args: unknown[]) => object> & { lm: Lm; LanguageModelChatMessage: { User(c: unknown): object; Assistant(c: unknown): object } };

suite('chat models of the Spark (language-model provider)', () => {
  let spark: RunningSpark;
  let api: TailsparkApi;
  let rig: SparkRig;
  const _config = () => vscode.workspace.getConfiguration('tailspark');

  const until = (phase: SparkPhase, timeoutMs?: number) => refreshUntil(api, phase, timeoutMs);
  async function models(expectCount: number, timeoutMs = 20_000): Promise<LmChat[]> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = await v.lm.selectChatModels({ vendor: 'tailspark' });
      if (found.length === expectCount) return found;
      if (Date.now() > end) assert.fail(`expected ${expectCount} tailspark models, found ${found.length}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  function journal(): string {
    return readFileSync(join(spark.stateDir, 'journal', 'vllm.jsonl'), 'utf8');
  }

  suiteSetup(async function () {
    this.timeout(180_000);
    // The suite drives the Monitor itself (untilPhase() refreshes): no background probe may notice
    // a server restart before the request under test does (the 401 test depends on it).
    rig = await startSparkRig('chat', { flavor: 'vllm', timings: { loadMs: 500, warmupMs: 200, healthMs: 50, tokenMs: 10 } }, { magicDnsAlias: true, settings: { 'poll.healthySeconds': 3600 } });
    ({ spark, api } = rig);
    await until('ready', 90_000);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    await rig?.dispose();
  });

  test('the Spark model is listed under vendor "tailspark" with its context length', async () => {
    const [m] = await models(1);
    assert.equal(m!.id, 'Qwen/Qwen2.5-7B-Instruct');
    assert.equal(m!.vendor, 'tailspark');
    assert.equal(m!.maxInputTokens, 32768);
  });

  test('a request streams the answer text from the Spark', async () => {
    const [m] = await models(1);
    const res = await m!.sendRequest([v.LanguageModelChatMessage.User('ping from the extension host')], {});
    const parts: string[] = [];
    for await (const t of res.text) parts.push(t);
    assert.ok(parts.length > 3, `several streamed pieces, got ${parts.length}`);
    assert.equal(parts.join(''), 'Hello from the emulated Spark (vLLM, Qwen/Qwen2.5-7B-Instruct). You said: ping from the extension host');
  });

  test('token count comes from the server tokenizer (/tokenize)', async () => {
    const [m] = await models(1);
    // The sim's tokenizer counts words and punctuation marks: 5 here; the 4-chars estimate would say 6.
    assert.equal(await m!.countTokens('hello world, spark twice'), 5);
  });

  test('cancelling mid-stream closes the connection: the Spark aborts the request', async function () {
    this.timeout(60_000);
    const [m] = await models(1);
    const cts = new vscode.CancellationTokenSource();
    const res = await m!.sendRequest([v.LanguageModelChatMessage.User('count to 3000')], {}, cts.token);
    let got = '';
    for await (const t of res.text) {
      got += t;
      if (got.includes('5 ')) cts.cancel();
    }
    assert.ok(!got.includes('3000'), 'the stream stopped early');
    const end = Date.now() + 10_000;
    while (!/Aborted request chatcmpl-/.test(journal())) {
      if (Date.now() > end) assert.fail('the Spark never logged the aborted request');
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  test('tool call round trip: the model calls the tool, the result goes back as a tool message', async () => {
    const [m] = await models(1);
    const tools = [{ name: 'get_weather', description: 'Weather of a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
    const res = await m!.sendRequest([v.LanguageModelChatMessage.User('use get_weather please')], { tools });
    const calls: Array<{ callId: string; name: string; input: object }> = [];
    for await (const part of res.stream) if (part instanceof v.LanguageModelToolCallPart!) calls.push(part as never);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.name, 'get_weather');
    assert.deepEqual(calls[0]!.input, { city: 'spark' });
    const call = new v.LanguageModelToolCallPart!(calls[0]!.callId, 'get_weather', calls[0]!.input);
    const result = new v.LanguageModelToolResultPart!(calls[0]!.callId, [new v.LanguageModelTextPart!('sunny, 21 C')]);
    const res2 = await m!.sendRequest(
      [v.LanguageModelChatMessage.User('use get_weather please'), v.LanguageModelChatMessage.Assistant([call]), v.LanguageModelChatMessage.User([result])],
      { tools },
    );
    let text = '';
    for await (const t of res2.text) text += t;
    assert.equal(text, 'The tool answered: sunny, 21 C');
  });

  test('context overflow: the server refusal arrives as the "too long" finding, not a bare error', async () => {
    const [m] = await models(1);
    const huge = 'word '.repeat(40_000);
    await assert.rejects(
      async () => {
        const res = await m!.sendRequest([v.LanguageModelChatMessage.User(huge)], {});
        for await (const _ of res.text) {
          // drain
        }
      },
      (err: Error) => {
        assert.match(err.message, /Conversation too long for the model/);
        assert.match(err.message, /32768 tokens/);
        return true;
      },
    );
  });

  test('401: the server restarted with --api-key → "needs an API key", not a bare error', async function () {
    this.timeout(90_000);
    const [m] = await models(1);
    const setKey = (key: string | null) => stateLib.update(spark.statePath, (st: { apiKey: string | null }) => {
        st.apiKey = key;
      });
    try {
      setKey('sk-new-key');
      await spark.stopServer();
      await spark.startServer({ wait: true });
      await assert.rejects(
        async () => {
          const res = await m!.sendRequest([v.LanguageModelChatMessage.User('hello?')], {});
          for await (const _ of res.text) {
            // drain
          }
        },
        (err: Error) => {
          assert.match(err.message, /The server needs an API key/);
          return true;
        },
      );
    } finally {
      setKey(null);
      await spark.stopServer();
      await spark.startServer({ wait: true });
      await until('ready', 60_000);
    }
  });

  test('an API key set after the first request is sent with the next one (the cached key follows SecretStorage)', async function () {
    this.timeout(90_000);
    const [m] = await models(1);
    const ask = async (q: string) => {
      const res = await m!.sendRequest([v.LanguageModelChatMessage.User(q)], {});
      let text = '';
      for await (const t of res.text) text += t;
      return text;
    };
    // No key yet: the provider has read (and keeps) "no key".
    assert.match(await ask('before the key'), /You said: before the key$/);
    const setKey = (key: string | null) => stateLib.update(spark.statePath, (st: { apiKey: string | null }) => {
        st.apiKey = key;
      });
    try {
      setKey('sk-chat-key-1');
      await spark.stopServer();
      await spark.startServer({ wait: true });
      assert.equal(await api.test!.storeApiKey('sk-chat-key-1'), 'accepted');
      // The very next request carries the new key: a stale cached "no key" would get a 401 here.
      assert.match(await ask('with the key'), /You said: with the key$/);
    } finally {
      setKey(null);
      await api.test!.storeApiKey('');
      await spark.stopServer();
      await spark.startServer({ wait: true });
      await until('ready', 60_000);
    }
  });

  test('server stopped: a clear finding, and the model leaves the list', async function () {
    this.timeout(90_000);
    const [m] = await models(1);
    await spark.stopServer();
    await assert.rejects(
      async () => {
        const res = await m!.sendRequest([v.LanguageModelChatMessage.User('anyone there?')], {});
        for await (const _ of res.text) {
          // drain
        }
      },
      (err: Error) => {
        assert.doesNotMatch(err.message, /fetch failed/);
        assert.match(err.message, /Serve is up, the inference server behind it is not|Connection refused|not ready for chat|Connection dropped/);
        return true;
      },
    );
    await until('serverStopped', 60_000);
    await models(0);
    await spark.startServer({ wait: true });
    await until('ready', 60_000);
    await models(1);
  });
});
