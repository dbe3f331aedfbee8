// `tailspark probe URL [--api-key-env VAR] [--resolve host:addr] [--json]` — verify an OpenAI
// base URL the way the extension does: GET URL/models, then who answers and its load.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SparkHttp } from '../core/http/sparkHttp';
import { tr } from '../core/l10n';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, failureLine, findingJson, firstError, formatFinding, resolveMap } from './io';

export const USAGE = `usage: tailspark probe URL [--api-key-env VAR] [--resolve host:addr] [--timeout MS] [--exposure tailnet|funnel] [--ca FILE] [--quick] [--json]
  URL                  the OpenAI base URL, e.g. https://spark-56d0.tail1234.ts.net/v1
  --api-key-env VAR    read the API key from this environment variable (never from argv)
  --resolve host:addr  connect to addr for host (like curl --resolve; host:port:addr also accepted); repeatable
  --timeout MS         per request (default 8000)
  --exposure E         funnel: also check that the public route refuses requests without a key
  --ca FILE            also trust this CA certificate (PEM), besides the system's
  --quick              only GET URL/models
  --json               one JSON object on stdout
`;


export async function run(args: string[], io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args,
      options: {
        'api-key-env': { type: 'string' },
        resolve: { type: 'string', multiple: true },
        timeout: { type: 'string' },
        exposure: { type: 'string' },
        ca: { type: 'string' },
        quick: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  try {
    parsed = parse();
  } catch (e) {
    io.stderr.write(failureLine('probe', (e as Error).message) + USAGE);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const usage = (reason: string) => {
    io.stderr.write(failureLine('probe', reason) + USAGE);
    return EXIT_USAGE;
  };
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) return usage('exactly one URL is required');
  let resolve: Record<string, string>;
  try {
    resolve = resolveMap(values.resolve);
  } catch (err) {
    return usage((err as Error).message);
  }
  let apiKey: string | undefined;
  if (values['api-key-env']) {
    apiKey = env[values['api-key-env']];
    if (!apiKey) return usage(`environment variable ${values['api-key-env']} is not set`);
  }
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) return usage(`--timeout must be milliseconds, got "${values.timeout}"`);
  if (values.exposure !== undefined && values.exposure !== 'tailnet' && values.exposure !== 'funnel') return usage('--exposure must be tailnet or funnel');
  let extraCa: string[] | undefined;
  if (values.ca) {
    try {
      extraCa = [await readFile(values.ca, 'utf8')];
    } catch (e) {
      return usage(`cannot read ${values.ca}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }

  const http = SparkHttp.fixed({ resolve, ...(apiKey ? { apiKey } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(extraCa ? { extraCa } : {}) });
  const r = await http.probe(positionals[0]!, {
    exposure: values.exposure as 'tailnet' | 'funnel' | undefined,
    identify: !values.quick,
    load: !values.quick,
  });

  if (values.json) {
    const { findings, metricsSample: _sample, ...rest } = r;
    io.stdout.write(`${JSON.stringify({ ...rest, findings: findings.map(findingJson) }, null, 2)}\n`);
  } else {
    if (r.ok) {
      io.stdout.write(`OK        ${tr('{0} answered in {1} ms', r.baseUrl, r.latencyMs ?? '?')}\n`);
      if (r.server) io.stdout.write(`Server:   ${r.server.kind}${r.server.version ? ` ${r.server.version}` : ''}\n`);
      for (const m of r.models) io.stdout.write(`Model:    ${m.id}${m.contextLength ? tr(' (context {0} tokens)', m.contextLength) : ''}${m.parent ? tr(' [LoRA of {0}]', m.parent) : ''}\n`);
      if (r.load) {
        const l = r.load;
        const parts = [
          l.runningRequests !== undefined ? tr('{0} running', l.runningRequests) : undefined,
          l.queuedRequests !== undefined ? tr('{0} queued', l.queuedRequests) : undefined,
          l.kvCacheUsage !== undefined ? `KV ${Math.round(l.kvCacheUsage * 100)}%` : undefined,
          l.tokensPerSecond !== undefined ? `${l.tokensPerSecond.toFixed(1)} tok/s` : undefined,
        ].filter(Boolean);
        io.stdout.write(`Load:     ${parts.join(', ')} ${tr('(from {0})', l.source === 'metrics' ? '/metrics' : '/v1/loads')}\n`);
      }
    }
    for (const f of r.findings) io.stdout.write(formatFinding(f));
  }

  const error = firstError(r.findings);
  if (!r.ok || error) {
    const f = error ?? r.findings[0];
    io.stderr.write(failureLine('probe', f ? `${f.title}${f.where ? ` (${f.where})` : ''}` : tr('not verified')));
    return EXIT_FAILED;
  }
  return EXIT_OK;
}
