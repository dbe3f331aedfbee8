// zod schema for `tailscale serve status --json` (reference/tailscale-cli.md §2). Every field is
// omitempty in tailscaled; the whole config may be `{}` or `null`.
import { z } from 'zod';

export const handlerSchema = z.object({
  Proxy: z.string().nullish(),
  Path: z.string().nullish(),
  Text: z.string().nullish(),
  Redirect: z.string().nullish(),
});

const webServerSchema = z.object({
  Handlers: z.record(z.string(), handlerSchema.nullish()).nullish(),
});

const tcpPortSchema = z.object({
  HTTPS: z.boolean().nullish(),
  HTTP: z.boolean().nullish(),
  /** `--tcp`/`--tls-terminated-tcp`: "127.0.0.1:30001" (or "unix:/path"). */
  TCPForward: z.string().nullish(),
  /** The SNI name tailscaled terminates TLS for before forwarding (`--tls-terminated-tcp`). */
  TerminateTLS: z.string().nullish(),
});

/** ipn.ServiceConfig: a Tailscale Service (`tailscale serve --service=svc:name`). */
const serviceConfigSchema = z.object({
  TCP: z.record(z.string(), tcpPortSchema.nullish()).nullish(),
  Web: z.record(z.string(), z.object({ Handlers: z.record(z.string(), handlerSchema.nullish()).nullish() }).nullish()).nullish(),
  /** L3 forwarding of the whole service IP: no port or handler to read. */
  Tun: z.boolean().nullish(),
});

const baseServeConfig = z.object({
  TCP: z.record(z.string(), tcpPortSchema.nullish()).nullish(),
  Web: z.record(z.string(), webServerSchema.nullish()).nullish(),
  AllowFunnel: z.record(z.string(), z.boolean().nullish()).nullish(),
  /** Keyed "svc:<dns-label>"; the Web keys inside are "<label>.<tailnet suffix>:<port>". */
  Services: z.record(z.string(), serviceConfigSchema.nullish()).nullish(),
});

export const serveConfigSchema = baseServeConfig.extend({
  /** `serve` without --bg: one config per foreground session. */
  Foreground: z.record(z.string(), baseServeConfig.nullish()).nullish(),
});

export type ServeConfig = z.infer<typeof serveConfigSchema>;
export type BaseServeConfig = z.infer<typeof baseServeConfig>;
export type ServeHandler = z.infer<typeof handlerSchema>;
