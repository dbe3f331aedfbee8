// The one discovery pipeline (src/core/discovery): the reference `tailscale status --json`, the
// serve step over an SSH shell whose exec answers like the Spark's CLI (or fails like the SSH
// layer), and a verification step that answers or not. One test per branch of the pipeline.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runDiscovery } from '../../../src/core/discovery/pipeline';
import { derivedServe, readingFromOutput, readServeOverSsh } from '../../../src/core/discovery/serve';
import { makeFinding } from '../../../src/core/findings';
import type { ServerProbe } from '../../../src/core/monitor/types';
import type { OpContext } from '../../../src/core/remote/types';
import { sshError } from '../../../src/core/ssh/errors';
import type { ExecResult, RemoteShell } from '../../../src/core/ssh/types';
import { discoverFromStatusText } from '../../../src/core/tailnet/discover';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/tailscale', name), 'utf8');
const HOST = 'spark-56d0.tail1234.ts.net';
const URL = `https://${HOST}/v1`;
const quiet = { info() {}, warn() {}, error() {} };
const codes = (fs: readonly { code: string }[]) => fs.map((f) => f.code);

/** An OpContext whose shell answers `tailscale serve status --json` with `answer` (or throws it). */
function spark(answer: Partial<ExecResult> | Error, seen: string[][] = []): OpContext {
  const shell: RemoteShell = {
    target: `sparkuser@${HOST}:22`,
    user: 'sparkuser',
    exec: async (argv) => {
      seen.push([...argv]);
      if (answer instanceof Error) throw answer;
      return { stdout: '', stderr: '', code: 0, argv, durationMs: 1, ...answer };
    },
    stream: async () => {
      throw new Error('not used');
    },
  };
  return { shell, log: quiet };
}

const tailnet = async () => discoverFromStatusText(fixture('tailscale-status.json'));
const ok: ServerProbe = { kind: 'ok', latencyMs: 12, models: [{ id: 'Qwen/Qwen2.5-7B-Instruct' }] };
const refused: ServerProbe = { kind: 'unreachable', finding: makeFinding('probe.connectionRefused', { url: URL, where: HOST }) };

test('serve found over SSH: the URL from the serve config (source ssh), verified, no guess', async () => {
  const seen: string[][] = [];
  const verified: string[] = [];
  const r = await runDiscovery({
    tailnet,
    readServe: (d) => readServeOverSsh(spark({ stdout: fixture('serve-status-https-30001.json') }, seen), { port: 30001, host: d.spark?.dnsName }),
    verify: async (url) => {
      verified.push(url);
      return ok;
    },
  });
  assert.deepEqual(seen, [['tailscale', 'serve', 'status', '--json']]);
  assert.deepEqual(r.serve, { baseUrl: URL, exposure: 'tailnet', source: 'ssh' });
  assert.equal(r.reading?.kind, 'served');
  assert.deepEqual(verified, [URL]);
  assert.equal(r.server?.kind, 'ok');
  assert.deepEqual(r.findings, []);
});

test('SSH fails → the URL derived from the MagicDNS name, verified: source derived, SSH finding then serve.urlGuessed', async () => {
  const refusedSsh = sshError('ssh.connectionRefused', { host: HOST, port: 22, where: HOST });
  const r = await runDiscovery({ tailnet, readServe: () => readServeOverSsh(spark(refusedSsh), { port: 30001 }), verify: async () => ok });
  assert.equal(r.reading?.kind, 'failed');
  assert.deepEqual(r.serve, { baseUrl: URL, exposure: 'tailnet', source: 'derived' });
  assert.equal(r.server?.kind, 'ok');
  assert.deepEqual(codes(r.findings), ['ssh.connectionRefused', 'serve.urlGuessed']);
});

test('nothing answers: SSH fails and the derived URL does not answer → no URL, both reasons kept', async () => {
  const refusedSsh = sshError('ssh.connectionRefused', { host: HOST, port: 22, where: HOST });
  const r = await runDiscovery({ tailnet, readServe: () => readServeOverSsh(spark(refusedSsh), { port: 30001 }), verify: async () => refused });
  assert.equal(r.serve, undefined);
  assert.equal(r.server?.kind, 'unreachable');
  assert.deepEqual(codes(r.findings), ['ssh.connectionRefused', 'probe.connectionRefused']);
});

test('nothing answers locally: tailscaled down → no peer, no MagicDNS name, no URL, nothing read or verified', async () => {
  let read = 0;
  let verified = 0;
  const r = await runDiscovery({
    tailnet: async () => ({ tailnet: null, findings: [makeFinding('tailscale.daemonNotRunning', {})] }),
    readServe: async () => {
      read++;
      return undefined;
    },
    verify: async () => {
      verified++;
      return ok;
    },
  });
  assert.equal(r.magicDnsName, null);
  assert.equal(r.serve, undefined);
  assert.equal(verified, 0);
  assert.equal(read, 1, 'the serve step decides itself whether SSH makes sense');
  assert.deepEqual(codes(r.findings), ['tailscale.daemonNotRunning']);
});

