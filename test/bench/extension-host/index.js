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
  // Our own activate() body, timed separately: what the host does around it (loading the
  // manifest's l10n bundle, the memento, the storage paths) is the rest of the window.
  const body = { ms: undefined };
  Module._load = function load(request, parent, isMain) {
    requests.push({ request, at: performance.now() });
    const exported = originalLoad.call(this, request, parent, isMain);
    if (/[\\/]dist[\\/]extension\.js$/.test(request) && typeof exported?.activate === 'function' && body.ms === undefined) {
      // esbuild's exports are getters: hand the host a copy with a timed activate().
      const activate = exported.activate;
      return {
        ...exported,
        activate(...args) {
          const b0 = performance.now();
          try {
            return activate.apply(this, args);
          } finally {
            body.ms = performance.now() - b0;
          }
        },
      };
    }
    return exported;
  };
  const report = {};
  try {
    const ext = vscode.extensions.getExtension('tailspark.tailspark');
    if (!ext) throw new Error('tailspark.tailspark is not installed in this extension host');
    report.activeBefore = ext.isActive;
    // Compare like with like: the first activation in a host pays for host-wide set-up that
    // later ones do not, so an empty "warm-up" extension goes first, then an empty extension
    // right before Tailspark and another right after it; the floor is the mean of those two.
    const timeActivation = async (id) => {
      const other = vscode.extensions.getExtension(id);
      if (!other) return null;
      const a0 = performance.now();
      await other.activate();
      return performance.now() - a0;
    };
    report.warmupActivateMs = await timeActivation('tailspark-bench.warmup');
    report.baselineBeforeActivateMs = await timeActivation('tailspark-bench.baseline-before');
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const wall0 = Date.now();
    const api = await ext.activate();
    const t1 = performance.now();
    report.activateMs = t1 - t0;
    report.activateBodyMs = body.ms ?? null;
    report.heapDeltaKb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024);
    report.requestsDuringActivation = [...new Set(requests.filter((r) => r.at >= t0 && r.at <= t1).map((r) => r.request))];
    report.ssh2DuringActivation = requests.some((r) => r.at >= t0 && r.at <= t1 && SSH2_MARKER.test(r.request));
    // Where the activation window goes: when the host required our bundle, and whether the
    // deferred part (dist/main.js) was loaded inside the window.
    const at = (re) => requests.find((r) => re.test(r.request))?.at;
    const bundleAt = at(/[\\/]dist[\\/]extension\.js$/);
    report.bundleRequiredAtMs = bundleAt === undefined ? null : bundleAt - t0;

    const phases = [];
    const deadline = t0 + 30_000;
    for (;;) {
      const phase = api.getState().phase;
      if (phases.at(-1) !== phase) phases.push(phase);
      if (phase === 'ready') break;
      if (performance.now() > deadline) throw new Error(`no ready status within 30 s; phases ${phases.join(' → ')}; findings ${api.getState().findings.map((f) => `${f.code}: ${f.title} — ${f.detail}`).join(" | ")}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    report.readySeenMs = performance.now() - t0;
    // When the warm start's early answer was shown (the activation part's own state), if at all.
    const answered = api.boot?.answered?.();
    report.earlyAnswerAtMs = answered ? answered.checkedAt - wall0 : null;
    // "Ready" is shown when the status item gets it: the early answer's moment when there was
    // one (the status item is updated in that same step; this 5 ms poll may only notice after
    // dist/main.js was loaded, which blocks the thread), else when the poll saw it.
    report.firstReadyMs = answered?.phase === 'ready' ? Math.min(report.earlyAnswerAtMs, report.readySeenMs) : report.readySeenMs;
    report.phases = phases;
    report.statusText = api.getStatusView()?.text;
    report.warm = Boolean(process.env.TAILSPARK_TEST_LAST_KNOWN);
    // What the next start would show: the endpoint this run stored (the warm run gets it).
    for (let i = 0; i < 400 && api.test?.lastKnown() === undefined; i++) await new Promise((r) => setTimeout(r, 5));
    report.lastKnown = api.test?.lastKnown();
    // ssh2 comes with the first SSH use (serve discovery), which may finish after "ready" when
    // the HTTPS probe of the remembered or guessed URL answered first: wait for it (bounded).
    for (let i = 0; i < 1000 && !requests.some((r) => SSH2_MARKER.test(r.request)); i++) await new Promise((r) => setTimeout(r, 5));
    const ssh2 = requests.find((r) => SSH2_MARKER.test(r.request));
    // When the host (or our thin start) required the rest: after the activation window, always.
    const mainAt = at(/(^|[\\/])main\.js$/);
    report.mainRequiredAtMs = mainAt === undefined ? null : mainAt - t0;
    report.ssh2LoadedAtMs = ssh2 ? ssh2.at - t0 : null;

    // How much of activate() is just evaluating the bundle: evaluate it again (warm: the file is
    // cached and V8 may reuse compiled code, so this is a lower bound).
    const bundle = require('node:path').join(ext.extensionPath, 'dist', 'extension.js');
    delete require.cache[bundle];
    const e0 = performance.now();
    require(bundle);
    report.moduleEvalMs = performance.now() - e0;

    report.baselineAfterActivateMs = await timeActivation('tailspark-bench.baseline');
    report.minimalActivateMs = await timeActivation('tailspark-bench.minimal');
    const floor = [report.baselineBeforeActivateMs, report.baselineAfterActivateMs].filter((x) => typeof x === 'number');
    report.baselineActivateMs = floor.length ? floor.reduce((a, b) => a + b, 0) / floor.length : null;
  } catch (err) {
    report.error = String(err?.stack ?? err);
  } finally {
    Module._load = originalLoad;
  }
  console.log(`TAILSPARK_BENCH ${JSON.stringify(report)}`);
  if (report.error) throw new Error(report.error);
};
