// zod schemas for `tailscale status --json` (reference/tailscale-cli.md §1). Tolerant on
// purpose: unknown fields are dropped, `null` is read as an empty list/map, omitted fields get
// neutral defaults, so releases from 1.50 to today parse alike.
import { z } from 'zod';

/** A string that may be missing or null; reads as ''. */
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

/** A list that may be missing or null (`Tags` is omitted when none, `Addrs` is often null). */
const listOf = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);

const flag = z
  .boolean()
  .nullish()
  .transform((v) => v ?? false);

export const peerStatusSchema = z.object({
  ID: text,
  HostName: text,
  /** FQDN WITH a trailing dot, e.g. "spark-56d0.tail1234.ts.net.". */
  DNSName: text,
  OS: text,
  TailscaleIPs: listOf(z.string()),
  Tags: listOf(z.string()),
  Online: flag,
  Active: flag,
  CurAddr: text,
  Relay: text,
  PeerRelay: text,
  LastSeen: text,
  KeyExpiry: text,
  Expired: flag,
  /** Lower-case JSON name in tailscaled's output. */
  sshHostKeys: listOf(z.string()),
  CapMap: z.record(z.string(), z.unknown()).nullish(),
  /** In the netmap only because its owner was shared one of OUR nodes (it may connect to us);
   *  `tailscale status` hides these (ipnstate.PeerStatus.ShareeNode). */
  ShareeNode: flag,
});

export const tailscaleStatusSchema = z.object({
  Version: text,
  BackendState: text,
  AuthURL: text,
  TailscaleIPs: listOf(z.string()),
  Self: peerStatusSchema.nullish(),
  Health: listOf(z.string()),
  MagicDNSSuffix: text,
  CurrentTailnet: z
    .object({ Name: text, MagicDNSSuffix: text, MagicDNSEnabled: flag })
    .nullish(),
  CertDomains: listOf(z.string()),
  Peer: z
    .record(z.string(), peerStatusSchema)
    .nullish()
    .transform((v) => v ?? {}),
});

export type PeerStatus = z.infer<typeof peerStatusSchema>;
export type TailscaleStatus = z.infer<typeof tailscaleStatusSchema>;
