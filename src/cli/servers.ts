// `--server NAME` on every CLI command (issue #19): the name is looked up in the editor's
// settings (`tailspark.servers`, or the one-entry `spark.host` shorthand), and the entry becomes
// the command's own flags (--host, --port, --unit, --ssh-target, or run's TARGET). A flag the
// user gives explicitly wins over the entry. Where the settings come from: `--config FILE`,
// else $TAILSPARK_CONFIG, else the first existing user settings.json of Cursor, then VS Code.
import { readFileSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import { activeServer, type ServerEntry, serverList, settingsForServer } from '../core/servers/serverList';
import { parseSettings, type Settings } from '../core/settings';
import { homeFolder } from '../core/ssh/paths';
import { parse as parseJsonc, type ParseError } from '../core/targets/jsonc';
import { cursorUserDataDir } from '../core/targets/cursorPaths';

/** Wrong use of --server/--config: the command prints it with its usage and exits 2. */
export class ServerFlagError extends Error {}

export interface ServerFlags {
  /** --server NAME, when given. */
  server?: string;
  /** --config FILE, when given. */
  config?: string;
  /** The arguments without --server/--config. */
  rest: string[];
}

/** Takes --server/--config (also `--server=NAME`) from the command's own words (before `--`). */
export function takeServerFlags(args: readonly string[]): ServerFlags {
  const out: ServerFlags = { rest: [] };
  const dashDash = args.indexOf('--');
  const own = dashDash >= 0 ? args.slice(0, dashDash) : [...args];
  for (let i = 0; i < own.length; i++) {
    const a = own[i]!;
    const m = /^--(server|config)(?:=(.*))?$/.exec(a);
    if (!m) {
      out.rest.push(a);
      continue;
    }
    const value = m[2] ?? own[++i];
    if (value === undefined || value === '') throw new ServerFlagError(`--${m[1]} needs a value`);
    if (out[m[1] as 'server' | 'config'] !== undefined) throw new ServerFlagError(`--${m[1]} given twice`);
    out[m[1] as 'server' | 'config'] = value;
  }
  if (dashDash >= 0) out.rest.push(...args.slice(dashDash));
  return out;
}

/** The editors' user settings.json files, in the order they are tried (Cursor first). */
export function defaultSettingsPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  const home = homeFolder(platform, env);
  const join = platform === 'win32' ? win32.join : posix.join;
  const codeDir =
    platform === 'darwin'
      ? posix.join(home, 'Library', 'Application Support', 'Code')
      : platform === 'win32'
        ? win32.join(env.APPDATA ?? win32.join(home, 'AppData', 'Roaming'), 'Code')
        : posix.join(env.XDG_CONFIG_HOME || posix.join(home, '.config'), 'Code');
  return [join(cursorUserDataDir({ platform, env, home }), 'User', 'settings.json'), join(codeDir, 'User', 'settings.json')];
}

export interface LoadedServers {
  settings: Settings;
  list: ServerEntry[];
  /** The file they were read from. */
  source: string;
}

/**
 * The configured servers from `config` (or $TAILSPARK_CONFIG, or the editors' user settings).
 * undefined when no settings file exists (and none was named). A named file that is missing or
 * not JSON is an error. Only `tailspark.*` keys are read; invalid values fall back to their
 * defaults like in the editor.
 */
