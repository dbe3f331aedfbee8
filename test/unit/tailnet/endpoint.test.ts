// Discovery + serve reader → host, online, base URL, exposure, guess.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { discoverFromStatusText } from '../../../src/core/tailnet/discover';
import { resolveSparkEndpoint } from '../../../src/core/tailnet/endpoint';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/tailscale', name), 'utf8');
const discovery = discoverFromStatusText(fixture('tailscale-status.json'));

test('serve config read over the injected reader → exact URL, not a guess', async () => {
  const e = await resolveSparkEndpoint(discovery, { readServeStatus: async () => ({ stdout: fixture('serve-status-https-30001.json'), stderr: '', code: 0 }) });
  assert.equal(e.host, 'spark-56d0.tail1234.ts.net');
  assert.equal(e.online, true);
  assert.equal(e.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
  assert.equal(e.exposure, 'tailnet');
  assert.equal(e.guess, false);
  assert.deepEqual(e.findings, []);
});

test('no reader → MagicDNS guess; reader that throws → guess too', async () => {
  const guessed = await resolveSparkEndpoint(discovery);
  assert.equal(guessed.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
  assert.equal(guessed.guess, true);
  const failing = await resolveSparkEndpoint(discovery, {
    readServeStatus: async () => {
      throw new Error('no ssh');
    },
  });
  assert.equal(failing.guess, true);
  assert.deepEqual(
    failing.findings.map((f) => f.code),
    ['serve.urlGuessed'],
  );
});

test('no peer found, but the configured host is a MagicDNS name → guess from it, findings kept', async () => {
  const none = discoverFromStatusText(fixture('tailscale-status.json'), 'gpu.tail1234.ts.net');
  const e = await resolveSparkEndpoint(none, { selector: 'gpu.tail1234.ts.net.' });
  assert.equal(e.host, 'gpu.tail1234.ts.net');
  assert.equal(e.online, null);
  assert.equal(e.baseUrl, 'https://gpu.tail1234.ts.net/v1');
  assert.deepEqual(
    e.findings.map((f) => f.code),
    ['tailnet.peerNotFound', 'serve.urlGuessed'],
  );
});

test('nothing served on the configured port → null URL with the fix for that port', async () => {
  const e = await resolveSparkEndpoint(discovery, { port: 8000, readServeStatus: async () => ({ stdout: fixture('serve-status-https-30001.json'), stderr: '', code: 0 }) });
  assert.equal(e.baseUrl, null);
  assert.deepEqual(e.findings[0]?.fixes[0]?.action, { kind: 'remote', argv: ['tailscale', 'serve', '--bg', '--yes', '8000'] });
});
