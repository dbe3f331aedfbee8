// `tailspark apply --target NAME --url URL [--wait] …` — verify the URL (GET URL/models), plan,
// and write one target through the same writers the extension uses. Cursor: refuses while a
// Cursor process has its database open, unless --wait (then waits for Cursor to quit).
import { executePlan, planApply } from '../core/targets';
import { verifyBaseUrl } from '../core/targets/verifyUrl';
import { type CliIo, cliTargets, findTarget, parseTargetArgs, renderFinding, TARGET_FLAGS_HELP, type TargetCliOptions, UsageError } from './targets';

const USAGE = `usage: tailspark apply --target cursor|vscode|continue|settings --url URL [options]\n${TARGET_FLAGS_HELP}`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  let o: TargetCliOptions;
  try {
    o = parseTargetArgs(args, env);
    if (!o.target) throw new UsageError('--target is required');
    if (!o.url) throw new UsageError('--url is required (Tailspark verifies it before writing)');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`tailspark apply: ${err.message}\n${USAGE}`);
    return 2;
  }
  const registered = findTarget(cliTargets(o, env), o.target);
  if (!registered) {
    io.stderr.write(`tailspark apply: unknown or unavailable target "${o.target}"\n${USAGE}`);
    return 2;
  }
  const apiKey = o.apiKeyEnv ? env[o.apiKeyEnv] : undefined;
  const verified = await verifyBaseUrl(o.url, { apiKey, exposure: o.exposure });
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
