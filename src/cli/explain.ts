// `tailspark explain [--exit-code N] [--side local|remote] [--user U] [--json] < FILE`
// Classifies captured output of a tailscale command (or an SSH login) into findings.
import { parseArgs } from 'node:util';
import { classifyCliOutput } from '../core/classify';
import { tr } from '../core/l10n';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, failureLine, findingJson, firstError, formatFinding, readAll } from './io';

export const USAGE = `usage: tailspark explain [--exit-code N] [--side local|remote] [--user U] [--json] < captured-output.txt
  --exit-code N   the command's exit code, when known
  --side S        where the command ran: local (this machine) or remote (the Spark); changes the fixes
  --user U        the Spark login user (for "tailscale set --operator=U")
  --json          findings as JSON on stdout
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  let values: { 'exit-code'?: string; side?: string; user?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { 'exit-code': { type: 'string' }, side: { type: 'string' }, user: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.stderr.write(failureLine('explain', (e as Error).message) + USAGE);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  const exitCode = values['exit-code'] === undefined ? undefined : Number(values['exit-code']);
  if (exitCode !== undefined && !Number.isInteger(exitCode)) {
    io.stderr.write(failureLine('explain', `--exit-code must be an integer, got "${values['exit-code']}"`));
    return EXIT_USAGE;
  }
  if (values.side !== undefined && values.side !== 'local' && values.side !== 'remote') {
    io.stderr.write(failureLine('explain', `--side must be local or remote, got "${values.side}"`));
    return EXIT_USAGE;
  }
  const stdin = io.stdin ?? process.stdin;
  // Typed by hand at a terminal: say what we wait for instead of seeming to hang.
  if ((stdin as { isTTY?: boolean }).isTTY) io.stderr.write(`tailspark explain: ${tr('paste the captured output, then Ctrl-D')}\n`);
  const text = await readAll(stdin);
  // Captured text mixes stdout and stderr; the classifier reads both alike.
  const findings = classifyCliOutput({ stdout: text, stderr: '', exitCode }, { side: values.side as 'local' | 'remote' | undefined, user: values.user });
  if (values.json) io.stdout.write(`${JSON.stringify({ findings: findings.map(findingJson) }, null, 2)}\n`);
  else for (const f of findings) io.stdout.write(formatFinding(f));
  if (findings.length === 0) {
    io.stderr.write(failureLine('explain', tr('no known Tailscale or sudo failure in the input')));
    return EXIT_FAILED;
  }
  // Like detect and probe: an error finding is a failure (scripts can test `tailspark explain`).
  const error = firstError(findings);
  if (error) {
    io.stderr.write(failureLine('explain', error.title));
    return EXIT_FAILED;
  }
  return EXIT_OK;
}
