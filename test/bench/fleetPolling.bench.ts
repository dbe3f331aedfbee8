// What watching several configured servers costs while all are healthy and the user is idle
// (issue #19): 1 server vs 10, the same worker, the same two emulated Sparks, the same
// simulated time. The worker (fleetPollingWorker.ts) runs the active server's Monitor plus the
// ServerFleet's background Monitors with their real probes at the DEFAULT intervals (active
// 15 s, others 120 s) on a virtual clock that jumps from one due poll to the next once every tick
// has finished; HTTPS goes through counting TCP relays (TLS untouched). Requests and CPU per
// simulated minute are therefore what the defaults cost, whatever the machine's load.
// 10 servers: 5 entries on each Spark (a Monitor per entry, as for 10 machines).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSettings } from '../../src/core/settings';
import { isHealthy, type SparkPhase } from '../../src/core/state/types';
import { generateKey } from '../harness/sshd';
import { startFlakyFront } from '../reliability/support/flakyFront';
import { startSparks } from '../spark-sim/fleet';
import { emit, progress, row } from './lib/emit';

const MINUTES = Number(process.env.TAILSPARK_BENCH_FLEET_MINUTES ?? 10);
const DEFAULTS = defaultSettings();
const ACTIVE_S = DEFAULTS['poll.healthySeconds'];
const OTHERS_S = DEFAULTS['poll.otherServersSeconds'];

interface WorkerResult {
  monitors: number;
  simulatedMinutes: number;
  ticks: number;
  cliCalls: number;
  ssh: number;
  cpuSelfMs: number;
  cpuChildrenMs: number;
  phases: string[];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tailspark-bench-fleet-'));
  const key = generateKey(dir, 'id_ed25519');
  const fleet = await startSparks({ common: { flavor: 'sglang', authorizedKeys: [key.publicLine] } });
  const fronts = await Promise.all(fleet.sparks.map((s) => startFlakyFront({ host: s.address, port: 443 })));
  try {
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, fleet.sparks.map((s) => `${s.knownHostsLine}\n`).join(''));
    const [a, b] = fleet.sparks;
    const resolve = Object.fromEntries(fleet.sparks.map((s, i) => [s.magicDnsName, fronts[i]!.host]));
    const ssh = Object.fromEntries(fleet.sparks.map((s) => [s.magicDnsName, { target: `${s.user.name}@${s.address}`, keyPath: key.privatePath, knownHosts }]));
    const connections = () => fronts.reduce((n, f) => n + f.connections, 0);

    async function measure(count: number): Promise<WorkerResult & { requests: number }> {
      const servers = Array.from({ length: count }, (_, i) => ({ name: `server-${i + 1}`, host: (i % 2 === 0 ? a : b).magicDnsName, port: 30001 }));
      const args = {
        servers,
        ssh,
        tailscalePath: fleet.clientTailscalePath,
        resolve,
        minutes: MINUTES,
      };
      const worker = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fleetPollingWorker.ts'), JSON.stringify(args)], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: fleet.caCertPath },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      let c0 = 0;
      let c1 = 0;
      worker.stdout.on('data', (d) => {
        out += String(d);
        if (c0 === 0 && out.includes('measuring\n')) c0 = connections();
        if (c1 === 0 && out.includes('measured\n')) c1 = connections();
      });
      const code = await new Promise<number | null>((r) => worker.once('exit', r));
      if (code !== 0) throw new Error(`fleet polling worker (${count} servers) exited ${code}: ${out}`);
      const w = JSON.parse(out.trim().split('\n').at(-1)!) as WorkerResult;
      const requests = c1 - c0;
      progress(`${count} server(s), ${w.monitors} Monitors: ${w.ticks} ticks, ${requests} HTTPS requests, ${w.cpuSelfMs} ms CPU, ${w.cliCalls} CLI runs (${w.cpuChildrenMs} ms), ${w.ssh} SSH`);
      return { ...w, requests };
    }

