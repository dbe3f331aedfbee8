// Two emulated Sparks on one tailnet, and optionally a router in front of both (issue #19).
//
// Each Spark is a full startSpark() instance (own loopback address, real sshd, serve front,
// inference server, MagicDNS name, certificate, serve config). What this adds:
//   - a tailnet identity per Spark (Tailscale IPs, node key, node id), so both appear as distinct
//     peers in the client's `tailscale status --json` (either Spark's clientTailscalePath shows
//     both; `ping`/`whois`/`ip` know both);
//   - one CA bundle trusting both certificates (NODE_EXTRA_CA_CERTS takes one file);
//   - optionally the router (server/router.cjs, answers like SGLang's sgl-router) on the first
//     Spark's 127.0.0.1:30000, forwarding to both Sparks' :30001 round robin, published by the
//     first Spark's serve config at https://<first>/router (so Tailspark finds it like any
//     endpoint: host = first Spark, port = 30000).
// A single startSpark() is unchanged: the identity fields default to the one-Spark values.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { type RunningSpark, type SparkOptions, startSpark } from './index';

const HERE = dirname(__filename);
const ROUTER_SCRIPT = resolvePath(HERE, 'server', 'router.cjs');

/** Port of the router on the first Spark (sglang_router.launch_router's default --port). */
export const ROUTER_PORT = 30000;
/** Where the first Spark's serve config publishes the router. */
export const ROUTER_MOUNT = '/router';

/** Tailnet identities of the Sparks after the first (the first keeps the one-Spark values). */
const IDENTITIES = [
  {
    magicDnsName: 'spark-7b21.tail1234.ts.net',
    nodeId: 'nSpark7b2111CNTRL',
    nodeNumericId: 7700112233445577,
    publicKey: 'nodekey:0b3e6e2a7f1c4d5e8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f',
    tailscaleIps: ['100.101.102.104', 'fd7a:115c:a1e0::8a01:6668'],
  },
];

export interface FleetOptions {
  /** Options per Spark (default: two healthy SGLang Sparks). Only two are supported. */
  sparks?: [SparkOptions, SparkOptions];
  /** Options for every Spark (merged under `sparks[i]`), e.g. authorizedKeys, timings. */
  common?: SparkOptions;
  /** Start the router in front of both (default false). */
  router?: boolean;
  /** Router health-check interval (default 500 ms; the real router's default is 60 s). */
  routerHealthCheckMs?: number;
}

