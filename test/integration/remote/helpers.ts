// The emulated Spark reached through the REAL SSH layer (SshPool + openRemoteShell, key auth,
// strict known_hosts): what the remote operations run on in these tests. The prompter answers
// the sudo password from the Spark's test user and records what it was asked.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadinessCheck } from '../../../src/core/remote/readiness';
import { httpReadiness } from '../../../src/core/remote/readyProbe';
import { SparkHttp } from '../../../src/core/http/sparkHttp';
import type { OpContext } from '../../../src/core/remote/types';
import { openRemoteShell, type PooledShell, SshPool } from '../../../src/core/ssh';
import type { SshPrompter } from '../../../src/core/ssh/types';
import { generateKey } from '../../harness/sshd';
import { type RunningSpark, type SparkOptions, startSpark } from '../../spark-sim';

export interface RemoteSpark {
  spark: RunningSpark;
  shell: PooledShell;
  pool: SshPool;
  /** What the SSH layer asked (e.g. "sudo-password sparkab12cd"). */
  asked: string[];
  logged: string[];
  progress: string[];
  ctx(signal?: AbortSignal): OpContext;
  /** GET /v1/models through the serve front, like the product's probe (CA trusted, name resolved). */
  readiness(): ReadinessCheck;
  caPem: string;
  keyPath: string;
  knownHostsPath: string;
  /** The serve config as root sees it on the Spark (the remote effect). */
  serveConfig(): Record<string, unknown>;
  /** `systemctl is-active UNIT` as root on the Spark. */
  isActive(unit: string): string;
  stop(): Promise<void>;
}

export async function startRemoteSpark(opts: SparkOptions & { sudoPassword?: 'right' | 'wrong' | 'none' } = {}): Promise<RemoteSpark> {
  const dir = mkdtempSync(join(tmpdir(), 'tailspark-remote-'));
  const key = generateKey(dir, 'id_ed25519');
  const spark = await startSpark({ ...opts, authorizedKeys: [key.publicLine] });
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `${spark.knownHostsLine}\n`);
  const asked: string[] = [];
  const prompter: SshPrompter = {
    askPassphrase: async () => undefined,
    askPassword: async (p) => {
      asked.push(`${p.forSudo ? 'sudo-password' : 'password'} ${p.user}`);
      if (!p.forSudo || opts.sudoPassword === 'none') return undefined;
      return opts.sudoPassword === 'wrong' ? 'not-the-password' : spark.user.password;
    },
    confirmUnknownHostKey: async (i) => {
      asked.push(`hostkey ${i.fingerprint}`);
      return false;
    },
  };
  const pathEnv = { platform: 'linux' as const, home: dir, env: { USER: 'tester' } };
  const pool = new SshPool({ prompter, agent: false, pathEnv });
  const shell = openRemoteShell(pool, {
    target: `${spark.user.name}@${spark.address}`,
    sshConfigFile: join(dir, 'no-config'),
    knownHostsFiles: [knownHosts],
    identityFiles: [key.privatePath],
    pathEnv,
  });
  const logged: string[] = [];
  const progress: string[] = [];
  const caPem = readFileSync(spark.caCertPath, 'utf8');
  return {
    spark,
    shell,
    pool,
    asked,
    logged,
    progress,
    caPem,
    keyPath: key.privatePath,
    knownHostsPath: knownHosts,
    ctx: (signal) => ({
      shell,
      log: { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) },
      onProgress: (m) => progress.push(m),
      ...(signal ? { signal } : {}),
    }),
    readiness: () => httpReadiness(SparkHttp.fixed({ resolve: spark.resolve, extraCa: [caPem] }), spark.baseUrl, { timeoutMs: 3000 }),
    serveConfig: () => JSON.parse(spark.runAsRoot('tailscale', ['serve', 'status', '--json']).stdout || 'null') ?? {},
    isActive: (unit) => spark.runAsRoot('systemctl', ['is-active', unit]).stdout.trim(),
    async stop() {
      pool.closeAll();
      await spark.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The quick timings: tests follow loading → warm-up → ready in ~1 s instead of minutes. */
export const FAST = { loadMs: 600, warmupMs: 500, healthMs: 50, tokenMs: 5, riskCountdownMs: 250 };
