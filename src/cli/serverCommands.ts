// Runs a CLI command for a configured server (`--server NAME`), or `doctor` for every configured
// server (no --server and no flag naming one server): one report section per server.
import { forEachServer, serverSectionMarkdown } from '../core/servers/eachServer';
import { activeServer, type ServerEntry } from '../core/servers/serverList';
import { type CliCommand, type CliIo, EXIT_USAGE } from './io';
import { argsForServer, findServer, type LoadedServers, loadServers, ServerFlagError, serverFlagNames, takeServerFlags } from './servers';

export async function runWithServers(command: string, run: CliCommand, usage: string, args: string[], io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  try {
    const flags = takeServerFlags(args);
    if (flags.server === undefined) {
      if (command !== 'doctor') {
        if (flags.config !== undefined) throw new ServerFlagError('--config is only used with --server NAME (or by doctor)');
        return run(flags.rest, io);
      }
      // doctor: flags that name one server mean "that one", as before.
      const namesOne = [...serverFlagNames('doctor'), '--base-url'].some((f) => flags.rest.some((a) => a === f || a.startsWith(`${f}=`)));
      const loaded = namesOne ? undefined : loadServers(flags.config, env);
      if (!loaded) return run(flags.rest, io);
      if (loaded.list.length === 1) return run(argsForServer('doctor', flags.rest, loaded, loaded.list[0]!), io);
      return doctorEveryServer(run, loaded, flags.rest, io);
    }
    const loaded = loadServers(flags.config, env);
    if (!loaded) {
      throw new ServerFlagError(`--server ${flags.server}: no settings with servers found (the editor's user settings.json); pass --config FILE or set TAILSPARK_CONFIG`);
    }
    const entry = findServer(loaded, flags.server);
    if (command === 'probe') return probeServer(run, flags.rest, loaded, entry, io);
    return run(argsForServer(command, flags.rest, loaded, entry), io);
  } catch (err) {
    if (!(err instanceof ServerFlagError)) throw err;
    io.stderr.write(`tailspark ${command}: ${err.message}\n${usage}`);
    return EXIT_USAGE;
  }
}

/** Collects what a command writes to stdout (the rest of io passes through). */
function capturing(io: CliIo): { io: CliIo; text: () => string } {
  let out = '';
  return {
    io: { ...io, stdout: { write: (t: string) => (out += t) } },
    text: () => out,
  };
}

/**
 * Doctor once per configured server, the active one first, one after the other (each opens its
 * own SSH session; src/core/servers/eachServer.ts, shared with the editor's Diagnose). Markdown: a
 * heading per server, then its report. --json: {"servers":[{name, host, port, exitCode, report}]}.
 * Exit 1 when any server's checklist failed.
 */
async function doctorEveryServer(run: CliCommand, loaded: LoadedServers, args: string[], io: CliIo): Promise<number> {
  const json = args.includes('--json');
  let done = 0;
  const results = await forEachServer(loaded.list, activeServer(loaded.list, loaded.settings.activeServer), async (entry) => {
    const cap = capturing(io);
    const code = await run(argsForServer('doctor', args, loaded, entry), cap.io);
    // Markdown: each section as soon as its server is done.
    if (!json) io.stdout.write(serverSectionMarkdown(entry, cap.text(), done));
    done += 1;
    return { code, out: cap.text() };
  });
  if (json) {
    const servers = results.map(({ entry, result }) => ({ name: entry.name, host: entry.host, port: entry.port, exitCode: result.code, report: parseOrText(result.out) }));
    io.stdout.write(`${JSON.stringify({ servers }, null, 2)}\n`);
  }
  return Math.max(...results.map((r) => r.result.code));
}

function parseOrText(out: string): unknown {
  try {
    return JSON.parse(out);
  } catch {
    return out;
  }
}

/**
 * probe takes a URL; with --server and no URL the server's URL is detected first (discovery and
 * its serve config, like `tailspark detect --host … --port …`), then probed.
 */
async function probeServer(run: CliCommand, args: string[], loaded: LoadedServers, entry: ServerEntry, io: CliIo): Promise<number> {
  const { DETECTION_OPTIONS, detectEndpoint, detectionFlags, InputError, splitDetectionArgs } = require('./detect') as typeof import('./detect');
  const { parseArgs } = require('node:util') as typeof import('node:util');
  const { detection, rest } = splitDetectionArgs(args);
  const hasUrl = rest.some((a, i) => !a.startsWith('-') && !['--api-key-env', '--timeout', '--exposure', '--ca'].includes(rest[i - 1] ?? ''));
  // --resolve is both a detection flag and probe's own.
  const resolveFlags = detection.flatMap((a, i) => (a === '--resolve' ? [a, detection[i + 1]!] : a.startsWith('--resolve=') ? [a] : []));
  if (hasUrl) return run([...rest, ...resolveFlags], io);
  const withServer = argsForServer('detect', detection, loaded, entry);
  let found: Awaited<ReturnType<typeof detectEndpoint>>;
  try {
    const { values } = parseArgs({ args: withServer, options: DETECTION_OPTIONS, strict: true, allowPositionals: false });
    found = await detectEndpoint(detectionFlags(values), io);
  } catch (e) {
    if (e instanceof InputError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw new ServerFlagError((e as Error).message);
    throw e;
  }
  const baseUrl = found.outcome.serve?.baseUrl;
  if (!baseUrl) {
    const why = found.findings.find((f) => f.severity === 'error') ?? found.findings[0];
    io.stderr.write(`tailspark probe: server "${entry.name}": no base URL found${why ? `: ${why.title}` : ''}\n`);
    return 1;
  }
  io.stderr.write(`tailspark probe: server "${entry.name}": ${baseUrl}\n`);
  return run([baseUrl, ...rest, ...resolveFlags], io);
}
