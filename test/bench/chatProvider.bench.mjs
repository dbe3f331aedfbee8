// Chat through the full provider path in a real VS Code extension host (code-server 4.139 =
// VS Code 1.139) against the emulated Spark behind its Serve front (HTTPS, test/spark-sim):
// vscode.lm.selectChatModels({ vendor: 'tailspark' }) → sendRequest() (extension host →
// workbench → our provider → the Spark and back) against one direct streamed request from the
// same extension host process, and against the same vscode.lm path to the simplest possible
// provider in the same host (test/bench/extension-host-chat-minimal, vendor
// tailspark-bench-minimal: one streamed POST, each delta reported as a text part). Same server,
// same prompt, same max_tokens, fresh connection per request on every side, interleaved runs,
// medians. The measuring happens in test/bench/extension-host-chat/index.js; this driver sets
// the stage and compares:
//   chat.provider.ttft — time to the first text token; goal ≤ 1.1× the direct request;
//   chat.provider.tps  — answer tokens per second of wall time for a max_tokens answer;
//   chat.provider.{ttft,tps}.vsMinimalProvider — the same against the minimal provider: what
//     Tailspark's provider costs on top of VS Code's plumbing.
// Run with tsx (node --import tsx …) because the sim is TypeScript.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSparkForClient } from '../../scripts/lib/spark-client.mjs';
import { runInExtensionHost } from './lib/extensionHost.mjs';

const root = resolve(import.meta.dirname, '../..');
const suite = resolve(import.meta.dirname, 'extension-host-chat');
const N = Number(process.env.TAILSPARK_BENCH_CHAT_N ?? 20);
const MAX_TOKENS = Number(process.env.TAILSPARK_BENCH_CHAT_MAX_TOKENS ?? 200);
const TOKEN_MS = 5;

