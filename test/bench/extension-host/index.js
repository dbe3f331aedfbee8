// Runs INSIDE a real VS Code extension host (code-server), loaded as extensionTestsPath by
// test/bench/activation.bench.mjs. Plain JavaScript on purpose: nothing (tsx, mocha) may be
// loaded before the measurement that the extension itself would not load.
//
// Measures, for the Tailspark copy whose activationEvents were emptied (so the host has not
// activated it on its own) and whose settings point at the emulated Spark:
//   - ext.activate() time, and an empty extension's activate() in the same host (the floor);
//   - activation → first "ready" status (api.getState().phase), polled every 5 ms;
//   - every require() with its time: ssh2 lives in its own file dist/ssh2.js (esbuild.mjs), and
//     its initialisation asks for `cpu-features` (kept external), so either request marks the
//     moment ssh2 was loaded. It must come after activate() returned (first SSH use = URL
//     discovery), never during it.
const Module = require('node:module');
const { performance } = require('node:perf_hooks');

const SSH2_MARKER = /(^|[\\/])ssh2\.js$|^cpu-features$|sshcrypto\.node$/;

exports.run = async function run() {
  const vscode = require('vscode');
  const requests = [];
  const originalLoad = Module._load;
  Module._load = function load(request, parent, isMain) {
    requests.push({ request, at: performance.now() });
    return originalLoad.call(this, request, parent, isMain);
  };
  const report = {};
  try {
    const ext = vscode.extensions.getExtension('tailspark.tailspark');
    if (!ext) throw new Error('tailspark.tailspark is not installed in this extension host');
    report.activeBefore = ext.isActive;
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const api = await ext.activate();
    const t1 = performance.now();
    report.activateMs = t1 - t0;
    report.heapDeltaKb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024);
    report.requestsDuringActivation = [...new Set(requests.filter((r) => r.at <= t1).map((r) => r.request))];
    report.ssh2DuringActivation = requests.some((r) => r.at <= t1 && SSH2_MARKER.test(r.request));
    // Where the activation window goes: when the host required our bundle, and whether the
    // deferred part (dist/main.js) was loaded inside the window.
    const at = (re) => requests.find((r) => re.test(r.request))?.at;
    const bundleAt = at(/[\\/]dist[\\/]extension\.js$/);
    const mainAt = at(/(^|[\\/])main\.js$/);
    report.bundleRequiredAtMs = bundleAt === undefined ? null : bundleAt - t0;
    report.mainRequiredAtMs = mainAt === undefined ? null : mainAt - t0;

    const phases = [];
    const deadline = t0 + 30_000;
    for (;;) {
      const phase = api.getState().phase;
      if (phases.at(-1) !== phase) phases.push(phase);
      if (phase === 'ready') break;
      if (performance.now() > deadline) throw new Error(`no ready status within 30 s; phases ${phases.join(' → ')}; findings ${api.getState().findings.map((f) => `${f.code}: ${f.title} — ${f.detail}`).join(" | ")}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    report.firstReadyMs = performance.now() - t0;
    report.phases = phases;
    report.statusText = api.getStatusView()?.text;
    const ssh2 = requests.find((r) => SSH2_MARKER.test(r.request));
    report.ssh2LoadedAtMs = ssh2 ? ssh2.at - t0 : null;
    report.warm = Boolean(process.env.TAILSPARK_TEST_LAST_KNOWN);
    // What the next start would show: the endpoint this run stored (the warm run gets it).
    for (let i = 0; i < 400 && api.test?.lastKnown() === undefined; i++) await new Promise((r) => setTimeout(r, 5));
    report.lastKnown = api.test?.lastKnown();

    // How much of activate() is just evaluating the bundle: evaluate it again (warm: the file is
    // cached and V8 may reuse compiled code, so this is a lower bound).
    const bundle = require('node:path').join(ext.extensionPath, 'dist', 'extension.js');
    delete require.cache[bundle];
    const e0 = performance.now();
    require(bundle);
    report.moduleEvalMs = performance.now() - e0;

    const base = vscode.extensions.getExtension('tailspark-bench.baseline');
    if (base) {
      const b0 = performance.now();
      await base.activate();
      report.baselineActivateMs = performance.now() - b0;
    }
  } catch (err) {
    report.error = String(err?.stack ?? err);
  } finally {
    Module._load = originalLoad;
  }
  console.log(`TAILSPARK_BENCH ${JSON.stringify(report)}`);
  if (report.error) throw new Error(report.error);
};
