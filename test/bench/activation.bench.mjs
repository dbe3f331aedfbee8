// Activation and time to first status in a real VS Code extension host (code-server 4.139 =
// VS Code 1.139, scripts/lib/code-server.mjs), against the emulated Spark (test/spark-sim).
// Run with tsx (node --import tsx …) because the sim is TypeScript. The measuring happens in
// test/bench/extension-host/index.js; this driver sets the stage and compares:
//   - ext.activate() vs. an empty extension's activate() in the same host (the floor);
//   - activation → "ready" vs. doing the same checks by hand with OpenSSH and curl
//     (`tailscale status --json`, `ssh spark tailscale serve status --json`, `curl …/v1/models`),
//     cold (first run ever, empty global state) and warm (the next start, with the endpoint the
//     cold run stored: handed over via TAILSPARK_TEST_LAST_KNOWN, because a fresh browser profile
//     keeps no global state — src/extension.ts validates it like the stored value);
//   - when ssh2 got initialised: never during activate(), only at the first SSH use.
// The extension under test is a copy of the packaged files with activationEvents emptied, so
// only the bench activates it; its settings point at the sim; no URL is remembered (first run).
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSparkForClient } from '../../scripts/lib/spark-client.mjs';
import { runInExtensionHost } from './lib/extensionHost.mjs';

const root = resolve(import.meta.dirname, '../..');
const suite = resolve(import.meta.dirname, 'extension-host');
const TIMEOUT_MS = 180_000;

execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const work = mkdtempSync(join(tmpdir(), 'tailspark-bench-act-'));
const ext = join(work, 'tailspark');
mkdirSync(join(ext, 'dist'), { recursive: true });
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
manifest.activationEvents = [];
writeFileSync(join(ext, 'package.json'), JSON.stringify(manifest, null, 2));
// What the .vsix ships: the bundles in dist/ (not their source maps) and the static files.
const shipped = readdirSync(join(root, 'dist')).filter((f) => !f.endsWith('.map')).map((f) => `dist/${f}`);
for (const f of ['package.nls.json', 'package.nls.de.json', 'media', 'l10n', 'README.md', 'LICENSE', ...shipped]) {
  try {
    cpSync(join(root, f), join(ext, f), { recursive: true });
  } catch {
    // optional file, or an entry point not built yet
  }
}
// The floor: installed extensions that do nothing — one to warm the host up, one activated right
// before Tailspark and one right after (see extension-host/index.js).
const extensionsDir = join(work, 'extensions');
for (const name of ['warmup', 'baseline-before', 'baseline']) {
  const dir = join(extensionsDir, `tailspark-bench.${name}-0.0.1`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name, publisher: 'tailspark-bench', version: '0.0.1', main: './extension.js', engines: { vscode: '^1.74.0' }, activationEvents: [],
  }));
  writeFileSync(join(dir, 'extension.js'), 'exports.activate = () => {};\nexports.deactivate = () => {};\n');
}
// A minimal real extension: what any extension with a status item pays at least — it requires
// the API (the host builds the \`vscode\` object per extension on first require), registers one
// command and shows one status item.
const minimal = join(extensionsDir, 'tailspark-bench.minimal-0.0.1');
mkdirSync(minimal, { recursive: true });
writeFileSync(join(minimal, 'package.json'), JSON.stringify({
  name: 'minimal', publisher: 'tailspark-bench', version: '0.0.1', main: './extension.js', engines: { vscode: '^1.74.0' }, activationEvents: [],
}));
writeFileSync(join(minimal, 'extension.js'), [
  "const vscode = require('vscode');",
  'exports.activate = (context) => {',
  "  context.subscriptions.push(vscode.commands.registerCommand('tailspark-bench.minimal.hello', () => {}));",
  '  const item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left);',
  "  item.text = 'minimal';",
  '  item.show();',
  '  context.subscriptions.push(item);',
  '};',
  'exports.deactivate = () => {};',
  '',
].join('\n'));

// The emulated Spark, healthy, with the server already up.
const { spark, settings: sparkSettings, sshConfig, knownHosts, shortName } = await startSparkForClient(work, { flavor: 'sglang' });

