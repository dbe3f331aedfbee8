// ChatMessage[] → the body of POST /v1/chat/completions (OpenAI shape, as SGLang and vLLM take it).
// VS Code keeps a tool call and its result as parts INSIDE assistant/user messages; OpenAI wants
// an assistant message with `tool_calls` followed by one `role: "tool"` message per result, so
// parts are split out in order, never merged across messages.
import type { ChatMessage, ChatRequest } from './types';

type OpenAiContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };
type OpenAiContent = string | OpenAiContentPart[];
export type OpenAiMessage =
  | { role: 'system' | 'user'; content: OpenAiContent; name?: string }
  | {
      role: 'assistant';
      content: string | null;
      tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
      name?: string;
    }
  | { role: 'tool'; tool_call_id: string; content: string };

/** Options a caller may not override through modelOptions: they are ours to set. */
const RESERVED = new Set(['model', 'messages', 'stream', 'stream_options', 'tools', 'tool_choice']);

export function toOpenAiMessages(messages: readonly ChatMessage[]): OpenAiMessage[] {
  const out: OpenAiMessage[] = [];
  for (const m of messages) {
    const name = m.name ? { name: m.name } : {};
    if (m.role === 'assistant') {
      const text = m.parts.flatMap((p) => (p.kind === 'text' ? [p.text] : [])).join('');
      const calls = m.parts.flatMap((p) =>
        p.kind === 'toolCall' ? [{ id: p.callId, type: 'function' as const, function: { name: p.name, arguments: JSON.stringify(p.input ?? {}) } }] : [],
      );
      out.push({ role: 'assistant', content: text === '' && calls.length > 0 ? null : text, ...(calls.length > 0 ? { tool_calls: calls } : {}), ...name });
      continue;
    }
    // user/system: tool results become their own `tool` messages first (they answer the previous
    // assistant turn), then the remaining text/images form the user message.
    for (const p of m.parts) if (p.kind === 'toolResult') out.push({ role: 'tool', tool_call_id: p.callId, content: p.text });
    const content = m.parts.flatMap((p): OpenAiContentPart[] => {
      if (p.kind === 'text') return [{ type: 'text' as const, text: p.text }];
      if (p.kind === 'image') return [{ type: 'image_url' as const, image_url: { url: `data:${p.mimeType};base64,${Buffer.from(p.data).toString('base64')}` } }];
      return [];
    });
    if (content.length === 0) continue;
    const texts = content.flatMap((c) => (c.type === 'text' ? [c.text] : []));
    out.push({ role: m.role, content: texts.length === content.length ? texts.join('') : content, ...name });
  }
  return out;
}

export function toChatCompletionBody(request: ChatRequest): Record<string, unknown> {
  const passThrough = Object.fromEntries(Object.entries(request.options ?? {}).filter(([k]) => !RESERVED.has(k)));
  const tools = request.tools ?? [];
  return {
    ...passThrough,
    model: request.model,
    messages: toOpenAiMessages(request.messages),
    stream: true,
    stream_options: { include_usage: true },
    ...(request.maxTokens !== undefined && passThrough.max_tokens === undefined ? { max_tokens: request.maxTokens } : {}),
    ...(tools.length > 0
      ? {
          tools: tools.map((t) => ({
            type: 'function',
            function: { name: t.name, description: t.description, parameters: t.inputSchema ?? { type: 'object', properties: {} } },
          })),
          tool_choice: request.toolMode === 'required' ? 'required' : 'auto',
        }
      : {}),
  };
}
