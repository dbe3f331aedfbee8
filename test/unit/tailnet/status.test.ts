// `tailscale status --json` → tailnet summary and the chosen Spark, on captured JSON.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { discoverFromStatusText } from '../../../src/core/tailnet/discover';
import { parseTailscaleStatus, summarizeTailnet } from '../../../src/core/tailnet/status';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/tailscale', name), 'utf8');
const codes = (fs: { code: string }[]) => fs.map((f) => f.code);

test('reference status (no trailing newline): tailnet, backend state and the tagged Spark with all peer details', () => {
  const text = fixture('tailscale-status.json');
  assert.ok(!text.endsWith('\n'), 'fixture keeps the CLI quirk of no trailing newline');
  const d = discoverFromStatusText(text);
  assert.equal(d.tailnet?.backendState, 'Running');
  assert.equal(d.tailnet?.tailnetName, 'example.com');
  assert.equal(d.tailnet?.magicDnsSuffix, 'tail1234.ts.net');
  assert.equal(d.tailnet?.self?.dnsName, 'vm105.tail1234.ts.net');
  assert.deepEqual(d.spark, {
    id: 'nSpark56d011CNTRL',
    hostName: 'spark-56d0',
    dnsName: 'spark-56d0.tail1234.ts.net',
    os: 'linux',
    tailscaleIps: ['100.101.102.103', 'fd7a:115c:a1e0::8a01:6667'],
    tags: ['tag:spark'],
    online: true,
    connection: 'direct',
    relayRegion: 'fra',
    directAddress: '192.168.1.20:41641',
    sshHostKeys: [
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleExample1',
      'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBExample=',
    ],
    keyExpired: false,
  });
  assert.deepEqual(d.findings, []);
});

test('offline peer carries LastSeen; an online peer never shows the zero time', () => {
  const summary = summarizeTailnet((parseTailscaleStatus(fixture('tailscale-status.json')) as { ok: true; status: never }).status);
  const laptop = summary.peers.find((p) => p.hostName === 'old-laptop');
  assert.equal(laptop?.online, false);
  assert.equal(laptop?.lastSeen, '2026-08-19T18:02:11Z');
  assert.equal(laptop?.connection, 'idle');
  assert.equal(summary.peers.find((p) => p.hostName === 'spark-56d0')?.lastSeen, undefined);
});

test('older release quirks: nulls, omitted Tags/sshHostKeys, unknown fields, Roles — still parse', () => {
  const parsed = parseTailscaleStatus(fixture('tailscale-status-old-quirks.json'));
  assert.ok(parsed.ok);
  const d = discoverFromStatusText(fixture('tailscale-status-old-quirks.json'), 'spark-56d0');
  assert.equal(d.spark?.hostName, 'spark-56d0');
  assert.deepEqual(d.spark?.tags, []);
  assert.deepEqual(d.spark?.sshHostKeys, []);
  assert.deepEqual(d.spark?.tailscaleIps, []);
  assert.deepEqual(codes(d.findings), ['tailnet.peerOffline']);
  // A relative time people read at a glance, not the raw ISO timestamp.
  assert.match(d.findings[0]!.detail, /last seen (\d+ (min|h|days) ago|just now)\)/);
  assert.doesNotMatch(d.findings[0]!.detail, /2026-08-21T22:10:05Z/);
});

test('relayed = Active && CurAddr "" && PeerRelay "": region from Relay', () => {
  const d = discoverFromStatusText(fixture('tailscale-status-old-quirks.json'), 'spark-old.tail1234.ts.net');
  assert.equal(d.spark?.connection, 'relayed');
  assert.equal(d.spark?.relayRegion, 'ams');
  assert.deepEqual(codes(d.findings), ['tailnet.peerRelayed']);
  assert.match(d.findings[0]!.detail, /"ams"/);
});

test('peer relay (1.86+) is not DERP', () => {
  const s = JSON.parse(fixture('tailscale-status.json'));
  const spark = Object.values(s.Peer as Record<string, Record<string, unknown>>).find((p) => p.HostName === 'spark-56d0')!;
  spark.CurAddr = '';
  spark.PeerRelay = '100.70.1.2:40000:vni:7';
  const d = discoverFromStatusText(JSON.stringify(s));
  assert.equal(d.spark?.connection, 'peerRelay');
  assert.deepEqual(codes(d.findings), []);
});

test('two untagged "spark…" hosts → ambiguity finding lists both, no guess', () => {
  const d = discoverFromStatusText(fixture('tailscale-status-old-quirks.json'));
  assert.equal(d.spark, undefined);
  assert.deepEqual(codes(d.findings), ['tailnet.peerAmbiguous']);
  assert.match(d.findings[0]!.detail, /spark-56d0\.tail1234\.ts\.net/);
  assert.match(d.findings[0]!.detail, /spark-old\.tail1234\.ts\.net/);
});

test('NeedsLogin → finding with the AuthURL, no peer choice', () => {
  const d = discoverFromStatusText(fixture('tailscale-status-needs-login.json'));
  assert.equal(d.tailnet?.backendState, 'NeedsLogin');
  assert.equal(d.tailnet?.tailnetName, null);
  assert.deepEqual(codes(d.findings), ['tailscale.needsLogin']);
  assert.deepEqual(d.findings[0]!.fixes[0]!.action, { kind: 'openUrl', url: 'https://login.tailscale.com/a/1b2c3d4e5f' });
});

test('Stopped, NeedsMachineAuth, Starting, NoState and unknown states each get their finding', () => {
  const base = JSON.parse(fixture('tailscale-status.json'));
  const expect: Record<string, string> = {
    Stopped: 'tailscale.stopped',
    NeedsMachineAuth: 'tailscale.needsMachineAuth',
    Starting: 'tailscale.starting',
    NoState: 'tailscale.noState',
    InUseOtherUser: 'tailscale.inUseOtherUser',
    SomeFutureState: 'tailscale.noState',
  };
  for (const [state, code] of Object.entries(expect)) {
    const d = discoverFromStatusText(JSON.stringify({ ...base, BackendState: state }));
    assert.deepEqual(codes(d.findings), [code], state);
    assert.equal(d.spark, undefined);
  }
});

test('Health messages become warnings', () => {
  const base = JSON.parse(fixture('tailscale-status.json'));
  const d = discoverFromStatusText(JSON.stringify({ ...base, Health: ['Tailscale could not connect to the control server.'] }));
  assert.deepEqual(codes(d.findings), ['tailscale.health']);
  assert.match(d.findings[0]!.detail, /could not connect to the control server/);
});

test('not JSON / wrong shape → statusUnreadable, never a throw', () => {
  assert.deepEqual(codes(discoverFromStatusText('Tailscale is stopped.').findings), ['tailscale.statusUnreadable']);
  assert.deepEqual(codes(discoverFromStatusText('{"Peer": 5}').findings), ['tailscale.statusUnreadable']);
  assert.match(discoverFromStatusText('{"Peer": 5}').findings[0]!.detail, /Peer/);
});
