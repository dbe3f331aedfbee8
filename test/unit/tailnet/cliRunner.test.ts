// The local CLI runner against real executables (small scripts standing in for `tailscale`).
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultCliPaths, runTailscaleCli } from '../../../src/core/tailnet/cliRunner';
import { discoverSpark } from '../../../src/core/tailnet/discover';

const dir = mkdtempSync(join(tmpdir(), 'tailspark-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

const statusFile = join(__dirname, '../../fixtures/tailscale/tailscale-status.json');

test('runs the CLI with argv (no shell) and returns stdout/stderr/code', async () => {
  const cli = script('ok', 'printf "%s|" "$@"; echo err >&2; exit 0');
  const run = await runTailscaleCli(['status', '--json', 'a b'], { cliPath: cli });
  assert.ok(run.ok);
  assert.equal(run.result.stdout, 'status|--json|a b|');
  assert.equal(run.result.stderr, 'err\n');
  assert.equal(run.result.code, 0);
});

test('missing binary → tailscale.cliMissing naming the path', async () => {
  const run = await runTailscaleCli(['status', '--json'], { cliPath: join(dir, 'nope') });
  assert.ok(!run.ok);
  assert.equal(run.finding.code, 'tailscale.cliMissing');
  assert.match(run.finding.detail, /nope/);
});

test('hanging CLI → tailscale.cliTimeout after the time limit; abort signal too', { timeout: 10_000 }, async () => {
  const cli = script('hang', 'sleep 600');
  const run = await runTailscaleCli(['status'], { cliPath: cli, timeoutMs: 200 });
  assert.ok(!run.ok);
  assert.equal(run.finding.code, 'tailscale.cliTimeout');
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  const aborted = await runTailscaleCli(['status'], { cliPath: cli, signal: ac.signal, timeoutMs: 10_000 });
  assert.ok(!aborted.ok);
  assert.equal(aborted.finding.code, 'tailscale.cliTimeout');
});

test('default CLI locations per OS', () => {
  assert.deepEqual(defaultCliPaths('win32'), ['tailscale', 'C:\\Program Files\\Tailscale\\tailscale.exe']);
  assert.deepEqual(defaultCliPaths('darwin'), ['tailscale', '/Applications/Tailscale.app/Contents/MacOS/Tailscale']);
  assert.deepEqual(defaultCliPaths('linux'), ['tailscale']);
});

test('discoverSpark end to end through a stand-in CLI printing the reference status', async () => {
  const cli = script('status', `cat '${statusFile}'`);
  const d = await discoverSpark({ cliPath: cli });
  assert.equal(d.spark?.dnsName, 'spark-56d0.tail1234.ts.net');
  assert.equal(readFileSync(statusFile, 'utf8').length > 0, true);
});

test('discoverSpark: daemon down (exit 1 + Linux text) → daemonNotRunning, local fix', async () => {
  const cli = script('down', `echo "failed to connect to local tailscaled; it doesn't appear to be running (sudo systemctl start tailscaled ?)" >&2; exit 1`);
  const d = await discoverSpark({ cliPath: cli });
  assert.equal(d.tailnet, null);
  assert.deepEqual(
    d.findings.map((f) => f.code),
    ['tailscale.daemonNotRunning'],
  );
  assert.deepEqual(d.findings[0]?.fixes[0]?.action, { kind: 'copy', text: 'sudo systemctl start tailscaled' });
});
