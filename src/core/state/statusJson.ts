// `tailspark status --json`: the SparkState the status bar renders, as one JSON object described
// by a zod schema (the schema is the contract: the CLI parses its own output with it before
// printing, and tests validate against it). Texts come from the ONE renderer (render.ts).
import { z } from 'zod';
import type { StatusView } from './render';
import type { SparkPhase, SparkState } from './types';

const PHASES = ['notConfigured', 'checking', 'tailnetDown', 'sparkOffline', 'reachableNotServed', 'serverStopped', 'loading', 'warmingUp', 'ready', 'degraded', 'error'] as const satisfies readonly SparkPhase[];

const findingSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  title: z.string(),
  detail: z.string(),
  where: z.string().nullable(),
  /** Each fix with what it means on the command line. */
  fixes: z.array(z.object({ label: z.string(), cli: z.string() })),
});

export const statusJsonSchema = z
  .object({
    phase: z.enum(PHASES),
    /** The status-bar text without icons (the renderer's accessibility label). */
    text: z.string(),
    /** The status bar's colour: warning / error background, or null. */
    background: z.enum(['warning', 'error']).nullable(),
    /** When the probe ran (ISO 8601). */
    checkedAt: z.string(),
    host: z.string().nullable(),
    tailnet: z
      .object({
        backendState: z.string(),
        tailnetName: z.string().nullable(),
        peer: z
          .object({
            hostName: z.string(),
            dnsName: z.string(),
            online: z.boolean(),
            lastSeen: z.string().nullable(),
            path: z.discriminatedUnion('kind', [
              z.object({ kind: z.literal('direct'), address: z.string() }),
              z.object({ kind: z.literal('derp'), region: z.string() }),
              z.object({ kind: z.literal('peerRelay'), relay: z.string() }),
              z.object({ kind: z.literal('unknown') }),
            ]),
          })
          .nullable(),
      })
      .nullable(),
    /** The base URL and where it came from: ssh (the serve config), derived (the MagicDNS name), setting, cache. */
    serve: z.object({ baseUrl: z.string(), exposure: z.enum(['tailnet', 'funnel']), source: z.enum(['cache', 'ssh', 'derived', 'setting']) }).nullable(),
    server: z
      .object({
        kind: z.enum(['sglang', 'vllm', 'llamacpp', 'ollama', 'other']),
        version: z.string().nullable(),
        models: z.array(z.object({ id: z.string(), contextLength: z.number().nullable() })),
        latencyMs: z.number().nullable(),
      })
      .nullable(),
    service: z.object({ unit: z.string(), activeState: z.string() }).nullable(),
    degraded: z.array(z.enum(['slow', 'queueGrowing', 'relayed'])),
    findings: z.array(findingSchema),
  })
  .strict();

export type StatusJson = z.infer<typeof statusJsonSchema>;

/** SparkState + its rendering → the --json object (validated). `fixText` says what a fix means on the command line. */
export function statusJson(state: SparkState, view: StatusView, fixText: (fix: SparkState['findings'][number]['fixes'][number]) => string): StatusJson {
  const peer = state.tailnet?.peer;
  return statusJsonSchema.parse({
    phase: state.phase,
    text: view.accessibilityLabel,
    background: view.background ?? null,
    checkedAt: new Date(state.checkedAt).toISOString(),
    host: state.host ?? null,
    tailnet: state.tailnet
      ? {
          backendState: state.tailnet.backendState,
          tailnetName: state.tailnet.tailnetName ?? null,
          peer: peer ? { hostName: peer.hostName, dnsName: peer.dnsName, online: peer.online, lastSeen: peer.lastSeen ?? null, path: peer.path } : null,
        }
      : null,
    serve: state.serve ? { baseUrl: state.serve.baseUrl, exposure: state.serve.exposure, source: state.serve.source } : null,
    server: state.server
      ? {
          kind: state.server.kind,
          version: state.server.version ?? null,
          models: state.server.models.map((m) => ({ id: m.id, contextLength: m.contextLength ?? null })),
          latencyMs: state.server.latencyMs ?? null,
        }
      : null,
    service: state.service ?? null,
    degraded: [...state.degraded],
    findings: state.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      title: f.title,
      detail: f.detail,
      where: f.where ?? null,
      fixes: f.fixes.map((fix) => ({ label: fix.label, cli: fixText(fix) })),
    })),
  });
}
