import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPing } from '../../../src/core/doctor/clientChecks';
import { parseGoDurationMs } from '../../../src/core/doctor/goDuration';
import { parsePing } from '../../../src/core/doctor/parse';
import type { DoctorDeps } from '../../../src/core/doctor/types';
import type { PeerInfo } from '../../../src/core/tailnet/peers';

// tailscale ping prints the latency with Go's Duration.String() after Round(time.Millisecond)
// (cmd/tailscale/cli/ping.go): "0s" under 0.5 ms, "12ms", "1.234s", "1m2.5s".
test('Go durations as tailscale ping prints them', () => {
  assert.equal(parseGoDurationMs('0s'), 0);
  assert.equal(parseGoDurationMs('0'), 0);
  assert.equal(parseGoDurationMs('12ms'), 12);
  assert.equal(parseGoDurationMs('345µs'), 0.345);
  assert.equal(parseGoDurationMs('345μs'), 0.345);
  assert.equal(parseGoDurationMs('345us'), 0.345);
  assert.equal(parseGoDurationMs('1.234s'), 1234);
  assert.equal(parseGoDurationMs('1m2.5s'), 62_500);
  assert.equal(parseGoDurationMs('1h0m0s'), 3_600_000);
  assert.equal(parseGoDurationMs('12'), undefined);
  assert.equal(parseGoDurationMs('ms'), undefined);
  assert.equal(parseGoDurationMs('fast'), undefined);
});

test('pong lines with every latency form and a peerapi port parse', () => {
  const line = (lat: string) => `pong from spark-56d0 (100.101.102.103) via 192.168.1.20:41641 in ${lat}\n`;
  assert.equal(parsePing(line('0s'))?.latencyMs, 0);
  assert.equal(parsePing(line('1.234s'))?.latencyMs, 1234);
  assert.equal(parsePing(line('345µs'))?.latencyMs, 0.345);
  const withPort = parsePing('pong from spark-56d0 (100.101.102.103, 46183) via DERP(fra) in 1.5s\n');
  assert.equal(withPort?.ip, '100.101.102.103');
  assert.equal(withPort?.latencyMs, 1500);
  assert.equal(withPort?.path, 'derp');
});

test('the doctor passes a direct pong that took 0s (not tailnet.pingFailed)', async () => {
  const spark = { tailscaleIps: ['100.101.102.103'], dnsName: 'spark-56d0.tail1234.ts.net' } as PeerInfo;
  const deps = {
    runLocal: async (argv: string[]) => ({
      ok: true as const,
      result: { stdout: 'pong from spark-56d0 (100.101.102.103) via 192.168.1.20:41641 in 0s\n', stderr: '', code: 0, argv: ['tailscale', ...argv] },
    }),
  } as unknown as DoctorDeps;
  const out = await checkPing(deps, spark, new AbortController().signal);
  assert.equal(out.status, 'pass');
  assert.match(out.summary, /in 0 ms/);
});
