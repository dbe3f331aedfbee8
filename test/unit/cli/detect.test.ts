// `tailspark detect` on the reference JSON (offline) and through a stand-in tailscale CLI.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { splitDetectionArgs } from '../../../src/cli/detect';
import { fixture, runCli, runCliProcess } from './cliHarness';

const tmp = mkdtempSync(join(tmpdir(), 'tailspark-detect-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('reference status + serve JSON → host, online, baseUrl, exposure, guess false; exit 0', async () => {
  const r = await runCliProcess(['detect', '--status-json', fixture('tailscale-status.json'), '--serve-json', fixture('serve-status-https-30001.json'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const out = JSON.parse(r.stdout);
  assert.equal(out.host, 'spark-56d0.tail1234.ts.net');
  assert.equal(out.online, true);
  assert.equal(out.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
  assert.equal(out.exposure, 'tailnet');
  assert.equal(out.guess, false);
  assert.deepEqual(out.findings, []);
  assert.equal(out.peer.connection, 'direct');
  assert.equal(out.tailnet.name, 'example.com');
});

test('without --serve-json the URL is the MagicDNS guess (guess: true, info finding, exit 0)', async () => {
  const r = await runCli(['detect', '--status-json', fixture('tailscale-status.json'), '--json']);
  assert.equal(r.code, 0);
  const out = JSON.parse(r.stdout);
  assert.equal(out.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
  assert.equal(out.guess, true);
  assert.equal(out.exposure, null);
  assert.deepEqual(
    out.findings.map((f: { code: string; severity: string; title: string }) => [f.code, f.severity, typeof f.title]),
    [['serve.urlGuessed', 'info', 'string']],
  );
});

test('empty serve config → baseUrl null, serve.nothingServed, exit 1 with one-line reason', async () => {
  const r = await runCliProcess(['detect', '--status-json', fixture('tailscale-status.json'), '--serve-json', fixture('serve-status-empty.json'), '--json']);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.baseUrl, null);
  assert.deepEqual(
    out.findings.map((f: { code: string }) => f.code),
    ['serve.nothingServed'],
  );
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /^tailspark detect: Nothing is served for the inference port/);
});

test('path mount + funnel config, plain text serve status, --port', async () => {
  const mount = JSON.parse((await runCli(['detect', '--status-json', fixture('tailscale-status.json'), '--serve-json', fixture('serve-status-mount-and-funnel.json'), '--json'])).stdout);
  assert.equal(mount.baseUrl, 'https://spark-56d0.tail1234.ts.net/llm/v1');
  const funnel = await runCli(['detect', '--status-json', fixture('tailscale-status.json'), '--serve-json', fixture('serve-status-funnel-443.json'), '--json']);
  assert.equal(JSON.parse(funnel.stdout).exposure, 'funnel');
  const plain = JSON.parse((await runCli(['detect', '--status-json', fixture('tailscale-status.json'), '--serve-json', fixture('serve-status-plain.txt'), '--json'])).stdout);
  assert.equal(plain.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
  const other = JSON.parse((await runCli(['detect', '--status-json', fixture('tailscale-status.json'), '--serve-json', fixture('serve-status-mount-and-funnel.json'), '--port', '8080', '--json'])).stdout);
  assert.equal(other.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
});

test('--host selects a peer; an offline one fails with its last-seen time', async () => {
  const r = await runCli(['detect', '--status-json', fixture('tailscale-status.json'), '--host', 'old-laptop', '--json']);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.host, 'old-laptop.tail1234.ts.net');
  assert.equal(out.online, false);
  assert.equal(out.peer.lastSeen, '2026-08-19T18:02:11Z');
  assert.equal(out.findings[0].code, 'tailnet.peerOffline');
  assert.match(r.stderr, /old-laptop\.tail1234\.ts\.net is offline/);
});

test('NeedsLogin status → exit 1, login finding', async () => {
  const r = await runCli(['detect', '--status-json', fixture('tailscale-status-needs-login.json'), '--json']);
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.stdout).findings[0].code, 'tailscale.needsLogin');
  assert.match(r.stderr, /logged out/);
});

test('human output names the tailnet, the Spark path and the URL', async () => {
  const r = await runCli(['detect', '--status-json', fixture('tailscale-status.json'), '--serve-json', fixture('serve-status-https-30001.json')]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Tailnet: {2}example\.com \(Running\)/);
  assert.match(r.stdout, /spark-56d0\.tail1234\.ts\.net .*online, direct via 192\.168\.1\.20:41641/);
  assert.match(r.stdout, /Base URL: https:\/\/spark-56d0\.tail1234\.ts\.net\/v1 \(tailnet only\)/);
});

test('live mode runs the given tailscale CLI (stand-in script printing the reference JSON); --no-ssh → guess', async () => {
  const cli = join(tmp, 'tailscale');
  writeFileSync(cli, `#!/bin/sh\n[ "$1 $2" = "status --json" ] || exit 9\ncat '${fixture('tailscale-status.json')}'\n`);
  chmodSync(cli, 0o755);
  const r = await runCli(['detect', '--tailscale', cli, '--no-ssh', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.host, 'spark-56d0.tail1234.ts.net');
  assert.equal(out.guess, true);
  assert.equal(out.sshTarget, null);
});

test('live mode with an hostile SSH target → guess + ssh.targetInvalid, exit 1 (nothing dialed)', async () => {
  const cli = join(tmp, 'tailscale-2');
  writeFileSync(cli, `#!/bin/sh\ncat '${fixture('tailscale-status.json')}'\n`);
  chmodSync(cli, 0o755);
  const r = await runCli(['detect', '--tailscale', cli, '--ssh-target', 'me@-oProxyCommand=sh', '--ssh-config', join(tmp, 'no-config'), '--json']);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.guess, true);
  assert.equal(out.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
  assert.deepEqual(
    out.findings.map((f: { code: string }) => f.code),
    ['ssh.targetInvalid', 'serve.urlGuessed'],
  );
});

test('splitDetectionArgs takes detection flags out of apply\'s arguments, keeps the rest in order', () => {
  const { detection, rest } = splitDetectionArgs(['--target', 'settings', '--ssh-target', 'me@spark', '--accept-new', '--settings', 'f.json', '--resolve=a:127.0.0.1', '--identity', 'k', '--json']);
  assert.deepEqual(detection, ['--ssh-target', 'me@spark', '--accept-new', '--resolve=a:127.0.0.1', '--identity', 'k']);
  assert.deepEqual(rest, ['--target', 'settings', '--settings', 'f.json', '--json']);
});

test('live mode without a CLI → tailscale.cliMissing, exit 1', async () => {
  const r = await runCli(['detect', '--tailscale', join(tmp, 'missing-tailscale'), '--json']);
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.stdout).findings[0].code, 'tailscale.cliMissing');
  assert.match(r.stderr, /^tailspark detect: Tailscale CLI not found/);
});

test('usage errors exit 2: unknown flag, bad port, unreadable file', async () => {
  assert.equal((await runCli(['detect', '--bogus'])).code, 2);
  assert.equal((await runCli(['detect', '--port', '99999'])).code, 2);
  const r = await runCli(['detect', '--status-json', join(tmp, 'nope.json')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot read .*nope\.json: ENOENT/);
});
