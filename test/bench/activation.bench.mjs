// Activation cost in a real VS Code extension host (code-server 4.139 = VS Code 1.139, see
// scripts/lib/code-server.mjs), measured by test/bench/extension-host/index.js:
//   - time of ext.activate() for the production bundle, against an empty extension's activate()
//     in the same host (the floor) and against what requiring ssh2 eagerly would add;
//   - whether ssh2 was initialised during activation (it must not be: first SSH use only).
// The extension under test is a copy of the packaged files (what the .vsix holds) with
// activationEvents emptied, so only the bench activates it.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { launchChromium, startCodeServer } from '../../scripts/lib/code-server.mjs';

const root = resolve(import.meta.dirname, '../..');
const suite = resolve(import.meta.dirname, 'extension-host');
const TIMEOUT_MS = 180_000;

execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const work = mkdtempSync(join(tmpdir(), 'tailspark-bench-act-'));
const ext = join(work, 'tailspark');
mkdirSync(ext);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
manifest.activationEvents = [];
writeFileSync(join(ext, 'package.json'), JSON.stringify(manifest, null, 2));
for (const f of ['package.nls.json', 'package.nls.de.json', 'dist', 'media', 'l10n', 'README.md', 'LICENSE']) {
  try {
    cpSync(join(root, f), join(ext, f), { recursive: true });
  } catch {
    // optional file not there yet
  }
}
// Only the shipped bundles, not source maps or a stale dev build.
rmSync(join(ext, 'dist'), { recursive: true, force: true });
mkdirSync(join(ext, 'dist'));
for (const f of ['extension.js', 'cli.js', 'cursor-db-helper.js', 'node-sqlite3-wasm.wasm']) {
  try {
    cpSync(join(root, 'dist', f), join(ext, 'dist', f));
  } catch {
    // entry not built yet
  }
}
// The floor: an installed extension that does nothing.
const extensionsDir = join(work, 'extensions');
const baseline = join(extensionsDir, 'tailspark-bench.baseline-0.0.1');
mkdirSync(baseline, { recursive: true });
writeFileSync(join(baseline, 'package.json'), JSON.stringify({
  name: 'baseline', publisher: 'tailspark-bench', version: '0.0.1', main: './extension.js',
  engines: { vscode: '^1.85.0' }, activationEvents: [],
}));
writeFileSync(join(baseline, 'extension.js'), 'exports.activate = () => {};\nexports.deactivate = () => {};\n');

const ssh2Path = createRequire(join(root, 'package.json')).resolve('ssh2');
const started = Date.now();
const server = await startCodeServer({ extensionsDir, env: { TAILSPARK_BENCH_SSH2_PATH: ssh2Path } });
const browser = await launchChromium();
let report;
try {
  const page = await browser.newPage();
  const done = new Promise((resolveDone) => {
    page.exposeFunction('codeAutomationLog', (_type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      const m = /TAILSPARK_BENCH (\{.*\})/.exec(text);
      if (m) {
        report = JSON.parse(m[1]);
        console.error(`  · measured after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    });
    page.exposeFunction('codeAutomationExit', (code) => {
      console.error(`  · extension host exited after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      resolveDone(code);
    });
  });
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${ext}`],
    ['extensionTestsPath', `vscode-remote://127.0.0.1:${server.port}${suite}`],
    ['skipWelcome', 'true'],
  ];
  await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  let timer;
  const result = await Promise.race([done, new Promise((r) => (timer = setTimeout(() => r('timeout'), TIMEOUT_MS)))]);
  clearTimeout(timer);
  if (result === 'timeout') throw new Error(`the extension host did not finish within ${TIMEOUT_MS / 1000} s`);
} finally {
  await browser.close().catch(() => {});
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
if (!report) throw new Error('the extension host sent no measurement');
if (report.error) throw new Error(`measurement failed in the extension host:\n${report.error}`);

const r2 = (x) => Math.round(x * 100) / 100;
const rows = [
  {
    name: 'Activation: ext.activate() in code-server (VS Code 1.139), production bundle',
    value: r2(report.activateMs),
    unit: 'ms',
    ...(report.baselineActivateMs !== undefined
      ? { baseline: { name: 'empty extension', value: r2(report.baselineActivateMs) }, ratio: r2(report.activateMs / report.baselineActivateMs) }
      : {}),
    note: `heap +${report.heapDeltaKb} KiB`,
  },
  {
    name: 'Activation vs. eager `require("ssh2")` it avoids',
    value: r2(report.activateMs),
    unit: 'ms',
    baseline: { name: 'require ssh2 in the same host', value: r2(report.ssh2RequireMs) },
    ratio: r2(report.activateMs / report.ssh2RequireMs),
  },
];
const checks = [
  { name: 'extension was not active before the bench activated it', ok: report.activeBefore === false, detail: `isActive=${report.activeBefore}` },
  {
    name: 'ssh2 NOT initialised during activation',
    ok: report.ssh2AtActivation === false,
    detail: `modules required during activation: ${report.requestsDuringActivation.join(', ') || '(none)'}`,
  },
  { name: 'detector control: requiring ssh2 is seen', ok: report.detectorSeesSsh2 === true, detail: `ssh2 require took ${r2(report.ssh2RequireMs)} ms` },
];
process.stdout.write(`BENCH_RESULT ${JSON.stringify({ part: 'activation', rows, checks })}\n`);
