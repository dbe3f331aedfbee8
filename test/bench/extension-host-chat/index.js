// Runs INSIDE a real VS Code extension host (code-server), loaded as extensionTestsPath by
// test/bench/chatProvider.bench.mjs. Plain JavaScript: nothing is loaded here that the measured
// path would not load itself.
//
// Interleaved, same server (the emulated Spark behind its Serve front, HTTPS), same prompt, same
// max_tokens, a fresh connection for each request on every side:
//   - provider: vscode.lm.selectChatModels({ vendor: 'tailspark' }) → model.sendRequest(), the
//     path every chat extension takes (extension host → workbench → our provider → the Spark,
//     and the parts back the same way); first token = first piece of response.text;
//   - minimal: the same through vscode.lm, but to the simplest possible provider
//     (extension-host-chat-minimal, vendor tailspark-bench-minimal, installed in this same host):
//     one streamed POST with streamOnce.js, each delta reported as a LanguageModelTextPart. What
//     it pays over `direct` is VS Code's plumbing; what Tailspark pays over it is ours;
//   - direct: one streamed POST /v1/chat/completions from this same process (streamOnce.js:
//     http.ClientRequest with a one-shot https.Agent like src/core/net/httpClient.ts, so VS
//     Code's proxy patching is bypassed everywhere); first token = first SSE chunk whose delta
//     carries text.
const { performance } = require('node:perf_hooks');
const { streamCompletion } = require('./streamOnce.js');

const N = Number(process.env.TAILSPARK_BENCH_CHAT_N ?? 20);
const MAX_TOKENS = Number(process.env.TAILSPARK_BENCH_CHAT_MAX_TOKENS ?? 200);
const SHORT = 'hi';
// Asks for more than max_tokens: the server cuts the answer at max_tokens (finish_reason "length").
const LONG = `count to ${MAX_TOKENS * 2}`;
const MINIMAL_EXTENSION = 'tailspark-bench.minimal-provider';

async function direct(url, resolveMap, model, prompt) {
  const t0 = performance.now();
  let ttft = 0;
  let n = 0;
  // When the 31st text token arrived: VS Code's provider host passes reported parts on only
  // after 31 of them or 30 ms without a new one (or at the end), so through vscode.lm a steadily
  // streamed answer reaches the caller no earlier than this.
  let piece31 = 0;
  const body = { model, messages: [{ role: 'user', content: prompt }], stream: true, stream_options: { include_usage: true }, max_tokens: MAX_TOKENS };
  const { tokens, text } = await streamCompletion(url, resolveMap, body, () => {
    n++;
    if (ttft === 0) ttft = performance.now() - t0;
    if (n === 31) piece31 = performance.now() - t0;
  });
  return { ttft, tokens, total: performance.now() - t0, text, piece31 };
}

/** `marks()`: the provider's own performance.now() marks of this request (the minimal provider only). */
async function viaProvider(vscode, chatModel, prompt, marks) {
  const t0 = performance.now();
  let ttft = 0;
  let tokens = 0;
  let text = '';
  const res = await chatModel.sendRequest([vscode.LanguageModelChatMessage.User(prompt)], { modelOptions: { max_tokens: MAX_TOKENS } });
  const accepted = performance.now() - t0;
  for await (const piece of res.text) {
    if (piece === '') continue;
    tokens++;
    text += piece;
    if (ttft === 0) ttft = performance.now() - t0;
  }
  const m = marks?.();
  const since = (x) => (typeof x === 'number' ? x - t0 : undefined);
  return { ttft, tokens, total: performance.now() - t0, text, accepted, ...(m ? { calledAt: since(m.calledAt), firstPieceAt: since(m.firstPieceAt) } : {}) };
}

const SETTLE_MS = 50;
const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));

/** One extension host → workbench → extension host round trip (a main-thread command). */
async function roundTrip(vscode, i) {
  const t0 = performance.now();
  await vscode.commands.executeCommand('setContext', 'tailspark.benchPing', i);
  return performance.now() - t0;
}

