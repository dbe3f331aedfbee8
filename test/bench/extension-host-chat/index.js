// Runs INSIDE a real VS Code extension host (code-server), loaded as extensionTestsPath by
// test/bench/chatProvider.bench.mjs. Plain JavaScript: nothing is loaded here that the measured
// path would not load itself.
//
// Interleaved, same server (the emulated Spark behind its Serve front, HTTPS), same prompt, same
// max_tokens, a fresh connection for each request on both sides:
//   - provider: vscode.lm.selectChatModels({ vendor: 'tailspark' }) → model.sendRequest(), the
//     path every chat extension takes (extension host → workbench → our provider → the Spark,
//     and the parts back the same way); first token = first piece of response.text;
//   - direct: one streamed POST /v1/chat/completions from this same process, built like
//     src/core/net/httpClient.ts builds it (http.ClientRequest with a one-shot https.Agent, so
//     VS Code's proxy patching is bypassed on both sides); first token = first SSE chunk whose
//     delta carries text.
const http = require('node:http');
const https = require('node:https');
const { performance } = require('node:perf_hooks');

const N = Number(process.env.TAILSPARK_BENCH_CHAT_N ?? 10);
const MAX_TOKENS = Number(process.env.TAILSPARK_BENCH_CHAT_MAX_TOKENS ?? 200);
const SHORT = 'hi';
// Asks for more than max_tokens: the server cuts the answer at max_tokens (finish_reason "length").
const LONG = `count to ${MAX_TOKENS * 2}`;

function direct(url, resolveMap, model, prompt) {
  return new Promise((resolvePromise, reject) => {
    const parsed = new URL(url);
    const address = resolveMap[parsed.hostname];
    const lookup = address ? (_h, opts, cb) => (opts?.all ? cb(null, [{ address, family: 4 }]) : cb(null, address, 4)) : undefined;
    const t0 = performance.now();
    let ttft = 0;
    let tokens = 0;
    let text = '';
    const req = new http.ClientRequest(parsed, {
      method: 'POST',
      agent: new https.Agent({ keepAlive: false, maxCachedSessions: 0 }),
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      ...(lookup ? { lookup } : {}),
    });
    req.on('error', reject);
    req.on('response', (res) => {
      if (res.statusCode !== 200) reject(new Error(`direct request: HTTP ${res.statusCode}`));
      let buf = '';
      res.on('data', (c) => {
        buf += c.toString('utf8');
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const ev = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = ev.startsWith('data: ') ? ev.slice(6) : '';
          if (data === '' || data === '[DONE]') continue;
          const piece = JSON.parse(data).choices?.[0]?.delta?.content;
          if (typeof piece === 'string' && piece !== '') {
            tokens++;
            text += piece;
            if (ttft === 0) ttft = performance.now() - t0;
          }
        }
      });
      res.on('end', () => resolvePromise({ ttft, tokens, total: performance.now() - t0, text }));
    });
    req.end(
      JSON.stringify({
        model,
        messages: [{ role: 'user', content: prompt }],
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: MAX_TOKENS,
      }),
    );
  });
}

async function viaProvider(vscode, chatModel, prompt) {
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
  return { ttft, tokens, total: performance.now() - t0, text, accepted };
}

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
    // Warm up both paths once (first compilation, the first provider call's set-up).
    await direct(url, resolveMap, chatModel.id, SHORT);
    await viaProvider(vscode, chatModel, SHORT);
    for (let i = 0; i < N; i++) {
      // Alternate which side goes first so neither always gets the quieter moment.
      const order = i % 2 === 0 ? ['direct', 'provider'] : ['provider', 'direct'];
      const run = {};
      for (const side of order) {
        const f = side === 'direct' ? (p) => direct(url, resolveMap, chatModel.id, p) : (p) => viaProvider(vscode, chatModel, p);
        run[side] = { short: await f(SHORT), long: await f(LONG) };
      }
      run.roundTripMs = await roundTrip(vscode, i);
      report.runs.push(run);
      console.log(`TAILSPARK_BENCH_PROGRESS run ${i + 1}/${N}: first token direct ${run.direct.short.ttft.toFixed(1)} ms, provider ${run.provider.short.ttft.toFixed(1)} ms`);
    }
  } catch (err) {
    report.error = String(err?.stack ?? err);
  }
  console.log(`TAILSPARK_BENCH ${JSON.stringify(report)}`);
  if (report.error) throw new Error(report.error);
};