test('the serve config says nothing is served: no derived guess over it (the config is the authority)', async () => {
  let verified = 0;
  const r = await runDiscovery({
    tailnet,
    readServe: () => readServeOverSsh(spark({ stdout: '{}' }), { port: 30001, host: HOST }),
    verify: async () => {
      verified++;
      return ok;
    },
  });
  assert.equal(r.reading?.kind, 'notServed');
  assert.equal(r.serve, undefined);
  assert.equal(verified, 0);
  assert.deepEqual(codes(r.findings), ['serve.nothingServed']);
});

test('serve config not read and not verified (detect --no-ssh): derived URL with its info finding', async () => {
  const r = await runDiscovery({ tailnet });
  assert.deepEqual(r.serve, { baseUrl: URL, exposure: 'tailnet', source: 'derived' });
  assert.equal(r.server, undefined);
  assert.deepEqual(codes(r.findings), ['serve.urlGuessed']);
});

test('no peer, but the configured host is a MagicDNS name → derived from it, the tailnet finding kept', async () => {
  const r = await runDiscovery({ tailnet: async () => discoverFromStatusText(fixture('tailscale-status.json'), 'gpu.tail1234.ts.net'), selector: 'gpu.tail1234.ts.net.' });
  assert.equal(r.magicDnsName, 'gpu.tail1234.ts.net');
  assert.equal(r.serve?.baseUrl, 'https://gpu.tail1234.ts.net/v1');
  assert.deepEqual(codes(r.findings), ['tailnet.peerNotFound', 'serve.urlGuessed']);
});

test('serve step: the remote CLI failing is classified with the remote fix (daemon down on the Spark)', () => {
  const r = readingFromOutput({ stdout: '', stderr: "getting serve config: failed to connect to local tailscaled; it doesn't appear to be running (sudo systemctl start tailscaled ?)\n", code: 1 });
  assert.equal(r.kind, 'failed');
  assert.equal(r.kind === 'failed' && r.finding.code, 'tailscale.daemonNotRunning');
  assert.deepEqual(r.kind === 'failed' && r.finding.fixes[0]?.action, { kind: 'remote', argv: ['systemctl', 'start', 'tailscaled'], sudo: true });
});

test('serve step: JSON and the plain listing give the same URL; a funnel route keeps its warning; another port → fix for that port', () => {
  const json = readingFromOutput({ stdout: fixture('serve-status-https-30001.json'), stderr: '', code: 0 }, { host: HOST });
  const plain = readingFromOutput({ stdout: fixture('serve-status-plain.txt'), stderr: '', code: 0 }, { host: HOST });
  assert.equal(json.kind === 'served' && json.serve.baseUrl, URL);
  assert.equal(plain.kind === 'served' && plain.serve.baseUrl, URL);
  const funnel = readingFromOutput({ stdout: fixture('serve-status-funnel-443.json'), stderr: '', code: 0 }, { host: HOST });
  assert.equal(funnel.kind === 'served' && funnel.serve.exposure, 'funnel');
  assert.deepEqual(funnel.kind === 'served' && codes(funnel.findings), ['serve.funnelOn']);
  const other = readingFromOutput({ stdout: fixture('serve-status-https-30001.json'), stderr: '', code: 0 }, { port: 8000, host: HOST });
  assert.equal(other.kind, 'notServed');
  assert.deepEqual(other.kind === 'notServed' && other.finding.fixes[0]?.action, { kind: 'remote', argv: ['tailscale', 'serve', '--bg', '--yes', '8000'] });
});

test('serve step: unreadable output is a failed reading, never a URL', () => {
  const r = readingFromOutput({ stdout: '{"Web": 5}', stderr: '', code: 0 });
  assert.equal(r.kind, 'failed');
  assert.equal(r.kind === 'failed' && r.finding.code, 'serve.statusUnreadable');
});

test('derivedServe: only full MagicDNS names, never IPs, short names, tags or other domains', () => {
  assert.deepEqual(derivedServe('Spark.tail1234.ts.net.'), { baseUrl: 'https://spark.tail1234.ts.net/v1', exposure: 'tailnet', source: 'derived' });
  for (const h of ['spark', '100.64.0.7', 'tag:gpu', 'evil.example.com', 'a b.ts.net', 'x@evil.ts.net', '', undefined]) assert.equal(derivedServe(h), undefined, String(h));
});
