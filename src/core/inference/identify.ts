// Which server answers: SGLang, vLLM, llama.cpp, Ollama or something else, from answers alone
// (reference/inference-servers.md "Telling servers apart").
import type { ModelEntry } from './modelList';

export type ServerKind = 'sglang' | 'vllm' | 'llamacpp' | 'ollama' | 'other';

/** First guess from /v1/models alone; 'other' means: ask /version, /server_info, /metrics. */
export function kindFromModels(models: ModelEntry[], serverHeader?: string): ServerKind {
  const first = models[0];
  if (serverHeader && /llama\.cpp/i.test(serverHeader)) return 'llamacpp';
  if (!first) return 'other';
  const owner = (first.owned_by ?? '').toLowerCase();
  if (owner === 'sglang') return 'sglang';
  if (owner === 'vllm' || Array.isArray(first.permission)) return 'vllm';
  if (owner === 'llamacpp' || first.meta !== undefined) return 'llamacpp';
  // Ollama reports the model's namespace ("library") as owner and ids like "llama3:latest".
  if (owner === 'library' || /^[\w.-]+:[\w.-]+$/.test(first.id)) return 'ollama';
  return 'other';
}
