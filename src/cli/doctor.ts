// `tailspark doctor [options]` — the same checklist as "Tailspark: Diagnose Connection", printed
// as the Markdown report (or JSON). Non-interactive: nothing is asked (sudo works only without a
// password, unknown host keys are refused). Exit 0 when no check failed, 1 otherwise, 2 usage.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { redact, renderReport, runDoctor } from '../core/doctor';
import { SparkHttp } from '../core/http/sparkHttp';
import { openRemoteShell, SshPool, type SshPrompter } from '../core/ssh';
import { homeFolder, type PathEnv } from '../core/ssh/paths';
import { runTailscaleCli } from '../core/tailnet/cliRunner';
import { type CliIo, resolveMap } from './io';

export const USAGE = `usage: tailspark doctor [options]
  --host SELECTOR         the Spark: MagicDNS name, host name, Tailscale IP or tag:… (default: discovery picks it)
  --ssh-target TARGET     user@host[:port] or an ssh_config alias (default: the Spark's MagicDNS name)
  --ssh-config FILE       ssh_config to read (default ~/.ssh/config)
  --known-hosts FILE      known_hosts to read (default from ssh_config / ~/.ssh/known_hosts)
  --identity FILE         identity file to try first (repeatable)
  --resolve HOST:ADDR     connect to ADDR for HOST (SSH and HTTPS; repeatable)
  --unit UNIT             systemd unit of the inference server (default vllm.service)
  --port PORT             inference port on the Spark (default 30001)
  --base-url URL          probe this base URL instead of the one from the serve config
  --tailscale PATH        the local tailscale CLI
  --ca FILE               extra CA certificate (PEM) to trust for HTTPS (repeatable)
  --json                  print the checks as JSON instead of Markdown
The API key of the server is read from the TAILSPARK_API_KEY environment variable (never from argv).
`;

const nonInteractive: SshPrompter = {
  askPassphrase: async () => undefined,
  askPassword: async () => undefined,
  confirmUnknownHostKey: async () => false,
  showCheckModeUrl: () => {},
};

const quietLog = { info: () => {}, warn: () => {}, error: () => {} };

export async function run(args: string[], io: CliIo): Promise<number> {
  let v: ReturnType<typeof parse>['values'];
  let resolve: Record<string, string> = {};
  let port = 30001;
  try {
    const parsed = parse(args);
    if (parsed.positionals.length > 0) throw new Error(`unexpected argument "${parsed.positionals[0]}"`);
    v = parsed.values;
    resolve = resolveMap(v.resolve);
    if (v.port !== undefined) {
      port = Number(v.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port wants 1–65535, got "${v.port}"`);
    }
  } catch (err) {
    io.stderr.write(`tailspark doctor: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const env = io.env ?? process.env;
  const apiKey = env.TAILSPARK_API_KEY || undefined;
  const extraCa = (v.ca ?? []).map((f) => readFileSync(f, 'utf8'));
  const pathEnv: PathEnv = { platform: process.platform, home: homeFolder(process.platform, env), env };
  const pool = new SshPool({ prompter: nonInteractive, pathEnv });
  const http = SparkHttp.fixed({ resolve, ...(apiKey ? { apiKey } : {}), extraCa });
  try {
    const report = await runDoctor({
      hostSelector: v.host ?? '',
      serviceUnit: v.unit ?? 'vllm.service',
      inferencePort: port,
      baseUrlOverride: v['base-url'] ?? '',
      runLocal: (a, signal) => runTailscaleCli(a, { ...(v.tailscale ? { cliPath: v.tailscale } : {}), signal, timeoutMs: 10_000 }),
      openShell: async (peer) =>
        openRemoteShell(pool, {
          ...(v['ssh-target'] ? { target: v['ssh-target'] } : {}),
          ...(peer?.dnsName ? { defaultHost: peer.dnsName } : {}),
          ...(v['ssh-config'] ? { sshConfigFile: v['ssh-config'] } : {}),
          ...(v['known-hosts'] ? { knownHostsFiles: [v['known-hosts']] } : {}),
          ...(v.identity ? { identityFiles: v.identity } : {}),
          resolve,
          tailnetPeer: peer !== undefined,
          ...(peer?.sshHostKeys.length ? { tailnetHostKeys: peer.sshHostKeys } : {}),
          pathEnv,
        }),
      probe: (baseUrl, signal) => http.probe(baseUrl, { signal }),
      log: quietLog,
      secrets: () => (apiKey ? [apiKey] : []),
    });
    const secrets = apiKey ? [apiKey] : [];
    if (v.json) io.stdout.write(`${redact(JSON.stringify(report, null, 2), secrets)}\n`);
    else io.stdout.write(renderReport(report, secrets));
    return report.checks.some((c) => c.status === 'fail') ? 1 : 0;
  } finally {
    pool.closeAll();
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      'ssh-target': { type: 'string' },
      'ssh-config': { type: 'string' },
      'known-hosts': { type: 'string' },
      identity: { type: 'string', multiple: true },
      resolve: { type: 'string', multiple: true },
      unit: { type: 'string' },
      port: { type: 'string' },
      'base-url': { type: 'string' },
      tailscale: { type: 'string' },
      ca: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
  });
}
