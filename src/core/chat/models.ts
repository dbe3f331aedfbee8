// The Monitor's verified server → the chat models VS Code lists. Editor-free: the adapter only
// adds the vendor and hands these to VS Code.
import { isHealthy, type SparkState } from '../state/types';

export interface ChatModelInfo {
  id: string;
  name: string;
  family: string;
  version: string;
  detail: string;
  tooltip: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  capabilities: { toolCalling: boolean; imageInput: boolean };
}

/** When /v1/models gives no max_model_len (llama.cpp, Ollama): a conservative common size. */
export const FALLBACK_CONTEXT = 8192;
/** Output budget: a quarter of the context, at most 16k tokens (a long code answer fits). */
export function maxOutputFor(context: number): number {
  return Math.max(256, Math.min(16_384, Math.floor(context / 4)));
}

/** The models to list, or none while the Spark is not verified/healthy. */
export function chatModelsOf(state: SparkState): ChatModelInfo[] {
  if (!isHealthy(state.phase) || !state.serve || !state.server) return [];
  const kind = state.server.kind;
  // SGLang and vLLM take `tools` in the OpenAI shape (calls are parsed when the server runs with
  // a tool-call parser; without one it answers 400, which becomes the chat.requestRejected finding).
  const toolCalling = kind === 'sglang' || kind === 'vllm';
  const server = kind === 'sglang' ? 'SGLang' : kind === 'vllm' ? 'vLLM' : kind;
  return state.server.models.map((m) => {
    const context = m.contextLength ?? FALLBACK_CONTEXT;
    const maxOutputTokens = maxOutputFor(context);
    return {
      id: m.id,
      name: m.id.split('/').pop() || m.id,
      family: m.id,
      version: state.server?.version ?? '',
      detail: `Spark · ${server}`,
      tooltip: `${m.id} on ${state.serve?.baseUrl ?? ''} (${server}, ${context} tokens context)`,
      maxInputTokens: context,
      maxOutputTokens,
      // /v1/models of SGLang and vLLM does not say whether a model reads images: off.
      capabilities: { toolCalling, imageInput: false },
    };
  });
}

/** A stable key of the listed models: the change event fires only when it changes. */
export function modelsKey(models: readonly ChatModelInfo[], baseUrl: string | undefined): string {
  return JSON.stringify([baseUrl ?? '', models.map((m) => [m.id, m.maxInputTokens, m.capabilities.toolCalling])]);
}
