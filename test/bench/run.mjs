// `npm run bench`: runs each benchmark part in its own process (TypeScript via tsx), prints
// one table and writes bench-results.json. Every figure is measured in the same run as what it
// is compared against, and reported as a ratio too: absolute milliseconds depend on the
// machine, ratios travel.
//   node test/bench/run.mjs                 all parts
//   node test/bench/run.mjs ssh bundle      only these parts (the other parts already in
//                                           bench-results.json stay, each with its own date)
// Parts (test/bench/*.bench.ts|mjs) print one "BENCH_RESULT {json}" line (see lib/emit.ts).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const tsx = ['--import', 'tsx'];
const PARTS = [
  // name, node arguments, why it is a separate process
  ['bundle', ['test/bench/bundle.bench.mjs']],
  ['ssh', [...tsx, 'test/bench/ssh.bench.ts']],
  ['monitor-memory', ['--expose-gc', ...tsx, 'test/bench/monitorMemory.bench.ts']],
  ['polling', [...tsx, 'test/bench/polling.bench.ts']],
  ['fleet-polling', [...tsx, 'test/bench/fleetPolling.bench.ts']],
  ['activation', [...tsx, 'test/bench/activation.bench.mjs']],
  ['discovery', [...tsx, 'test/bench/discovery.bench.ts']],
  ['chat', [...tsx, 'test/bench/chat.bench.ts']],
  // The same comparison through vscode.lm and the provider in a real extension host (code-server).
  ['chat-provider', [...tsx, 'test/bench/chatProvider.bench.mjs']],
  ['dashboard', ['--expose-gc', ...tsx, 'test/bench/dashboard.bench.ts']],
];

const wanted = process.argv.slice(2);
const results = [];
const failures = [];
for (const [name, args] of PARTS) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.error(`▶ ${name}`);
  const started = Date.now();
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    timeout: 15 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (r.status !== 0 || !line) {
    failures.push(`${name}: exited ${r.status ?? r.signal}${line ? '' : ' without a result'}`);
    process.stderr.write(r.stdout ?? '');
    continue;
  }
  const part = JSON.parse(line.slice('BENCH_RESULT '.length));
  part.seconds = Math.round((Date.now() - started) / 100) / 10;
  part.date = new Date().toISOString();
  results.push(part);
}

// ---- the table ------------------------------------------------------------------------------
const fmt = (v, unit) => `${Number.isInteger(v) ? v : v.toFixed(v >= 100 ? 0 : 2)} ${unit}`;
const lines = [];
const header = ['measurement', 'value', 'compared with', 'ratio'];
const rows = [];
for (const part of results) {
  for (const r of part.rows) {
    rows.push([r.name + (r.note ? ` (${r.note})` : ''), fmt(r.value, r.unit), r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.value, r.unit)}` : '', r.ratio === undefined ? '' : `${r.ratio}×`]);
  }
}
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const fmtRow = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
lines.push(fmtRow(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(fmtRow));
const checks = results.flatMap((p) => (p.checks ?? []).map((c) => ({ ...c, part: p.part })));
if (checks.length > 0) {
  lines.push('');
  for (const c of checks) lines.push(`${c.ok ? '✔' : '✖'} [${c.part}] ${c.name} — ${c.detail}`);
}
console.log(lines.join('\n'));

const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30) };
// A run of some parts replaces those parts and keeps the others (in the order of PARTS).
const resultsPath = resolve(root, 'bench-results.json');
let kept = [];
if (wanted.length > 0) {
  try {
    const before = JSON.parse(readFileSync(resultsPath, 'utf8'));
    kept = (Array.isArray(before.parts) ? before.parts : []).filter((p) => typeof p?.part === 'string' && !results.some((r) => r.part === p.part));
  } catch {
    // no earlier results (or unreadable): this run's parts only
  }
}
const order = PARTS.map(([name]) => name);
const parts = [...kept, ...results].sort((a, b) => order.indexOf(a.part) - order.indexOf(b.part));
writeFileSync(resultsPath, JSON.stringify({ date: new Date().toISOString(), machine, parts, failures }, null, 2) + '\n');
console.log(`\nwrote bench-results.json (${results.length} parts measured now${kept.length ? `, ${kept.length} kept from earlier runs` : ''}${failures.length ? `, ${failures.length} failed` : ''})`);
const failedChecks = checks.filter((c) => !c.ok);
for (const f of failures) console.error(`✖ ${f}`);
process.exit(failures.length === 0 && failedChecks.length === 0 ? 0 : 1);
