// Chat completions of the emulated Spark, streamed like SGLang and vLLM do it (OpenAI SSE:
// `data: {chat.completion.chunk}` events whose choices carry a `delta`, a last chunk with
// `finish_reason`, a usage chunk with empty `choices` when stream_options.include_usage is set,
// then `data: [DONE]`), tool calls in the OpenAI shape (id + name first, arguments in fragments,
// finish_reason "tool_calls"), one token per `tokenMs`, the servers' 400 texts on context
// overflow, and POST /tokenize. A client that closes the connection stops the generation at once
// (vLLM logs "Aborted request <id>.", as its AsyncLLM does).
'use strict';
const crypto = require('node:crypto');

/** A crude but deterministic tokenizer: words and single punctuation marks. */
function tokenize(text) {
  return String(text ?? '').match(/[A-Za-z0-9_]+|[^\sA-Za-z0-9_]/g) ?? [];
}
function contentText(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((c) => (c && c.type === 'text' ? c.text : '')).join(' ');
  return '';
}
/** Prompt tokens as a chat template would count them: content + about 4 tokens per message. */
function promptTokensOf(body) {
  let n = 0;
  for (const m of body.messages) {
    n += 4 + tokenize(contentText(m.content)).length;
    for (const tc of m.tool_calls ?? []) n += tokenize(`${tc.function?.name ?? ''} ${tc.function?.arguments ?? ''}`).length;
  }
  if (Array.isArray(body.tools)) n += tokenize(JSON.stringify(body.tools)).length;
  return n;
}

/** Argument values for a tool call, from the tool's JSON schema (deterministic). */
function argumentsFor(tool) {
  const props = tool?.function?.parameters?.properties ?? {};
  const out = {};
  for (const [k, schema] of Object.entries(props)) {
    const t = schema?.type;
    out[k] = t === 'number' || t === 'integer' ? 1 : t === 'boolean' ? true : t === 'array' ? [] : t === 'object' ? {} : 'spark';
  }
  return out;
}

/**
 * ctx: { flavor, model, contextLen, tokenMs: () => number, stats, errorBody, send, sleep, readBody, info }
 * (the server's own helpers, so both answer alike)
 * Returns route handlers (req, res, done) for POST /v1/chat/completions and POST /tokenize.
 */
