// Serve config (JSON and plain text) → OpenAI base URL, exposure and findings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isTailscaleLoginUrl } from '../../../src/core/findings/loginUrl';
import {
  parseServeStatusJson,
  parseServeStatusText,
  proxiesToPort,
} from '../../../src/core/tailnet/serveUrl';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/tailscale', name), 'utf8');
const HOST = 'spark-56d0.tail1234.ts.net';

test('reference `serve --bg 30001` config → https://<host>/v1, tailnet only', () => {
  const r = parseServeStatusJson(fixture('serve-status-https-30001.json'), { host: HOST });
  assert.equal(r.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
  assert.equal(r.exposure, 'tailnet');
  assert.deepEqual(r.findings, []);
  assert.equal(r.route?.target, 'http://127.0.0.1:30001');
});

test('{} , null and empty output → serve.nothingServed with the remote fix argv', () => {
  for (const text of [fixture('serve-status-empty.json'), fixture('serve-status-null.json'), '', '\n']) {
    const r = parseServeStatusJson(text, { host: HOST });
    assert.equal(r.baseUrl, null, JSON.stringify(text));
    assert.equal(r.findings[0]?.code, 'serve.nothingServed');
    assert.deepEqual(r.findings[0]?.fixes[0]?.action, { kind: 'remote', argv: ['tailscale', 'serve', '--bg', '--yes', '30001'] });
  }
  const custom = parseServeStatusJson('{}', { port: 8000 });
  assert.deepEqual(custom.findings[0]?.fixes[0]?.action, { kind: 'remote', argv: ['tailscale', 'serve', '--bg', '--yes', '8000'] });
});

test('several Web entries, a path mount on 443 and a Funnel on 8443: tailnet 443 mount wins', () => {
  const r = parseServeStatusJson(fixture('serve-status-mount-and-funnel.json'), { host: HOST });
  assert.equal(r.baseUrl, 'https://spark-56d0.tail1234.ts.net/llm/v1');
  assert.equal(r.exposure, 'tailnet');
  assert.equal(r.routes.length, 3);
  // Same config asked for another port: the handler on / → 8080 is chosen.
  const other = parseServeStatusJson(fixture('serve-status-mount-and-funnel.json'), { host: HOST, port: 8080 });
  assert.equal(other.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
});

test('only a non-443 Funnel route → URL with :8443, exposure funnel, funnelOn warning', () => {
  const config = JSON.parse(fixture('serve-status-mount-and-funnel.json'));
  delete config.Web['spark-56d0.tail1234.ts.net:443'].Handlers['/llm/'];
  const r = parseServeStatusJson(JSON.stringify(config), { host: HOST });
  assert.equal(r.baseUrl, 'https://spark-56d0.tail1234.ts.net:8443/v1');
  assert.equal(r.exposure, 'funnel');
  assert.deepEqual(
    r.findings.map((f) => f.code),
    ['serve.funnelOn'],
  );
});

test('AllowFunnel on host:443 marks the route public', () => {
  const r = parseServeStatusJson(fixture('serve-status-funnel-443.json'), { host: HOST });
  assert.equal(r.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
  assert.equal(r.exposure, 'funnel');
});

test('served, but not the inference port → nothingServed naming what is served', () => {
  const r = parseServeStatusJson('{"Web":{"spark-56d0.tail1234.ts.net:443":{"Handlers":{"/":{"Proxy":"http://127.0.0.1:8080"}}}}}', { host: HOST });
  assert.equal(r.baseUrl, null);
  assert.equal(r.findings[0]?.code, 'serve.nothingServed');
  assert.match(r.findings[0]!.detail, /https:\/\/spark-56d0\.tail1234\.ts\.net → http:\/\/127\.0\.0\.1:8080/);
});

test('foreground sessions (serve without --bg) count too', () => {
  const r = parseServeStatusJson(
    '{"Foreground":{"abc123":{"TCP":{"443":{"HTTPS":true}},"Web":{"spark-56d0.tail1234.ts.net:443":{"Handlers":{"/":{"Proxy":"http://127.0.0.1:30001"}}}}}}}',
  );
  assert.equal(r.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
});

test('proxy target forms the CLI writes', () => {
  for (const p of ['http://127.0.0.1:30001', 'http://localhost:30001', '127.0.0.1:30001', '30001', 'http://127.0.0.1:30001/']) {
    assert.ok(proxiesToPort(p, 30001), p);
  }
  for (const p of ['http://127.0.0.1:300011', 'http://10.0.0.5:30001', '3000', 'http://127.0.0.1:8080']) {
    assert.ok(!proxiesToPort(p, 30001), p);
  }
});

test('invalid JSON / wrong shape → serve.statusUnreadable', () => {
  assert.equal(parseServeStatusJson('{"Web": [1]', {}).findings[0]?.code, 'serve.statusUnreadable');
  assert.equal(parseServeStatusJson('{"Web": 5}', {}).findings[0]?.code, 'serve.statusUnreadable');
});

test('plain `tailscale serve status` text, funnel text and "No serve config"', () => {
  const r = parseServeStatusText(fixture('serve-status-plain.txt'), { host: HOST });
  assert.equal(r.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
  assert.equal(r.exposure, 'tailnet');
  const f = parseServeStatusText('https://spark-56d0.tail1234.ts.net:8443 (Funnel on)\n|-- /api proxy http://127.0.0.1:30001\n');
  assert.equal(f.baseUrl, 'https://spark-56d0.tail1234.ts.net:8443/api/v1');
  assert.equal(f.exposure, 'funnel');
  const empty = parseServeStatusText(fixture('serve-status-plain-empty.txt'));
  assert.equal(empty.baseUrl, null);
  assert.equal(empty.findings[0]?.code, 'serve.nothingServed');
});

test("a Serve route for another host never becomes the base URL: only the Spark's MagicDNS name or Tailscale IPs", () => {
  const config = (key: string) => JSON.stringify({ TCP: { '443': { HTTPS: true } }, Web: { [key]: { Handlers: { '/': { Proxy: 'http://127.0.0.1:30001' } } } } });
  const host = 'spark-56d0.tail1234.ts.net';
  for (const key of ['evil.example.com:443', `${host}@evil.example.com:443`, `${host}.evil.example.com:443`, 'spark-56d0.evil.example.com:443']) {
    for (const options of [{ host }, { host: 'spark-56d0' }, {}]) {
      const r = parseServeStatusJson(config(key), options);
      assert.equal(r.baseUrl, null, `${key} with ${JSON.stringify(options)}`);
      assert.deepEqual(r.findings.map((f) => f.code), ['serve.foreignHost']);
    }
  }
  assert.equal(parseServeStatusJson(config(`${host}:443`), { host }).baseUrl, `https://${host}/v1`);
  assert.equal(parseServeStatusJson(config(`${host.toUpperCase()}.:443`), { host: 'spark-56d0' }).baseUrl, `https://${host.toUpperCase()}/v1`);
  assert.equal(parseServeStatusJson(config('100.101.102.103:443'), { host, addresses: ['100.101.102.103'] }).baseUrl, 'https://100.101.102.103/v1');
  assert.equal(parseServeStatusJson(config('100.101.102.104:443'), { host, addresses: ['100.101.102.103'] }).baseUrl, null);
});

test('check mode: only Tailscale login pages may be opened', () => {
  assert.ok(isTailscaleLoginUrl('https://login.tailscale.com/a/1a2b3c4d'));
  for (const bad of ['http://login.tailscale.com/a/x', 'https://login.tailscale.com.evil.example/a', 'https://login.tailscale.com@evil.example/a', 'https://evil.example/login.tailscale.com', 'javascript:alert(1)', 'https://login.tailscale.com:8443/a'])
    assert.ok(!isTailscaleLoginUrl(bad), bad);
});