// The production bundle, as shipped.
execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const work = mkdtempSync(join(tmpdir(), 'tailspark-bench-chatp-'));
// The minimal provider, installed as a regular extension of the same host; it streams with the
// same module as the direct request.
const extensionsDir = join(work, 'extensions');
const minimalDir = join(extensionsDir, 'tailspark-bench.minimal-provider-0.0.1');
mkdirSync(minimalDir, { recursive: true });
for (const f of ['package.json', 'extension.js']) cpSync(resolve(import.meta.dirname, 'extension-host-chat-minimal', f), join(minimalDir, f));
cpSync(join(suite, 'streamOnce.js'), join(minimalDir, 'streamOnce.js'));
const { spark, settings } = await startSparkForClient(work, { flavor: 'vllm', timings: { loadMs: 300, warmupMs: 200, healthMs: 50, tokenMs: TOKEN_MS } });
let report;
try {
  const started = Date.now();
  report = await runInExtensionHost({
    extensionPath: root,
    suite,
    extensionsDir,
    timeoutMs: 15 * 60_000,
    settings: { ...settings, 'tailspark.autoConfigure': 'off' },
    env: {
      NODE_EXTRA_CA_CERTS: spark.caCertPath,
      TAILSPARK_TEST: '1',
      TAILSPARK_BENCH_CHAT_N: String(N),
      TAILSPARK_BENCH_CHAT_MAX_TOKENS: String(MAX_TOKENS),
    },
    onLog: (text) => {
      const m = /TAILSPARK_BENCH_PROGRESS (.*)/.exec(text);
      if (m) console.error(`  · ${m[1]}`);
    },
  });
  console.error(`  · extension host finished after ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await spark.stop();
  rmSync(work, { recursive: true, force: true });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r2 = (x) => Math.round(x * 100) / 100;
const runs = report.runs;
const pick = (side, kind, f) => runs.map((r) => f(r[side][kind]));
const sides = ['direct', 'minimal', 'provider'];
const ttft = Object.fromEntries(sides.map((side) => [side, pick(side, 'short', (x) => x.ttft)]));
// Tokens of the answer as the server sent them (the direct side counts SSE chunks with text);
// the provider's pieces may arrive coalesced, so both rates use the server's count.
const answerTokens = runs[0].direct.long.tokens;
const tps = Object.fromEntries(sides.map((side) => [side, pick(side, 'long', (x) => (answerTokens / x.total) * 1000)]));
const pieces = median(pick('provider', 'long', (x) => x.tokens));
const minimalPieces = median(pick('minimal', 'long', (x) => x.tokens));
// Where the minimal provider's first token went (its marks and the caller share one clock: in
// code-server caller and provider run in the same extension host process).
const hopIn = median(pick('minimal', 'short', (x) => x.calledAt));
const inProvider = median(pick('minimal', 'short', (x) => x.firstPieceAt - x.calledAt));
const hopBack = median(pick('minimal', 'short', (x) => x.ttft - x.firstPieceAt));
const first = report.first;
// The 200-token answer's first piece on each side, and when the direct request had 31 tokens.
const longFirst = Object.fromEntries(sides.map((side) => [side, r2(median(pick(side, 'long', (x) => x.ttft)))]));
const piece31 = r2(median(pick('direct', 'long', (x) => x.piece31)));
const roundTrip = median(runs.map((r) => r.roundTripMs));
const accepted = median(pick('provider', 'short', (x) => x.accepted));
const list = (xs) => xs.map((x) => Math.round(x)).join('/');
/** One row: Tailspark's provider (median of `of.provider`) against the median of `of[against]`. */
const compare = (id, name, unit, of, against, baselineName, note) => ({
  id,
  name,
  value: r2(median(of.provider)),
  unit,
  baseline: { name: baselineName, value: r2(median(of[against])) },
  ratio: r2(median(of.provider) / median(of[against])),
  note,
});
const DIRECT = 'direct streamed request from the same extension host';
const rows = [
  compare(
    'chat.provider.ttft',
    'chat.provider.ttft: first token through vscode.lm → Tailspark provider (real extension host, HTTPS via Serve)',
    'ms',
    ttft,
    'direct',
    DIRECT,
    `median of ${N}, prompt "hi", max_tokens ${MAX_TOKENS}, ${TOKEN_MS} ms/token server; provider ${list(ttft.provider)} ms, direct ${list(ttft.direct)} ms; sendRequest() resolved after ${r2(accepted)} ms; one extension host ↔ workbench round trip (setContext) ${r2(roundTrip)} ms`,
  ),
  compare(
    'chat.provider.tps',
    `chat.provider.tps: ${answerTokens}-token answer through vscode.lm → Tailspark provider`,
    'tok/s',
    tps,
    'direct',
    DIRECT,
    `median of ${N}, wall time from request to end of stream; provider delivered the answer in ${pieces} pieces (median); server paces ${1000 / TOKEN_MS} tok/s`,
  ),
  compare(
    'chat.provider.ttft.vsMinimalProvider',
    'chat.provider.ttft.vsMinimalProvider: first token through vscode.lm → Tailspark provider against the same path to a minimal provider in the same host',
    'ms',
    ttft,
    'minimal',
    'minimal provider (one streamed POST, each delta reported as a text part), same host',
    `median of ${N}; minimal provider ${list(ttft.minimal)} ms, Tailspark ${list(ttft.provider)} ms, direct ${list(ttft.direct)} ms (minimal provider / direct ${r2(median(ttft.minimal) / median(ttft.direct))}×); minimal provider's first token: called after ${r2(hopIn)} ms, first delta in hand ${r2(inProvider)} ms later, at the caller ${r2(hopBack)} ms after that; first requests (one each): the host's first through vscode.lm (minimal provider) ${r2(first.minimal.ttft)} ms, then Tailspark's first ${r2(first.provider.ttft)} ms against the minimal provider's second ${r2(first.minimalAgain.ttft)} ms; direct ${r2(first.direct.ttft)} ms`,
  ),
  compare(
    'chat.provider.tps.vsMinimalProvider',
    `chat.provider.tps.vsMinimalProvider: ${answerTokens}-token answer through vscode.lm → Tailspark provider against a minimal provider in the same host`,
    'tok/s',
    tps,
    'minimal',
    'minimal provider, same host',
    `median of ${N}; minimal provider ${list(tps.minimal)} tok/s, Tailspark ${list(tps.provider)} tok/s, direct ${list(tps.direct)} tok/s; pieces at the caller: Tailspark ${pieces}, minimal ${minimalPieces} (median); first piece of this answer: Tailspark ${longFirst.provider} ms, minimal ${longFirst.minimal} ms, direct ${longFirst.direct} ms, which had its 31st token at ${piece31} ms (VS Code's provider host sends parts on after 31 parts, 30 ms without a new one, or the end)`,
  ),
];
const sameAnswer = runs.every((r) => ['provider', 'minimal'].every((side) => r[side].short.text === r.direct.short.text && r[side].long.text === r.direct.long.text));
const checks = [
  {
    name: 'Tailspark provider, minimal provider and direct request received the same answer text (like with like)',
    ok: sameAnswer,
    detail: sameAnswer
      ? `"${runs[0].direct.short.text.slice(0, 80)}" / ${answerTokens} tokens`
      : `first run: provider "${runs[0].provider.short.text.slice(0, 60)}", minimal provider "${runs[0].minimal.short.text.slice(0, 60)}" vs direct "${runs[0].direct.short.text.slice(0, 60)}"`,
  },
  { name: 'the long answer was cut at max_tokens on every side', ok: answerTokens === MAX_TOKENS, detail: `${answerTokens} tokens, max_tokens ${MAX_TOKENS}` },
];
process.stdout.write(`BENCH_RESULT ${JSON.stringify({ part: 'chat-provider', rows, checks })}\n`);