function createChat(ctx) {
  const { flavor, model, contextLen, stats, errorBody, send, sleep, readBody } = ctx;
  const bad = (res, done, message, status = 400, type = 'BadRequestError') => {
    send(res, status, errorBody(status, message, type));
    return done(status);
  };

  /** The server's refusal text when prompt (+ max_tokens) does not fit, else null. */
  function overflow(promptTokens, maxTokens) {
    if (flavor === 'vllm') {
      if (promptTokens >= contextLen) {
        return `This model's maximum context length is ${contextLen} tokens. However, your request has ${promptTokens} input tokens. Please reduce the length of the input messages.`;
      }
      if (maxTokens !== undefined && promptTokens + maxTokens > contextLen) {
        return `'max_tokens' or 'max_completion_tokens' is too large: ${maxTokens}. This model's maximum context length is ${contextLen} tokens and your request has ${promptTokens} input tokens (${maxTokens} > ${contextLen} - ${promptTokens}).`;
      }
      return null;
    }
    if (promptTokens >= contextLen) return `The input (${promptTokens} tokens) is longer than the model's context length (${contextLen} tokens).`;
    if (maxTokens !== undefined && promptTokens + maxTokens > contextLen) {
      return `Requested token count exceeds the model's maximum context length of ${contextLen} tokens. You requested a total of ${promptTokens + maxTokens} tokens: ${promptTokens} tokens from the input messages and ${maxTokens} tokens for the completion. Please reduce the number of tokens in the input messages or the completion to fit within the limit.`;
    }
    return null;
  }

  /** What the "model" answers: text pieces (one per token) or one tool call. */
  function reply(body) {
    const last = body.messages[body.messages.length - 1];
    const tools = Array.isArray(body.tools) ? body.tools : [];
    if (last?.role === 'tool') {
      return { text: `The tool answered: ${contentText(last.content).slice(0, 80)}`.split(/(?<= )/) };
    }
    const said = contentText([...body.messages].reverse().find((m) => m.role === 'user')?.content);
    if (tools.length > 0 && body.tool_choice !== 'none') {
      const named = tools.find((t) => said.includes(t.function?.name));
      const tool = named ?? (body.tool_choice === 'required' ? tools[0] : undefined);
      if (tool) return { tool: { name: tool.function.name, arguments: JSON.stringify(argumentsFor(tool)) } };
    }
    const count = /count to (\d+)/i.exec(said);
    if (count) return { text: Array.from({ length: Math.min(100000, Number(count[1])) }, (_, i) => `${i + 1} `) };
    return { text: `Hello from the emulated Spark (${flavor === 'vllm' ? 'vLLM' : 'SGLang'}, ${model}). You said: ${said.slice(0, 60)}`.split(/(?<= )/) };
  }

  async function chat(req, res, done) {
    const raw = await readBody(req);
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      return bad(res, done, 'Expecting value: line 1 column 1 (char 0)');
    }
    if (!Array.isArray(body?.messages) || body.messages.length === 0) {
      return bad(res, done, "[{'type': 'missing', 'loc': ('body', 'messages'), 'msg': 'Field required'}]");
    }
    if (flavor === 'vllm' && body.model && body.model !== model) {
      return bad(res, done, `The model \`${body.model}\` does not exist.`, 404, 'NotFoundError');
    }
    const promptTokens = promptTokensOf(body);
    const maxTokensRaw = body.max_tokens ?? body.max_completion_tokens;
    const maxTokens = maxTokensRaw === undefined || maxTokensRaw === null ? undefined : Number(maxTokensRaw);
    const refusal = overflow(promptTokens, maxTokens);
    if (refusal) return bad(res, done, refusal);

    const answer = reply(body);
    const limit = maxTokens ?? Math.max(1, contextLen - promptTokens);
    const pieces = answer.text ? answer.text.slice(0, Math.max(1, limit)) : [];
    const finish = answer.tool ? 'tool_calls' : pieces.length < answer.text.length ? 'length' : 'stop';
    const id = flavor === 'vllm' ? `chatcmpl-${crypto.randomBytes(16).toString('hex')}` : crypto.randomBytes(16).toString('hex');
    const created = Math.floor(Date.now() / 1000);
    const t0 = Date.now();
    let closed = false;
    res.on('close', () => {
      if (!res.writableFinished) closed = true;
    });
    stats.running += 1;
    stats.promptTokens += promptTokens;
    let generated = 0;
    const gen = () => {
      generated += 1;
      stats.genTokens += 1;
      stats.recent.push([Date.now(), 1]);
      if (generated === 1) stats.ttft.push((Date.now() - t0) / 1000);
    };
    const toolCall = answer.tool ? { id: flavor === 'vllm' ? `chatcmpl-tool-${crypto.randomBytes(16).toString('hex')}` : `call_${crypto.randomBytes(12).toString('hex')}`, ...answer.tool } : null;
    // Arguments arrive in fragments of a few characters, like a tool-call parser emits them.
    const argPieces = toolCall ? toolCall.arguments.match(/.{1,6}/gs) ?? [''] : [];
    const usage = () => ({ prompt_tokens: promptTokens, total_tokens: promptTokens + generated, completion_tokens: generated, prompt_tokens_details: null });
    try {
      if (body.stream) {
        res.writeHead(200, { server: 'uvicorn', 'content-type': 'text/event-stream; charset=utf-8' });
        const chunk = (delta, finishReason) => ({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });
        const write = (obj) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
        write(chunk({ role: 'assistant', content: '' }, null));
        for (const p of pieces) {
          await sleep(ctx.tokenMs());
          if (closed) break;
          gen();
          write(chunk({ content: p }, null));
        }
        if (toolCall && !closed) {
          await sleep(ctx.tokenMs());
          gen();
          write(chunk({ tool_calls: [{ index: 0, id: toolCall.id, type: 'function', function: { name: toolCall.name, arguments: '' } }] }, null));
          for (const a of argPieces) {
            await sleep(ctx.tokenMs());
            if (closed) break;
            gen();
            write(chunk({ tool_calls: [{ index: 0, function: { arguments: a } }] }, null));
          }
        }
        if (closed) {
          if (flavor === 'vllm') ctx.info('async_llm.py:437', `Aborted request ${id}.`);
          return;
        }
        write(chunk({}, finish));
        if (body.stream_options?.include_usage) write({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: usage() });
        res.write('data: [DONE]\n\n');
        res.end();
      } else {
        for (let i = 0; i < pieces.length + argPieces.length && !closed; i++) {
          await sleep(ctx.tokenMs());
          gen();
        }
        const message = toolCall
          ? { role: 'assistant', content: null, reasoning_content: null, tool_calls: [{ id: toolCall.id, type: 'function', function: { name: toolCall.name, arguments: toolCall.arguments } }] }
          : { role: 'assistant', content: pieces.join(''), reasoning_content: null, tool_calls: null };
        send(res, 200, { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, logprobs: null, finish_reason: finish, matched_stop: finish === 'stop' ? 151645 : null }], usage: usage() });
      }
    } finally {
      stats.running -= 1;
      stats.requests += 1;
      stats.e2e.push((Date.now() - t0) / 1000);
      done(200);
    }
  }

  /** POST /tokenize (server root): SGLang and vLLM answer { tokens, count, max_model_len }. */
  async function tokenizeRoute(req, res, done) {
    let body;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return bad(res, done, 'Expecting value: line 1 column 1 (char 0)');
    }
    const text = typeof body?.prompt === 'string' ? body.prompt : Array.isArray(body?.messages) ? body.messages.map((m) => contentText(m.content)).join(' ') : null;
    if (text === null) return bad(res, done, "[{'type': 'missing', 'loc': ('body', 'prompt'), 'msg': 'Field required'}]");
    const tokens = tokenize(text).map((t) => {
      let h = 0;
      for (const ch of t) h = (h * 31 + ch.codePointAt(0)) % 151643;
      return h;
    });
    send(res, 200, { tokens, count: tokens.length, max_model_len: contextLen });
    return done(200);
  }

  return { chat, tokenize: tokenizeRoute };
}

module.exports = { createChat, tokenize };
