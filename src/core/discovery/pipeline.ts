// THE discovery pipeline, run once: (1) the local `tailscale status --json` finds the Spark,
// (2) its serve config is read over SSH, (3) when that fails or is not tried, the URL is derived
// from the MagicDNS name (source 'derived'), (4) the URL is verified over HTTPS. The CLI's
// `detect` runs it as is; the Monitor runs the same steps on its own schedule (src/core/monitor/
// probes.ts + monitor.ts), the doctor as checks. Each step is injected, so the transport (SSH
// pool, captured files) and the HTTP client (the lead's one HTTP object) stay swappable.
import type { Finding } from '../findings';
import type { ServerProbe } from '../state/probeResults';
import type { ServeInfo } from '../state/types';
import { hostKind } from '../tailnet/address';
import type { SparkDiscovery } from '../tailnet/discover';
import { derivedFinding, derivedServe, type ServeReading } from './serve';

export interface PipelineSteps {
  /** Step 1: who is on the tailnet (the local CLI, or a captured status). */
  tailnet(): Promise<SparkDiscovery>;
  /** Step 2: the serve config; undefined = not read (no SSH wanted or possible). */
  readServe?(discovery: SparkDiscovery): Promise<ServeReading | undefined>;
  /** Step 4: one HTTPS request to the URL (GET /v1/models); absent = not verified. */
  verify?(baseUrl: string): Promise<ServerProbe>;
  /** The configured host: a MagicDNS name given here is enough for the derived URL without a peer. */
  selector?: string;
}

export interface DiscoveryOutcome {
  discovery: SparkDiscovery;
  /** The Spark's MagicDNS name (the peer's, or the selector when that is one); null when unknown. */
  magicDnsName: string | null;
  reading?: ServeReading;
  /** The URL the status bar would use: read over SSH, or derived (and, if verified, answering). */
  serve?: ServeInfo;
  server?: ServerProbe;
  /** In pipeline order: tailnet, serve config, derived URL, verification. */
  findings: Finding[];
}

const ANSWERED: ReadonlySet<ServerProbe['kind']> = new Set(['ok', 'warmingUp']);

export async function runDiscovery(steps: PipelineSteps): Promise<DiscoveryOutcome> {
  const discovery = await steps.tailnet();
  const selector = steps.selector?.trim();
  const magicDnsName = discovery.spark?.dnsName || (selector && hostKind(selector) === 'magicDnsName' ? selector.replace(/\.$/, '') : null);
  const findings: Finding[] = [...discovery.findings];
  const reading = steps.readServe ? await steps.readServe(discovery) : undefined;
  let serve: ServeInfo | undefined;
  if (reading?.kind === 'served') {
    serve = reading.serve;
    findings.push(...reading.findings);
  } else if (reading?.kind === 'notServed') {
    findings.push(reading.finding); // authoritative: no guess over a config that says "nothing"
  } else {
    if (reading) findings.push(reading.finding);
    serve = derivedServe(magicDnsName ?? undefined);
  }
  const server = serve && steps.verify ? await steps.verify(serve.baseUrl) : undefined;
  // A derived URL that does not answer proves nothing (serve may use another port): drop it.
  const dropped = serve?.source === 'derived' && server !== undefined && !ANSWERED.has(server.kind);
  if (serve?.source === 'derived' && !dropped) findings.push(derivedFinding(serve));
  if (server && server.kind !== 'ok' && server.finding) findings.push(server.finding);
  return {
    discovery,
    magicDnsName,
    ...(reading ? { reading } : {}),
    ...(serve && !dropped ? { serve } : {}),
    ...(server ? { server } : {}),
    findings,
  };
}
