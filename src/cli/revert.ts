// `tailspark revert --target NAME` — restore the value that was there before Tailspark first
// wrote it (kept in the backup store of --state-dir).
import { revertTarget } from '../core/targets';
import { type CliIo, cliTargets, findTarget, missingTargetReason, parseTargetArgs, renderFinding, TARGET_FLAGS_HELP, type TargetCliOptions, UsageError } from './targets';

export const USAGE = `usage: tailspark revert --target NAME [options]\n${TARGET_FLAGS_HELP}`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  let o: TargetCliOptions;
  try {
    o = parseTargetArgs(args, env);
    if (!o.target) throw new UsageError('--target is required');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`tailspark revert: ${err.message}\n${USAGE}`);
    return 2;
  }
  const registered = findTarget(cliTargets(o, env), o.target);
  if (!registered) {
    io.stderr.write(`tailspark revert: ${missingTargetReason(o.target, o)}\n`);
    return 2;
  }
  const r = await revertTarget(registered.target, { stateDir: o.stateDir });
  if (o.json) io.stdout.write(`${JSON.stringify({ target: registered.target.id, result: r }, null, 2)}\n`);
  if (r.status === 'failed') {
    if (!o.json) io.stderr.write(renderFinding(r.finding));
    return 1;
  }
  if (!o.json) {
    if (r.status === 'reverted') io.stdout.write(`${registered.target.label}: restored ${r.restored ?? '(not set)'}\n  in ${r.where}\n`);
    else if (r.status === 'pending') io.stdout.write(`${registered.target.label}: ${r.detail}\n`);
  }
  return 0;
}
