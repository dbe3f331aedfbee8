// Memory and handle hygiene of the Monitor over 10,000 ticks (fake clock, so the run takes
// seconds, not 40 hours). The Monitor runs for the editor's whole lifetime: anything it keeps
// per tick (states, findings, listeners, timers, sockets) would grow without bound.
// Measured: heap after a forced GC, before vs after; active handles (process.getActiveResourcesInfo);
// the Monitor's own listener/timer/waiter counts. Probes are the scripted ones of the unit tests
// cycling through healthy / offline / backend down / warming up every 50 ticks.
import { Monitor } from '../../src/core/monitor/monitor';
import { FakeClock, settle } from '../unit/monitor/fakeClock';
import { BASE_URL, config, FakeProbes, MemoryLog, okModels, runningTailnet, unreachable } from '../unit/monitor/fakes';
import { emit, progress, row } from './lib/emit';

const TICKS = Number(process.env.TAILSPARK_BENCH_TICKS ?? 10_000);

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) g();
}

function heapMb(): number {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

async function main(): Promise<void> {
  const clock = new FakeClock();
  const probes = new FakeProbes();
  // A log that keeps nothing: a real LogOutputChannel does not grow the extension host's heap.
  const log = new MemoryLog();
  const monitor = new Monitor({
    probes,
    clock,
    log,
    getConfig: () => config({ maxBackoffSeconds: 60 }),
    initialServe: { baseUrl: BASE_URL, exposure: 'tailnet', source: 'cache' },
  });
  let stateEvents = 0;
  monitor.onDidChangeState(() => {
    stateEvents++;
  });
  const scenarios = [
    () => {
      probes.answers.server = okModels(20 + (stateEvents % 7));
      probes.answers.tailnet = runningTailnet(true);
    },
    () => {
      probes.answers.server = unreachable();
      probes.answers.tailnet = runningTailnet(false);
    },
    () => {
      probes.answers.server = { kind: 'backendDown' };
      probes.answers.tailnet = runningTailnet(true);
    },
    () => {
      probes.answers.server = { kind: 'warmingUp' };
    },
  ];
  const runTicks = async (n: number, offset: number) => {
    for (let i = 0; i < n; i++) {
      const k = offset + i;
      if (k % 50 === 0) scenarios[(k / 50) % scenarios.length]();
      await clock.fireNext();
      log.lines.length = 0;
      probes.signals.length = 0;
      probes.details.length = 0;
      clock.scheduled.length = 0;
    }
  };
  monitor.start();
  await settle();
  // Warm-up: JIT, first-time allocations, one pass through every scenario.
  await runTicks(1000, 0);
  const handlesBefore = activeResources();
  const resBefore = monitor.resources();
  const heapBefore = heapMb();
  const started = process.hrtime.bigint();
  await runTicks(TICKS, 1000);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const heapAfter = heapMb();
  const handlesAfter = activeResources();
  const resAfter = monitor.resources();
  monitor.dispose();
  await settle();
  const handlesDisposed = activeResources();
  progress(`${TICKS} ticks in ${ms.toFixed(0)} ms; heap ${heapBefore.toFixed(2)} → ${heapAfter.toFixed(2)} MB`);
  const same = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);
  emit({
    part: 'monitor-memory',
    rows: [
      row(`Monitor heap after ${TICKS} ticks (fake clock)`, heapAfter, 'MB', { name: 'heap before', value: heapBefore },
        `Δ ${(heapAfter - heapBefore).toFixed(2)} MB`),
    ],
    checks: [
      { name: 'heap growth < 1 MB over 10,000 ticks', ok: heapAfter - heapBefore < 1, detail: `${(heapAfter - heapBefore).toFixed(3)} MB` },
      { name: 'active handles unchanged by ticking', ok: same(handlesBefore, handlesAfter), detail: `${JSON.stringify(handlesBefore)} → ${JSON.stringify(handlesAfter)}` },
      { name: 'Monitor listeners/timers/waiters unchanged', ok: same(resBefore, resAfter), detail: `${JSON.stringify(resBefore)} → ${JSON.stringify(resAfter)}` },
      { name: 'no timer pending after dispose()', ok: clock.pending === 0, detail: `${clock.pending} pending; handles ${JSON.stringify(handlesDisposed)}` },
      { name: 'probes never overlapped', ok: probes.maxActive === 1, detail: `max ${probes.maxActive} at once` },
    ],
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
