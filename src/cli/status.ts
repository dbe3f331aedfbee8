// `tailspark status [--json]` — what the status bar would show right now. Runs the discovery
// pipeline ONCE through the Monitor the extension runs (its first tick: the local tailnet, the
// serve config over SSH, the URL derived from the MagicDNS name, one HTTPS verification), then
// renders the resulting SparkState with the ONE renderer (src/core/state/render.ts): text as the
// tooltip shows it, or --json as the object src/core/state/statusJson.ts describes.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { tr } from '../core/l10n';
import { Monitor } from '../core/monitor/monitor';
import { SparkHttp } from '../core/http/sparkHttp';
import { createProbes } from '../core/monitor/probes';
import type { MonitorConfig } from '../core/monitor/types';
import type { Logger } from '../core/util/log';
import { defaultSettings, monitorConfig } from '../core/settings';
import { markdownToPlain } from '../core/state/plainText';
import { renderStatus } from '../core/state/render';
import { statusJson } from '../core/state/statusJson';
import { isHealthy, type SparkState } from '../core/state/types';
import { discoverSpark } from '../core/tailnet/discover';
import { DETECTION_FLAGS_HELP, DETECTION_OPTIONS, type DetectionFlags, cliPool, cliSparkShell, detectionFlags } from './detect';
import { cliFixText } from './fixes';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, failureLine, formatFinding } from './io';

export const USAGE = `usage: tailspark status [options] [--json]
${DETECTION_FLAGS_HELP.split('\n')
  .filter((l) => !l.includes('--no-ssh'))
  .join('\n')}  --api-key-env VAR   read the API key from this environment variable (never from argv)
  --ca FILE           also trust this CA certificate (PEM), besides the system's
  --unit UNIT         the inference service's systemd unit (default: detected on the Spark)
  --timeout MS        per HTTP request (default ${defaultSettings()['probe.timeoutMs']}); SSH gets three times as long
  --verbose           the Monitor's log on stderr
  --json              one JSON object on stdout (schema: src/core/state/statusJson.ts)
Exit 0 when the Spark is ready (or degraded but answering), 1 otherwise (reason on stderr), 2 usage.
`;

const { 'status-json': _status, 'serve-json': _serve, 'no-ssh': _noSsh, ...LIVE_OPTIONS } = DETECTION_OPTIONS;

export async function run(args: string[], io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  let flags: DetectionFlags;
  let values: ReturnType<typeof parse>['values'];
  const parse = () =>
    parseArgs({
      args,
      options: {
        ...LIVE_OPTIONS,
        'api-key-env': { type: 'string' },
        ca: { type: 'string' },
        unit: { type: 'string' },
        timeout: { type: 'string' },
        verbose: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  const usage = (reason: string) => {
    io.stderr.write(failureLine('status', reason) + USAGE);
    return EXIT_USAGE;
  };
  try {
    values = parse().values;
    flags = detectionFlags(values);
  } catch (e) {
    return usage((e as Error).message);
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  const defaults = defaultSettings();
  const timeoutMs = values.timeout === undefined ? defaults['probe.timeoutMs'] : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100) return usage(`--timeout wants milliseconds (>= 100), got "${values.timeout}"`);
  let apiKey: string | undefined;
  if (values['api-key-env']) {
    apiKey = env[values['api-key-env']];
    if (!apiKey) return usage(`environment variable ${values['api-key-env']} is not set`);
  }
  let extraCa: string[] | undefined;
  if (values.ca) {
    try {
      extraCa = [await readFile(values.ca, 'utf8')];
    } catch (e) {
      return usage(`cannot read ${values.ca}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }

  // Without --host the local tailnet picks the Spark (tag:spark / spark*), as `detect` does.
  const host = flags.host ?? (await defaultHost(flags));
  const config: MonitorConfig = {
    ...monitorConfig(defaults),
    host,
    timeoutMs,
    serviceUnit: values.unit ?? '',
  };
  const log = values.verbose ? stderrLogger(io) : quietLogger;
  const pool = cliPool(io);
  const monitor = new Monitor({
    probes: createProbes({
      settings: () => ({ tailscalePath: flags.tailscale ?? '', inferencePort: flags.port, timeoutMs }),
      http: SparkHttp.fixed({ resolve: flags.resolve, timeoutMs, ...(apiKey ? { apiKey } : {}), ...(extraCa ? { extraCa } : {}) }),
      shell: cliSparkShell(pool, flags, io),
    }),
    log,
    getConfig: () => config,
  });
  let state: SparkState;
  try {
    await monitor.refresh({ force: true, reason: 'tailspark status' });
    state = monitor.getState();
  } finally {
    monitor.dispose();
    pool.closeAll();
  }

  const view = renderStatus(state, { t: tr, now: Date.now() });
  if (values.json) {
    io.stdout.write(`${JSON.stringify(statusJson(state, view, cliFixText), null, 2)}\n`);
  } else {
    io.stdout.write(`${view.accessibilityLabel}\n\n${markdownToPlain(view.tooltip)}\n`);
    if (state.findings.length > 0) io.stdout.write('\n');
    for (const f of state.findings) io.stdout.write(formatFinding(f));
  }
  if (isHealthy(state.phase)) return EXIT_OK;
  const why = state.findings[0];
  io.stderr.write(failureLine('status', `${view.accessibilityLabel}${why ? ` — ${why.title}${why.where ? ` (${why.where})` : ''}` : ''}`));
  return EXIT_FAILED;
}

/** The Spark the local tailnet would pick without a selector; '' when none (the state is then notConfigured). */
async function defaultHost(flags: DetectionFlags): Promise<string> {
  const d = await discoverSpark({ ...(flags.tailscale ? { cliPath: flags.tailscale } : {}) });
  return d.spark ? d.spark.dnsName || d.spark.hostName : '';
}

const quietLogger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

function stderrLogger(io: CliIo): Logger {
  const line = (level: string) => (m: string) => io.stderr.write(`[${level}] ${m}\n`);
  return { trace: line('trace'), debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
