// A 10,000-peer tailnet: `tailscale status --json` is ~13.5 MiB. It must come through the CLI
// runner (execFile's maxBuffer) and parse, and the Spark must still be found among the peers.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { discoverFromStatusText, discoverSpark } from '../../../src/core/tailnet/discover';
import { bigStatusJson } from '../../harness/bigTailnet';

const dir = mkdtempSync(join(tmpdir(), 'tailspark-big-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const status = bigStatusJson(10_000);

test('a 10,000-peer status parses and the tag:spark peer is chosen', () => {
  assert.ok(Buffer.byteLength(status) > 11 * 2 ** 20, 'the generated status is as big as a real 10k-peer one');
  const d = discoverFromStatusText(status);
  assert.equal(d.tailnet?.peers.length, 10_001);
  assert.equal(d.spark?.hostName, 'spark-56d0');
  assert.deepEqual(
    d.findings.map((f) => f.code),
    [],
  );
});

test('the CLI runner passes a 10,000-peer status through (no "maxBuffer length exceeded")', async () => {
  const file = join(dir, 'status.json');
  writeFileSync(file, status);
  const cli = join(dir, 'tailscale');
  writeFileSync(cli, `#!/bin/sh\ncat '${file}'\n`);
  chmodSync(cli, 0o755);
  const d = await discoverSpark({ cliPath: cli, timeoutMs: 30_000 });
  assert.deepEqual(
    d.findings.map((f) => `${f.code}: ${f.detail}`),
    [],
  );
  assert.equal(d.spark?.dnsName, 'spark-56d0.tail1234.ts.net');
});
