// streamChat against real loopback servers: the answer streams, every failure is a Finding
// (401 with/without key, both servers' context-overflow texts, model gone, refused, cut
// mid-stream), and cancelling closes the connection at once.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, test } from 'node:test';
import { streamChat } from '../../../src/core/chat/client';
import { ChatCancelled, ChatError } from '../../../src/core/chat/errors';
import type { ChatEvent } from '../../../src/core/chat/types';
import { closedPort, startServer, type TestServer } from '../inference/tlsFixtures';

let server: TestServer;
let closedSeen: () => void = () => {};
const routes: Record<string, (res: ServerResponse, body: string, auth: string | undefined) => void> = {};
const sse = (res: ServerResponse, events: string[], end = true) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const e of events) res.write(`data: ${e}\n\n`);
  if (end) res.end();
};
const delta = (content: string, finish: string | null = null) => JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: finish }] });
const jsonError = (res: ServerResponse, status: number, body: object) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

before(async () => {
  server = await startServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => routes[req.url ?? '']?.(res, body, req.headers.authorization));
    res.on('close', () => {
      if (!res.writableFinished) closedSeen();
    });
  });
  routes['/ok/v1/chat/completions'] = (res, body, auth) => {
    assert.equal(auth, 'Bearer k1');
    assert.equal(JSON.parse(body).stream, true);
    sse(res, [delta('Hel'), delta('lo'), delta('', 'stop'), '[DONE]']);
  };
  routes['/auth/v1/chat/completions'] = (res) => jsonError(res, 401, { error: 'Unauthorized' });
  routes['/sglang-overflow/v1/chat/completions'] = (res) =>
    jsonError(res, 400, { object: 'error', message: "The input (40004 tokens) is longer than the model's context length (32768 tokens).", type: 'BadRequestError', param: null, code: 400 });
  routes['/vllm-overflow/v1/chat/completions'] = (res) =>
    jsonError(res, 400, {
      error: { message: "This model's maximum context length is 32768 tokens. However, your request has 40004 input tokens. Please reduce the length of the input messages.", type: 'BadRequestError', param: null, code: 400 },
    });
  routes['/gone/v1/chat/completions'] = (res) => jsonError(res, 404, { error: { message: 'The model `old` does not exist.', type: 'NotFoundError', param: null, code: 404 } });
  routes['/cut/v1/chat/completions'] = (res) => {
    sse(res, [delta('Hel')], false);
    setTimeout(() => res.socket?.destroy(), 20);
  };
  routes['/nodone/v1/chat/completions'] = (res) => sse(res, [delta('Hel')]);
  routes['/slow/v1/chat/completions'] = (res) => {
    sse(res, [delta('first')], false);
    const t = setInterval(() => res.write(`data: ${delta('more')}\n\n`), 20);
    res.on('close', () => clearInterval(t));
  };
});
after(() => server.close());

const run = (path: string, apiKey?: string, signal?: AbortSignal, onEvent: (e: ChatEvent) => void = () => {}) =>
  streamChat({ baseUrl: `${server.origin}/${path}/v1`, ...(apiKey ? { apiKey } : {}), idleTimeoutMs: 5000 }, { model: 'm', messages: [{ role: 'user', parts: [{ kind: 'text', text: 'hi' }] }] }, onEvent, signal);
const code = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ChatError, `a ChatError, got ${String(err)}`);
  return err.finding.code;
};

test('the streamed text arrives piece by piece with the API key sent', async () => {
  const events: ChatEvent[] = [];
  const r = await run('ok', 'k1', undefined, (e) => events.push(e));
  assert.deepEqual(events, [
    { kind: 'text', text: 'Hel' },
    { kind: 'text', text: 'lo' },
  ]);
  assert.equal(r.finishReason, 'stop');
});

test('401: "needs an API key" without one, "key rejected" with one', async () => {
  assert.equal(await code(run('auth')), 'probe.apiKeyNeeded');
  assert.equal(await code(run('auth', 'wrong')), 'probe.apiKeyWrong');
});

test('context overflow in SGLang and vLLM wording → chat.contextTooLong with the limit', async () => {
  for (const path of ['sglang-overflow', 'vllm-overflow']) {
    const err = await run(path).catch((e: ChatError) => e);
    assert.ok(err instanceof ChatError);
    assert.equal(err.finding.code, 'chat.contextTooLong');
    assert.match(err.finding.detail, /32768 tokens/);
  }
});

test('model gone, server stopped (refused), stream cut, stream without [DONE]', async () => {
  assert.equal(await code(run('gone')), 'chat.modelGone');
  const port = await closedPort();
  assert.equal(await code(streamChat({ baseUrl: `http://127.0.0.1:${port}/v1` }, { model: 'm', messages: [] }, () => {})), 'probe.connectionRefused');
  assert.equal(await code(run('cut')), 'chat.streamBroken');
  assert.equal(await code(run('nodone')), 'chat.streamBroken');
});

test('cancelling mid-stream rejects with ChatCancelled and the server sees the connection close', async () => {
  const controller = new AbortController();
  const closed = new Promise<void>((r) => {
    closedSeen = r;
  });
  const p = run('slow', undefined, controller.signal, (e) => {
    if (e.kind === 'text' && e.text === 'more') controller.abort();
  });
  await assert.rejects(p, ChatCancelled);
  await closed;
});
