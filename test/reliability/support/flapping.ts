// N Monitor ticks with the real probes while the emulated Spark's HTTPS front flaps: mostly up,
// with short outages of each kind (connection reset, refused, a rare hang that costs the probe's
// time limit). After every tick the phase must match what the server did in that tick; the
// Monitor must not leak sockets, listeners or timers, and SSH stays rate-limited.
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type FlakyFront, startFlakyFront } from './flakyFront';
import { codes, type MonitorRig, startMonitorRig } from './monitorRig';
import { refusedAddress } from './network';

/** Heap in use after a full garbage collection (gc made callable without --expose-gc). */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** Probe time limit: generous for loopback, so only a real hang reaches it. */
const LIMIT = 2000;

export async function flappingTicks(ticks: number): Promise<{ ticks: number; meanMs: number; slowestMs: number; connections: number; heapGrowthMb: number }> {
  let rig: MonitorRig | undefined;
  let front: FlakyFront | undefined;
  try {
    rig = await startMonitorRig({}, { timeoutMs: LIMIT, detail: 'metrics' });
    rig.knobs.timeoutMs = LIMIT;
    front = await startFlakyFront({ host: rig.t.spark.address, port: 443 });
    const viaFront = { [rig.t.spark.magicDnsName]: front.host };
    const refused = { [rig.t.spark.magicDnsName]: refusedAddress().host };
    rig.knobs.resolve = viaFront;
    await rig.tick(true); // discovery over SSH once
    assert.equal(rig.monitor.getState().phase, 'ready', codes(rig.monitor.getState()).join(', '));
    const sshAfterStart = rig.sshUses();
    const handlesBefore = process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

    let slowest = 0;
    let total = 0;
    let heapWarm = 0;
    let wasDown = false;
    const wrong: string[] = [];
    for (let i = 0; i < ticks; i++) {
      if (i === 100) heapWarm = heapAfterGc(); // after warm-up (JIT, first allocations)
      // Mostly up; short outages of each kind; a rare hang (each costs the probe's time limit).
      const slot = i % 20;
      const mode = slot === 5 || slot === 6 ? 'reset' : slot === 12 ? 'refused' : i % 100 === 50 ? 'hang' : 'up';
      front.mode = mode === 'refused' ? 'up' : mode;
      rig.knobs.resolve = mode === 'refused' ? refused : viaFront;
      const ms = await rig.tick(false);
      slowest = Math.max(slowest, ms);
      total += ms;
      const s = rig.monitor.getState();
      if (mode === 'up' && s.phase !== 'ready') wrong.push(`tick ${i} (up${wasDown ? ', right after an outage' : ''}): ${s.phase} [${codes(s).join(', ')}]`);
      if (mode !== 'up') {
        const expected = mode === 'reset' ? 'probe.connectionReset' : mode === 'refused' ? 'probe.connectionRefused' : 'probe.timeout';
        if (s.phase === 'ready' || !codes(s).includes(expected)) wrong.push(`tick ${i} (${mode}): ${s.phase} [${codes(s).join(', ')}]`);
      }
      wasDown = mode !== 'up';
    }
    assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} ticks showed the wrong state`);
    assert.ok(slowest < LIMIT * 2 + 3000, `slowest tick ${slowest} ms`);
    // Outages are explained by the HTTPS probe and the local CLI; SSH is rate-limited.
    assert.ok(rig.sshUses() - sshAfterStart <= 2, `${rig.sshUses() - sshAfterStart} SSH uses during ${ticks} ticks`);
    await new Promise((r) => setTimeout(r, 300));
    const handlesAfter = process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    assert.ok(handlesAfter <= handlesBefore + 1, `TCP sockets ${handlesBefore} → ${handlesAfter}`);
    assert.ok(front.open() <= 2, `${front.open()} relay connections still open`);
    // Exactly the one poll timer, no listeners or refresh waiters left behind.
    assert.deepEqual(rig.monitor.resources(), { listeners: 0, timerPending: true, waiters: 0 });
    const heapGrowthMb = ticks > 100 ? (heapAfterGc() - heapWarm) / 2 ** 20 : 0;
    return { ticks, meanMs: total / ticks, slowestMs: slowest, connections: front.connections, heapGrowthMb };
  } finally {
    await front?.close();
    await rig?.stop();
  }
}
