// Discovery + serve config → the one answer the extension and the CLI need: which host, is it
// online, and which OpenAI base URL (read from the Spark's serve config, or guessed).
import type { Finding } from '../findings';
import { hostKind } from './address';
import type { SparkDiscovery } from './discover';
import { type PeerInfo, peerAddress } from './peers';
import { DEFAULT_INFERENCE_PORT, detectServeUrl, type Exposure, guessServeUrl, type ServeStatusOutput, type ServeUrlResult } from './serveUrl';
import type { TailnetSummary } from './status';

export interface SparkEndpoint {
  /** The Spark's MagicDNS name (or its address when MagicDNS is off); null when no Spark was found. */
  host: string | null;
  online: boolean | null;
  baseUrl: string | null;
  exposure: Exposure | null;
  /** True when the base URL is the MagicDNS guess (serve config not read). */
  guess: boolean;
  tailnet: TailnetSummary | null;
  peer: PeerInfo | null;
  serve: ServeUrlResult | null;
  /** Discovery findings first, then serve findings. */
  findings: Finding[];
}

export interface EndpointOptions {
  /** The configured host (used for the guess when no peer was found but it is a MagicDNS name). */
  selector?: string;
  /** The inference port on the Spark (default 30001). */
  port?: number;
  /**
   * Reads `tailscale serve status --json` on the Spark (over SSH). Without it the URL is the
   * MagicDNS guess — the probe confirms or refutes it.
   */
  readServeStatus?: () => Promise<ServeStatusOutput>;
  /** Remote login user, for operator fixes in serve findings. */
  user?: string;
}

export async function resolveSparkEndpoint(discovery: SparkDiscovery, options: EndpointOptions = {}): Promise<SparkEndpoint> {
  const spark = discovery.spark;
  const selector = options.selector?.trim();
  // Without a peer, a MagicDNS name given as the host is still good enough for a guess.
  const magicDnsName = spark?.dnsName || (selector && hostKind(selector) === 'magicDnsName' ? selector.replace(/\.$/, '') : undefined);
  let serve: ServeUrlResult | null = null;
  if (options.readServeStatus) {
    serve = await detectServeUrl(options.readServeStatus, { host: magicDnsName, addresses: spark?.tailscaleIps ?? [], port: options.port ?? DEFAULT_INFERENCE_PORT, magicDnsName, user: options.user });
  } else if (magicDnsName) {
    serve = guessServeUrl(magicDnsName);
  }
  return {
    host: magicDnsName ?? (spark ? peerAddress(spark) : null),
    online: spark ? spark.online : null,
    baseUrl: serve?.baseUrl ?? null,
    exposure: serve?.exposure ?? null,
    guess: serve?.guess ?? false,
    tailnet: discovery.tailnet,
    peer: spark ?? null,
    serve,
    findings: [...discovery.findings, ...(serve?.findings ?? [])],
  };
}