export function loadServers(config: string | undefined, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): LoadedServers | undefined {
  const named = config ?? (env.TAILSPARK_CONFIG || undefined);
  const candidates = named ? [named] : defaultSettingsPaths(platform, env);
  for (const path of candidates) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if (named) throw new ServerFlagError(`cannot read settings file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      continue;
    }
    const errors: ParseError[] = [];
    const raw = parseJsonc(text, errors, { allowTrailingComma: true }) as unknown;
    if (errors.length > 0 || raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new ServerFlagError(`settings file ${path} is not a JSON object`);
    }
    const values = raw as Record<string, unknown>;
    const { settings } = parseSettings((key) => (Object.hasOwn(values, `tailspark.${key}`) ? values[`tailspark.${key}`] : undefined));
    return { settings, list: serverList(settings), source: path };
  }
  return undefined;
}

/** The entry called `name` (exact, then ignoring case); otherwise an error naming the configured ones. */
export function findServer(loaded: LoadedServers, name: string): ServerEntry {
  const entry = name.trim() === '' ? undefined : activeServer(loaded.list, name);
  if (entry) return entry;
  const names = loaded.list.map((e) => `"${e.name}"`).join(', ');
  throw new ServerFlagError(`no server named "${name}" in ${loaded.source}; configured: ${names}`);
}

/** Which of a server's fields each command takes, and as which flag. */
const FLAGS_BY_COMMAND: Record<string, Partial<Record<'host' | 'port' | 'unit' | 'sshTarget', string>>> = {
  detect: { host: '--host', port: '--port', sshTarget: '--ssh-target' },
  apply: { host: '--host', port: '--port', sshTarget: '--ssh-target' },
  probe: { host: '--host', port: '--port', sshTarget: '--ssh-target' },
  doctor: { host: '--host', port: '--port', unit: '--unit', sshTarget: '--ssh-target' },
  'setup-cursor': { port: '--port', unit: '--unit' },
  explain: {},
  targets: {},
  revert: {},
  run: {},
};

/** The flags `command` takes from a server entry (for deciding whether the user named a server by hand). */
export function serverFlagNames(command: string): string[] {
  return Object.values(FLAGS_BY_COMMAND[command] ?? {});
}

function given(args: readonly string[], flag: string): boolean {
  const dashDash = args.indexOf('--');
  const own = dashDash >= 0 ? args.slice(0, dashDash) : args;
  return own.some((a) => a === flag || a.startsWith(`${flag}=`));
}

/**
 * The command's arguments with the entry's values added as its own flags, where the command
 * takes them and the user did not give them. Empty values (unit '' = detect, sshTarget '' =
 * ssh_config) add nothing, so the command's own default applies. `run` gets the entry's SSH
 * target (or its host) as TARGET when no TARGET is given; `explain` gets the login user.
 */
export function argsForServer(command: string, args: readonly string[], loaded: LoadedServers, entry: ServerEntry): string[] {
  const s: Settings = settingsForServer(loaded.settings, entry);
  const values = { host: s['spark.host'], port: String(s['spark.inferencePort']), unit: s['service.unit'], sshTarget: s['ssh.target'] };
  const dashDash = args.indexOf('--');
  const own = dashDash >= 0 ? args.slice(0, dashDash) : [...args];
  const tail = dashDash >= 0 ? args.slice(dashDash) : [];
  const added: string[] = [];
  for (const [field, flag] of Object.entries(FLAGS_BY_COMMAND[command] ?? {}) as [keyof typeof values, string][]) {
    if (values[field] !== '' && !given(own, flag)) added.push(flag, values[field]);
  }
  if (command === 'run') {
    const target = values.sshTarget || values.host;
    // run's own parser tells its TARGET from flag values; a wrong flag is left for run to report.
    const { parse } = require('./run') as typeof import('./run');
    let hasTarget = true;
    try {
      hasTarget = parse(own).positionals.length > 0;
    } catch {
      // run prints the parse error with its usage
    }
    if (!hasTarget) {
      if (target === '' || target.startsWith('tag:')) {
        throw new ServerFlagError(`server "${entry.name}" has no SSH target or host name to connect to; set its sshTarget`);
      }
      added.push(target);
    }
  }
  if (command === 'explain' && !given(own, '--user')) {
    const user = /^([^@\s]+)@/.exec(values.sshTarget)?.[1];
    if (user) added.push('--user', user);
  }
  return [...own, ...added, ...tail];
}
