// One streamed chat completion over the project's HTTP client: POST <base>/chat/completions
// with stream: true, SSE → events handed to `onEvent` as they arrive, cancellation through an
// AbortSignal that destroys the socket at once (the server sees the connection close and stops
// generating), and every failure turned into a ChatError carrying a Finding.
import { makeFinding } from '../findings';
import { httpRequest } from '../net/httpClient';
import { ChatCancelled, ChatError, type ChatErrorContext, findingForChatStatus, toChatFailure } from './errors';
import { SseParser } from './sse';
import { ChatStreamDecoder } from './streamDecoder';
import { toChatCompletionBody } from './translate';
import type { ChatEvent, ChatRequest, ChatResult } from './types';

export interface ChatConnection {
  /** The verified OpenAI base URL, ending in /v1. */
  baseUrl: string;
  apiKey?: string;
  /** Longest silence we wait for: before the first byte (prefill of a long prompt) and between chunks. */
  idleTimeoutMs?: number;
  resolve?: Record<string, string>;
  extraCa?: string[];
}

export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

export function chatCompletionsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/chat/completions`;
}

export async function streamChat(
  conn: ChatConnection,
  request: ChatRequest,
  onEvent: (event: ChatEvent) => void,
  signal?: AbortSignal,
): Promise<ChatResult> {
  const url = chatCompletionsUrl(conn.baseUrl);
  const timeoutMs = conn.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const ctx: ChatErrorContext = { url, model: request.model, hadKey: Boolean(conn.apiKey), timeoutMs };
  if (signal?.aborted) throw new ChatCancelled();
  const parser = new SseParser();
  const decoder = new ChatStreamDecoder();
  let received = false;
  // An exception inside onData (bad chunk, failing onEvent) must stop the request: we abort our
  // own controller and rethrow the first error after the request settles.
  const inner = new AbortController();
  const forward = () => inner.abort();
  signal?.addEventListener('abort', forward, { once: true });
  let streamError: unknown;
  const handle = (payloads: string[]) => {
    for (const p of payloads) for (const e of decoder.push(p)) onEvent(e);
  };
  try {
    const res = await httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...(conn.apiKey ? { authorization: `Bearer ${conn.apiKey}` } : {}),
      },
      body: JSON.stringify(toChatCompletionBody(request)),
      timeoutMs,
      signal: inner.signal,
      ...(conn.resolve ? { resolve: conn.resolve } : {}),
      ...(conn.extraCa && conn.extraCa.length > 0 ? { extraCa: conn.extraCa } : {}),
      onData: (chunk) => {
        received = true;
        if (streamError !== undefined) return;
        try {
          handle(parser.push(chunk));
        } catch (err) {
          streamError = err;
          inner.abort();
        }
      },
    }).catch((err: unknown) => {
      if (streamError !== undefined) throw streamError;
      throw err;
    });
    if (res.status < 200 || res.status >= 300) throw new ChatError(findingForChatStatus(res.status, res.body, ctx));
    handle(parser.end());
    if (!decoder.finished) {
      // The 200 ended without [DONE]: the server went away mid-answer.
      throw new ChatError(makeFinding('chat.streamBroken', { where: url, url, message: 'the stream ended without its [DONE] marker' }));
    }
    return decoder.result();
  } catch (err) {
    const failure = toChatFailure(err, ctx, signal?.aborted === true);
    // A connection cut after the answer started is a broken answer, whatever the socket error.
    if (received && failure instanceof ChatError && /^probe\.(connectionReset|networkError)$/.test(failure.finding.code)) {
      throw new ChatError(makeFinding('chat.streamBroken', { where: url, url, message: failure.finding.evidence ?? failure.message }));
    }
    throw failure;
  } finally {
    signal?.removeEventListener('abort', forward);
  }
}
