// The "extension host" of the polling benchmark: a process that runs only the Monitor with its
// real probes, so its CPU counters hold nothing else. Started by polling.bench.ts with
// NODE_EXTRA_CA_CERTS set to the emulated Spark's CA — the production trust path (the probes get
// no extraCa, which would build a new CA store per request). Prints one JSON line.
import { Monitor } from '../../src/core/monitor/monitor';
import { createProbes } from '../../src/core/monitor/probes';
import { SparkHttp } from '../../src/core/http/sparkHttp';
import type { Probes } from '../../src/core/monitor/types';
import type { Logger } from '../../src/core/util/log';
import { processCpuMs } from './lib/cpu';

interface WorkerArgs {
  host: string;
  baseUrl: string;
  tailscalePath: string;
  resolve: Record<string, string>;
  inferencePort: number;
  periodMs: number;
  intervalSeconds: number;
}

async function main(): Promise<void> {
  const a = JSON.parse(process.argv[2]!) as WorkerArgs;
  const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  let ssh = 0;
  const real = createProbes({
    settings: () => ({ tailscalePath: a.tailscalePath, inferencePort: a.inferencePort, timeoutMs: 5000 }),
    http: SparkHttp.fixed({ resolve: a.resolve, timeoutMs: 5000 }),
    shell: {
      rememberPeer() {},
      context() {
        ssh++;
        throw new Error('no SSH expected while healthy');
      },
    },
  });
  const calls = { tailnet: 0, server: 0 };
  const probes: Probes = {
    tailnet(h, s) {
      calls.tailnet++;
      return real.tailnet(h, s);
    },
    server(u, d, s) {
      calls.server++;
      return real.server(u, d, s);
    },
    discover: real.discover,
    service: real.service,
  };
  let healthySeconds = 3600;
  const monitor = new Monitor({
    probes,
    log: quiet,
    getConfig: () => ({ host: a.host, healthySeconds, maxBackoffSeconds: 60, unfocusedFactor: 1, timeoutMs: 5000, slowMs: 5000, detail: 'metrics', serviceUnit: 'sglang.service', readyTimeoutSeconds: 60 }),
    initialServe: { baseUrl: a.baseUrl, exposure: 'tailnet', source: 'cache' },
  });
  for (let i = 0; i < 12; i++) await monitor.refresh({ force: false }); // past /v1/models + identify
  if (monitor.getState().phase !== 'ready') throw new Error(`not ready: ${monitor.getState().phase} ${monitor.getState().findings.map((f) => f.code)}`);
  const c0 = { ...calls };
  const cpu0 = processCpuMs();
  const heap0 = process.memoryUsage().heapUsed;
  healthySeconds = a.intervalSeconds;
  process.stdout.write('measuring\n');
  await monitor.refresh({ force: false });
  await new Promise((r) => setTimeout(r, a.periodMs));
  healthySeconds = 3600;
  await monitor.refresh({ force: false });
  const cpu1 = processCpuMs();
  const result = {
    ticks: calls.server - c0.server,
    cliCalls: calls.tailnet - c0.tailnet,
    ssh,
    cpuSelfMs: cpu1.self - cpu0.self,
    cpuChildrenMs: cpu1.children - cpu0.children,
    heapDeltaMb: (process.memoryUsage().heapUsed - heap0) / 2 ** 20,
    phase: monitor.getState().phase,
  };
  monitor.dispose();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
