// VS Code message parts → OpenAI chat messages: tool calls as assistant tool_calls, tool results
// as `tool` messages in order, text joined, images as data URLs, unknown parts dropped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromEditorMessages } from '../../../src/core/chat/fromEditor';
import { toChatCompletionBody, toOpenAiMessages } from '../../../src/core/chat/translate';

// Shaped like vscode.LanguageModelTextPart / ToolCallPart / ToolResultPart / DataPart instances.
const text = (value: string) => ({ value });
const call = (callId: string, name: string, input: object) => ({ callId, name, input });
const result = (callId: string, content: unknown[]) => ({ callId, content });

test('a tool round trip becomes user → assistant(tool_calls) → tool → user', () => {
  const messages = fromEditorMessages([
    { role: 1, content: [text('weather in Ulm?')], name: undefined },
    { role: 2, content: [text('Let me check. '), call('c1', 'get_weather', { city: 'Ulm' })], name: undefined },
    { role: 1, content: [result('c1', [text('sunny'), { mimeType: 'application/json', data: new TextEncoder().encode('{"t":21}') }]), text('and tomorrow?')], name: undefined },
  ]);
  assert.deepEqual(toOpenAiMessages(messages), [
    { role: 'user', content: 'weather in Ulm?' },
    { role: 'assistant', content: 'Let me check. ', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Ulm"}' } }] },
    { role: 'tool', tool_call_id: 'c1', content: 'sunny{"t":21}' },
    { role: 'user', content: 'and tomorrow?' },
  ]);
});

test('an assistant message with only a tool call has content null; unknown parts are dropped', () => {
  const out = toOpenAiMessages(fromEditorMessages([{ role: 2, content: [call('c', 'f', {}), { something: 'else' }], name: undefined }]));
  assert.deepEqual(out, [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }]);
});

test('images become data URLs in a content array', () => {
  const out = toOpenAiMessages(fromEditorMessages([{ role: 1, content: [text('what is this?'), { mimeType: 'image/png', data: new Uint8Array([1, 2, 3]) }], name: undefined }]));
  assert.deepEqual(out, [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AQID' } }] }]);
});

test('the body streams with usage, maps tools and tool mode, and modelOptions cannot override our fields', () => {
  const body = toChatCompletionBody({
    model: 'm',
    messages: [{ role: 'user', parts: [{ kind: 'text', text: 'hi' }] }],
    tools: [{ name: 'f', description: 'does f' }],
    toolMode: 'required',
    options: { temperature: 0.2, stream: false, model: 'other' },
  });
  assert.equal(body.model, 'm');
  assert.equal(body.stream, true);
  assert.deepEqual(body.stream_options, { include_usage: true });
  assert.equal(body.temperature, 0.2);
  assert.equal(body.tool_choice, 'required');
  assert.deepEqual(body.tools, [{ type: 'function', function: { name: 'f', description: 'does f', parameters: { type: 'object', properties: {} } } }]);
});
