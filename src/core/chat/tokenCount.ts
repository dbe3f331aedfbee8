// Token counts for VS Code's budget decisions. SGLang and vLLM both serve POST /tokenize at the
// server root (not under /v1) and answer { tokens: [...], count, max_model_len }; we use it when
// it answers. Otherwise — and for servers without it — we estimate: about 4 characters per token
// for English and code with BPE tokenizers (OpenAI's rule of thumb), rounded up, which errs on
// the high side so VS Code trims the prompt before the server has to refuse it.
import { z } from 'zod';
import { httpRequest } from '../net/httpClient';
import type { ChatConnection } from './client';
import { serverRoot } from '../domain';

const tokenizeSchema = z.looseObject({ count: z.number().int().nonnegative().optional(), tokens: z.array(z.number()).optional() });

export const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}


/** Counts with the server's tokenizer; undefined when it has none or does not answer in time. */
export async function countTokensRemote(conn: ChatConnection, model: string, text: string, signal?: AbortSignal, timeoutMs = 3000): Promise<number | undefined> {
  try {
    const res = await httpRequest(`${serverRoot(conn.baseUrl)}/tokenize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(conn.apiKey ? { authorization: `Bearer ${conn.apiKey}` } : {}) },
      body: JSON.stringify({ model, prompt: text, add_special_tokens: false }),
      timeoutMs,
      ...(signal ? { signal } : {}),
      ...(conn.resolve ? { resolve: conn.resolve } : {}),
      ...(conn.extraCa && conn.extraCa.length > 0 ? { extraCa: conn.extraCa } : {}),
    });
    if (res.status !== 200) return undefined;
    const parsed = tokenizeSchema.safeParse(JSON.parse(res.body));
    if (!parsed.success) return undefined;
    return parsed.data.count ?? parsed.data.tokens?.length;
  } catch {
    return undefined;
  }
}
