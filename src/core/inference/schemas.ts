// zod schemas for the answers of OpenAI-compatible servers (reference/inference-servers.md).
// Lenient: both SGLang and vLLM add fields between releases, so unknown fields pass through.
import { z } from 'zod';
import { stripControl } from '../safeText';

/** A string the server chose (model id, version): terminal escapes and control characters go at the boundary. */
const remoteString = z.string().transform((s) => stripControl(s));

// GET /v1/models: src/core/inference/modelList.ts (zod/mini, shared with the warm start).

/** vLLM GET /version */
export const versionSchema = z.looseObject({ version: remoteString });

/** SGLang GET /server_info (flattened server args + state; ECHOES API KEYS — redact first). */
export const serverInfoSchema = z.looseObject({
  version: remoteString.nullish(),
  status: remoteString.nullish(),
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

