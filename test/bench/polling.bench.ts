// What the Monitor costs while the Spark is healthy and the user is idle. The Monitor with its
// real probes runs alone in a worker process (pollingWorker.ts) against the emulated Spark, its
// interval compressed to 0.25 s so seconds stand for hours; HTTPS goes through a counting TCP
// relay (TLS untouched). Requests, bytes and CPU per tick are then scaled to the default 15 s
// interval. Compared with the naive poll: one `curl` of the same /metrics URL per tick.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestSpark } from '../integration/spark-sim/helpers';
import { startFlakyFront } from '../reliability/support/flakyFront';
import { emit, progress, row } from './lib/emit';

const PERIOD_MS = Number(process.env.TAILSPARK_BENCH_POLL_MS ?? 15_000);
const INTERVAL_S = 0.25;
const DEFAULT_INTERVAL_S = 15;

function childCpuMs(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[13]) + Number(f[14])) * 10;
}

async function main(): Promise<void> {
  const t = await startTestSpark({ flavor: 'sglang' });
  const spark = t.spark;
  const front = await startFlakyFront({ host: spark.address, port: 443 });
  try {
    const resolve = { [spark.magicDnsName]: front.host };
    const args = { host: spark.hostName, baseUrl: spark.baseUrl, tailscalePath: spark.clientTailscalePath, resolve, inferencePort: spark.inferencePort, periodMs: PERIOD_MS, intervalSeconds: INTERVAL_S };
    let b0 = 0;
    let c0 = 0;
    const worker = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'pollingWorker.ts'), JSON.stringify(args)], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: spark.caCertPath },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    worker.stdout.on('data', (d) => {
      out += String(d);
      if (out.includes('measuring\n') && b0 === 0) {
        b0 = front.bytesUp + front.bytesDown;
        c0 = front.connections;
      }
    });
    const code = await new Promise<number | null>((r) => worker.once('exit', r));
    if (code !== 0) throw new Error(`polling worker exited ${code}: ${out}`);
    const w = JSON.parse(out.trim().split('\n').at(-1)!) as {
      ticks: number; cliCalls: number; ssh: number; cpuSelfMs: number; cpuChildrenMs: number; heapDeltaMb: number; phase: string;
    };
    const bytes = front.bytesUp + front.bytesDown - b0;
    const requests = front.connections - c0;
    progress(`${w.ticks} ticks: ${requests} HTTPS requests, ${bytes} bytes, ${w.cpuSelfMs} ms CPU, ${w.cliCalls} CLI runs (${w.cpuChildrenMs} ms), ${w.ssh} SSH`);

    // The naive poll: curl the same URL once per tick (curl's CPU shows in our children's counters).
    const N = 20;
    const cb0 = front.bytesUp + front.bytesDown;
    const cc0 = childCpuMs();
    for (let i = 0; i < N; i++) {
      await new Promise<void>((ok, fail) =>
        execFile('curl', ['-sf', '-o', '/dev/null', '--resolve', `${spark.magicDnsName}:443:${front.host}`, '--cacert', spark.caCertPath, `${spark.serveUrl}/metrics`], (err) =>
          err ? fail(err) : ok(),
        ),
      );
    }
    const curlBytes = (front.bytesUp + front.bytesDown - cb0) / N;
    const curlCpu = (childCpuMs() - cc0) / N;

    const perMin = 60 / DEFAULT_INTERVAL_S;
    const cpuTick = w.cpuSelfMs / w.ticks;
    const cliCpu = w.cliCalls > 0 ? w.cpuChildrenMs / w.cliCalls : 0;
    emit({
      part: 'polling',
      rows: [
        row(`Polling, healthy + idle: HTTPS requests per minute (default ${DEFAULT_INTERVAL_S} s interval)`, (requests / w.ticks) * perMin, 'req/min', undefined,
          `${requests} requests in ${w.ticks} ticks; SSH: ${w.ssh}; tailscale CLI runs: ${(w.cliCalls / w.ticks).toFixed(2)}/tick`),
        row('Polling: bytes per tick (both directions, TLS handshake included)', bytes / w.ticks, 'B', { name: 'curl of the same URL', value: curlBytes }),
        row('Polling: bytes per minute at the default interval', (bytes / w.ticks) * perMin, 'B/min'),
        row('Polling: CPU per tick in the Monitor\'s process (probe, TLS, state)', cpuTick, 'ms', { name: 'one curl of the same URL (process CPU)', value: curlCpu },
          `/proc resolution 10 ms over ${w.ticks} ticks`),
        row('Polling: CPU per minute at the default interval (Monitor process)', cpuTick * perMin, 'ms/min'),
        row('Polling: local `tailscale status --json` CPU per tick (stand-in CLI = a Node script)', (w.cliCalls / w.ticks) * cliCpu, 'ms', undefined,
          `${(w.cliCalls / w.ticks).toFixed(2)} runs/tick × ${cliCpu.toFixed(0)} ms; the real Go CLI is cheaper`),
      ],
      checks: [
        { name: 'no SSH while healthy', ok: w.ssh === 0, detail: `${w.ssh} SSH uses over ${w.ticks} ticks` },
        { name: 'one HTTPS request per healthy tick', ok: requests === w.ticks, detail: `${requests} requests / ${w.ticks} ticks` },
        { name: 'still ready at the end', ok: w.phase === 'ready', detail: w.phase },
        { name: 'heap did not grow beyond noise while polling', ok: w.heapDeltaMb < 8, detail: `${w.heapDeltaMb.toFixed(2)} MB (no forced GC)` },
      ],
    });
  } finally {
    await front.close();
    await t.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
