// Serve config shapes of ipn/serve.go that are not plain Web handlers — Tailscale Services
// (`serve --service=svc:…`) and TCP forwards (`--tls-terminated-tcp`, `--tcp`) — and sharee
// nodes in `tailscale status --json` (ipnstate.PeerStatus.ShareeNode, hidden by `tailscale status`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { discoverFromStatusText } from '../../../src/core/tailnet/discover';
import { parseServeStatusJson, proxiesToPort } from '../../../src/core/tailnet/serveUrl';

const HOST = 'spark-56d0.tail1234.ts.net';

test('a Tailscale Service serving the port → https://<service>.<suffix>/v1, marked with the service', () => {
  // SetWebHandler for host "svc:llm": TCP and Web live in Services["svc:llm"], Web keyed by the service FQDN.
  const config = {
    Services: {
      'svc:llm': {
        TCP: { '443': { HTTPS: true } },
        Web: { 'llm.tail1234.ts.net:443': { Handlers: { '/': { Proxy: 'http://127.0.0.1:30001' } } } },
      },
    },
  };
  const r = parseServeStatusJson(JSON.stringify(config), { host: HOST });
  assert.equal(r.baseUrl, 'https://llm.tail1234.ts.net/v1');
  assert.equal(r.route?.service, 'svc:llm');
  assert.deepEqual(r.findings, []);
  // The node's own route wins over the service's when both serve the port.
  const both = { ...config, TCP: { '443': { HTTPS: true } }, Web: { [`${HOST}:443`]: { Handlers: { '/': { Proxy: 'http://127.0.0.1:30001' } } } } };
  assert.equal(parseServeStatusJson(JSON.stringify(both), { host: HOST }).baseUrl, `https://${HOST}/v1`);
  // Tun (L3) services have no port to read.
  assert.equal(parseServeStatusJson(JSON.stringify({ Services: { 'svc:llm': { Tun: true } } }), { host: HOST }).baseUrl, null);
});

test('--tls-terminated-tcp forward → https://<TerminateTLS name>:<port>/v1; Funnel on that name is public', () => {
  // SetTCPForwarding(port, "127.0.0.1:30001", terminateTLS=true, host)
  const config = { TCP: { '8443': { TCPForward: '127.0.0.1:30001', TerminateTLS: HOST } } };
  const r = parseServeStatusJson(JSON.stringify(config), { host: HOST });
  assert.equal(r.baseUrl, `https://${HOST}:8443/v1`);
  assert.equal(r.route?.tcpForward, 'tls');
  assert.equal(r.exposure, 'tailnet');
  const funnel = parseServeStatusJson(JSON.stringify({ ...config, AllowFunnel: { [`${HOST}:8443`]: true } }), { host: HOST });
  assert.equal(funnel.exposure, 'funnel');
});

test('raw --tcp forward → plain http://<Spark>:<port>/v1 (TLS-less), below any HTTPS route', () => {
  const raw = { TCP: { '30002': { TCPForward: 'localhost:30001' } } };
  const r = parseServeStatusJson(JSON.stringify(raw), { host: HOST });
  assert.equal(r.baseUrl, `http://${HOST}:30002/v1`);
  assert.equal(r.route?.tcpForward, 'raw');
  const withHttps = { TCP: { ...raw.TCP, '443': { HTTPS: true } }, Web: { [`${HOST}:443`]: { Handlers: { '/llm': { Proxy: 'http://127.0.0.1:30001' } } } } };
  assert.equal(parseServeStatusJson(JSON.stringify(withHttps), { host: HOST }).baseUrl, `https://${HOST}/llm/v1`);
});

test('Proxy values are full URLs (ipn.ExpandProxyTargetValue): loopback forms match, others do not', () => {
  for (const p of ['http://127.0.0.1:30001', 'http://127.0.0.1:30001/', 'http://localhost:30001', 'https+insecure://localhost:30001', 'http://[::1]:30001', '127.0.0.1:30001', '30001']) {
    assert.ok(proxiesToPort(p, 30001), p);
  }
  for (const p of ['http://127.0.0.1:300011', 'http://10.0.0.5:30001', 'http://127.0.0.1:30001/v1', 'unix:/run/sglang.sock', 'http://127.0.0.1']) {
    assert.ok(!proxiesToPort(p, 30001), p);
  }
});

test('a sharee node named spark-* does not make the choice of the Spark ambiguous', () => {
  const status = JSON.parse(readFileSync(join(__dirname, '../../fixtures/tailscale/tailscale-status.json'), 'utf8'));
  // Untag the real Spark so the choice falls back to the "spark*" host name.
  for (const p of Object.values<Record<string, unknown>>(status.Peer)) delete p.Tags;
  status.Peer['nodekey:5ba2ee'] = {
    ID: 'nShared1CNTRL',
    HostName: 'spark-of-bob',
    DNSName: 'spark-of-bob.tail1234.ts.net.',
    OS: 'linux',
    TailscaleIPs: ['100.77.1.2'],
    Online: true,
    ShareeNode: true,
  };
  const d = discoverFromStatusText(JSON.stringify(status));
  assert.equal(d.spark?.hostName, 'spark-56d0');
  assert.ok(!d.tailnet?.peers.some((p) => p.hostName === 'spark-of-bob'));
  assert.ok(!d.findings.some((f) => f.code === 'tailnet.peerAmbiguous'));
});
