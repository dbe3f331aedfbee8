// The `data:` payloads of a streamed chat completion → text and tool-call events.
// Text is passed on as it arrives. A tool call arrives in pieces (id and name first, then the
// JSON arguments in fragments, keyed by `index`); it is complete when the choice finishes, so
// calls are emitted then (or at [DONE] if a server never sends finish_reason).
import { z } from 'zod';
import type { ChatEvent, ChatResult, ChatUsage } from './types';

const toolCallDelta = z.looseObject({
  index: z.number().int().nonnegative().optional(),
  id: z.string().nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});
const chunkSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        delta: z
          .looseObject({
            content: z.string().nullish(),
            tool_calls: z.array(toolCallDelta).nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: z.looseObject({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish(),
  /** Servers report an error that happens after the 200 as one more event with `error`. */
  error: z.unknown().optional(),
});

export class StreamProtocolError extends Error {
  constructor(
    message: string,
    readonly evidence?: string,
  ) {
    super(message);
    this.name = 'StreamProtocolError';
  }
}

/** An `error` object inside a 200 stream (vLLM/SGLang send one when generation fails midway). */
export class StreamServerError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'StreamServerError';
  }
}

interface PendingCall {
  id: string;
  name: string;
  args: string;
}

export class ChatStreamDecoder {
  private readonly calls = new Map<number, PendingCall>();
  private finishReason: string | null = null;
  private usage: ChatUsage | undefined;
  private done = false;

  /** True once `[DONE]` was seen. */
  get finished(): boolean {
    return this.done;
  }

  /** One SSE `data` payload → the events it completes. Throws on a malformed chunk. */
  push(payload: string): ChatEvent[] {
    if (payload.trim() === '[DONE]') {
      this.done = true;
      return this.flushCalls();
    }
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      throw new StreamProtocolError('a stream event is not JSON', payload.slice(0, 200));
    }
    const parsed = chunkSchema.safeParse(json);
    if (!parsed.success) throw new StreamProtocolError('a stream event is not a chat.completion.chunk', payload.slice(0, 200));
    const chunk = parsed.data;
    if (chunk.error !== undefined) {
      const e = chunk.error as { message?: unknown; code?: unknown };
      throw new StreamServerError(typeof e?.message === 'string' ? e.message.slice(0, 200) : 'error in stream', typeof e?.code === 'number' ? e.code : undefined);
    }
    if (chunk.usage) this.usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
    const events: ChatEvent[] = [];
    for (const choice of chunk.choices ?? []) {
      const content = choice.delta?.content;
      if (content) events.push({ kind: 'text', text: content });
      for (const [i, tc] of (choice.delta?.tool_calls ?? []).entries()) {
        const index = tc.index ?? i;
        const pending = this.calls.get(index) ?? { id: '', name: '', args: '' };
        if (tc.id) pending.id = tc.id;
        if (tc.function?.name) pending.name += tc.function.name;
        if (tc.function?.arguments) pending.args += tc.function.arguments;
        this.calls.set(index, pending);
      }
      if (choice.finish_reason) {
        this.finishReason = choice.finish_reason;
        events.push(...this.flushCalls());
      }
    }
    return events;
  }

  result(): ChatResult {
    return { finishReason: this.finishReason, ...(this.usage ? { usage: this.usage } : {}) };
  }

  private flushCalls(): ChatEvent[] {
    const events: ChatEvent[] = [];
    for (const [index, call] of [...this.calls].sort(([a], [b]) => a - b)) {
      if (!call.name) throw new StreamProtocolError(`tool call #${index} has no function name`);
      let input: unknown;
      try {
        input = call.args.trim() === '' ? {} : JSON.parse(call.args);
      } catch {
        throw new StreamProtocolError(`the arguments of tool call "${call.name}" are not JSON`, call.args.slice(0, 200));
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw new StreamProtocolError(`the arguments of tool call "${call.name}" are not a JSON object`, call.args.slice(0, 200));
      }
      events.push({ kind: 'toolCall', callId: call.id || `call_${index}`, name: call.name, input: input as object });
    }
    this.calls.clear();
    return events;
  }
}
