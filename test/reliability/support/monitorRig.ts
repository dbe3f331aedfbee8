// A Monitor with its REAL probes (client `tailscale` stand-in, HTTPS through the Serve front,
// SSH through the Spark's real sshd) against one emulated Spark, with knobs the fault tests
// turn: where names resolve to, which `tailscale` binary runs, the probe time limit.
// Ticks run on the real clock; `tick()` forces one and measures how long it took.
import { readFileSync, writeFileSync } from 'node:fs';
import { Monitor } from '../../../src/core/monitor/monitor';
import { createProbes } from '../../../src/core/monitor/probes';
import { SparkHttp } from '../../../src/core/http/sparkHttp';
import type { MonitorConfig, Probes } from '../../../src/core/monitor/types';
import type { Logger } from '../../../src/core/util/log';
import type { SparkState } from '../../../src/core/state/types';
import { PooledSparkShell } from '../../../src/core/discovery/sparkShell';
import { SshPool } from '../../../src/core/ssh';
import { memorySecrets, scriptedPrompter, type ScriptedPrompter } from '../../integration/ssh/helpers';
import { startTestSpark, type TestSpark } from '../../integration/spark-sim/helpers';
import type { SparkOptions } from '../../spark-sim';

export interface MonitorRig {
  t: TestSpark;
  monitor: Monitor;
  pool: SshPool;
  prompter: ScriptedPrompter;
  lines: string[];
  /** How many SSH operation contexts the probes asked for (each = an SSH use). */
  sshUses(): number;
  /** The real probes (counted), for tests that drive a probe or a second Monitor directly. */
  probes: Probes;
  log: Logger;
  /** Calls per probe kind since the rig started. */
  calls: Record<keyof Probes, number>;
  knobs: { resolve: Record<string, string>; tailscalePath: string; timeoutMs: number };
  config: MonitorConfig;
  /** One forced tick; returns its duration. */
  tick(force?: boolean): Promise<number>;
  /** Waits (without asking for ticks: the Monitor's own timer must get there) for a phase. */
  waitFor(pred: (s: SparkState) => boolean, timeoutMs: number, what: string): Promise<number>;
  stop(): Promise<void>;
}

export async function startMonitorRig(opts: SparkOptions = {}, config: Partial<MonitorConfig> = {}): Promise<MonitorRig> {
  const t = await startTestSpark({ flavor: 'sglang', timings: { loadMs: 600, warmupMs: 400, healthMs: 50 }, ...opts });
  const spark = t.spark;
  const prompter = scriptedPrompter({});
  const pool = new SshPool({ prompter, secrets: memorySecrets(), agent: false });
  const knownHosts = `${t.keyPath}.known_hosts`;
  writeFileSync(knownHosts, `${spark.knownHostsLine}\n`);
  const lines: string[] = [];
  const log: Logger = {
    trace: (m) => lines.push(`trace ${m}`),
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
  const knobs = { resolve: { ...spark.resolve }, tailscalePath: spark.clientTailscalePath, timeoutMs: 2000 };
  let ssh = 0;
  const real = createProbes({
    settings: () => ({ tailscalePath: knobs.tailscalePath, inferencePort: spark.inferencePort, timeoutMs: knobs.timeoutMs }),
    http: new SparkHttp({
      settings: () => ({ resolve: knobs.resolve, timeoutMs: knobs.timeoutMs }),
      apiKey: async () => undefined,
      extraCa: () => [readFileSync(spark.caCertPath, 'utf8')],
    }),
    shell: new PooledSparkShell(
      pool,
      () => {
        ssh++;
        return { target: `${spark.user.name}@${spark.address}`, identityFiles: [t.keyPath], knownHostsFiles: [knownHosts], sshConfigFile: `${t.keyPath}.no-config` };
      },
      log,
    ),
  });
  const calls = { tailnet: 0, server: 0, discover: 0, service: 0 };
  const probes: Probes = {
    tailnet(h, s) {
      calls.tailnet++;
      return real.tailnet(h, s);
    },
    server(u, d, s) {
      calls.server++;
      return real.server(u, d, s);
    },
    discover(h, s) {
      calls.discover++;
      return real.discover(h, s);
    },
    service(u, s) {
      calls.service++;
      return real.service(u, s);
    },
  };
  const cfg: MonitorConfig = {
    host: spark.hostName,
    healthySeconds: 3600, // tests that want the timer lower this
    maxBackoffSeconds: 3600,
    unfocusedFactor: 1,
    timeoutMs: 2000,
    slowMs: 5000,
    detail: 'metrics',
    serviceUnit: 'sglang.service',
    readyTimeoutSeconds: 120,
    ...config,
  };
  const monitor = new Monitor({ probes, log, getConfig: () => ({ ...cfg, timeoutMs: knobs.timeoutMs }) });
  return {
    t,
    monitor,
    pool,
    prompter,
    lines,
    probes,
    log,
    sshUses: () => ssh,
    calls,
    knobs,
    config: cfg,
    async tick(force = false) {
      const started = Date.now();
      await monitor.refresh({ force, reason: 'test' });
      return Date.now() - started;
    },
    waitFor(pred, timeoutMs, what) {
      const started = Date.now();
      if (pred(monitor.getState())) return Promise.resolve(0);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          sub.dispose();
          const s = monitor.getState();
          reject(new Error(`${what}: still ${s.phase} after ${timeoutMs} ms; findings ${s.findings.map((f) => f.code).join(', ')}\n${lines.slice(-12).join('\n')}`));
        }, timeoutMs);
        const sub = monitor.onDidChangeState((s) => {
          if (!pred(s)) return;
          clearTimeout(timer);
          sub.dispose();
          resolve(Date.now() - started);
        });
      });
    },
    async stop() {
      monitor.dispose();
      pool.closeAll();
      await t.stop();
    },
  };
}

export const codes = (s: SparkState) => s.findings.map((f) => f.code);
