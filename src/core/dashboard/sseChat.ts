// A minimal streamed chat-completions client for the throughput measurement: it only needs WHEN
// tokens arrive and how many there were. (The chat provider has its own, fuller client.)
// Server text is untrusted: chunks are validated with zod, nothing of the content is kept.
import { z } from 'zod';
import { errorMessageOf } from '../inference/probe';
import { type HttpRequestOptions, httpRequest } from '../net/httpClient';

const chunkSchema = z.object({
  choices: z.array(z.object({ delta: z.object({ content: z.string().nullish() }).partial().nullish() }).passthrough()).optional(),
  usage: z.object({ completion_tokens: z.number().int().nonnegative().optional() }).passthrough().nullish(),
});

export interface StreamTiming {
  /** ms from sending to the first content token. */
  ttftMs?: number;
  /** Arrival times (ms since sending) of each content chunk. */
  tokenTimesMs: number[];
  /** Output tokens: the server's usage count when it sent one, else the content chunks. */
  outputTokens: number;
  totalMs: number;
}

export interface StreamChatRequest {
  url: string;
  model: string;
  prompt: string;
  maxTokens: number;
  apiKey?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  http?: Pick<HttpRequestOptions, 'resolve' | 'extraCa' | 'lookup'>;
  now?: () => number;
}

/** Feeds SSE bytes, calls `onEvent` with each `data:` payload. */
export class SseLines {
  private rest = '';
  constructor(private readonly onEvent: (data: string) => void) {}
  push(chunk: string): void {
    const text = this.rest + chunk;
    const lines = text.split(/\r?\n/);
    this.rest = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('data:')) this.onEvent(line.slice(5).trim());
  }
}

export class StreamChatError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'StreamChatError';
  }
}

export async function streamChat(req: StreamChatRequest): Promise<StreamTiming> {
  const now = req.now ?? (() => performance.now());
  const started = now();
  const times: number[] = [];
  let usageTokens: number | undefined;
  let bad = 0;
  const sse = new SseLines((data) => {
    if (data === '[DONE]') return;
    let parsed: z.infer<typeof chunkSchema>;
    try {
      parsed = chunkSchema.parse(JSON.parse(data));
    } catch {
      bad++;
      return;
    }
    if (parsed.usage?.completion_tokens !== undefined) usageTokens = parsed.usage.completion_tokens;
    if (parsed.choices?.some((c) => (c.delta?.content ?? '') !== '')) times.push(now() - started);
  });
  const decoder = new TextDecoder();
  const body = JSON.stringify({
    model: req.model,
    messages: [{ role: 'user', content: req.prompt }],
    max_tokens: req.maxTokens,
    temperature: 0,
    stream: true,
    stream_options: { include_usage: true },
  });
  const res = await httpRequest(req.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      accept: 'text/event-stream',
      ...(req.apiKey ? { authorization: `Bearer ${req.apiKey}` } : {}),
    },
    body,
    timeoutMs: req.timeoutMs ?? 120_000,
    maxBodyBytes: 8 * 1024 * 1024,
    ...(req.signal ? { signal: req.signal } : {}),
    ...req.http,
    onData: (chunk) => sse.push(decoder.decode(chunk, { stream: true })),
  });
  if (res.status !== 200) {
    const why = errorMessageOf(res.body);
    throw new StreamChatError(`HTTP ${res.status}${why ? `: ${why}` : ''}`, res.status);
  }
  if (times.length === 0 && bad > 0) throw new StreamChatError('the answer was not an event stream of chat chunks');
  return {
    ...(times.length > 0 ? { ttftMs: times[0]! } : {}),
    tokenTimesMs: times,
    outputTokens: usageTokens ?? times.length,
    totalMs: now() - started,
  };
}
