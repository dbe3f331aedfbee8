// Two OpenAI-compatible routes of the emulated inference server, kept apart from
// inference-server.cjs (other routes change there):
//   POST /v1/completions   — served by both SGLang and vLLM (legacy text completions): JSON
//                            body {model, prompt, max_tokens, stream}; non-streaming answer
//                            object "text_completion", or SSE chunks ending in "data: [DONE]".
//   GET /v1/models/{id}    — SGLang only (retrieve_model in http_server.py): the model card, or
//                            404 {"error": {…, "code": "model_not_found"}} for another id. vLLM
//                            has no such route (FastAPI's 404 {"detail": "Not Found"}).
// Shapes follow SGLang's and vLLM's protocol classes (CompletionResponse, ModelCard).
'use strict';
const crypto = require('node:crypto');

/**
 * ctx: { flavor, model, contextLen, stats, timings, send, readBody, sleep, errorBody }.
 * Returns a handler that answers its routes (true) or leaves the request alone (false).
 */
module.exports = function openAiExtraRoutes(ctx) {
  const { flavor, model, send, readBody, sleep, errorBody } = ctx;

  function modelCard(id) {
    return { id, object: 'model', created: Math.floor(Date.now() / 1000), owned_by: 'sglang', root: id, parent: null, max_model_len: ctx.contextLen };
  }

  async function completions(req, res, done) {
    const raw = await readBody(req);
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      send(res, 400, errorBody(400, 'Expecting value: line 1 column 1 (char 0)', 'BadRequestError'));
      return done(400);
    }
    const prompt = Array.isArray(body?.prompt) ? body.prompt.join('') : body?.prompt;
    if (typeof prompt !== 'string') {
      send(res, 400, errorBody(400, "[{'type': 'missing', 'loc': ('body', 'prompt'), 'msg': 'Field required'}]", 'BadRequestError'));
      return done(400);
    }
    if (flavor === 'vllm' && body.model && body.model !== model) {
      send(res, 404, errorBody(404, `The model \`${body.model}\` does not exist.`, 'NotFoundError'));
      return done(404);
    }
    const words = ` and the emulated Spark (${flavor === 'vllm' ? 'vLLM' : 'SGLang'}) goes on.`.split(/(?<= )/);
    // OpenAI's and vLLM's default max_tokens for completions is 16.
    const maxTokens = Number(body.max_tokens ?? 16);
    const pieces = words.slice(0, Math.max(1, maxTokens));
    const finish = pieces.length < words.length ? 'length' : 'stop';
    const promptTokens = prompt.split(/\s+/).filter(Boolean).length + 1;
    const id = flavor === 'vllm' ? `cmpl-${crypto.randomBytes(16).toString('hex')}` : crypto.randomBytes(16).toString('hex');
    const created = Math.floor(Date.now() / 1000);
    const usage = { prompt_tokens: promptTokens, total_tokens: promptTokens + pieces.length, completion_tokens: pieces.length, prompt_tokens_details: null };
    const choice = (text, finishReason) =>
      flavor === 'vllm'
        ? { index: 0, text, logprobs: null, finish_reason: finishReason, stop_reason: null, prompt_logprobs: null }
        : { index: 0, text, logprobs: null, finish_reason: finishReason, matched_stop: finishReason === 'stop' ? 151645 : null };
    ctx.stats.running += 1;
    try {
      if (body.stream) {
        res.writeHead(200, { server: 'uvicorn', 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
        for (const [i, p] of pieces.entries()) {
          await sleep(ctx.timings.tokenMs);
          ctx.stats.genTokens += 1;
          const last = i === pieces.length - 1;
          res.write(`data: ${JSON.stringify({ id, object: 'text_completion', created, model, choices: [choice(p, last ? finish : null)] })}\n\n`);
        }
        if (body.stream_options?.include_usage) res.write(`data: ${JSON.stringify({ id, object: 'text_completion', created, model, choices: [], usage })}\n\n`);
        res.write('data: [DONE]\n\n');
        res.end();
      } else {
        for (let i = 0; i < pieces.length; i++) await sleep(ctx.timings.tokenMs);
        ctx.stats.genTokens += pieces.length;
        send(res, 200, { id, object: 'text_completion', created, model, choices: [choice(pieces.join(''), finish)], usage });
      }
    } finally {
      ctx.stats.running -= 1;
      ctx.stats.requests += 1;
      ctx.stats.promptTokens += promptTokens;
    }
    return done(200);
  }

  return async function route(req, res, path, done) {
    if (req.method === 'POST' && path === '/v1/completions') {
      await completions(req, res, done);
      return true;
    }
    if (flavor === 'sglang' && req.method === 'GET' && path.startsWith('/v1/models/')) {
      const id = decodeURIComponent(path.slice('/v1/models/'.length));
      if (id !== model) {
        send(res, 404, { error: { message: `The model '${id}' does not exist`, type: 'invalid_request_error', param: 'model', code: 'model_not_found' } });
        done(404);
      } else {
        send(res, 200, modelCard(id));
        done(200);
      }
      return true;
    }
    return false;
  };
};