exports.run = async function run() {
  const vscode = require('vscode');
  const report = { runs: [] };
  try {
    const ext = vscode.extensions.getExtension('tailspark.tailspark');
    if (!ext) throw new Error('tailspark.tailspark is not installed in this extension host');
    const api = await ext.activate();
    const end = performance.now() + 90_000;
    while (api.getState().phase !== 'ready') {
      if (performance.now() > end) throw new Error(`no ready status within 90 s: ${api.getState().phase}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    let chatModel;
    while (!chatModel) {
      [chatModel] = await vscode.lm.selectChatModels({ vendor: 'tailspark' });
      if (performance.now() > end) throw new Error('no tailspark chat model listed');
      if (!chatModel) await new Promise((r) => setTimeout(r, 100));
    }
    const baseUrl = api.getState().serve.baseUrl;
    const url = `${baseUrl.replace(/\/+$/, '')}/chat/completions`;
    const resolveMap = vscode.workspace.getConfiguration('tailspark').get('network.resolve') ?? {};
    report.url = url;
    report.model = chatModel.id;
    // The minimal provider lists the same model (same id, limits and capabilities) for the same Spark.
    const minimalExt = vscode.extensions.getExtension(MINIMAL_EXTENSION);
    if (!minimalExt) throw new Error(`${MINIMAL_EXTENSION} is not installed in this extension host`);
    const minimal = await minimalExt.activate();
    const { id, name, family, version, maxInputTokens, maxOutputTokens } = chatModel;
    const capabilities = { toolCalling: Boolean(chatModel.capabilities?.supportsToolCalling), imageInput: Boolean(chatModel.capabilities?.supportsImageToText) };
    minimal.configure({ url, resolveMap, models: [{ id, name, family, version, maxInputTokens, maxOutputTokens, capabilities }] });
    report.capabilities = capabilities;
    let minimalModel;
    while (!minimalModel) {
      [minimalModel] = await vscode.lm.selectChatModels({ vendor: minimal.vendor });
      if (performance.now() > end) throw new Error('no model of the minimal provider listed');
      if (!minimalModel) await new Promise((r) => setTimeout(r, 100));
    }
    const sides = {
      direct: (p) => direct(url, resolveMap, chatModel.id, p),
      provider: (p) => viaProvider(vscode, chatModel, p),
      minimal: (p) => viaProvider(vscode, minimalModel, p, minimal.lastMarks),
    };
    const names = Object.keys(sides);
    // Warm up every path once (first compilation, the first provider call's set-up), and keep
    // those first requests: the minimal provider's goes first and pays VS Code's own first use
    // of the vscode.lm path; Tailspark's first request is then compared with the minimal
    // provider's second, both with VS Code's path warm.
    report.first = {};
    for (const side of ['direct', 'minimal', 'provider']) report.first[side] = await sides[side](SHORT);
    report.first.minimalAgain = await sides.minimal(SHORT);
    for (let i = 0; i < N; i++) {
      // Rotate which side goes first so none always gets the quieter moment.
      const order = names.map((_, k) => names[(i + k) % names.length]);
      const run = {};
      for (const side of order) {
        // Each side starts on a settled host: the previous request's connection is closed and
        // its tail work done (without the pause, whichever side followed the direct request
        // paid for that request's socket teardown in its first milliseconds).
        await settle();
        const short = await sides[side](SHORT);
        await settle();
        run[side] = { short, long: await sides[side](LONG) };
      }
      run.roundTripMs = await roundTrip(vscode, i);
      report.runs.push(run);
      console.log(`TAILSPARK_BENCH_PROGRESS run ${i + 1}/${N}: first token direct ${run.direct.short.ttft.toFixed(1)} ms, minimal provider ${run.minimal.short.ttft.toFixed(1)} ms, Tailspark ${run.provider.short.ttft.toFixed(1)} ms`);
    }
  } catch (err) {
    report.error = String(err?.stack ?? err);
  }
  console.log(`TAILSPARK_BENCH ${JSON.stringify(report)}`);
  if (report.error) throw new Error(report.error);
};