/** The early answer was shown before dist/main.js was required (src/core/state/warmStart.ts). */
const shownBeforeMain = (r) => typeof r?.earlyAnswerAtMs === 'number' && (r.mainRequiredAtMs == null || r.earlyAnswerAtMs <= r.mainRequiredAtMs);

/** One fresh code-server (new user data) → one report; `lastKnown` set: a warm start. */
async function measureOnce(lastKnown) {
  const started = Date.now();
  const settings = { ...sparkSettings, 'tailspark.autoConfigure': 'off' };
  const env = { NODE_EXTRA_CA_CERTS: spark.caCertPath, ...(lastKnown ? { TAILSPARK_TEST_LAST_KNOWN: JSON.stringify(lastKnown) } : {}) };
  const report = await runInExtensionHost({ extensionPath: ext, suite, settings, env, extensionsDir, timeoutMs: TIMEOUT_MS });
  console.error(`  · extension host finished after ${((Date.now() - started) / 1000).toFixed(1)} s: activate() ${Math.round(report?.activateMs)} ms (its body ${report?.activateBodyMs?.toFixed(1)} ms), empty extensions: warm-up ${Math.round(report?.warmupActivateMs)} ms, before ${Math.round(report?.baselineBeforeActivateMs)} ms, after ${Math.round(report?.baselineAfterActivateMs)} ms; minimal extension ${Math.round(report?.minimalActivateMs)} ms; main.js at +${Math.round(report?.mainRequiredAtMs)} ms, ready at ${Math.round(report?.firstReadyMs)} ms, early answer ${report?.earlyAnswerAtMs == null ? 'none' : `at ${report.earlyAnswerAtMs} ms`}${shownBeforeMain(report) ? ' (before main.js)' : ''}`);
  return report;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// The same facts by hand against the same Spark: the comparison for the first status.
const run = (cmd, args) =>
  new Promise((ok, fail) => {
    const t = performance.now();
    execFile(cmd, args, { timeout: 30_000 }, (err, _stdout, stderr) => (err ? fail(new Error(`${cmd} failed: ${stderr}`)) : ok(performance.now() - t)));
  });
async function byHandOnce() {
  const a = await run(spark.clientTailscalePath, ['status', '--json']);
  const b = await run('ssh', ['-F', sshConfig, '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'BatchMode=yes', shortName, 'tailscale', 'serve', 'status', '--json']);
  const c = await run('curl', ['-sf', '--resolve', `${spark.magicDnsName}:443:${spark.address}`, '--cacert', spark.caCertPath, `${spark.baseUrl}/models`]);
  return a + b + c;
}

const RUNS = Number(process.env.TAILSPARK_BENCH_ACT_RUNS ?? 3);
const reports = [];
const warmReports = [];
const byHand = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const cold = await measureOnce();
    reports.push(cold);
    if (!cold.lastKnown) throw new Error('the cold run stored no last known endpoint');
    warmReports.push(await measureOnce(cold.lastKnown));
  }
  for (let i = 0; i < RUNS; i++) byHand.push(await byHandOnce());
} finally {
  await spark.stop();
  rmSync(work, { recursive: true, force: true });
}
const manualMs = median(byHand);
const pick = (k) => median(reports.map((r) => r[k]));
const report = { ...reports[0], activateMs: pick('activateMs'), activateBodyMs: pick('activateBodyMs'), minimalActivateMs: pick('minimalActivateMs'), baselineActivateMs: pick('baselineActivateMs'), firstReadyMs: pick('firstReadyMs'), moduleEvalMs: pick('moduleEvalMs') };
const spread = (k) => reports.map((r) => Math.round(r[k])).join('/');
const warm = { ...warmReports[0], firstReadyMs: median(warmReports.map((r) => r.firstReadyMs)), activateMs: median(warmReports.map((r) => r.activateMs)) };

const r2 = (x) => Math.round(x * 100) / 100;
const rows = [
  {
    id: 'activation',
    name: 'Activation: ext.activate() in code-server (VS Code 1.139), production bundle',
    value: r2(report.activateMs),
    unit: 'ms',
    baseline: { name: 'empty extension, same host (mean of one activated just before and one just after)', value: r2(report.baselineActivateMs) },
    ratio: r2(report.activateMs / report.baselineActivateMs),
    note: `median of ${RUNS} fresh hosts: ${spread('activateMs')} ms, of which Tailspark's own activate() body ${spread('activateBodyMs')} ms (the rest is the host's work around it); empty extensions ${spread('baselineActivateMs')} ms, the host's first activation (an empty warm-up extension) ${spread('warmupActivateMs')} ms (warm starts: ${warmReports.map((r) => Math.round(r.activateMs)).join('/')} ms); re-evaluating the bundle alone: ${r2(report.moduleEvalMs)} ms; host required dist/extension.js at +${Math.round(report.bundleRequiredAtMs ?? -1)} ms; dist/main.js at +${spread('mainRequiredAtMs')} ms (${reports.every((r) => (r.mainRequiredAtMs ?? Infinity) > r.activateMs) ? 'after' : 'INSIDE'} the activation window)`,
  },
  {
    id: 'activation.minimal',
    name: 'Activation vs a minimal real extension (requires the vscode API, registers one command, shows one status item), same host',
    value: r2(report.activateMs),
    unit: 'ms',
    baseline: { name: 'minimal extension', value: r2(report.minimalActivateMs) },
    ratio: r2(report.activateMs / report.minimalActivateMs),
    note: `median of ${RUNS}: minimal extension ${spread('minimalActivateMs')} ms`,
  },
  {
    id: 'ready.cold',
    name: 'Time to first status, cold: activate() → "ready" (first run, empty global state: tailnet CLI + SSH discovery + HTTPS probe, concurrently)',
    value: r2(report.firstReadyMs),
    unit: 'ms',
    baseline: { name: 'the same checks by hand (tailscale status, ssh … serve status, curl /v1/models)', value: r2(manualMs) },
    ratio: r2(report.firstReadyMs / manualMs),
    note: `median of ${RUNS}: ${spread('firstReadyMs')} ms, by hand ${byHand.map(Math.round).join('/')} ms; phases ${report.phases.join(' → ')}; status "${report.statusText}"`,
  },
  {
    id: 'ready.warm',
    name: 'Time to first status, warm: activate() → "ready" (next start with the endpoint the cold run stored: one HTTPS probe, discovery in parallel)',
    value: r2(warm.firstReadyMs),
    unit: 'ms',
    baseline: { name: 'the same checks by hand (tailscale status, ssh … serve status, curl /v1/models)', value: r2(manualMs) },
    ratio: r2(warm.firstReadyMs / manualMs),
    note: `median of ${RUNS}: ${warmReports.map((r) => Math.round(r.firstReadyMs)).join('/')} ms; "ready" shown from the warm start's early answer, before dist/main.js was required, in ${warmReports.filter(shownBeforeMain).length} of ${RUNS}; phases ${warm.phases.join(' → ')}; status "${warm.statusText}"`,
  },
];
const checks = [
  { name: 'extension was not active before the bench activated it', ok: reports.every((r) => r.activeBefore === false), detail: `isActive=${reports.map((r) => r.activeBefore)}` },
  { name: 'warm starts really started from the stored endpoint', ok: warmReports.every((r) => r.warm === true), detail: `warm=${warmReports.map((r) => r.warm)}` },
  {
    name: 'ssh2 NOT initialised during activate()',
    ok: reports.every((r) => r.ssh2DuringActivation === false),
    detail: `modules required during activate(): ${report.requestsDuringActivation.join(', ') || '(none)'}`,
  },
  {
    name: 'ssh2 initialised later, at the first SSH use (detector works)',
    ok: reports.every((r) => typeof r.ssh2LoadedAtMs === 'number' && r.ssh2LoadedAtMs > r.activateMs),
    detail: `ssh2 initialised ${report.ssh2LoadedAtMs === null ? 'never' : `${r2(report.ssh2LoadedAtMs)} ms after activation started`}`,
  },
];
process.stdout.write(`BENCH_RESULT ${JSON.stringify({ part: 'activation', rows, checks })}\n`);
