// zod schemas for the answers of OpenAI-compatible servers (reference/inference-servers.md).
// Lenient: both SGLang and vLLM add fields between releases, so unknown fields pass through.
import { z } from 'zod';

export const modelEntrySchema = z.looseObject({
  id: z.string(),
  object: z.string().nullish(),
  created: z.number().nullish(),
  owned_by: z.string().nullish(),
  root: z.string().nullish(),
  parent: z.string().nullish(),
  max_model_len: z.number().nullish(),
  /** vLLM only. */
  permission: z.array(z.unknown()).nullish(),
  /** llama.cpp only. */
  meta: z.unknown().optional(),
});

/** GET /v1/models */
export const modelListSchema = z.looseObject({
  object: z.literal('list'),
  data: z.array(modelEntrySchema),
});

/** vLLM GET /version */
export const versionSchema = z.looseObject({ version: z.string() });

/** SGLang GET /server_info (flattened server args + state; ECHOES API KEYS — redact first). */
export const serverInfoSchema = z.looseObject({
  version: z.string().nullish(),
  status: z.string().nullish(),
  max_total_num_tokens: z.number().nullish(),
  context_length: z.number().nullish(),
  internal_states: z.array(z.looseObject({ last_gen_throughput: z.number().nullish(), memory_usage: z.unknown().optional() })).nullish(),
});

/** SGLang GET /v1/loads (newer releases). */
export const loadsSchema = z.looseObject({
  loads: z.array(
    z.looseObject({
      dp_rank: z.number().nullish(),
      num_running_reqs: z.number().nullish(),
      num_waiting_reqs: z.number().nullish(),
      token_usage: z.number().nullish(),
      gen_throughput: z.number().nullish(),
    }),
  ),
});

export type ModelEntry = z.infer<typeof modelEntrySchema>;
