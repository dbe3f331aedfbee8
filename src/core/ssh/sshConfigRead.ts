// Reads ssh_config the way OpenSSH 9.2 does (readconf.c), for one target: Host and Match
// blocks, Include (globs, paths relative to ~/.ssh, Include inside a block), quoting (argv_split),
// `Keyword=value`, case-insensitive keywords and first-value-wins. It never runs a program:
// `Match exec` counts as not matching and CanonicalizeHostname is not acted on (no DNS).
// Our own code instead of the ssh-config package: that package follows neither Include nor
// `Match user` with `user@host`, splits quoted values, and spawns nslookup for canonicalisation.
import { readdirSync, readFileSync } from 'node:fs';
import { pathApi } from './paths';

export interface ConfigQuery {
  /** The host as written (OpenSSH host_arg): `Host` and `Match originalhost` match this. */
  host: string;
  /** User from `user@host`; set before the config is read, so it wins and `Match user` sees it. */
  user?: string;
  port?: number;
  /** Local login name (`Match localuser`, default remote user). */
  localUser: string;
}

export interface ConfigFiles {
  platform: NodeJS.Platform;
  home: string;
  /** Text of a file, or undefined when it cannot be read (then it is skipped like OpenSSH). */
  read(file: string): string | undefined;
  /** Names in a folder, or undefined when it cannot be listed. */
  list(dir: string): string[] | undefined;
}

export const realConfigFiles = (platform: NodeJS.Platform, home: string): ConfigFiles => ({
  platform,
  home,
  read: (f) => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
  },
  list: (d) => {
    try {
      return readdirSync(d);
    } catch {
      return undefined;
    }
  },
});

/** Options that applied, keyword (lower-case) → the argument lists of every applying line, in order. */
export type ConfigValues = Map<string, string[][]>;

/** Nesting limit of Include (READCONF_MAX_DEPTH). */
const MAX_DEPTH = 16;

export class SshConfigError extends Error {}

/** The applying options for `query`, reading `text` (the file `file`) and what it includes. */
export function readSshConfig(text: string, file: string, query: ConfigQuery, files: ConfigFiles): ConfigValues {
  const values: ConfigValues = new Map();
  const pass: Pass = { final: false, wantFinal: false };
  readText(text, file, query, files, values, { active: true }, false, 0, pass);
  // ssh.c: `Match final` anywhere, or CanonicalizeHostname, makes OpenSSH read the files again
  // with the host name settled; then `Match final` and `Match canonical` hold. Values already
  // set keep winning; the second pass can only add. (No DNS: the name is not canonicalised.)
  const canonicalize = (firstValue(values, 'canonicalizehostname') ?? 'no').toLowerCase();
  if (pass.wantFinal || !['no', 'false'].includes(canonicalize)) {
    const hostName = firstValue(values, 'hostname');
    const settled = hostName !== undefined ? hostName.replace(/%h/g, query.host) : query.host;
    readText(text, file, query, files, values, { active: true }, false, 0, { final: true, wantFinal: false, hostName: settled.toLowerCase() });
  }
  return values;
}

interface Pass {
  final: boolean;
  /** Set when a `Match final` line was seen. */
  wantFinal: boolean;
  /** Final pass: the host name `Match host` compares with. */
  hostName?: string;
}

/** First value of a keyword (first-obtained-value-wins). */
export function firstValue(values: ConfigValues, keyword: string): string | undefined {
  return values.get(keyword)?.[0]?.[0];
}

function readText(
  text: string,
  file: string,
  query: ConfigQuery,
  files: ConfigFiles,
  values: ConfigValues,
  state: { active: boolean },
  neverMatch: boolean,
  depth: number,
  pass: Pass,
): void {
  if (depth > MAX_DEPTH) throw new SshConfigError(`${file}: too many nested Include files`);
  text.split(/\r?\n/).forEach((raw, i) => {
    const where = `${file} line ${i + 1}`;
    const line = splitKeyword(raw.replace(/[ \t\f]+$/, ''));
    if (!line) return;
    const keyword = line.keyword.toLowerCase();
    const args = splitArgs(line.rest, where);
    if (keyword === 'host') {
      state.active = !neverMatch && hostLineMatches(args, query.host);
      return;
    }
    if (keyword === 'match') {
      state.active = matchLineMatches(args, query, values, where, pass) && !neverMatch;
      return;
    }
    if (keyword === 'include') {
      const outer = state.active;
      for (const pattern of args) {
        for (const included of expandInclude(pattern, files)) {
          const inner = files.read(included);
          if (inner === undefined) continue;
          readText(inner, included, query, files, values, state, neverMatch || !outer, depth + 1, pass);
          // A Host/Match inside the included file does not change the including file's state.
          state.active = outer;
        }
      }
      return;
    }
    if (!state.active || args.length === 0) return;
    const list = values.get(keyword);
    if (list) list.push(args);
    else values.set(keyword, [args]);
  });
}

