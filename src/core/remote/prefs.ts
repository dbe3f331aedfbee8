// `tailscale debug prefs` on the Spark: RunSSH (Tailscale SSH on?) and OperatorUser (who may
// change serve without sudo). The JSON also holds private keys (Config.PrivateNodeKey…): we
// keep only the fields we need and never log or show the rest.
import { z } from 'zod';
import { runRemote } from './run';
import type { OpContext } from './types';

const prefsSchema = z.looseObject({
  RunSSH: z.boolean().optional(),
  OperatorUser: z.string().optional(),
  WantRunning: z.boolean().optional(),
  Hostname: z.string().optional(),
  AdvertiseTags: z.array(z.string()).nullish(),
});

export interface TailscalePrefs {
  runSsh: boolean;
  operatorUser: string;
  wantRunning?: boolean;
  advertiseTags: string[];
}

export function parsePrefs(text: string): TailscalePrefs | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const p = prefsSchema.safeParse(raw);
  if (!p.success) return undefined;
  return {
    runSsh: p.data.RunSSH ?? false,
    operatorUser: p.data.OperatorUser ?? '',
    ...(p.data.WantRunning !== undefined ? { wantRunning: p.data.WantRunning } : {}),
    advertiseTags: p.data.AdvertiseTags ?? [],
  };
}

export const PREFS_ARGV = ['tailscale', 'debug', 'prefs'] as const;

/** Reads the prefs as the login user, then with sudo if that is refused (the runbook uses sudo). */
export async function readPrefs(ctx: OpContext): Promise<{ prefs?: TailscalePrefs; stderr: string; code: number | null }> {
  let r = await runRemote(ctx, PREFS_ARGV, { timeoutMs: 15_000 });
  if (r.code !== 0 && /access denied/i.test(r.stderr)) r = await runRemote(ctx, PREFS_ARGV, { timeoutMs: 15_000, sudo: true });
  const prefs = r.code === 0 ? parsePrefs(r.stdout) : undefined;
  return { ...(prefs ? { prefs } : {}), stderr: r.stderr, code: r.code };
}
