// Editor-free shapes of a chat request: the VS Code adapter converts its LanguageModel* parts
// into these, and translate.ts turns them into an OpenAI /v1/chat/completions body.

export type ChatRole = 'system' | 'user' | 'assistant';

export type ChatPart =
  | { kind: 'text'; text: string }
  | { kind: 'toolCall'; callId: string; name: string; input: unknown }
  /** The result of a tool call, as the text the tool produced. */
  | { kind: 'toolResult'; callId: string; text: string }
  | { kind: 'image'; mimeType: string; data: Uint8Array };

export interface ChatMessage {
  role: ChatRole;
  parts: ChatPart[];
  name?: string;
}

export interface ChatTool {
  name: string;
  description: string;
  /** JSON schema of the tool's input. */
  inputSchema?: object;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: ChatTool[];
  /** `required`: the model must call one of the tools. */
  toolMode?: 'auto' | 'required';
  maxTokens?: number;
  /** Sampling options passed through as-is (temperature, top_p, …), from modelOptions. */
  options?: Record<string, unknown>;
}

/** What the stream yields, in order of arrival. */
export type ChatEvent = { kind: 'text'; text: string } | { kind: 'toolCall'; callId: string; name: string; input: object };

export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface ChatResult {
  finishReason: string | null;
  usage?: ChatUsage;
}