    const one = await measure(1);
    const ten = await measure(10);
    const minutes = MINUTES; // simulated, at the default intervals
    const perMin = (x: number) => x / minutes;
    const expectedTen = 60 / ACTIVE_S + 9 * (60 / OTHERS_S);
    const cpuTick = (w: WorkerResult) => w.cpuSelfMs / Math.max(1, w.ticks);
    const cliCpuMin = (w: WorkerResult) => perMin(w.cpuChildrenMs);
    const share = `machine shared with other jobs; /proc CPU resolution 10 ms; ${minutes} simulated minutes`;
    emit({
      part: 'fleet-polling',
      rows: [
        row(`Fleet polling, 1 server configured: HTTPS requests per minute (active every ${ACTIVE_S} s)`, perMin(one.requests), 'req/min', undefined, `${one.requests} requests in ${one.ticks} ticks`),
        row(
          `Fleet polling, 10 servers configured: HTTPS requests per minute (active every ${ACTIVE_S} s, 9 others every ${OTHERS_S} s)`,
          perMin(ten.requests),
          'req/min',
          { name: '1 server configured', value: perMin(one.requests) },
          `${ten.requests} requests in ${ten.ticks} ticks; expected ${expectedTen.toFixed(1)} = ${60 / ACTIVE_S} + 9 × ${60 / OTHERS_S}`,
        ),
        row('Fleet polling, 1 server: CPU per tick in the watching process (probe, TLS, state)', cpuTick(one), 'ms', undefined, share),
        row('Fleet polling, 10 servers: CPU per tick in the watching process', cpuTick(ten), 'ms', { name: '1 server', value: cpuTick(one) }, share),
        row('Fleet polling, 1 server: CPU per minute at the default intervals (watching process)', perMin(one.cpuSelfMs), 'ms/min'),
        row('Fleet polling, 10 servers: CPU per minute at the default intervals (watching process)', perMin(ten.cpuSelfMs), 'ms/min', { name: '1 server', value: perMin(one.cpuSelfMs) }),
        row('Fleet polling, 10 servers: local `tailscale status --json` runs per minute (stand-in CLI = a Node script)', perMin(ten.cliCalls), 'runs/min', {
          name: '1 server',
          value: perMin(one.cliCalls),
        }, `their CPU: ${cliCpuMin(ten).toFixed(0)} vs ${cliCpuMin(one).toFixed(0)} ms/min; the real Go CLI is cheaper`),
      ],
      checks: [
        { name: 'no SSH while healthy (1 and 10 servers)', ok: one.ssh === 0 && ten.ssh === 0, detail: `${one.ssh} / ${ten.ssh} SSH uses` },
        {
          name: 'one HTTPS request per healthy tick',
          // A tick in flight at either edge of the window may count on one side only.
          ok: Math.abs(one.requests - one.ticks) <= one.monitors && Math.abs(ten.requests - ten.ticks) <= ten.monitors,
          detail: `${one.requests}/${one.ticks} and ${ten.requests}/${ten.ticks} requests/ticks`,
        },
        {
          name: 'polling cost grows linearly: 10 servers ≈ active + 9 × slow interval',
          ok: Math.abs(perMin(ten.requests) - expectedTen) <= expectedTen * 0.2,
          detail: `${perMin(ten.requests).toFixed(2)} req/min measured, ${expectedTen.toFixed(2)} expected (±20%)`,
        },
        {
          // 'degraded' = answered, but slower than probe.slowMs: on a loaded machine that is the machine.
          name: 'every server still healthy (ready or degraded) at the end',
          ok: [...one.phases, ...ten.phases].every((p) => isHealthy(p as SparkPhase)),
          detail: [...one.phases, ...ten.phases].join(','),
        },
        {
          name: 'the whole simulated period was polled',
          ok: Math.abs(one.simulatedMinutes - minutes) * 60 <= ACTIVE_S && Math.abs(ten.simulatedMinutes - minutes) * 60 <= ACTIVE_S,
          detail: `${one.simulatedMinutes.toFixed(2)} / ${ten.simulatedMinutes.toFixed(2)} of ${minutes} minutes`,
        },
      ],
    });
  } finally {
    await Promise.all(fronts.map((f) => f.close()));
    await fleet.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
