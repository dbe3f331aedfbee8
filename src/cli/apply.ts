// `tailspark apply --target NAME [--url URL] [--wait] …` — verify the URL (GET URL/models), plan,
// and write one target through the same writers the extension uses. Cursor: refuses while a
// Cursor process has its database open, unless --wait (then waits for Cursor to quit).
// Without --url the URL is detected like `tailspark detect` does (local tailscale + the Spark's
// serve config over SSH, or the MagicDNS guess) — and then verified all the same.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { executePlan, planApply } from '../core/targets';
import { SparkHttp } from '../core/http/sparkHttp';
import { DETECTION_FLAGS_HELP, DETECTION_OPTIONS, type DetectionFlags, detectEndpoint, detectionFlags, InputError, splitDetectionArgs } from './detect';
import { type CliIo, cliTargets, findTarget, missingTargetReason, parseTargetArgs, renderFinding, TARGET_FLAGS_HELP, type TargetCliOptions, UsageError } from './targets';

const URL_REQUIRED = '--url is required (Tailspark verifies it before writing)';

export const USAGE = `usage: tailspark apply --target cursor|vscode|continue|settings [--url URL] [options]
${TARGET_FLAGS_HELP}  --ca FILE               also trust this CA certificate (PEM) when verifying (repeatable)
Without --url the URL is detected (like tailspark detect) with:
${DETECTION_FLAGS_HELP}`;

/** apply's own flag besides the detection flags (they share --resolve for the verification). */
const VERIFY_OPTIONS = { ca: { type: 'string', multiple: true } } as const;

export async function run(args: string[], io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  let o: TargetCliOptions;
  let flags: DetectionFlags;
  let extraCa: string[];
  try {
    const { detection, rest } = splitDetectionArgs(args, VERIFY_OPTIONS);
    const { values } = parseArgs({ args: detection, options: { ...DETECTION_OPTIONS, ...VERIFY_OPTIONS }, strict: true, allowPositionals: false });
    flags = detectionFlags(values);
    extraCa = (values.ca ?? []).map((f) => {
      try {
        return readFileSync(f, 'utf8');
      } catch (e) {
        throw new UsageError(`cannot read --ca ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    });
    o = parseTargetArgs(rest, env);
    if (!o.target) throw new UsageError('--target is required');
  } catch (err) {
    // Everything thrown above is about the arguments (parseArgs, --port/--resolve values, target flags).
    io.stderr.write(`tailspark apply: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const registered = findTarget(cliTargets(o, env), o.target);
  if (!registered) {
    io.stderr.write(`tailspark apply: ${missingTargetReason(o.target, o)}\n`);
    return 2;
  }
  if (!o.url) {
    const detected = await detectUrl(flags, io);
    if (!detected) return 2;
    o.url = detected.url;
    o.exposure ??= detected.exposure;
  }
  const apiKey = o.apiKeyEnv ? env[o.apiKeyEnv] : undefined;
  // The same check and the same VerifiedEndpoint as the extension (so the same entries get written).
  const http = SparkHttp.fixed({ ...(apiKey ? { apiKey } : {}), resolve: flags.resolve, extraCa, timeoutMs: 10_000 });
  const verified = await http.verify(o.url, o.exposure ?? 'unknown');
  if (!verified.ok) {
    io.stderr.write(renderFinding(verified.finding));
    return 1;
  }
  const planned = await planApply(verified.endpoint, [registered.target]);
  if (!planned.ok) {
    io.stderr.write(renderFinding(planned.finding));
    return 1;
  }
  const step = planned.plan.steps[0];
  if (step.action === 'blocked' && !(o.writeAnyway && step.current.ok)) {
    io.stderr.write(`${step.summary}\n`);
    if (!step.current.ok) io.stderr.write(renderFinding(step.current.finding));
    else if (step.reachability.finding) io.stderr.write(renderFinding(step.reachability.finding));
    if (step.current.ok) io.stderr.write('Nothing written. Use --write-anyway to write it regardless.\n');
    return 3;
  }
  const done = await executePlan(planned.plan, {
    stateDir: o.stateDir,
    confirmed: [registered.target.id],
    writeAnyway: o.writeAnyway ? [registered.target.id] : [],
  });
  if (!done.ok) {
    io.stderr.write(renderFinding(done.finding));
    return 1;
  }
  const outcome = done.outcomes[0];
  const r = outcome.result;
  if (o.json) io.stdout.write(`${JSON.stringify({ target: outcome.targetId, works: outcome.works, result: r }, null, 2)}\n`);
  if (r.status === 'failed') {
    if (!o.json) io.stderr.write(renderFinding(r.finding));
    return 1;
  }
  if (!o.json) {
    if (r.status === 'written') io.stdout.write(`${outcome.label}: ${r.previous ?? '(not set)'} → ${r.now}\n  written to ${r.where}\n`);
    else if (r.status === 'unchanged') io.stdout.write(`${outcome.label}: already ${r.now}\n`);
    else if (r.status === 'pending') io.stdout.write(`${outcome.label}: ${r.detail}\n`);
    else if (r.status === 'skipped') io.stdout.write(`${outcome.label}: skipped (${r.reason})\n`);
    if (!outcome.works && r.status !== 'skipped') io.stdout.write(`  warning: written, but it cannot work: ${outcome.reachability.reason}\n`);
  }
  return 0;
}

/**
 * No --url: detect it. Prints where it came from (and any warning/error found on the way) to
 * stderr; undefined when nothing was found — then the usage error says why.
 */
async function detectUrl(flags: DetectionFlags, io: CliIo): Promise<{ url: string; exposure?: 'tailnet' | 'funnel' } | undefined> {
  let detection: Awaited<ReturnType<typeof detectEndpoint>>;
  try {
    detection = await detectEndpoint(flags, io);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    io.stderr.write(`tailspark apply: ${URL_REQUIRED}; detection failed: ${e.message}\n${USAGE}`);
    return undefined;
  }
  const { findings } = detection;
  const serve = detection.outcome.serve;
  for (const f of findings) if (f.severity !== 'info') io.stderr.write(renderFinding(f));
  if (!serve) {
    const why = findings.find((f) => f.severity === 'error') ?? findings[0];
    const reason = why ? `${why.title}${why.where ? ` (${why.where})` : ''}` : 'no Spark found on the tailnet';
    io.stderr.write(`tailspark apply: ${URL_REQUIRED}; detection found no URL: ${reason}\n${USAGE}`);
    return undefined;
  }
  const guess = serve.source === 'derived';
  const source = guess
    ? 'guessed from the MagicDNS name (serve config not read)'
    : `from the serve config on ${detection.sshTarget ?? 'the Spark'}${serve.exposure === 'funnel' ? ', PUBLIC via Funnel' : ''}`;
  io.stderr.write(`tailspark apply: no --url: detected ${serve.baseUrl} (${source}); verifying it\n`);
  return { url: serve.baseUrl, ...(guess ? {} : { exposure: serve.exposure }) };
}
