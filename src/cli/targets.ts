// `tailspark targets [--json] [--url URL]` — every place Tailspark can write the base URL, its
// current value, whether it is in sync with --url, and who would make the requests. Also holds
// the option parsing shared by `apply` and `revert` (one set of flags for all three).
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../core/findings';
import { type EndpointExposure, JsoncSettingsWriter, listTargets, type RegisteredTarget, type SettingsKey, settingsKeySchema } from '../core/targets';

import { cliFixText } from './fixes';
import type { CliIo } from './io';

export type { CliIo };

export interface TargetCliOptions {
  json: boolean;
  url?: string;
  exposure?: EndpointExposure;
  target?: string;
  stateDir: string;
  cursorDb?: string;
  continueConfig?: string;
  vscodeUserDir?: string;
  vscodeVersion?: string;
  settingsFile?: string;
  settingsKeys: SettingsKey[];
  wait: boolean;
  waitTimeoutS?: number;
  writeAnyway: boolean;
  apiKeyEnv?: string;
}

export const TARGET_FLAGS_HELP = `  --json                  machine-readable output
  --url URL               the OpenAI base URL (verified with GET URL/models before any write)
  --exposure E            tailnet | funnel (how the URL is exposed; default: unknown)
  --api-key-env VAR       read the server's API key from this environment variable (never from argv)
  --state-dir DIR         Tailspark state (backups, lock); default $TAILSPARK_STATE_DIR or ~/.local/state/tailspark
  --cursor-db FILE        Cursor's state.vscdb (default: the per-OS Cursor user-data folder)
  --continue-config FILE  Continue's config.yaml (default: ~/.continue/config.yaml)
  --vscode-user-dir DIR --vscode-version V   VS Code's <userData>/User and version (Custom Endpoint, 1.122+)
  --settings FILE --settings-key KEY[=SUFFIX]   settings.json and the keys to write (repeatable)
  --wait [--wait-timeout S]  Cursor: wait for Cursor to quit instead of refusing
  --write-anyway          write even where the client cannot reach the URL
`;

export const USAGE = `usage: tailspark targets [options]\n${TARGET_FLAGS_HELP}`;

export class UsageError extends Error {}

export function parseTargetArgs(args: string[], env: NodeJS.ProcessEnv = process.env): TargetCliOptions {
  const home = env.HOME || homedir();
  const o: TargetCliOptions = {
    json: false,
    stateDir: env.TAILSPARK_STATE_DIR || join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'tailspark'),
    settingsKeys: [],
    wait: false,
    writeAnyway: false,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--json':
        o.json = true;
        break;
      case '--wait':
        o.wait = true;
        break;
      case '--write-anyway':
        o.writeAnyway = true;
        break;
      case '--url':
        o.url = value();
        break;
      case '--exposure': {
        const v = value();
        if (v !== 'tailnet' && v !== 'funnel') throw new UsageError('--exposure must be tailnet or funnel');
        o.exposure = v;
        break;
      }
      case '--target':
        o.target = value();
        break;
      case '--state-dir':
        o.stateDir = value();
        break;
      case '--cursor-db':
        o.cursorDb = value();
        break;
      case '--continue-config':
        o.continueConfig = value();
        break;
      case '--vscode-user-dir':
        o.vscodeUserDir = value();
        break;
      case '--vscode-version':
        o.vscodeVersion = value();
        break;
      case '--settings':
        o.settingsFile = value();
        break;
      case '--settings-key': {
        const [key, suffix] = value().split('=', 2);
        const parsed = settingsKeySchema.safeParse({ key, ...(suffix !== undefined ? { suffix } : {}) });
        if (!parsed.success) throw new UsageError(`--settings-key ${key}: ${parsed.error.issues[0]?.message}`);
        o.settingsKeys.push(parsed.data);
        break;
      }
      case '--wait-timeout':
        o.waitTimeoutS = Number(value());
        if (!Number.isFinite(o.waitTimeoutS) || o.waitTimeoutS < 0) throw new UsageError('--wait-timeout needs seconds');
        break;
      case '--api-key-env':
        o.apiKeyEnv = value();
        break;
      default:
        throw new UsageError(`unknown option ${a}`);
    }
  }
  if (o.settingsKeys.length > 0 && !o.settingsFile) throw new UsageError('--settings-key needs --settings FILE');
  return o;
}