export interface RunningRouter {
  /** The Spark it runs on (the first), its port there and its serve mount. */
  host: string;
  port: number;
  mount: string;
  /** 'https://<first Spark>/router/v1'. */
  baseUrl: string;
  /** Worker URLs as the router lists them (GET /list_workers). */
  workerUrls: string[];
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface RunningFleet {
  sparks: [RunningSpark, RunningSpark];
  router: RunningRouter | null;
  /** Every MagicDNS name → loopback address (for the product's `resolve`). */
  resolve: Record<string, string>;
  /** One PEM file with both Sparks' CA certificates. */
  caCertPath: string;
  /** The client-side `tailscale` (shows both Sparks as peers) and its folder. */
  clientTailscalePath: string;
  clientBinDir: string;
  /** NODE_EXTRA_CA_CERTS (the bundle) and PATH with clientBinDir first. */
  clientEnv(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

const stateLib = () => require(resolvePath(HERE, 'standins', 'lib', 'state.cjs')) as { update(path: string, fn: (s: Record<string, unknown>) => void): void };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startSparks(opts: FleetOptions = {}): Promise<RunningFleet> {
  const [o1, o2] = opts.sparks ?? [{}, {}];
  const identity = IDENTITIES[0]!;
  const started: RunningSpark[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tailspark-fleet-'));
  try {
    // One after the other: each start creates a user and an sshd (useradd takes a lock).
    started.push(await startSpark({ ...opts.common, ...o1 }));
    started.push(await startSpark({ magicDnsName: identity.magicDnsName, ...opts.common, ...o2 }));
    const [a, b] = started as [RunningSpark, RunningSpark];
    stateLib().update(b.statePath, (s) => {
      s.nodeId = identity.nodeId;
      s.nodeNumericId = identity.nodeNumericId;
      s.publicKey = identity.publicKey;
      s.tailscaleIps = identity.tailscaleIps;
      s.fleetPeers = [a.statePath];
    });
    stateLib().update(a.statePath, (s) => {
      s.fleetPeers = [b.statePath];
    });
    const caCertPath = join(dir, 'fleet-ca.pem');
    writeFileSync(caCertPath, `${readFileSync(a.caCertPath, 'utf8')}${readFileSync(b.caCertPath, 'utf8')}`, { mode: 0o644 });
    const router = opts.router ? await startRouter(a, b, opts.routerHealthCheckMs ?? 500) : null;
    return {
      sparks: [a, b],
      router,
      resolve: { ...a.resolve, ...b.resolve },
      caCertPath,
      clientTailscalePath: a.clientTailscalePath,
      clientBinDir: a.clientBinDir,
      clientEnv: (base = process.env) => ({ ...base, NODE_EXTRA_CA_CERTS: caCertPath, PATH: `${a.clientBinDir}:${base.PATH ?? '/usr/bin:/bin'}` }),
      async stop() {
        await router?.stop();
        await Promise.all(started.map((s) => s.stop()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await Promise.all(started.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function startRouter(a: RunningSpark, b: RunningSpark, healthCheckMs: number): Promise<RunningRouter> {
  // The config lives in the first Spark's state folder: its stop() ends every process whose
  // command line mentions that folder, the router included.
  const configPath = join(a.stateDir, 'router.json');
  const readyFile = join(a.stateDir, 'router.ready');
  const workerUrls = [`http://127.0.0.1:${a.inferencePort}`, `http://${b.magicDnsName}:${b.inferencePort}`];
  writeFileSync(
    configPath,
    JSON.stringify({
      address: a.address,
      port: ROUTER_PORT,
      healthCheckMs,
      readyFile,
      workers: [
        { url: workerUrls[0], connect: { host: a.address, port: a.inferencePort } },
        { url: workerUrls[1], connect: { host: b.address, port: b.inferencePort } },
      ],
    }),
  );
  // Published like `tailscale serve --bg --set-path /router http://127.0.0.1:30000`.
  stateLib().update(a.statePath, (s) => {
    const serve = s.serve as { Web?: Record<string, { Handlers: Record<string, unknown> }> };
    const web = serve.Web?.[`${a.magicDnsName}:443`];
    if (web) web.Handlers[ROUTER_MOUNT] = { Proxy: `http://127.0.0.1:${ROUTER_PORT}` };
  });
  let child: ChildProcess | null = null;
  const start = async () => {
    rmSync(readyFile, { force: true });
    child = spawn(process.execPath, [ROUTER_SCRIPT, configPath], { stdio: ['ignore', 'ignore', 'inherit'] });
    const deadline = Date.now() + 10_000;
    while (!existsSync(readyFile)) {
      if (Date.now() > deadline) throw new Error('emulated router did not start within 10 s');
      await sleep(30);
    }
  };
  await start();
  return {
    host: a.magicDnsName,
    port: ROUTER_PORT,
    mount: ROUTER_MOUNT,
    baseUrl: `https://${a.magicDnsName}${ROUTER_MOUNT}/v1`,
    workerUrls,
    async stop() {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await exited;
    },
    start,
  };
}

/**
 * A client's ssh_config and known_hosts for the Sparks: one `Host <short> <MagicDNS>` entry each
 * (HostName = its loopback address: nothing resolves *.ts.net here), with the Spark's user and
 * the given key; known_hosts lists each Spark by MagicDNS name, short name and address.
 */
export function writeClientSshFiles(sparks: readonly RunningSpark[], dir: string, privateKeyPath: string): { sshConfig: string; knownHosts: string } {
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, sparks.map((s) => `${s.knownHostsLine.replace(`${s.magicDnsName},`, `${s.magicDnsName},${s.hostName},`)}\n`).join(''));
  const sshConfig = join(dir, 'ssh_config');
  const entry = (s: RunningSpark) => [
    `# Written for the emulated Spark ${s.hostName} (${s.address}).`,
    `Host ${s.hostName} ${s.magicDnsName}`,
    `  HostName ${s.address}`,
    `  User ${s.user.name}`,
    `  IdentityFile ${privateKeyPath}`,
    '  IdentitiesOnly yes',
    `  UserKnownHostsFile ${knownHosts}`,
    '',
  ];
  writeFileSync(sshConfig, sparks.flatMap(entry).join('\n'));
  chmodSync(sshConfig, 0o600);
  return { sshConfig, knownHosts };
}
