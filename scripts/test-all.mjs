// `npm test`: the four layers in order — lint + type-check, unit, integration, extension host
// (code-server), UI smoke, the dashboard and several servers (Playwright + Chromium). Each layer prints "<layer>: N passed, N failed";
// the last line sums them up. Exits non-zero when any layer fails (all layers still run).
// lint and typecheck are checks, not tests: they must pass, but they add nothing to the test count.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHECKS = new Set(['lint', 'typecheck']);
const layers = [
  ['lint', 'npx', ['biome', 'check', 'src', 'test', 'scripts', 'esbuild.mjs']],
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']],
  ['unit', process.execPath, ['scripts/run-node-tests.mjs', 'test/unit']],
  ['integration', process.execPath, ['scripts/run-node-tests.mjs', 'test/integration']],
  ['reliability', process.execPath, ['scripts/run-node-tests.mjs', 'test/reliability']],
  ['extension', process.execPath, ['scripts/test-extension-codeserver.mjs']],
  ['ui', process.execPath, ['scripts/test-ui.mjs']],
  // The .vsix the ui layer just packaged: the dashboard in real Chromium (charts with data).
  ['ui-dashboard', process.execPath, ['scripts/test-ui-dashboard.mjs', '--no-package']],
  // The same .vsix against two Sparks: the tooltip's server list and switching from it.
  ['ui-servers', process.execPath, ['scripts/test-ui-servers.mjs', '--no-package']],
];
const only = process.argv.slice(2);

/** Runs one layer, streaming its output, and keeps the tail of stdout to read its counts. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      stdout = (stdout + d).slice(-200_000);
    });
    child.on('close', (status) => resolve({ status, stdout }));
  });
}
let passed = 0;
let failed = 0;
const summary = [];
for (const [name, cmd, args] of layers) {
  if (only.length > 0 && !only.includes(name)) continue;
  const folder = args.find((a) => a.startsWith('test/'));
  if (folder && !existsSync(folder)) continue; // a layer whose folder does not exist yet
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const r = await run(cmd, args);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (CHECKS.has(name)) {
    // A failed check fails the run (counted as one failure), a passed one is not a passed test.
    if (r.status !== 0) failed += 1;
    summary.push(`${r.status === 0 ? '✔' : '✖'} ${name}: ${r.status === 0 ? 'clean' : `failed (exit ${r.status})`} (${seconds} s)`);
    continue;
  }
  const counts = [...r.stdout.matchAll(/^\S+: (\d+) passed, (\d+) failed$/gm)].at(-1);
  // A layer that printed no counts proves nothing: it is a failure, never "1 passed".
  const p = counts ? Number(counts[1]) : 0;
  const f = counts ? Number(counts[2]) : 1;
  const ok = r.status === 0 && f === 0;
  passed += p;
  failed += ok ? f : Math.max(f, 1);
  summary.push(`${ok ? '✔' : '✖'} ${name}: ${p} passed, ${f} failed (${seconds} s)`);
}
console.log(`\n${summary.join('\n')}`);
console.log(`all layers: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
