// src/core/net/httpClient against real loopback servers: every failure kind is told apart.
import assert from 'node:assert/strict';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { HttpError, httpRequest, type LookupFunction } from '../../../src/core/net/httpClient';
import { closedPort, makeCert, startServer, type TestCert, type TestServer } from './tlsFixtures';

const NAME = 'spark-56d0.tail1234.ts.net';
let cert: TestCert;
let httpsServer: TestServer;
let httpServer: TestServer;
let seenHeaders: Record<string, string | string[] | undefined> = {};

before(async () => {
  cert = makeCert(NAME);
  httpsServer = await startServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: req.url }));
  }, cert);
  httpServer = await startServer((req, res) => {
    seenHeaders = req.headers;
    if (req.url === '/big') {
      res.write('x'.repeat(5000));
      res.end('y'.repeat(5000));
      return;
    }
    if (req.url === '/slow') {
      setTimeout(() => res.end('late'), 3000).unref();
      return;
    }
    res.end('hello');
  });
});
after(async () => {
  await httpsServer.close();
  await httpServer.close();
});

async function failure(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof HttpError, `expected HttpError, got ${e}`);
    return e;
  }
  assert.fail('request should have failed');
}

test('plain GET returns status, body, headers, duration; request headers are sent', async () => {
  const r = await httpRequest(`${httpServer.origin}/x`, { headers: { authorization: 'Bearer k' } });
  assert.equal(r.status, 200);
  assert.equal(r.body, 'hello');
  assert.equal(seenHeaders.authorization, 'Bearer k');
  assert.ok(r.durationMs >= 0);
});

test('resolve maps the real name to loopback and TLS verifies against that name', async () => {
  const r = await httpRequest(`https://${NAME}:${httpsServer.port}/v1/models`, { resolve: { [NAME]: '127.0.0.1' }, extraCa: [cert.cert] });
  assert.equal(r.status, 200);
  assert.deepEqual(JSON.parse(r.body), { path: '/v1/models' });
});

test('TLS: cert for another name → tls/nameMismatch (ERR_TLS_CERT_ALTNAME_INVALID)', async () => {
  const e = await failure(httpRequest(`https://spark-56d0:${httpsServer.port}/v1/models`, { resolve: { 'spark-56d0': '127.0.0.1' }, extraCa: [cert.cert] }));
  assert.equal(e.kind, 'tls');
  assert.equal(e.tls, 'nameMismatch');
  assert.equal(e.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
});

test('TLS: default CA trust rejects the self-signed cert → tls/selfSigned', async () => {
  const e = await failure(httpRequest(`https://${NAME}:${httpsServer.port}/`, { resolve: { [NAME]: '127.0.0.1' } }));
  assert.equal(e.kind, 'tls');
  assert.equal(e.tls, 'selfSigned');
  assert.equal(e.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
});

test('TLS: expired cert → tls/expired', async () => {
  const old = makeCert(NAME, -1);
  const s = await startServer((_q, r) => r.end('{}'), old);
  try {
    const e = await failure(httpRequest(`https://${NAME}:${s.port}/`, { resolve: { [NAME]: '127.0.0.1' }, extraCa: [old.cert] }));
    assert.equal(e.tls, 'expired');
    assert.equal(e.code, 'CERT_HAS_EXPIRED');
  } finally {
    await s.close();
  }
});

test('TLS: server aborts the handshake (no certificate, like Serve with HTTPS certs off) → tls/handshakeFailed', async () => {
  // Like the Serve front when tailscaled cannot get a certificate: the SNI callback fails.
  const server = createHttpsServer({ SNICallback: (_name, cb) => cb(new Error('no certificate'), undefined) });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    const e = await failure(httpRequest(`https://${NAME}:${port}/`, { resolve: { [NAME]: '127.0.0.1' }, extraCa: [cert.cert] }));
    assert.equal(e.kind, 'tls');
    assert.equal(e.tls, 'handshakeFailed');
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('https:// to a plain-HTTP port → tls/other', async () => {
  const e = await failure(httpRequest(`https://127.0.0.1:${httpServer.port}/`));
  assert.equal(e.kind, 'tls');
  assert.equal(e.tls, 'other');
});

test('connection refused', async () => {
  const e = await failure(httpRequest(`http://127.0.0.1:${await closedPort()}/`));
  assert.equal(e.kind, 'refused');
  assert.equal(e.code, 'ECONNREFUSED');
});

// Tests never query a real DNS server: a lookup that fails exactly like dns.lookup does
// (getaddrinfo ENOTFOUND / EAI_AGAIN) goes through Node's real http error path.
function failingLookup(code: string): LookupFunction {
  return (hostname, _options, cb) =>
    process.nextTick(() => cb(Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, syscall: 'getaddrinfo', hostname }), ''));
}

test('DNS failure (ENOTFOUND, EAI_AGAIN) → dns; resolve-mapped names skip DNS', async () => {
  for (const code of ['ENOTFOUND', 'EAI_AGAIN']) {
    const e = await failure(httpRequest('http://spark-56d0.tail1234.ts.net/', { lookup: failingLookup(code) }));
    assert.equal(e.kind, 'dns');
    assert.equal(e.code, code);
    assert.equal(e.host, 'spark-56d0.tail1234.ts.net');
  }
  const ok = await httpRequest(`http://spark-56d0.tail1234.ts.net:${httpServer.port}/`, {
    lookup: failingLookup('ENOTFOUND'),
    resolve: { 'spark-56d0.tail1234.ts.net': '127.0.0.1' },
  });
  assert.equal(ok.body, 'hello');
});

test('timeout over the whole exchange, and abort', async () => {
  const e = await failure(httpRequest(`${httpServer.origin}/slow`, { timeoutMs: 200 }));
  assert.equal(e.kind, 'timeout');
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 50);
  const a = await failure(httpRequest(`${httpServer.origin}/slow`, { signal: ac.signal }));
  assert.equal(a.kind, 'aborted');
});

test('a signal that is already aborted: rejected as aborted, and no uncaught "socket hang up"', async () => {
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);
  process.on('uncaughtException', onUncaught);
  try {
    const ac = new AbortController();
    ac.abort();
    const a = await failure(httpRequest(`${httpServer.origin}/slow`, { signal: ac.signal }));
    assert.equal(a.kind, 'aborted');
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(uncaught, []);
  } finally {
    process.off('uncaughtException', onUncaught);
  }
});

test('body limit stops reading a streamed body', async () => {
  const e = await failure(httpRequest(`${httpServer.origin}/big`, { maxBodyBytes: 4096 }));
  assert.equal(e.kind, 'tooLarge');
  const ok = await httpRequest(`${httpServer.origin}/big`, { maxBodyBytes: 20_000 });
  assert.equal(ok.body.length, 10_000);
});

test('invalid and non-http URLs', async () => {
  assert.equal((await failure(httpRequest('not a url'))).kind, 'invalidUrl');
  assert.equal((await failure(httpRequest('ftp://x/'))).kind, 'invalidUrl');
});
