// `tailspark detect` — find the Spark on the tailnet and its OpenAI base URL.
// With --status-json/--serve-json it works offline on captured JSON; without --status-json it
// asks the local `tailscale status --json`. Without --serve-json (no SSH here) the URL is the
// MagicDNS guess, flagged `guess: true`.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { discoverFromStatusText, discoverSpark, type SparkDiscovery } from '../core/tailnet/discover';
import { resolveSparkEndpoint } from '../core/tailnet/endpoint';
import { peerAddress } from '../core/tailnet/peers';
import { DEFAULT_INFERENCE_PORT, type ServeStatusOutput } from '../core/tailnet/serveUrl';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, failureLine, findingJson, firstError, formatFinding } from './io';

const USAGE = `usage: tailspark detect [--status-json FILE] [--serve-json FILE] [--host H] [--port P] [--tailscale PATH] [--json]
  --status-json FILE  captured \`tailscale status --json\` (otherwise the local tailscale is asked)
  --serve-json FILE   captured \`tailscale serve status [--json]\` from the Spark (otherwise the URL is guessed)
  --host H            the Spark: host name, MagicDNS name, Tailscale IP or tag:xyz (default: tag:spark / spark*)
  --port P            the inference server's port on the Spark (default ${DEFAULT_INFERENCE_PORT})
  --tailscale PATH    the Tailscale CLI to run
  --json              one JSON object on stdout
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  let values: { 'status-json'?: string; 'serve-json'?: string; host?: string; port?: string; tailscale?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        'status-json': { type: 'string' },
        'serve-json': { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        tailscale: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.stderr.write(failureLine('detect', (e as Error).message) + USAGE);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  const port = values.port === undefined ? DEFAULT_INFERENCE_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    io.stderr.write(failureLine('detect', `--port must be a TCP port (1-65535), got "${values.port}"`));
    return EXIT_USAGE;
  }

  let discovery: SparkDiscovery;
  if (values['status-json']) {
    const text = await readInput(values['status-json'], io);
    if (text === undefined) return EXIT_USAGE;
    discovery = discoverFromStatusText(text, values.host);
  } else {
    discovery = await discoverSpark({ cliPath: values.tailscale, selector: values.host });
  }

  let readServeStatus: (() => Promise<ServeStatusOutput>) | undefined;
  if (values['serve-json']) {
    const text = await readInput(values['serve-json'], io);
    if (text === undefined) return EXIT_USAGE;
    readServeStatus = async () => ({ stdout: text, stderr: '', code: 0 });
  }
  const endpoint = await resolveSparkEndpoint(discovery, { selector: values.host, port, readServeStatus });
  const { findings, peer: spark } = endpoint;
  const result = {
    host: endpoint.host,
    online: endpoint.online,
    baseUrl: endpoint.baseUrl,
    exposure: endpoint.exposure,
    guess: endpoint.guess,
    tailnet: endpoint.tailnet
      ? { name: endpoint.tailnet.tailnetName, backendState: endpoint.tailnet.backendState, magicDnsSuffix: endpoint.tailnet.magicDnsSuffix }
      : null,
    peer: spark,
    findings: findings.map(findingJson),
  };

  if (values.json) {
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const t = discovery.tailnet;
    if (t) io.stdout.write(`Tailnet:  ${t.tailnetName ?? '(not logged in)'} (${t.backendState})\n`);
    if (spark) {
      const path =
        spark.connection === 'direct'
          ? `direct via ${spark.directAddress}`
          : spark.connection === 'relayed'
            ? `relayed via DERP ${spark.relayRegion ?? '?'}`
            : spark.connection === 'peerRelay'
              ? 'via peer relay'
              : 'idle';
      io.stdout.write(
        `Spark:    ${peerAddress(spark)} (${spark.tailscaleIps.join(', ') || 'no IP'}) ${spark.online ? `online, ${path}` : `offline${spark.lastSeen ? `, last seen ${spark.lastSeen}` : ''}`}\n`,
      );
    }
    if (result.baseUrl) io.stdout.write(`Base URL: ${result.baseUrl}${result.guess ? ' (guessed: serve config not read)' : ` (${result.exposure === 'funnel' ? 'PUBLIC via Funnel' : 'tailnet only'})`}\n`);
    for (const f of findings) io.stdout.write(formatFinding(f));
  }

  const error = firstError(findings);
  if (error) {
    io.stderr.write(failureLine('detect', `${error.title}${error.where ? ` (${error.where})` : ''}`));
    return EXIT_FAILED;
  }
  if (!result.baseUrl) {
    const why = findings[0];
    io.stderr.write(failureLine('detect', `no base URL found${why ? `: ${why.title}` : ''}`));
    return EXIT_FAILED;
  }
  return EXIT_OK;
}

async function readInput(file: string, io: CliIo): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    io.stderr.write(failureLine('detect', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`));
    return undefined;
  }
}
