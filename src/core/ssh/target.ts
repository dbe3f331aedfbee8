// Parses the "where to SSH" strings: the settings value `user@host[:port]` (or a bare host /
// ssh_config alias) and ProxyJump hops `[user@]host[:port]` / `ssh://[user@]host[:port]`.
import { z } from 'zod';
import { portSchema } from '../util/argv';

export interface TargetSpec {
  user?: string;
  host: string;
  port?: number;
}

const hostSchema = z
  .string()
  .min(1)
  .max(253)
  // DNS names, ssh_config aliases, IPv4, bracket-less IPv6 (brackets are stripped before).
  .regex(/^[A-Za-z0-9_.:%-]+$/, 'a host may only contain letters, digits and . _ - : %')
  .refine((s) => !s.startsWith('-'), 'a host cannot start with "-"');

const userSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.$@\\-]+$/, 'a user name may only contain letters, digits and _ . $ @ \\ -')
  .refine((s) => !s.startsWith('-'), 'a user name cannot start with "-"');

/** `user@host:port`, `host:port`, `host`, `[v6addr]:port`, `ssh://user@host:port`. Throws on garbage. */
export function parseTargetSpec(raw: string): TargetSpec {
  let s = raw.trim();
  if (s.startsWith('ssh://')) s = s.slice('ssh://'.length).replace(/\/$/, '');
  let user: string | undefined;
  const at = s.lastIndexOf('@');
  // Each part is checked with safeParse so the error is one sentence, never zod's issue JSON.
  const invalid = (what: string, issue: string | undefined) => new Error(`invalid SSH target ${JSON.stringify(raw)}: ${issue ?? `bad ${what}`}`);
  if (at >= 0) {
    const parsedUser = userSchema.safeParse(s.slice(0, at));
    if (!parsedUser.success) throw invalid('user', parsedUser.error.issues[0]?.message);
    user = parsedUser.data;
    s = s.slice(at + 1);
  }
  const parsePort = (text: string): number => {
    const parsed = portSchema.safeParse(text);
    if (!parsed.success) throw invalid('port', `the port must be 1-65535, got ${text}`);
    return parsed.data;
  };
  let host = s;
  let port: number | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) {
    host = v6[1];
    port = v6[2] === undefined ? undefined : parsePort(v6[2]);
  } else {
    const m = /^([^:]+):(\d+)$/.exec(s);
    if (m) {
      host = m[1];
      port = parsePort(m[2]);
    }
  }
  const parsedHost = hostSchema.safeParse(host);
  if (!parsedHost.success) throw invalid('host', parsedHost.error.issues[0]?.message);
  return { ...(user ? { user } : {}), host: parsedHost.data, ...(port ? { port } : {}) };
}

/** Non-throwing variant for settings validation. */
export function targetSpecError(raw: string): string | undefined {
  try {
    parseTargetSpec(raw);
    return undefined;
  } catch (err) {
    return err instanceof z.ZodError ? err.issues.map((i) => i.message).join('; ') : (err as Error).message;
  }
}

/** "user@host:port" as people write it; `[host]:port` form is only for known_hosts. */
export function formatTarget(user: string, host: string, port: number): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return `${user}@${h}:${port}`;
}

/**
 * The SSH target after the user picked another Spark: a `user@host[:port]` that names the OLD
 * Spark (by any of its names) moves to the new one with the same user and port. An ssh_config
 * alias or a target for some other host is the user's own choice and is kept (undefined).
 */
export function retargetSshTarget(target: string, oldNames: readonly string[], newHost: string): string | undefined {
  if (target.trim() === '') return undefined;
  let spec: TargetSpec;
  try {
    spec = parseTargetSpec(target);
  } catch {
    return undefined;
  }
  const names = new Set(oldNames.filter(Boolean).map((n) => n.toLowerCase().replace(/\.$/, '')));
  if (!names.has(spec.host.toLowerCase().replace(/\.$/, ''))) return undefined;
  const host = newHost.includes(':') ? `[${newHost}]` : newHost;
  return `${spec.user ? `${spec.user}@` : ''}${host}${spec.port ? `:${spec.port}` : ''}`;
}
