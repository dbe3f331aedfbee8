// Chat models in VS Code's chat (src/core/chat, the language-model provider).
// Each entry: code → severity, title, detail, fixes (src/core/findings/index.ts has makeFinding).
import type { CatalogueEntry } from './types';
import { COMMANDS } from '../commands';

export const chatFindings = {
  'chat.sparkNotReady': {
    severity: 'error',
    title: () => 'The Spark is not ready for chat',
    detail: (c) =>
      `Tailspark has no verified server to send the chat request to (state: ${c.phase ?? 'unknown'}). The models appear in the chat once the status bar shows the Spark as ready.`,
    fixes: () => [{ label: 'Show Status', action: { kind: 'command', command: COMMANDS.statusActions } }],
  },
  'chat.modelGone': {
    severity: 'error',
    title: (c) => (c.model ? `Model ${c.model} is no longer served` : 'The model is no longer served'),
    detail: (c) =>
      `${c.url ?? 'The server'} does not serve the model "${c.model ?? '?'}" any more${c.message ? ` (${c.message})` : ''}: the server was restarted with another model. Pick one of the models it lists now in the chat's model picker.`,
    fixes: () => [{ label: 'Check Again', action: { kind: 'command', command: COMMANDS.refresh } }],
  },
  'chat.contextTooLong': {
    severity: 'error',
    title: () => 'Conversation too long for the model',
    detail: (c) =>
      `The server refused the request because prompt and answer do not fit the model's context length${c.contextLength ? ` (${c.contextLength} tokens)` : ''}: ${c.message ?? 'context length exceeded'}. Start a new chat, attach less context, or restart the server with a larger --context-length / --max-model-len.`,
    fixes: () => [{ label: 'Show Server Log', action: { kind: 'command', command: COMMANDS.logsFollow } }],
  },
  'chat.requestRejected': {
    severity: 'error',
    title: (c) => `The server rejected the chat request (HTTP ${c.status ?? 400})`,
    detail: (c) =>
      `${c.url ?? 'The server'} answered ${c.status ?? 400}: ${c.message ?? 'no reason given'}. When the message is about tools, the server was started without a tool-call parser (SGLang --tool-call-parser, vLLM --enable-auto-tool-choice --tool-call-parser).`,
    fixes: () => [{ label: 'Show Server Log', action: { kind: 'command', command: COMMANDS.logsFollow } }],
  },
  'chat.streamBroken': {
    severity: 'error',
    title: () => 'The answer broke off',
    detail: (c) =>
      `The streamed answer from ${c.url ?? 'the server'} ended unexpectedly: ${c.message ?? 'no end marker'}. The server may have been stopped or restarted while it was answering; the server log says why.`,
    fixes: () => [{ label: 'Show Server Log', action: { kind: 'command', command: COMMANDS.logsFollow } }],
  },
} satisfies Record<string, CatalogueEntry>;
