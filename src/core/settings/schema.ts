// Every `tailspark.*` setting: its zod schema and default, in ONE table. package.json's
// contributes.configuration declares the same keys for the Settings UI (with texts in
// package.nls*.json); test/unit/settings checks that both agree on keys and defaults.
// Values are validated per key: one bad value falls back to its default with a Finding, the
// others stay in effect.
import { isIP } from 'node:net';
import { z } from 'zod';
import { unitNameSchema } from '../ssh/argv';

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** Host name, MagicDNS name (optionally with the trailing dot), IPv4/IPv6 or tag:name. */
const HOST_SELECTOR = /^(?:tag:[a-z0-9][a-z0-9-]*|[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?)$/;

export const hostSelector = z
  .string()
  .trim()
  .max(253)
  .refine((v) => v === '' || HOST_SELECTOR.test(v) || isIP(v) !== 0, {
    message: 'expected a host name, MagicDNS name, Tailscale IP or tag:name',
  });

/** user@host[:port] or an ssh_config alias. Never starting with "-" (it would be an ssh option). */
export const sshTargetSchema = z
  .string()
  .trim()
  .max(300)
  .refine((v) => v === '' || /^(?:[A-Za-z0-9_][A-Za-z0-9_.-]*@)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_][A-Za-z0-9_.-]*)(?::\d{1,5})?$/.test(v), {
    message: 'expected user@host, user@host:port or an alias from ~/.ssh/config',
  });

/** A file path; empty means "the usual place". No NUL bytes, no newlines. */
const optionalPath = z
  .string()
  .trim()
  .max(4096)
  .refine((v) => !/[\0\r\n]/.test(v), { message: 'a path cannot contain NUL or line breaks' });

/**
 * systemd unit names: the same validator the remote actions use (src/core/ssh/argv.ts), so a
 * value the settings accept is never refused later by systemctl/journalctl (e.g. "-Hevil").
 */
const unitName = z.string().trim().pipe(unitNameSchema);

/** '' (detect on the Spark) or a systemd unit name: `service.unit` and each server's `unit`. */
export const optionalUnit = z.union([z.literal(''), unitName]);

/** A server's display name: also what `tailspark.activeServer` and the CLI's `--server` name. */
export const serverNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'a server name starts with a letter or digit and may contain letters, digits, spaces and . _ -');

/** One entry of `tailspark.servers`: where an inference server is and how to reach its Spark. */
export const serverEntrySchema = z
  .object({
    name: serverNameSchema,
    host: hostSelector.refine((v) => v !== '', { message: 'a server needs a host' }),
    port: int(1, 65535).default(30001),
    /** '' = detect on the Spark, as `service.unit`. */
    unit: optionalUnit.default(''),
    /** '' = the global `ssh.target`'s user on this host (src/core/servers/serverList.ts). */
    sshTarget: sshTargetSchema.default(''),
  })
  .strict();

/** At most 32 servers, names unique (case-insensitively: `--server spark` must not be ambiguous). */
const serversSchema = z
  .array(serverEntrySchema)
  .max(32)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((e, i) => {
      const key = e.name.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `the name ${JSON.stringify(e.name)} is used twice` });
      seen.add(key);
    });
  });

export const TARGET_SETTING_KEYS = ['targets.cursor', 'targets.vscodeCustomEndpoint', 'targets.continue'] as const;

export const settingsSchema = {
  'spark.host': hostSelector.default(''),
  'spark.inferencePort': int(1, 65535).default(30001),
  /** Several inference servers; empty: the one given by spark.host / spark.inferencePort (src/core/servers). */
  servers: serversSchema.default([]),
  /** The active entry's name; '' or an unknown name: the first. */
  activeServer: z.string().trim().max(64).default(''),
  /** In-editor targets follow a ready server with the same model when the active one stays down. */
  failover: z.enum(['off', 'ask', 'auto']).default('ask'),
  'failover.graceSeconds': int(10, 3600).default(60),
  /** Manual override: use this OpenAI base URL and never discover one over SSH. */
  baseUrl: z
    .string()
    .trim()
    .refine((v) => v === '' || /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(v), { message: 'expected an http(s) URL such as https://spark.tail1234.ts.net/v1' })
    .transform((v) => v.replace(/\/+$/, ''))
    .default(''),
  'ssh.target': sshTargetSchema.default(''),
  'ssh.configFile': optionalPath.default(''),
  'ssh.knownHostsFile': optionalPath.default(''),
  /** Opt-in: keep SSH key passphrases and sudo passwords in the editor's SecretStorage. */
  'ssh.rememberSecrets': z.boolean().default(false),
  /** '' = detect the unit on the Spark (src/core/remote/unitDetect.ts). */
  'service.unit': optionalUnit.default(''),
  'service.readyTimeoutSeconds': int(10, 7200).default(900),
  'tailscale.path': optionalPath.default(''),
  'network.resolve': z
    .record(
      z.string().regex(/^[A-Za-z0-9.-]+$/, 'keys must be host names'),
      z.string().refine((v) => isIP(v) !== 0, { message: 'values must be IP addresses' }),
    )
    .default({}),
  autoConfigure: z.enum(['auto', 'ask', 'off']).default('ask'),
  'targets.cursor': z.boolean().default(true),
  'targets.vscodeCustomEndpoint': z.boolean().default(true),
  'targets.continue': z.boolean().default(true),
  'targets.settingsKeys': z
    .array(
      z.object({
        key: z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/, 'expected a dotted settings key such as myExt.baseUrl'),
        suffix: z.string().max(64).regex(/^[A-Za-z0-9/._-]*$/, 'expected a URL path suffix such as /v1').default(''),
      }),
    )
    .max(50)
    .default([]),
  /** VS Code 1.104+: list the Spark's models in VS Code's chat (language-model provider). */
  'chatProvider.enabled': z.boolean().default(true),
  'poll.healthySeconds': int(2, 3600).default(15),
  'poll.maxBackoffSeconds': int(10, 86400).default(300),
  'poll.unfocusedFactor': z.number().min(1).max(100).default(4),
  'poll.detail': z.enum(['models', 'metrics']).default('metrics'),
  /** The servers that are not active are checked this often (the active one: poll.healthySeconds). */
  'poll.otherServersSeconds': int(15, 3600).default(120),
  'probe.timeoutMs': int(500, 120_000).default(5000),
  'probe.slowMs': int(50, 120_000).default(1500),
} as const;

export type SettingKey = keyof typeof settingsSchema;
export type Settings = { [K in SettingKey]: z.output<(typeof settingsSchema)[K]> };

export const SETTING_KEYS = Object.keys(settingsSchema) as SettingKey[];

/** The defaults, as the Settings UI should show them. */
export function defaultSettings(): Settings {
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) out[key] = settingsSchema[key].parse(undefined);
  return out as Settings;
}
