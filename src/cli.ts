// The `tailspark` command-line front over src/core (see README "CLI").
// `tailspark <command> [args]`: each command is src/cli/<command>.ts exporting
// `run(args: string[], io: CliIo): Promise<number>` (the exit code). Commands are imported only
// when called, so `tailspark probe` never loads ssh2 or the target writers.
import type { CliCommand, CliIo } from './cli/io';
import { terminalSafe } from './cli/terminalSafe';
import { localeFromEnv, setLocale } from './core/l10n';

const VERSION = '0.1.0';

/**
 * The command table: one line per command. `require` inside the loader (not a top-level import)
 * keeps each command's dependencies unevaluated until that command runs; a dynamic import()
 * would be an ES-module import under module: Node16.
 */
const commands: Record<string, { summary: string; load: () => { run: CliCommand; USAGE: string } }> = {
  detect: { summary: 'find the Spark on the tailnet and its Serve base URL', load: () => require('./cli/detect') },
  status: { summary: 'what the status bar shows: one check through the Monitor (text or --json)', load: () => require('./cli/status') },
  probe: { summary: 'verify an OpenAI base URL (models, server kind, load)', load: () => require('./cli/probe') },
  explain: { summary: 'explain captured tailscale/SSH output (stdin) as findings', load: () => require('./cli/explain') },
  targets: { summary: 'list the places the base URL can be written', load: () => require('./cli/targets') },
  apply: { summary: 'verify the URL and write it into one target', load: () => require('./cli/apply') },
  revert: { summary: "undo Tailspark's last write to a target", load: () => require('./cli/revert') },
  run: { summary: 'run one command on the Spark over SSH (exits with its exit code)', load: () => require('./cli/run') },
  doctor: { summary: 'run the whole troubleshooting checklist (Markdown or --json)', load: () => require('./cli/doctor') },
  'setup-cursor': { summary: "print what Set Up Cursor Chat runs on the Spark (--dry-run)", load: () => require('./cli/setupCursor') },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: tailspark <command> [options]   (tailspark <command> --help for details)\n\ncommands:\n${lines.join('\n')}\n  version${' '.repeat(Math.max(0, width - 7))}  print the version\n\nevery command also takes --server NAME: a server from the editor's settings (tailspark.servers, or\nthe spark.host shorthand), read from --config FILE, $TAILSPARK_CONFIG or the user settings.json of\nCursor / VS Code. doctor without --server runs for every configured server.\n`;
}

export async function main(argv: string[], io: CliIo = process): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'version' || command === '--version') {
    io.stdout.write(`tailspark ${VERSION}\n`);
    return 0;
  }
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(usage());
    return command === undefined ? 2 : 0;
  }
  const entry = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!entry) {
    io.stderr.write(`tailspark: unknown command "${command}"\n${usage()}`);
    return 2;
  }
  const { run, USAGE } = entry.load();
  // --help / -h anywhere before `--` (after it, the words belong to the remote command of `run`).
  const dashDash = rest.indexOf('--');
  const own = dashDash >= 0 ? rest.slice(0, dashDash) : rest;
  if (own.includes('--help') || own.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  // --server NAME (every command) and doctor's one-section-per-server run read the settings.
  if (command === 'doctor' || own.some((a) => /^--(server|config)(=|$)/.test(a))) {
    const { runWithServers } = require('./cli/serverCommands') as typeof import('./cli/serverCommands');
    return runWithServers(command, run, USAGE, rest, terminalSafe(io));
  }
  return run(rest, terminalSafe(io));
}

if (require.main === module) {
  // Finding texts, the doctor report and command output follow the POSIX locale (LANG=de_DE.UTF-8 → German).
  setLocale(localeFromEnv(process.env));
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`tailspark: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
