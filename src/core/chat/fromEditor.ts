// VS Code's LanguageModelChatRequestMessage parts → ChatMessage, recognised by shape (the
// classes exist only at run time on VS Code 1.104+, and shape checks keep this testable on plain
// Node): {value} text, {callId,name,input} tool call, {callId,content} tool result,
// {mimeType,data} data (images; JSON/text data is read as text). Anything else (prompt-tsx
// parts, unknown future parts) is dropped rather than sent as "[object Object]".
import type { ChatMessage, ChatPart, ChatRole } from './types';

export interface EditorMessage {
  role: number;
  content: ReadonlyArray<unknown>;
  name?: string | undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function textOfData(mimeType: string, data: Uint8Array): string | undefined {
  if (mimeType.startsWith('text/') || mimeType === 'application/json') return new TextDecoder().decode(data);
  return undefined;
}

/** The text of a tool result's content (text parts and text-like data, in order). */
export function toolResultText(content: ReadonlyArray<unknown>): string {
  return content
    .map((c) => {
      if (isObj(c) && typeof c.value === 'string') return c.value;
      if (isObj(c) && typeof c.mimeType === 'string' && c.data instanceof Uint8Array) return textOfData(c.mimeType, c.data) ?? '';
      return '';
    })
    .join('');
}

export function toChatPart(part: unknown): ChatPart | undefined {
  if (!isObj(part)) return undefined;
  if (typeof part.callId === 'string' && typeof part.name === 'string' && 'input' in part) {
    return { kind: 'toolCall', callId: part.callId, name: part.name, input: part.input };
  }
  if (typeof part.callId === 'string' && Array.isArray(part.content)) return { kind: 'toolResult', callId: part.callId, text: toolResultText(part.content) };
  if (typeof part.value === 'string') return { kind: 'text', text: part.value };
  if (typeof part.mimeType === 'string' && part.data instanceof Uint8Array) {
    if (part.mimeType.startsWith('image/')) return { kind: 'image', mimeType: part.mimeType, data: part.data };
    const text = textOfData(part.mimeType, part.data);
    return text === undefined ? undefined : { kind: 'text', text };
  }
  return undefined;
}

/** vscode.LanguageModelChatMessageRole: 1 User, 2 Assistant, 3 System (proposed). */
export function roleOf(role: number): ChatRole {
  return role === 2 ? 'assistant' : role === 3 ? 'system' : 'user';
}

export function fromEditorMessages(messages: readonly EditorMessage[]): ChatMessage[] {
  return messages.map((m) => ({
    role: roleOf(m.role),
    parts: m.content.flatMap((p) => {
      const part = typeof p === 'string' ? ({ kind: 'text', text: p } as const) : toChatPart(p);
      return part ? [part] : [];
    }),
    ...(m.name ? { name: m.name } : {}),
  }));
}

/** The text a token count should cover for one message (tool calls as their JSON). */
export function textForCounting(message: ChatMessage): string {
  return message.parts
    .map((p) => (p.kind === 'text' ? p.text : p.kind === 'toolCall' ? `${p.name}${JSON.stringify(p.input)}` : p.kind === 'toolResult' ? p.text : ''))
    .join('\n');
}
