// The Monitor's state → the chat models VS Code lists, and the tooltip line that says where
// they appear.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chatModelsOf, FALLBACK_CONTEXT, modelsKey } from '../../../src/core/chat/models';
import { estimateTokens } from '../../../src/core/chat/tokenCount';
import { serverRoot } from '../../../src/core/domain';
import { renderStatus } from '../../../src/core/state/render';
import { initialState, type SparkState } from '../../../src/core/state/types';

const t = (s: string, ...args: unknown[]) => s.replace(/\{(\d+)\}/g, (_m, i) => String(args[Number(i)]));
const ready = (over: Partial<SparkState> = {}): SparkState => ({
  ...initialState(0, 'spark'),
  phase: 'ready',
  serve: { baseUrl: 'https://spark-56d0.tail1234.ts.net/v1', exposure: 'tailnet', source: 'ssh' },
  server: { kind: 'vllm', version: '0.11.0', models: [{ id: 'Qwen/Qwen2.5-7B-Instruct', contextLength: 32768 }, { id: 'tiny' }] },
  ...over,
});

test('a ready Spark lists its models: context as maxInputTokens, tool calling for SGLang/vLLM, no image input', () => {
  const [a, b] = chatModelsOf(ready());
  assert.equal(a?.id, 'Qwen/Qwen2.5-7B-Instruct');
  assert.equal(a?.name, 'Qwen2.5-7B-Instruct');
  assert.equal(a?.maxInputTokens, 32768);
  assert.equal(a?.maxOutputTokens, 8192);
  assert.deepEqual(a?.capabilities, { toolCalling: true, imageInput: false });
  assert.equal(b?.maxInputTokens, FALLBACK_CONTEXT);
  assert.equal(chatModelsOf(ready({ server: { kind: 'ollama', models: [{ id: 'x' }] } }))[0]?.capabilities.toolCalling, false);
});

test('no models unless the Spark is ready or degraded', () => {
  assert.deepEqual(chatModelsOf(ready({ phase: 'serverStopped' })), []);
  assert.deepEqual(chatModelsOf(ready({ phase: 'error' })), []);
  assert.equal(chatModelsOf(ready({ phase: 'degraded' })).length, 2);
});

test('the change key moves when the list or the URL changes, not otherwise', () => {
  const k = modelsKey(chatModelsOf(ready()), 'u1');
  assert.equal(modelsKey(chatModelsOf(ready({ checkedAt: 99 })), 'u1'), k);
  assert.notEqual(modelsKey(chatModelsOf(ready()), 'u2'), k);
  assert.notEqual(modelsKey([], 'u1'), k);
});

test('the tooltip names the Chat model picker only while the provider is registered', () => {
  const line = /Also in VS Code's Chat: model picker → Tailspark \(Spark\)/;
  assert.match(renderStatus(ready(), { t, now: 0, chatModels: true }).tooltip, line);
  assert.doesNotMatch(renderStatus(ready(), { t, now: 0 }).tooltip, line);
});

test('token estimate and server root', () => {
  assert.equal(estimateTokens('abcdefghi'), 3);
  assert.equal(serverRoot('https://h.ts.net/v1/'), 'https://h.ts.net');
});
