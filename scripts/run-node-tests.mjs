// Runs every *.test.ts below the given folder with Node's own test runner (TypeScript via tsx).
// Usage: node scripts/run-node-tests.mjs <folder> [--soak] [--concurrency N] [--only PATTERN]
// Node's runner prints its closing counts (ℹ pass N / ℹ fail N); we add the plain
// "<layer>: N passed, N failed" line and exit non-zero on any failure.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const args = process.argv.slice(2);
const folder = args.find((a) => !a.startsWith('--')) ?? 'test/unit';
const soak = args.includes('--soak');
const concurrencyArg = args.indexOf('--concurrency');
const concurrency = concurrencyArg >= 0 ? args[concurrencyArg + 1] : folder.includes('unit') ? '2' : '1';
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new RegExp(args[onlyArg + 1]) : null;

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...collect(p));
    else if (name.endsWith('.test.ts') && (soak ? name.includes('.soak.') : !name.includes('.soak.'))) out.push(p);
  }
  return out.sort();
}

const files = collect(folder).filter((f) => !only || only.test(f));
const layer = relative('test', folder) || folder;
if (files.length === 0) {
  console.error(`${layer}: no test files below ${folder}`);
  process.exit(1);
}

// Every temp folder the tests make (os.tmpdir() honours TMPDIR) lands in one scratch folder that
// is removed when the run ends, so no run leaves files behind, even when a test forgets or dies.
// 0755: the emulated Spark's and the sshd harness's test users must be able to traverse it.
const scratch = mkdtempSync(`${tmpdir()}/tailspark-run-`);
chmodSync(scratch, 0o755);

// A test that hangs (a frozen sshd, a socket nobody closes) fails by name after this long
// instead of holding the run (and CI) forever.
const TEST_TIMEOUT_MS = 180_000;

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-concurrency=${concurrency}`, `--test-timeout=${TEST_TIMEOUT_MS}`, ...files],
  { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TAILSPARK_TEST_LAYER: layer, TMPDIR: scratch } },
);
let pass = 0;
let fail = 0;
let buf = '';
child.stdout.on('data', (d) => {
  process.stdout.write(d);
  buf += d.toString();
});
child.on('exit', (code) => {
  rmSync(scratch, { recursive: true, force: true });
  const p = /ℹ pass (\d+)/.exec(buf);
  const f = /ℹ fail (\d+)/.exec(buf);
  pass = p ? Number(p[1]) : 0;
  fail = f ? Number(f[1]) : code === 0 ? 0 : 1;
  console.log(`${layer}: ${pass} passed, ${fail} failed`);
  process.exit(code === 0 && fail === 0 && pass > 0 ? 0 : 1);
});
