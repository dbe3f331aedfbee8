// Reads `systemctl cat UNIT` (the unit file plus its drop-ins, each after a "# /path" line) and
// decides how the server gets its API key, or why that cannot be done safely. Pure: no I/O.
//
// vLLM reads VLLM_API_KEY from its environment: the key goes into an EnvironmentFile (0600,
// root) that only systemd reads, so it shows neither in `ps` nor in `systemctl show`.
// SGLang has no environment variable for the key (server_args.py: `--api-key`, default None),
// so the only way is an ExecStart= override that appends `--api-key ${TAILSPARK_API_KEY}`; systemd
// expands ${VAR} into the argv, so the key IS visible in `ps` to every user on the Spark and
// SGLang logs its server args at start. That is only done when the user accepts it explicitly.

export type ServerFlavor = 'vllm' | 'sglang';

/** The environment variable our EnvironmentFile sets. */
export function keyVariable(flavor: ServerFlavor): string {
  return flavor === 'vllm' ? 'VLLM_API_KEY' : 'TAILSPARK_API_KEY';
}

export interface UnitCommand {
  flavor: ServerFlavor;
  /** The effective ExecStart= command line (after drop-ins), continuation lines joined. */
  execStart: string;
}

export type UnitVerdict = { ok: true; value: UnitCommand } | { ok: false; reason: string };

/** The [Service] ExecStart= values in order, per file of the `systemctl cat` output. */
function execStartValues(catText: string, ignorePath?: string): string[] {
  const values: string[] = [];
  let section = '';
  let skip = false;
  const lines = catText.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    const file = /^# (\/\S+)$/.exec(line);
    if (file) {
      skip = file[1] === ignorePath; // our own drop-in (a second run) is not part of "the unit"
      section = '';
      continue;
    }
    if (skip || line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      section = line;
      continue;
    }
    if (section !== '[Service]') continue;
    const m = /^ExecStart\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === '') values.length = 0; // `ExecStart=` resets the list (systemd.service(5))
    else values.push(m[1].replace(/\s+/g, ' ').trim());
  }
  return values;
}

/** Decides from `systemctl cat` whether Tailspark can give this unit a key, and how. */
export function inspectUnit(catText: string, ownDropInPath?: string): UnitVerdict {
  const values = execStartValues(catText, ownDropInPath);
  if (values.length === 0) return { ok: false, reason: 'the unit has no ExecStart= line' };
  if (values.length > 1) return { ok: false, reason: `the unit has ${values.length} ExecStart= lines (Type=oneshot?); Tailspark only changes a single server command` };
  const execStart = values[0] as string;
  if (/^[-@:+!]/.test(execStart)) return { ok: false, reason: `ExecStart= starts with a special prefix ("${execStart[0]}"), which Tailspark does not rewrite` };
  if (/(^|\s)--api-key(\s|=|$)/.test(execStart)) {
    return { ok: false, reason: 'the command line already has --api-key; a key there overrides the one Tailspark would set (and is visible in ps). Remove it first' };
  }
  if (/[;|&`]|\$\(/.test(execStart)) return { ok: false, reason: 'ExecStart= looks like a shell command line, which Tailspark does not rewrite' };
  const flavor: ServerFlavor | undefined = /\bvllm\b/.test(execStart) ? 'vllm' : /\bsglang\b/.test(execStart) ? 'sglang' : undefined;
  if (!flavor) return { ok: false, reason: 'its ExecStart= runs neither vLLM nor SGLang, so Tailspark does not know how that server takes a key' };
  return { ok: true, value: { flavor, execStart } };
}

/** The drop-in: the EnvironmentFile, and for SGLang the ExecStart= reset + override. */
export function dropInText(cmd: UnitCommand, envFilePath: string): string {
  let t = '# Written by Tailspark (Set Up Cursor Chat); "Tailspark: Undo Cursor Chat Setup" removes it.\n[Service]\n';
  t += `EnvironmentFile=${envFilePath}\n`;
  if (cmd.flavor === 'sglang') t += `ExecStart=\nExecStart=${cmd.execStart} --api-key \${${keyVariable('sglang')}}\n`;
  return t;
}

/** The EnvironmentFile: one assignment; read by systemd (root) only. */
export function envFileText(flavor: ServerFlavor, key: string): string {
  return `${keyVariable(flavor)}=${key}\n`;
}
