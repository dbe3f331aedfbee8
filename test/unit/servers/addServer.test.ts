// Add Inference Server, editor-free: the local ports a Spark's serve config proxies to, unique
// valid names, and the new tailspark.servers value (the spark.host server is kept as the first).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { servedLocalPorts, uniqueServerName, withServerAdded } from '../../../src/core/servers/addServer';
import { defaultSettings, parseSettings } from '../../../src/core/settings';
import { parseServeStatusJson, type ServeRoute } from '../../../src/core/tailnet/serveUrl';

const route = (over: Partial<ServeRoute>): ServeRoute => ({ scheme: 'https', host: 'spark-b.tail1234.ts.net', port: 443, mount: '/', target: 'http://127.0.0.1:30001', exposure: 'tailnet', ...over });

test('servedLocalPorts: HTTPS routes to the loopback, one per local port, sorted', () => {
  const ports = servedLocalPorts([
    route({ port: 8443, target: 'http://127.0.0.1:8000' }),
    route({}),
    route({ port: 10000, target: 'http://localhost:30001' }),
    route({ scheme: 'http', port: 80, target: 'http://127.0.0.1:9000' }),
    route({ port: 9443, target: 'http://192.168.1.5:7000' }),
    route({ port: 9444, target: 'text:hello' }),
    route({ port: 9445, target: '5000' }),
    route({ port: 9446, target: 'https+insecure://127.0.0.1:8001', exposure: 'funnel' }),
  ]);
  assert.deepEqual(
    ports.map((p) => [p.port, p.baseUrl, p.exposure]),
    [
      [5000, 'https://spark-b.tail1234.ts.net:9445/v1', 'tailnet'],
      [8000, 'https://spark-b.tail1234.ts.net:8443/v1', 'tailnet'],
      [8001, 'https://spark-b.tail1234.ts.net:9446/v1', 'funnel'],
      [30001, 'https://spark-b.tail1234.ts.net/v1', 'tailnet'],
    ],
  );
});

test('servedLocalPorts reads what `tailscale serve status --json` says (two servers on one Spark)', () => {
  const json = JSON.stringify({
    TCP: { '443': { HTTPS: true }, '8443': { HTTPS: true } },
    Web: {
      'spark-b.tail1234.ts.net:443': { Handlers: { '/': { Proxy: 'http://127.0.0.1:30001' } } },
      'spark-b.tail1234.ts.net:8443': { Handlers: { '/': { Proxy: 'http://127.0.0.1:8000' } } },
    },
  });
  const parsed = parseServeStatusJson(json, { port: 30001 });
  assert.deepEqual(
    servedLocalPorts(parsed.routes).map((p) => p.port),
    [8000, 30001],
  );
});

test('uniqueServerName: valid and unused ignoring case', () => {
  assert.equal(uniqueServerName('spark-b', []), 'spark-b');
  assert.equal(uniqueServerName('spark-b', ['SPARK-B']), 'spark-b 2');
  assert.equal(uniqueServerName('spark-b', ['spark-b', 'spark-b 2']), 'spark-b 3');
  assert.equal(uniqueServerName('tag:spark', []), 'tag-spark');
  assert.equal(uniqueServerName('--x', []), 'x');
  assert.equal(uniqueServerName('', []), 'server');
  assert.equal(uniqueServerName('ü', []), 'server');
  for (const n of ['tag:spark', 'a'.repeat(100), '  x  ', 'spark/b;rm']) {
    const name = uniqueServerName(n, []);
    assert.ok(parseSettings((k) => (k === 'servers' ? [{ name, host: 'h' }] : undefined)).findings.length === 0, name);
  }
});

test('withServerAdded: the spark.host server becomes the first entry (with ssh.target), the new one second', () => {
  const s = { ...defaultSettings(), 'spark.host': 'spark-a', 'spark.inferencePort': 30002, 'ssh.target': 'sparkalias', 'service.unit': 'sglang.service' };
  const r = withServerAdded(s, { name: 'spark-b', host: 'spark-b', port: 8000, unit: '', sshTarget: '' });
  assert.deepEqual(r, {
    servers: [
      { name: 'spark-a', host: 'spark-a', port: 30002, unit: 'sglang.service', sshTarget: 'sparkalias' },
      { name: 'spark-b', host: 'spark-b', port: 8000, unit: '', sshTarget: '' },
    ],
  });
  // Not set up yet: just the new one.
  assert.deepEqual(withServerAdded(defaultSettings(), { name: 'b', host: 'spark-b', port: 1, unit: '', sshTarget: '' }), { servers: [{ name: 'b', host: 'spark-b', port: 1, unit: '', sshTarget: '' }] });
  // Already there (same host and port, any name): not added twice.
  const listed = { ...defaultSettings(), servers: [{ name: 'B', host: 'spark-b.', port: 8000, unit: '', sshTarget: '' }] };
  assert.deepEqual(withServerAdded(listed, { name: 'x', host: 'SPARK-B', port: 8000, unit: '', sshTarget: '' }), { exists: 'B' });
  // Same host, another port; same name: a unique name.
  const r2 = withServerAdded(listed, { name: 'b', host: 'spark-b', port: 30001, unit: '', sshTarget: '' });
  assert.deepEqual('servers' in r2 && r2.servers.map((e) => e.name), ['B', 'b 2']);
});
