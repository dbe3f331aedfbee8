// Client-side discovery: ask the local Tailscale who is on the tailnet and pick the Spark.
import { classifyCliOutput } from '../classify';
import type { Finding } from '../findings';
import { type CliResult, type CliRunOptions, runTailscaleCli } from './cliRunner';
import { choosePeer, type PeerInfo, peerFindings } from './peers';
import { parseTailscaleStatus, summarizeTailnet, type TailnetSummary } from './status';

export interface SparkDiscovery {
  /** null when the status could not be read at all (CLI missing, daemon down, …). */
  tailnet: TailnetSummary | null;
  spark?: PeerInfo;
  findings: Finding[];
}

/** Builds the discovery from `tailscale status --json` text (also used offline on captured files). */
export function discoverFromStatusText(text: string, selector?: string): SparkDiscovery {
  const parsed = parseTailscaleStatus(text);
  if (!parsed.ok) return { tailnet: null, findings: [parsed.finding] };
  const tailnet = summarizeTailnet(parsed.status);
  // Without a running backend the peer list is stale or empty: report the state, not "no Spark".
  if (tailnet.backendState !== 'Running') return { tailnet, findings: tailnet.findings };
  const choice = choosePeer(tailnet.peers, selector);
  return {
    tailnet,
    ...(choice.peer ? { spark: choice.peer } : {}),
    findings: [...tailnet.findings, ...choice.findings, ...(choice.peer ? peerFindings(choice.peer) : [])],
  };
}

export interface DiscoverOptions extends CliRunOptions {
  /** tailspark.host: host name, MagicDNS name, Tailscale IP or tag:xyz. */
  selector?: string;
  /** Replaces the real CLI (tests, other transports). */
  runStatus?: () => Promise<CliResult>;
}

/** Runs the local `tailscale status --json` and picks the Spark. Never throws for expected failures. */
export async function discoverSpark(options: DiscoverOptions = {}): Promise<SparkDiscovery> {
  let result: CliResult;
  if (options.runStatus) {
    result = await options.runStatus();
  } else {
    const run = await runTailscaleCli(['status', '--json'], options);
    if (!run.ok) return { tailnet: null, findings: [run.finding] };
    result = run.result;
  }
  // status --json exits 0 in every backend state; a failure here means the daemon or CLI is broken.
  if (result.code !== 0 || result.stdout.trim() === '') {
    const findings = classifyCliOutput({ stdout: result.stdout, stderr: result.stderr, exitCode: result.code ?? -1, argv: result.argv }, { side: 'local' });
    return { tailnet: null, findings };
  }
  return discoverFromStatusText(result.stdout, options.selector);
}
