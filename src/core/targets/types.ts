// The shared vocabulary of the base-URL writers ("targets"): what a verified endpoint is, what
// every writer can do, and what applying/reverting returns. Editor-free: the VS Code adapter and
// the CLI both drive targets through these types only.
import { z } from 'zod';
import type { EndpointExposure, ModelInfo } from '../domain';
import type { Finding, Fix } from '../findings';

export type { EndpointExposure, ModelInfo };

/**
 * A base URL that a probe has actually answered on. Targets accept nothing else: the literal
 * `verified: true` can only come from `verifiedEndpoint()` (called by the probe after GET
 * <baseUrl>/models returned models) or from parsing a stored one with `verifiedEndpointSchema`.
 */
export interface VerifiedEndpoint {
  readonly verified: true;
  /** OpenAI base URL, e.g. https://spark-56d0.tail1234.ts.net/v1 (no trailing slash). */
  readonly baseUrl: string;
  readonly models: readonly ModelInfo[];
  readonly exposure: EndpointExposure;
  /** Whether the server rejected a request without an API key (undefined: not known). */
  readonly authRequired?: boolean;
  /** ISO time of the successful probe. */
  readonly verifiedAt: string;
}

export const verifiedEndpointSchema = z.object({
  verified: z.literal(true),
  baseUrl: z.url({ protocol: /^https?$/ }),
  models: z.array(z.object({ id: z.string().min(1), contextLength: z.number().int().positive().optional() })).min(1),
  exposure: z.enum(['tailnet', 'funnel', 'unknown']),
  authRequired: z.boolean().optional(),
  verifiedAt: z.string().min(1),
});

/** Build the token after a successful probe. Throws on a malformed URL or an empty model list. */
export function verifiedEndpoint(input: Omit<VerifiedEndpoint, 'verified' | 'verifiedAt'> & { verifiedAt?: string }): VerifiedEndpoint {
  return verifiedEndpointSchema.parse({
    ...input,
    baseUrl: input.baseUrl.replace(/\/+$/, ''),
    verified: true,
    verifiedAt: input.verifiedAt ?? new Date().toISOString(),
  }) as VerifiedEndpoint;
}

export function isVerifiedEndpoint(value: unknown): value is VerifiedEndpoint {
  return verifiedEndpointSchema.safeParse(value).success;
}

export type TargetId = 'cursor' | 'vscode-custom-endpoint' | 'continue' | 'settings-keys';

/** Who sends the chat requests to the base URL once it is configured. */
export type RequestOrigin = 'local' | 'cursor-cloud';

export interface Reachability {
  ok: boolean;
  who: RequestOrigin;
  /** One plain sentence: why it can or cannot work. */
  reason: string;
  fixes: Fix[];
  /** Set when not ok (or ok with a caveat, e.g. Funnel without an API key). */
  finding?: Finding;
}

export interface Detection {
  present: boolean;
  /** The file/setting this target writes, for display. */
  where: string;
  /** Why it is (not) present, in a few words. */
  reason: string;
}

/** The value a target holds now: a URL, or undefined when nothing is set. */
export type ReadResult = { ok: true; value: string | undefined; where: string } | { ok: false; finding: Finding };

export type ApplyResult =
  /** Written and read back. */
  | { status: 'written'; where: string; previous: string | undefined; now: string }
  /** Already had this value: nothing written. */
  | { status: 'unchanged'; where: string; now: string }
  /** A helper will write when the editor exits (Cursor); verify after restart. */
  | { status: 'pending'; where: string; detail: string; helperPid?: number }
  | { status: 'reverted'; where: string; restored: string | undefined }
  | { status: 'failed'; where: string; finding: Finding };

export interface Target {
  readonly id: TargetId;
  readonly label: string;
  /** Is the tool/file there and applicable to this editor? Cheap; never writes. */
  detect(): Promise<Detection>;
  /** The current base URL of this target (read-only, never blocks a running editor). */
  read(): Promise<ReadResult>;
  /** True when read() already equals what apply() would write for this URL. */
  inSync(url: string): Promise<boolean>;
  /**
   * Writes the endpoint (base URL + models where the target lists models). Saves the previous
   * value in the backup store first; callers hold the writer lock (see plan.ts executePlan).
   */
  apply(endpoint: VerifiedEndpoint): Promise<ApplyResult>;
  /** Restores the value saved by the first apply() (exactly, including "was absent"). */
  revert(): Promise<ApplyResult>;
  /** Who calls the URL once configured, and whether they can reach it. Pure. */
  reachability(url: string, exposure: EndpointExposure, authRequired?: boolean): Reachability;
}

/**
 * Writes editor settings. The VS Code adapter implements it with
 * `workspace.getConfiguration().update(key, value, ConfigurationTarget.Global)`; the CLI with a
 * settings.json file (jsoncSettingsWriter.ts). `undefined` removes the key.
 */
export interface SettingsWriter {
  readonly where: string;
  read(key: string): Promise<unknown>;
  write(key: string, value: unknown): Promise<void>;
}

/** The display name of the one entry Tailspark manages in list-shaped configs. */
export const MANAGED_ENTRY_NAME = 'Tailspark (Spark)';

/** Thrown by helpers (e.g. a SettingsWriter) that already know the right Finding. */
export class FindingError extends Error {
  constructor(readonly finding: Finding) {
    super(finding.title);
  }
}
