// SseParser and ChatStreamDecoder: events split at any byte, CRLF, comments, multi-line data,
// tool-call fragments assembled, malformed chunks refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SseParser } from '../../../src/core/chat/sse';
import { ChatStreamDecoder, StreamProtocolError, StreamServerError } from '../../../src/core/chat/streamDecoder';

const enc = (s: string) => new TextEncoder().encode(s);

test('events survive being split at every byte, including inside a UTF-8 character', () => {
  const stream = enc('data: {"a":"Grüße"}\n\n: keep-alive\n\ndata: [DONE]\n\n');
  const p = new SseParser();
  const out: string[] = [];
  for (const b of stream) out.push(...p.push(new Uint8Array([b])));
  out.push(...p.end());
  assert.deepEqual(out, ['{"a":"Grüße"}', '[DONE]']);
});

test('CRLF and CR line ends, multi-line data joined with \\n, other fields ignored', () => {
  const p = new SseParser();
  const out = [...p.push(enc('event: x\r\ndata: one\r\ndata:two\r\n\r')), ...p.push(enc('\ndata: three\r\r')), ...p.end()];
  assert.deepEqual(out, ['one\ntwo', 'three']);
});

test('a last event without its blank line still counts at the end', () => {
  const p = new SseParser();
  assert.deepEqual(p.push(enc('data: tail')), []);
  assert.deepEqual(p.end(), ['tail']);
});

const chunk = (delta: object, finish: string | null = null) => JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] });

test('text deltas come out as they arrive; usage and finish reason are kept', () => {
  const d = new ChatStreamDecoder();
  assert.deepEqual(d.push(chunk({ role: 'assistant', content: '' })), []);
  assert.deepEqual(d.push(chunk({ content: 'Hel' })), [{ kind: 'text', text: 'Hel' }]);
  assert.deepEqual(d.push(chunk({}, 'stop')), []);
  d.push(JSON.stringify({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 2 } }));
  assert.deepEqual(d.push('[DONE]'), []);
  assert.equal(d.finished, true);
  assert.deepEqual(d.result(), { finishReason: 'stop', usage: { promptTokens: 7, completionTokens: 2 } });
});

test('tool-call fragments are assembled by index and emitted at finish_reason', () => {
  const d = new ChatStreamDecoder();
  assert.deepEqual(d.push(chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] })), []);
  assert.deepEqual(d.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city' } }] })), []);
  assert.deepEqual(d.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '":"Ulm"}' } }] })), []);
  assert.deepEqual(d.push(chunk({}, 'tool_calls')), [{ kind: 'toolCall', callId: 'call_1', name: 'get_weather', input: { city: 'Ulm' } }]);
});

test('a malformed chunk, bad tool arguments and an in-stream error are refused', () => {
  assert.throws(() => new ChatStreamDecoder().push('{not json'), StreamProtocolError);
  const d = new ChatStreamDecoder();
  d.push(chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{"a":' } }] }));
  assert.throws(() => d.push(chunk({}, 'tool_calls')), /not JSON/);
  assert.throws(() => new ChatStreamDecoder().push(JSON.stringify({ error: { message: 'boom', code: 500 } })), StreamServerError);
});
