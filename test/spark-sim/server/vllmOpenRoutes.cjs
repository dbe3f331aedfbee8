// vLLM's routes outside /v1, which its --api-key does NOT guard (AuthenticationMiddleware checks
// only paths starting with /v1, /v2, /inference — vllm/entrypoints/openai/api_server.py). For a
// generate model vLLM registers POST /invocations (SageMaker: full completions), /tokenize and
// /detokenize; a GET on them is FastAPI's 405 — after the auth middleware let it through.
// A separate module so the stand-in's main file stays shared without conflicts.
'use strict';

const POST_ONLY = new Set(['/invocations', '/tokenize', '/detokenize']);

/**
 * Answers a vLLM open route; returns true when handled. `chat` is the server's chat handler
 * (/invocations with "messages" runs a chat completion, as vLLM's does).
 */
async function handleVllmOpenRoute(req, res, path, { send, done, readBody, chat, model }) {
  if (!POST_ONLY.has(path)) return false;
  if (req.method !== 'POST') {
    send(res, 405, { detail: 'Method Not Allowed' });
    done(405);
    return true;
  }
  if (path === '/invocations') {
    await chat(req, res, done);
    return true;
  }
  const raw = await readBody(req);
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    send(res, 400, { object: 'error', message: 'Expecting value: line 1 column 1 (char 0)', type: 'BadRequestError', param: null, code: 400 });
    done(400);
    return true;
  }
  if (path === '/tokenize') {
    const text = typeof body?.prompt === 'string' ? body.prompt : '';
    const tokens = text.split(/\s+/).filter(Boolean).map((_, i) => 1000 + i);
    send(res, 200, { count: tokens.length, max_model_len: 32768, tokens, token_strs: null });
  } else {
    const tokens = Array.isArray(body?.tokens) ? body.tokens : [];
    send(res, 200, { prompt: tokens.map(() => 'tok').join(' ') });
  }
  void model;
  done(200);
  return true;
}

module.exports = { handleVllmOpenRoute };