/** `Keyword value`, `Keyword=value`, `Keyword = value` (misc.c strdelim); comments and blank lines → undefined. */
function splitKeyword(line: string): { keyword: string; rest: string } | undefined {
  const m = /^[ \t]*([^ \t="]+)[ \t]*(?:=[ \t]*)?(.*)$/.exec(line);
  if (!m || m[1].startsWith('#')) return undefined;
  return { keyword: m[1], rest: m[2] };
}

/** OpenSSH argv_split(): whitespace-separated, "…" and '…' quoting, \\ \" \' and "\ " escapes, # ends the line. */
export function splitArgs(s: string, where: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === ' ' || s[i] === '\t') {
      i++;
      continue;
    }
    if (s[i] === '#') break;
    let quote = '';
    let arg = '';
    for (; i < s.length; i++) {
      const ch = s[i];
      if (ch === '\\') {
        const next = s[i + 1];
        if (next === "'" || next === '"' || next === '\\' || (quote === '' && next === ' ')) {
          arg += next;
          i++;
        } else arg += ch;
      } else if (quote === '' && (ch === ' ' || ch === '\t')) break;
      else if (quote === '' && (ch === '"' || ch === "'")) quote = ch;
      else if (quote !== '' && ch === quote) quote = '';
      else arg += ch;
    }
    if (quote !== '') throw new SshConfigError(`${where}: missing closing quote`);
    out.push(arg);
  }
  return out;
}

/** `Host` line: any positive pattern matches and no negated one (readconf.c, case-sensitive). */
function hostLineMatches(patterns: string[], host: string): boolean {
  let active = false;
  for (const p of patterns) {
    const negated = p.startsWith('!');
    if (matchPattern(host, negated ? p.slice(1) : p)) {
      if (negated) return false;
      active = true;
    }
  }
  return active;
}

/** `Match` line (readconf.c match_cfg_line): every criterion must hold; `!` negates one. */
function matchLineMatches(args: string[], query: ConfigQuery, values: ConfigValues, where: string, pass: Pass): boolean {
  const hostName = firstValue(values, 'hostname');
  // As OpenSSH: the HostName set so far, with %h expanded, else the host as written.
  const host = pass.hostName ?? (hostName !== undefined ? hostName.replace(/%h/g, query.host) : query.host);
  const user = query.user ?? firstValue(values, 'user') ?? query.localUser;
  let result = true;
  let attributes = 0;
  for (let i = 0; i < args.length; i++) {
    const negate = args[i].startsWith('!');
    const attr = (negate ? args[i].slice(1) : args[i]).toLowerCase();
    if (attr === 'all') {
      if (attributes > 0 || i + 1 < args.length) throw new SshConfigError(`${where}: 'all' cannot be combined with other Match attributes`);
      return result && !negate;
    }
    attributes++;
    if (attr === 'canonical' || attr === 'final') {
      if (attr === 'final') pass.wantFinal = true;
      if (pass.final === negate) result = false;
      continue;
    }
    const arg = args[++i];
    if (arg === undefined) throw new SshConfigError(`${where}: missing Match criteria for ${attr}`);
    let r: boolean;
    switch (attr) {
      case 'host':
        r = matchPatternList(host.toLowerCase(), arg, true) === 1;
        break;
      case 'originalhost':
        r = matchPatternList(query.host.toLowerCase(), arg, true) === 1;
        break;
      case 'user':
        r = matchPatternList(user, arg, false) === 1;
        break;
      case 'localuser':
        r = matchPatternList(query.localUser, arg, false) === 1;
        break;
      case 'exec':
        // Never run a program to read a config: an exec criterion does not match.
        r = false;
        break;
      default:
        throw new SshConfigError(`${where}: unsupported Match attribute ${attr}`);
    }
    if (r === negate) result = false;
  }
  return result;
}

/** OpenSSH match_pattern(): `*` any run, `?` one character, case-sensitive. */
export function matchPattern(s: string, pattern: string): boolean {
  let re = '^';
  for (const ch of pattern) re += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  return new RegExp(`${re}$`, 's').test(s);
}

/** OpenSSH match_pattern_list(): 1 positive, -1 a negated pattern matched, 0 nothing. */
export function matchPatternList(s: string, list: string, lower: boolean): 1 | 0 | -1 {
  let positive = false;
  for (const raw of list.split(',')) {
    const negated = raw.startsWith('!');
    let p = negated ? raw.slice(1) : raw;
    if (lower) p = p.toLowerCase();
    if (matchPattern(s, p)) {
      if (negated) return -1;
      positive = true;
    }
  }
  return positive ? 1 : 0;
}

/** Include argument → files: relative paths live in ~/.ssh; glob(3) with * and ?, sorted. */
function expandInclude(arg: string, files: ConfigFiles): string[] {
  const p = pathApi(files.platform);
  let full: string;
  if (arg === '~' || arg.startsWith('~/') || (files.platform === 'win32' && arg.startsWith('~\\'))) full = p.join(files.home, arg.slice(2));
  else if (p.isAbsolute(arg)) full = arg;
  else full = p.join(files.home, '.ssh', arg);
  return globFiles(p.normalize(full), files).sort();
}

function globFiles(full: string, files: ConfigFiles): string[] {
  const p = pathApi(files.platform);
  const root = p.parse(full).root;
  const parts = full.slice(root.length).split(p.sep).filter(Boolean);
  let current = [root];
  parts.forEach((part) => {
    if (!/[*?]/.test(part)) {
      current = current.map((c) => p.join(c, part));
      return;
    }
    current = current.flatMap((dir) =>
      (files.list(dir) ?? [])
        // glob(3): a leading dot must be matched explicitly.
        .filter((name) => (!name.startsWith('.') || part.startsWith('.')) && matchPattern(name, part))
        .map((name) => p.join(dir, name)),
    );
  });
  return current;
}
