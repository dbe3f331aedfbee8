// Runs INSIDE a real VS Code extension host (code-server), loaded as extensionTestsPath by
// test/bench/activation.bench.mjs. Plain JavaScript on purpose: nothing (tsx, mocha) may be
// loaded before the measurement that the extension itself would not load.
//
// It measures ext.activate() of the Tailspark copy whose activationEvents were emptied (so the
// host has not activated it on its own), and watches every require() made during activation:
// ssh2's module initialisation asks for `cpu-features` (kept external by esbuild.mjs), so that
// request appearing means ssh2 was initialised. The detector is then checked against the real
// thing: requiring ssh2 itself must trigger it.
const Module = require('node:module');
const { performance } = require('node:perf_hooks');

const SSH2_MARKERS = /^cpu-features$|sshcrypto\.node$|[\\/]ssh2[\\/]/;

exports.run = async function run() {
  const vscode = require('vscode');
  const requests = [];
  const originalLoad = Module._load;
  Module._load = function load(request, parent, isMain) {
    requests.push(request);
    return originalLoad.call(this, request, parent, isMain);
  };
  const report = {};
  try {
    const ext = vscode.extensions.getExtension('tailspark.tailspark');
    if (!ext) throw new Error('tailspark.tailspark is not installed in this extension host');
    report.activeBefore = ext.isActive;
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    await ext.activate();
    report.activateMs = performance.now() - t0;
    report.heapDeltaKb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024);
    report.requestsDuringActivation = [...new Set(requests)];
    report.ssh2AtActivation = requests.some((r) => SSH2_MARKERS.test(r));

    // The floor: an extension whose activate() does nothing, in the same host, same moment.
    const base = vscode.extensions.getExtension('tailspark-bench.baseline');
    if (base) {
      const b0 = performance.now();
      await base.activate();
      report.baselineActivateMs = performance.now() - b0;
    }

    // Control for the detector, and the price lazy loading avoids: require ssh2 for real.
    requests.length = 0;
    const s0 = performance.now();
    require(process.env.TAILSPARK_BENCH_SSH2_PATH);
    report.ssh2RequireMs = performance.now() - s0;
    report.detectorSeesSsh2 = requests.some((r) => SSH2_MARKERS.test(r));
  } catch (err) {
    report.error = String(err && err.stack ? err.stack : err);
  } finally {
    Module._load = originalLoad;
  }
  console.log(`TAILSPARK_BENCH ${JSON.stringify(report)}`);
  if (report.error) throw new Error(report.error);
};
