// Chat streaming overhead: Tailspark's chat client (src/core/chat: SSE parser, zod-checked
// chunks, events) against a bare streamed request (http.request, first `content` byte seen),
// both on a fresh connection per request (Tailspark's policy: no reused sockets), same emulated server (test/spark-sim inference-server.cjs, vLLM flavour), interleaved runs.
//   chat.ttft — time to the first text token; goal ≤ 1.1× the bare request.
//   chat.tps  — text tokens per second over a 200-token answer.
// VS Code's own extension-host hop (progress.report → the chat UI) is not in these numbers.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { streamChat } from '../../src/core/chat/client';
import { emit, median, progress, row } from './lib/emit';

const N = Number(process.env.TAILSPARK_BENCH_CHAT_N ?? 15);
const PORT = 30000 + (process.pid % 20000);
const MODEL = 'Qwen/Qwen2.5-7B-Instruct';

function bare(prompt: string): Promise<{ ttft: number; tokens: number; total: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let ttft = 0;
    let tokens = 0;
    const req = request({ host: '127.0.0.1', port: PORT, path: '/v1/chat/completions', method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      let buf = '';
      res.on('data', (c: Buffer) => {
        buf += c.toString('utf8');
        let i = buf.indexOf('\n\n');
        while (i >= 0) {
          const ev = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (ev.includes('"content":"') && !ev.includes('"content":""')) {
            tokens++;
            if (ttft === 0) ttft = performance.now() - t0;
          }
          i = buf.indexOf('\n\n');
        }
      });
      res.on('end', () => resolve({ ttft, tokens, total: performance.now() - t0 }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ model: MODEL, stream: true, messages: [{ role: 'user', content: prompt }] }));
  });
}

async function tailspark(prompt: string): Promise<{ ttft: number; tokens: number; total: number }> {
  const t0 = performance.now();
  let ttft = 0;
  let tokens = 0;
  await streamChat({ baseUrl: `http://127.0.0.1:${PORT}/v1` }, { model: MODEL, messages: [{ role: 'user', parts: [{ kind: 'text', text: prompt }] }] }, (e) => {
    if (e.kind !== 'text') return;
    tokens++;
    if (ttft === 0) ttft = performance.now() - t0;
  });
  return { ttft, tokens, total: performance.now() - t0 };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tailspark-bench-chat-'));
  mkdirSync(join(dir, 'journal'));
  const statePath = join(dir, 'state.json');
  writeFileSync(statePath, JSON.stringify({ model: MODEL, address: '127.0.0.1', inferencePort: PORT, apiKey: null, timings: { loadMs: 10, warmupMs: 10, tokenMs: 5 }, units: {} }));
  const server = spawn(process.execPath, ['test/spark-sim/server/inference-server.cjs', statePath, 'vllm'], { stdio: 'ignore' });
  try {
    for (let i = 0; ; i++) {
      await new Promise((r) => setTimeout(r, 100));
      if (await bare('warm up').then(() => true, () => false)) break;
      if (i > 100) throw new Error('the emulated server did not start');
    }
    const ttft = { bare: [] as number[], ts: [] as number[] };
    const tps = { bare: [] as number[], ts: [] as number[] };
    for (let i = 0; i < N; i++) {
      const a = await bare('hi');
      const b = await tailspark('hi');
      ttft.bare.push(a.ttft);
      ttft.ts.push(b.ttft);
      const c = await bare('count to 200');
      const d = await tailspark('count to 200');
      tps.bare.push((c.tokens / c.total) * 1000);
      tps.ts.push((d.tokens / d.total) * 1000);
      progress(`run ${i + 1}/${N}: ttft ${a.ttft.toFixed(1)} vs ${b.ttft.toFixed(1)} ms`);
    }
    emit({
      part: 'chat',
      rows: [
        { ...row('chat.ttft: first token through Tailspark chat client', median(ttft.ts), 'ms', { name: 'bare streamed request', value: median(ttft.bare) }, `median of ${N}, 5 ms/token server`), id: 'chat.ttft' } as never,
        { ...row('chat.tps: 200-token answer through Tailspark chat client', median(tps.ts), 'tok/s', { name: 'bare streamed request', value: median(tps.bare) }, `median of ${N}`), id: 'chat.tps' } as never,
      ],
    });
  } finally {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
