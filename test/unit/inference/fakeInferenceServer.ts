// A minimal stand-in for SGLang / vLLM answering with the shapes of reference/inference-servers.md.
// Only for unit tests of the probe; the full emulated Spark lives in test/spark-sim.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after } from 'node:test';
import { startServer, type TestCert, type TestServer } from './tlsFixtures';

export interface FakeOptions {
  kind: 'sglang' | 'vllm' | 'ollama';
  apiKey?: string;
  /** Force a status on /v1/models (503 warm-up, 502 proxy, 404 …). */
  modelsStatus?: number;
  modelsBody?: string;
  metrics?: boolean;
  /** Serve under a mount path, like `tailscale serve --set-path /llm`. */
  mount?: string;
  delayMs?: number;
  /** SGLang before /server_info and /v1/loads: only /get_server_info and /get_load (list form). */
  legacySglang?: boolean;
}

export interface FakeServer extends TestServer {
  paths: string[];
  authHeaders: (string | undefined)[];
}

const MODEL = 'Qwen/Qwen2.5-7B-Instruct';

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', server: 'uvicorn' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export async function startFake(options: FakeOptions, tls?: TestCert): Promise<FakeServer> {
  const paths: string[] = [];
  const authHeaders: (string | undefined)[] = [];
  const mount = options.mount ?? '';
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    paths.push(url);
    authHeaders.push(req.headers.authorization);
    if (!url.startsWith(`${mount}/`)) return json(res, 404, { detail: 'Not Found' });
    const path = url.slice(mount.length);
    const open = path.startsWith('/health') || path.startsWith('/metrics') || (options.kind === 'vllm' && path === '/version');
    if (options.apiKey && !open && req.headers.authorization !== `Bearer ${options.apiKey}`) return json(res, 401, { error: 'Unauthorized' });
    const answer = () => {
      if (path === '/v1/models') {
        if (options.modelsStatus) return json(res, options.modelsStatus, options.modelsBody ?? '');
        if (options.modelsBody !== undefined) return json(res, 200, options.modelsBody);
        const entry =
          options.kind === 'sglang'
            ? { id: MODEL, object: 'model', created: 1700000000, owned_by: 'sglang', root: MODEL, parent: null, max_model_len: 32768 }
            : options.kind === 'vllm'
              ? { id: MODEL, object: 'model', created: 1700000000, owned_by: 'vllm', root: '/models/qwen', parent: null, max_model_len: 16384, permission: [{ id: 'modelperm-1' }] }
              : { id: 'llama3:latest', object: 'model', created: 1700000000, owned_by: 'library' };
        return json(res, 200, { object: 'list', data: [entry] });
      }
      if (path === '/version' && options.kind === 'vllm') return json(res, 200, { version: '0.11.2' });
      if (options.legacySglang && path === '/get_server_info') {
        return json(res, 200, { model_path: MODEL, api_key: options.apiKey ?? null, status: 'ready', version: '0.4.6.post5', context_length: 32768, internal_states: [{ last_gen_throughput: 12.5 }] });
      }
      if (options.legacySglang && path === '/get_load') {
        return json(res, 200, [{ dp_rank: 0, num_reqs: 5, num_waiting_reqs: 2, num_tokens: 4100 }]);
      }
      if (options.legacySglang && (path === '/server_info' || path === '/v1/loads')) return json(res, 404, { detail: 'Not Found' });
      if (path === '/server_info' && options.kind === 'sglang') {
        return json(res, 200, { model_path: MODEL, api_key: options.apiKey ?? null, admin_api_key: 'adm-secret', status: 'ready', version: '0.5.4', context_length: 32768, internal_states: [{ last_gen_throughput: 80.1 }] });
      }
      if (path === '/metrics' && options.metrics !== false) {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        return res.end(
          options.kind === 'sglang'
            ? 'sglang:num_running_reqs{tp_rank="0",model_name="m"} 3.0\nsglang:num_queue_reqs{model_name="m"} 1.0\nsglang:gen_throughput{model_name="m"} 86.5\nsglang:token_usage{model_name="m"} 0.28\n'
            : 'vllm:num_requests_running{model_name="m"} 2.0\nvllm:num_requests_waiting{model_name="m"} 0.0\nvllm:gpu_cache_usage_perc{model_name="m"} 0.5\nvllm:generation_tokens_total{model_name="m"} 1000\n',
        );
      }
      if (path === '/v1/loads' && options.kind === 'sglang') {
        return json(res, 200, { timestamp: 'now', version: '0.5.4', loads: [{ dp_rank: 0, num_running_reqs: 4, num_waiting_reqs: 1, token_usage: 0.3, gen_throughput: 50 }] });
      }
      return json(res, 404, { detail: 'Not Found' });
    };
    if (options.delayMs) setTimeout(answer, options.delayMs).unref();
    else answer();
  };
  const server = await startServer(handler, tls);
  return Object.assign(server, { paths, authHeaders });
}

/** A `startFake` whose servers are closed after the calling file's tests. */
export function fakesClosedAfter(): (...args: Parameters<typeof startFake>) => Promise<FakeServer> {
  const servers: FakeServer[] = [];
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  return async (...args) => {
    const s = await startFake(...args);
    servers.push(s);
    return s;
  };
}
