// The "extension host" of the fleet polling benchmark: a process that runs only what watches the
// configured servers — the active server's Monitor plus the ServerFleet's background Monitors —
// with their real probes, so its CPU counters hold nothing else. Started by fleetPolling.bench.ts
// with NODE_EXTRA_CA_CERTS = both Sparks' CAs (the production trust path). Prints one JSON line.
//
// Time is virtual (the Monitors' injectable Clock): the clock jumps to the next due poll only when
// every tick in flight has finished, so a simulated hour of polling at the DEFAULT intervals runs
// in seconds and the schedule does not depend on how loaded the machine is. The probes, TLS,
// HTTPS requests and the CPU they cost are real. (A real tick also takes time, which pushes the
// next one back by that much: at a 15 s interval that is ~1–3 %, not modelled here.)
import { Emitter } from '../../src/core/util/emitter';
import { Monitor } from '../../src/core/monitor/monitor';
import { createProbes } from '../../src/core/monitor/probes';
import { SparkHttp } from '../../src/core/http/sparkHttp';
import { PooledSparkShell } from '../../src/core/discovery/sparkShell';
import type { Clock, Probes } from '../../src/core/monitor/types';
import type { Logger } from '../../src/core/util/log';
import { ServerFleet } from '../../src/core/servers/fleet';
import { resolveServers, type ServerEntry, settingsForServer } from '../../src/core/servers/serverList';
import { defaultSettings, monitorConfig, type Settings } from '../../src/core/settings';
import { SshPool } from '../../src/core/ssh';
import type { SparkState } from '../../src/core/state/types';
import { memorySecrets, scriptedPrompter } from '../integration/ssh/helpers';
import { processCpuMs } from './lib/cpu';

interface WorkerArgs {
  servers: { name: string; host: string; port: number }[];
  /** Per MagicDNS name: how the (one-time) URL discovery reaches that Spark's sshd. */
  ssh: Record<string, { target: string; keyPath: string; knownHosts: string }>;
  tailscalePath: string;
  resolve: Record<string, string>;
  /** Simulated minutes to poll for, at the default intervals. */
  minutes: number;
}

/** Timers in a queue; advance() moves time to the next due timer and runs it. */
class VirtualClock implements Clock {
  private t = Date.now();
  private seq = 0;
  readonly timers = new Map<number, { due: number; fn: () => void }>();
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = ++this.seq;
    this.timers.set(id, { due: this.t + Math.max(0, ms), fn });
    return id;
  };
  clearTimeout = (h: unknown) => {
    this.timers.delete(h as number);
  };
  /** Runs every timer due at the earliest due time; returns that time (undefined: none). */
  advance(): number | undefined {
    let due = Number.POSITIVE_INFINITY;
    for (const x of this.timers.values()) due = Math.min(due, x.due);
    if (!Number.isFinite(due)) return undefined;
    this.t = due;
    for (const [id, x] of [...this.timers]) {
      if (x.due !== due) continue;
      this.timers.delete(id);
      x.fn();
    }
    return due;
  }
}

