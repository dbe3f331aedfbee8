// `tailspark setup-cursor --dry-run --unit UNIT [--port N] [--systemd-dir DIR]`: prints the exact
// commands "Set Up Cursor Chat" would run on the Spark (the same argv builders the editor uses),
// so an admin can read them before anything changes. The key never appears in them: it travels
// on stdin. The setup itself runs in the editor (it needs SecretStorage and the Cursor writer).
import { dryRunArgv, type ServerFlavor } from '../core/cursorChat';
import { InvalidValueError, portSchema, validated } from '../core/util/argv';
import { type CliIo, EXIT_OK, EXIT_USAGE } from './io';

const USAGE = `usage: tailspark setup-cursor --dry-run --unit UNIT [--kind vllm|sglang] [--port N] [--systemd-dir DIR]
  --dry-run          print the commands Set Up Cursor Chat runs on the Spark (nothing is run)
  --unit UNIT        the inference service's systemd unit (vllm, sglang.service, …)
  --kind KIND        vllm (only /v1 goes public, on port 8443) or sglang; default: from the
                     unit's name, else both Funnel commands are printed
  --port N           the inference port on the Spark (default 30001)
  --systemd-dir DIR  where unit drop-ins live (default /etc/systemd/system)
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  let dryRun = false;
  let unit: string | undefined;
  let port: number | undefined;
  let systemdDir: string | undefined;
  let flavor: ServerFlavor | undefined;
  try {
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      const value = () => {
        const v = args[++i];
        if (v === undefined) throw new InvalidValueError(a, undefined, 'needs a value');
        return v;
      };
      if (a === '--help' || a === '-h') {
        io.stdout.write(USAGE);
        return EXIT_OK;
      }
      if (a === '--dry-run') dryRun = true;
      else if (a === '--unit') unit = value();
      else if (a === '--port') port = validated(portSchema, value(), 'port');
      else if (a === '--systemd-dir') systemdDir = value();
      else if (a === '--kind') {
        const v = value();
        if (v !== 'vllm' && v !== 'sglang') throw new InvalidValueError('--kind', v, 'must be vllm or sglang');
        flavor = v;
      }
      else throw new InvalidValueError('option', a, 'unknown option');
    }
    if (!dryRun) throw new InvalidValueError('mode', 'run', 'only --dry-run is available here; run "Tailspark: Set Up Cursor Chat" in the editor');
    if (!unit) throw new InvalidValueError('--unit', undefined, 'is required');
    // On the Spark the flow reads the kind from the unit's ExecStart=; offline, the name is the hint.
    flavor ??= /vllm/i.test(unit) ? 'vllm' : /sglang/i.test(unit) ? 'sglang' : undefined;
    const lines = dryRunArgv({ unit, ...(port !== undefined ? { port } : {}), ...(systemdDir ? { systemdDir } : {}), ...(flavor ? { flavor } : {}) });
    io.stdout.write(`${lines.join('\n')}\n`);
    return EXIT_OK;
  } catch (err) {
    if (!(err instanceof InvalidValueError)) throw err;
    io.stderr.write(`tailspark setup-cursor: ${err.message}\n${USAGE}`);
    return EXIT_USAGE;
  }
}
