// Discovery on big tailnets: `tailscale status --json` text → zod-validated status → the Spark
// chosen among all peers (discoverFromStatusText), at 1,000 and 10,000 peers, plus reading the
// 10,000-peer status through the CLI runner (execFile of `cat`). Baseline for each parse: a bare
// JSON.parse of the same text, so the ratio shows what validation and the peer choice add.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTailscaleCli } from '../../src/core/tailnet/cliRunner';
import { discoverFromStatusText } from '../../src/core/tailnet/discover';
import { bigStatusJson } from '../harness/bigTailnet';
import { type BenchRow, emit, progress, row } from './lib/emit';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeMs(runs: number, fn: () => unknown): number {
  fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  const checks: Array<{ name: string; ok: boolean; detail: string }> = [];
  let text10k = '';
  for (const peers of [1_000, 10_000]) {
    const text = bigStatusJson(peers);
    if (peers === 10_000) text10k = text;
    const mib = Buffer.byteLength(text) / 2 ** 20;
    progress(`discovery: ${peers} peers, ${mib.toFixed(1)} MiB`);
    const runs = peers === 1_000 ? 30 : 7;
    const bare = timeMs(runs, () => JSON.parse(text));
    const full = timeMs(runs, () => discoverFromStatusText(text));
    const label = peers.toLocaleString('en');
    rows.push(row(`discovery: parse + peer choice, ${label} peers`, full, 'ms', { name: 'JSON.parse alone', value: bare }, `${mib.toFixed(1)} MiB, median of ${runs}`));
    const d = discoverFromStatusText(text);
    checks.push({ name: `${label} peers: Spark found`, ok: d.spark?.hostName === 'spark-56d0', detail: d.spark ? d.spark.dnsName : d.findings.map((f) => f.code).join(', ') });
  }
  const dir = mkdtempSync(join(tmpdir(), 'tailspark-bench-'));
  try {
    const file = join(dir, 'status.json');
    writeFileSync(file, text10k);
    const cli = join(dir, 'tailscale');
    writeFileSync(cli, `#!/bin/sh\ncat '${file}'\n`);
    chmodSync(cli, 0o755);
    const times: number[] = [];
    let ok = true;
    for (let i = 0; i < 5; i++) {
      const t0 = process.hrtime.bigint();
      const r = await runTailscaleCli(['status', '--json'], { cliPath: cli, timeoutMs: 60_000 });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      ok &&= r.ok && r.result.stdout.length === text10k.length;
    }
    rows.push(row('discovery: read 10,000-peer status via the CLI runner', median(times), 'ms', undefined, 'execFile of cat, median of 5'));
    checks.push({ name: '10,000-peer status read whole (no maxBuffer error)', ok, detail: ok ? `${(Buffer.byteLength(text10k) / 2 ** 20).toFixed(1)} MiB` : 'failed' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  emit({ part: 'discovery', rows, checks });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
