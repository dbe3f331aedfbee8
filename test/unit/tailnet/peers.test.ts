// Choosing the Spark among peers by selector, and the LAN-address warning.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { hostKind } from '../../../src/core/tailnet/address';
import { choosePeer } from '../../../src/core/tailnet/peers';
import { parseTailscaleStatus, summarizeTailnet } from '../../../src/core/tailnet/status';

const text = readFileSync(join(__dirname, '../../fixtures/tailscale/tailscale-status.json'), 'utf8');
const parsed = parseTailscaleStatus(text);
assert.ok(parsed.ok);
const peers = summarizeTailnet(parsed.status).peers;

test('selector by host name, MagicDNS (with/without dot, any case), short name, IPv4, IPv6, tag, URL', () => {
  for (const sel of [
    'spark-56d0',
    'SPARK-56D0',
    'spark-56d0.tail1234.ts.net',
    'spark-56d0.tail1234.ts.net.',
    '100.101.102.103',
    'fd7a:115c:a1e0::8a01:6667',
    'tag:spark',
    'https://spark-56d0.tail1234.ts.net/v1',
  ]) {
    const c = choosePeer(peers, sel);
    assert.equal(c.peer?.id, 'nSpark56d011CNTRL', sel);
    assert.deepEqual(c.findings, [], sel);
  }
  assert.equal(choosePeer(peers, 'old-laptop').peer?.id, 'nOldLaptop11CNTRL');
});

test('unknown selector → peerNotFound listing the peers seen', () => {
  const c = choosePeer(peers, 'gpu-box');
  assert.equal(c.peer, undefined);
  assert.equal(c.findings[0]?.code, 'tailnet.peerNotFound');
  assert.match(c.findings[0]!.detail, /spark-56d0\.tail1234\.ts\.net \(100\.101\.102\.103, tag:spark\)/);
});

test('tag selector matching several peers → ambiguity', () => {
  const two = peers.map((p) => ({ ...p, tags: ['tag:gpu'] }));
  const c = choosePeer(two, 'tag:gpu');
  assert.equal(c.peer, undefined);
  assert.equal(c.findings[0]?.code, 'tailnet.peerAmbiguous');
});

test('default: the single tag:spark peer beats host names; none at all → noSparkPeer', () => {
  const renamed = peers.map((p) => (p.tags.includes('tag:spark') ? { ...p, hostName: 'gpu' } : { ...p, hostName: 'spark-decoy' }));
  assert.equal(choosePeer(renamed).peer?.hostName, 'gpu');
  const none = peers.map((p) => ({ ...p, tags: [], hostName: 'box' }));
  const c = choosePeer(none);
  assert.equal(c.peer, undefined);
  assert.equal(c.findings[0]?.code, 'tailnet.noSparkPeer');
});

test('LAN address selector → warning; the peer is still found when it is its direct path', () => {
  const c = choosePeer(peers, '192.168.1.20');
  assert.equal(c.peer?.id, 'nSpark56d011CNTRL');
  assert.deepEqual(
    c.findings.map((f) => f.code),
    ['tailnet.lanAddress'],
  );
  const other = choosePeer(peers, '10.0.0.7');
  assert.deepEqual(
    other.findings.map((f) => f.code),
    ['tailnet.lanAddress', 'tailnet.peerNotFound'],
  );
});

test('hostKind: private ranges vs tailnet 100.64/10 and fd7a:115c:a1e0::/48', () => {
  const cases: Record<string, string> = {
    '10.1.2.3': 'lanIp',
    '172.16.0.1': 'lanIp',
    '172.31.255.255': 'lanIp',
    '172.32.0.1': 'publicIp',
    '192.168.1.20': 'lanIp',
    '169.254.10.1': 'lanIp',
    'fe80::1': 'lanIp',
    '100.64.0.1': 'tailnetIp',
    '100.127.255.254': 'tailnetIp',
    '100.128.0.1': 'publicIp',
    'fd7a:115c:a1e0::8a01:6667': 'tailnetIp',
    '127.0.0.1': 'loopback',
    'spark-56d0.tail1234.ts.net': 'magicDnsName',
    'spark-56d0': 'name',
  };
  for (const [host, kind] of Object.entries(cases)) assert.equal(hostKind(host), kind, host);
});
