// The /v1-only Funnel for vLLM, pure parts: the argv (matching serve_v2.go's flags), the public
// URL, and reading the serve config back (ours / nothing / something else on the port). The
// fixture is the serve config tailscaled writes for `tailscale funnel --bg --https=8443
// --set-path /v1 http://127.0.0.1:30001/v1` on top of `tailscale serve --bg 30001`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../../src/cli';
import { V1_FUNNEL_PORT, v1FunnelArgs, v1FunnelOffArgs, v1FunnelState, v1FunnelUrl } from '../../../src/core/remote/funnelV1';
import { parseServeStatusJson } from '../../../src/core/tailnet/serveUrl';

const HOST = 'spark-56d0.tail1234.ts.net';
const fixture = (name: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', 'tailscale', name), 'utf8');

test('argv: funnel on 8443 for the /v1 mount only, proxying to the same path; off removes exactly that mount', () => {
  assert.equal(V1_FUNNEL_PORT, 8443);
  assert.deepEqual(v1FunnelArgs(30001), ['funnel', '--bg', '--yes', '--https=8443', '--set-path', '/v1', 'http://127.0.0.1:30001/v1']);
  assert.deepEqual(v1FunnelOffArgs(), ['funnel', '--https=8443', '--set-path', '/v1', 'off']);
  assert.equal(v1FunnelUrl(`${HOST}.`), `https://${HOST}:8443/v1`);
});

test('state: the /v1 Funnel on 8443 is "on"; the tailnet base URL stays the 443 route (tailnet only)', () => {
  const parsed = parseServeStatusJson(fixture('serve-status-v1-funnel-8443.json'), { host: HOST, port: 30001 });
  assert.equal(parsed.baseUrl, `https://${HOST}/v1`);
  assert.equal(parsed.exposure, 'tailnet');
  const s = v1FunnelState(parsed.routes, HOST, 30001);
  assert.equal(s.kind, 'on');
  assert.equal(s.kind === 'on' && s.url, `https://${HOST}:8443/v1`);
});

test('state: nothing on 8443 is "off"; another handler, a tailnet-only /v1, or a /v1 to another port is a conflict', () => {
  const base = parseServeStatusJson(fixture('serve-status-https-30001.json'), { host: HOST, port: 30001 });
  assert.equal(v1FunnelState(base.routes, HOST, 30001).kind, 'off');
  const route = { scheme: 'https' as const, host: HOST, port: 8443, mount: '/v1', target: 'http://127.0.0.1:30001/v1', exposure: 'funnel' as const };
  const cases = [
    [{ ...route, mount: '/', target: 'http://127.0.0.1:3000' }],
    [{ ...route, exposure: 'tailnet' as const }],
    [{ ...route, target: 'http://127.0.0.1:8000/v1' }],
    [route, { ...route, mount: '/docs', target: 'http://127.0.0.1:3000' }],
  ];
  for (const routes of cases) assert.equal(v1FunnelState([...base.routes, ...routes], HOST, 30001).kind, 'conflict', JSON.stringify(routes));
  assert.equal(v1FunnelState([...base.routes, route], HOST, 30001).kind, 'on');
});

test('CLI: setup-cursor --dry-run prints the /v1 Funnel for a vLLM unit, the whole-port one for SGLang, both when unknown', async () => {
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => true }, env: {} } as never;
    assert.equal(await main(['setup-cursor', '--dry-run', ...args], io), 0);
    return out.join('');
  };
  const vllm = await run('--unit', 'vllm');
  assert.match(vllm, /^tailscale funnel --bg --yes '--https=8443' --set-path \/v1 http:\/\/127\.0\.0\.1:30001\/v1 {3}# vLLM/m);
  assert.doesNotMatch(vllm, /^tailscale funnel --bg --yes 30001/m);
  const sglang = await run('--unit', 'sglang', '--port', '30000');
  assert.match(sglang, /^tailscale funnel --bg --yes 30000 {3}# SGLang/m);
  assert.doesNotMatch(sglang, /8443/);
  const both = await run('--unit', 'llm', '--kind', 'vllm');
  assert.match(both, /--https=8443/);
  const unknown = await run('--unit', 'llm');
  assert.match(unknown, /# vLLM/);
  assert.match(unknown, /# SGLang/);
});