async function main(): Promise<void> {
  const a = JSON.parse(process.argv[2]!) as WorkerArgs;
  const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const pool = new SshPool({ prompter: scriptedPrompter({}), secrets: memorySecrets(), agent: false });
  const calls = { tailnet: 0, server: 0, ssh: 0 };
  let inFlight = 0;
  const counted = async <T>(p: Promise<T>): Promise<T> => {
    inFlight++;
    try {
      return await p;
    } finally {
      inFlight--;
    }
  };
  const probesFor = (entry: ServerEntry): Probes => {
    const real = createProbes({
      settings: () => ({ tailscalePath: a.tailscalePath, inferencePort: entry.port, timeoutMs: 5000 }),
      http: SparkHttp.fixed({ resolve: a.resolve, timeoutMs: 5000 }),
      shell: new PooledSparkShell(
        pool,
        () => {
          calls.ssh++;
          const s = a.ssh[entry.host]!;
          return { target: s.target, identityFiles: [s.keyPath], knownHostsFiles: [s.knownHosts] };
        },
        quiet,
        entry.port,
      ),
    });
    return {
      tailnet(h, sig) {
        calls.tailnet++;
        return counted(real.tailnet(h, sig));
      },
      server(u, d, sig) {
        calls.server++;
        return counted(real.server(u, d, sig));
      },
      discover: (h, sig) => counted(real.discover(h, sig)),
      service: (u, sig) => counted(real.service(u, sig)),
    };
  };
  // Warm-up with the timers parked (an hour), then the compressed intervals.
  let settings: Settings = {
    ...defaultSettings(),
    servers: a.servers.map((s) => ({ ...s, unit: 'sglang.service', sshTarget: '' })),
    activeServer: a.servers[0]!.name,
    'poll.healthySeconds': 3600,
    'poll.maxBackoffSeconds': 3600,
    'poll.otherServersSeconds': 3600,
  };
  const clock = new VirtualClock();
  const activeEntry = resolveServers(settings).active;
  const changed = new Emitter<SparkState>();
  const active = new Monitor({ probes: probesFor(activeEntry), log: quiet, clock, getConfig: () => ({ ...monitorConfig(settingsForServer(settings, activeEntry)), timeoutMs: 5000 }) });
  active.onDidChangeState((s) => changed.fire(s));
  const fleet = new ServerFleet({
    settings: () => settings,
    active: { getState: () => active.getState(), onDidChangeState: (l) => changed.on(l) },
    probesFor: (e) => ({ probes: probesFor(e) }),
    logFor: () => quiet,
    clock,
  });
  const tickAll = () => Promise.all([active.refresh({ force: false }), fleet.refreshOthers()]);
  const allReady = () => fleet.states().every((m) => m.state.phase === 'ready');
  for (let i = 0; i < 40 && !allReady(); i++) await tickAll(); // URL discovery (SSH), /v1/models, identify
  for (let i = 0; i < 4; i++) await tickAll();
  if (!allReady()) throw new Error(`not ready: ${fleet.states().map((m) => `${m.entry.name}=${m.state.phase}`)}`);

  // The default intervals from here on; one tick each reschedules every Monitor (not counted).
  settings = { ...defaultSettings(), servers: settings.servers, activeServer: settings.activeServer };
  await tickAll();
  const monitors = 1 + fleet.backgroundCount;
  /** Every tick has finished when no probe is in flight and every Monitor has its next poll queued. */
  const quiescent = async () => {
    const deadline = Date.now() + 60_000;
    for (let settled = 0; settled < 3; ) {
      await new Promise((r) => setImmediate(r));
      settled = inFlight === 0 && clock.timers.size >= monitors ? settled + 1 : 0;
      if (Date.now() > deadline) throw new Error(`ticks did not finish (in flight: ${inFlight}, timers: ${clock.timers.size})`);
    }
  };
  await quiescent();
  const c0 = { ...calls };
  const cpu0 = processCpuMs();
  const start = clock.now();
  const end = start + a.minutes * 60_000;
  process.stdout.write('measuring\n');
  for (;;) {
    await quiescent();
    const next = Math.min(...[...clock.timers.values()].map((x) => x.due));
    if (next > end) break;
    clock.advance();
  }
  const cpu1 = processCpuMs();
  const c1 = { ...calls };
  process.stdout.write('measured\n');
  const result = {
    monitors,
    simulatedMinutes: (clock.now() - start) / 60_000,
    ticks: c1.server - c0.server,
    cliCalls: c1.tailnet - c0.tailnet,
    ssh: c1.ssh - c0.ssh,
    cpuSelfMs: cpu1.self - cpu0.self,
    cpuChildrenMs: cpu1.children - cpu0.children,
    phases: fleet.states().map((m) => m.state.phase),
  };
  fleet.dispose();
  active.dispose();
  pool.closeAll();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