/** The registry as the CLI sees it: never "in Cursor"; Cursor writes refuse unless --wait. */
export function cliTargets(o: TargetCliOptions, env: NodeJS.ProcessEnv = process.env): RegisteredTarget[] {
  return listTargets({
    stateDir: o.stateDir,
    isCursor: false,
    home: env.HOME || homedir(),
    vscodeVersion: o.vscodeVersion,
    vscodeUserDir: o.vscodeUserDir,
    continueConfigPath: o.continueConfig,
    cursor: {
      ...(o.cursorDb ? { dbPath: o.cursorDb } : {}),
      whenRunning: o.wait ? 'wait' : 'refuse',
      ...(o.waitTimeoutS !== undefined ? { waitTimeoutMs: o.waitTimeoutS * 1000 } : {}),
    },
    settingsKeys: o.settingsKeys,
    settingsWriter: o.settingsFile ? new JsoncSettingsWriter(o.settingsFile) : undefined,
  });
}

/** --target names: the ids plus short aliases. */
export function findTarget(all: RegisteredTarget[], name: string): RegisteredTarget | undefined {
  const alias: Record<string, string> = { vscode: 'vscode-custom-endpoint', settings: 'settings-keys' };
  const id = alias[name] ?? name;
  return all.find((t) => t.target.id === id);
}

/**
 * One sentence for a --target that findTarget did not return: which flag (or file) the target
 * needs, or the names that exist.
 */
export function missingTargetReason(name: string, o: TargetCliOptions): string {
  const id = ({ vscode: 'vscode-custom-endpoint', settings: 'settings-keys' } as Record<string, string>)[name] ?? name;
  switch (id) {
    case 'cursor':
      return `target "cursor" is unavailable: no Cursor database at the default place (${o.cursorDb ?? "Cursor's per-OS user-data folder"}); pass --cursor-db FILE`;
    case 'vscode-custom-endpoint':
      return o.vscodeVersion
        ? 'target "vscode" needs --vscode-user-dir DIR (VS Code\'s <userData>/User folder)'
        : 'target "vscode" needs --vscode-version V (and --vscode-user-dir DIR): the Custom Endpoint exists from VS Code 1.122';
    case 'settings-keys':
      return 'target "settings" needs --settings FILE and at least one --settings-key KEY';
    default:
      return `unknown target "${name}": use one of cursor, vscode, continue, settings`;
  }
}

export function renderFinding(f: Finding): string {
  const lines = [`${f.severity}: ${f.title}`, `  ${f.detail}`];
  if (f.where) lines.push(`  where: ${f.where}`);
  if (f.evidence) lines.push(`  evidence: ${f.evidence}`);
  for (const fix of f.fixes) lines.push(`  fix: ${cliFixText(fix)}`);
  return `${lines.join('\n')}\n`;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  let o: TargetCliOptions;
  try {
    o = parseTargetArgs(args, io.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`tailspark targets: ${err.message}\n${USAGE}`);
    return 2;
  }
  const rows = [];
  for (const { target, enabledByDefault, why } of cliTargets(o, io.env)) {
    const detection = await target.detect();
    const current = await target.read();
    const url = o.url?.replace(/\/+$/, '');
    const inSync = url && current.ok ? await target.inSync(url) : undefined;
    const reachability = url ? target.reachability(url, o.exposure ?? 'unknown') : undefined;
    rows.push({
      id: target.id,
      label: target.label,
      enabledByDefault,
      why,
      present: detection.present,
      where: detection.where,
      ...(current.ok ? { value: current.value ?? null } : { finding: current.finding }),
      ...(inSync !== undefined ? { inSync } : {}),
      ...(reachability ? { reachability: { ok: reachability.ok, who: reachability.who, reason: reachability.reason } } : {}),
    });
  }
  if (o.json) {
    io.stdout.write(`${JSON.stringify({ targets: rows }, null, 2)}\n`);
    return 0;
  }
  for (const r of rows) {
    const value = 'finding' in r ? `(unreadable: ${r.finding?.title})` : (r.value ?? '(not set)');
    const sync = r.inSync === undefined ? '' : r.inSync ? '  [in sync]' : '  [differs]';
    io.stdout.write(`${r.id}  ${r.present ? 'present' : 'absent'}${r.enabledByDefault ? ', on by default' : ''}\n  ${r.label}\n  where: ${r.where}\n  value: ${value}${sync}\n`);
    if (r.reachability) io.stdout.write(`  ${r.reachability.ok ? 'reachable' : 'NOT reachable'} (${r.reachability.who}): ${r.reachability.reason}\n`);
  }
  return 0;
}
