// Older SGLang answers only /get_server_info and /get_load (sglang http_server.py before
// /server_info and /v1/loads were added): identify and load probes must fall back to them.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { loadFromGetLoad } from '../../../src/core/inference/legacySglang';
import { loadFromLoads } from '../../../src/core/inference/load';
import { probeInference } from '../../../src/core/inference/probe';
import { loadsSchema } from '../../../src/core/inference/schemas';
import { type FakeServer, startFake } from './fakeInferenceServer';

const servers: FakeServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

test('older SGLang: version from /get_server_info, load from /get_load (running = num_reqs − waiting)', async () => {
  const s = await startFake({ kind: 'sglang', metrics: false, legacySglang: true });
  servers.push(s);
  const r = await probeInference({ baseUrl: `${s.origin}/v1` });
  assert.equal(r.ok, true);
  assert.deepEqual(r.server, { kind: 'sglang', version: '0.4.6.post5' });
  assert.deepEqual(r.load, { source: 'loads', runningRequests: 3, queuedRequests: 2 });
  assert.ok(s.paths.includes('/get_server_info') && s.paths.includes('/get_load'), `polled: ${s.paths.join(' ')}`);
});

test('/get_load forms: per-rank list summed; the token-only {"load": n} form gives no request counts', () => {
  assert.deepEqual(
    loadFromGetLoad([
      { dp_rank: 0, num_reqs: 4, num_waiting_reqs: 1, num_tokens: 10 },
      { dp_rank: 1, num_reqs: 2, num_waiting_reqs: 0, num_tokens: 5 },
    ]),
    { source: 'loads', runningRequests: 5, queuedRequests: 1 },
  );
  assert.equal(loadFromGetLoad({ load: 4100 }), undefined);
  assert.equal(loadFromGetLoad([]), undefined);
});

test('/v1/loads in both upstream shapes (with dp_rank_count + aggregate, and with accelerator fields) reads alike', () => {
  const rank = { dp_rank: 0, num_running_reqs: 5, num_waiting_reqs: 2, num_total_reqs: 7, num_used_tokens: 5000, num_total_tokens: 100000, token_usage: 0.05, gen_throughput: 120.5, utilization: 0.75 };
  const older = { timestamp: '2026-01-15T10:30:00+00:00', version: '0.5.6', dp_rank_count: 1, loads: [rank], aggregate: { total_running_reqs: 5, total_waiting_reqs: 2, total_reqs: 7, avg_token_usage: 0.05, avg_throughput: 120.5 } };
  const newer = { timestamp: '2026-11-01T10:30:00+00:00', version: '0.6.1', accelerator: 'NVIDIA GB10', num_accelerators: 1, loads: [rank] };
  const expected = { source: 'loads', runningRequests: 5, queuedRequests: 2, kvCacheUsage: 0.05, tokensPerSecond: 120.5 };
  for (const body of [older, newer]) {
    const parsed = loadsSchema.safeParse(body);
    assert.ok(parsed.success);
    assert.deepEqual(loadFromLoads(parsed.data), expected);
  }
});
