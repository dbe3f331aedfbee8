// The long version of the flapping test in load.test.ts: 1,000 Monitor ticks (npm run test:soak),
// plus the heap after garbage collection, before and after 900 of them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flappingTicks } from './support/flapping';

test('1,000 Monitor ticks while the server flaps: right phase every tick, fast recovery, no leaks, bounded SSH', { timeout: 600_000 }, async () => {
  const r = await flappingTicks(1000);
  console.log(`1,000 ticks: mean ${r.meanMs.toFixed(1)} ms, slowest ${r.slowestMs} ms, ${r.connections} HTTPS connections, heap ${r.heapGrowthMb.toFixed(2)} MB`);
  // 900 ticks after warm-up with real sockets, TLS and findings: the heap stays where it was.
  assert.ok(r.heapGrowthMb < 2, `heap grew ${r.heapGrowthMb.toFixed(2)} MB over 900 ticks`);
});
