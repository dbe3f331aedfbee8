// GET /v1/models, the answer that decides "an OpenAI-compatible server answers here": its schema
// and its reading, in ONE place for both readers — the probe (src/core/inference/probe.ts) and
// the warm start, which checks the remembered URL before the rest of the extension is loaded
// (src/core/state/warmStart.ts). zod/mini because the warm start runs in the small activation
// bundle (dist/extension.js), where the full zod would cost more than the rest of it.
// Lenient: SGLang and vLLM add fields between releases, so unknown fields pass through.
import * as z from 'zod/mini';
import type { ModelInfo } from '../domain';
import { stripControl } from '../safeText';

/** A string the server chose (model id, owner): terminal escapes and control characters go at the boundary. */
const remoteString = z.pipe(
  z.string(),
  z.transform((s: string) => stripControl(s)),
);

export const modelEntrySchema = z.looseObject({
  id: remoteString,
  object: z.nullish(z.string()),
  created: z.nullish(z.number()),
  owned_by: z.nullish(remoteString),
  root: z.nullish(remoteString),
  parent: z.nullish(remoteString),
  max_model_len: z.nullish(z.number()),
  /** vLLM only. */
  permission: z.nullish(z.array(z.unknown())),
  /** llama.cpp only. */
  meta: z.optional(z.unknown()),
});

/** GET /v1/models */
export const modelListSchema = z.looseObject({
  object: z.literal('list'),
  data: z.array(modelEntrySchema),
});

export type ModelEntry = z.infer<typeof modelEntrySchema>;

export function toModelInfo(m: ModelEntry): ModelInfo {
  return {
    id: m.id,
    ...(m.owned_by ? { ownedBy: m.owned_by } : {}),
    ...(typeof m.max_model_len === 'number' ? { contextLength: m.max_model_len } : {}),
    ...(m.parent ? { parent: m.parent } : {}),
    ...(m.root ? { root: m.root } : {}),
  };
}

/** The body of a 2xx answer → its entries, or why it is not an OpenAI model list. */
export function readModelList(body: string): { ok: true; entries: ModelEntry[] } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, message: 'the body is not JSON' };
  }
  const list = z.safeParse(modelListSchema, json);
  if (list.success) return { ok: true, entries: list.data.data };
  const issue = list.error.issues[0];
  return { ok: false, message: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'not a model list'}` };
}
