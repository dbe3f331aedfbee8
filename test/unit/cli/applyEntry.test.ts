// `tailspark apply --target vscode` writes the same chatLanguageModels.json entry as the extension:
// both turn the probe into a VerifiedEndpoint with src/core/targets/probeEndpoint.ts.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { probeInference } from '../../../src/core/inference/probe';
import { API_KEY_REFERENCE, VscodeCustomEndpointTarget } from '../../../src/core/targets/vscodeCustomEndpointTarget';
import { endpointFromProbe } from '../../../src/ui/targets/endpoint';
import { type FakeServer, startFake } from '../inference/fakeInferenceServer';
import { runCli } from './cliHarness';

const tmp = mkdtempSync(join(tmpdir(), 'tailspark-apply-entry-'));
const servers: FakeServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(tmp, { recursive: true, force: true });
});

test('apply --target vscode writes the same chatLanguageModels.json entry as the extension, apiKey included', async () => {
  const s = await startFake({ kind: 'sglang' });
  servers.push(s);
  const url = `http://127.0.0.1:${s.port}/v1`;
  const cliDir = join(tmp, 'cli', 'User');
  const extDir = join(tmp, 'ext', 'User');
  mkdirSync(cliDir, { recursive: true });
  mkdirSync(extDir, { recursive: true });

  const r = await runCli(['apply', '--target', 'vscode', '--url', url, '--vscode-user-dir', cliDir, '--vscode-version', '1.122.0', '--state-dir', join(tmp, 'state-cli')], {
    env: { HOME: tmp },
  });
  assert.equal(r.code, 0, r.stderr);

  // The extension's path: probe → endpointFromProbe (src/ui/targets) → the same writer.
  const endpoint = endpointFromProbe(await probeInference({ baseUrl: url, identify: false, load: false }), 'unknown');
  assert.ok(endpoint);
  const target = new VscodeCustomEndpointTarget({ userDir: extDir, vscodeVersion: '1.122.0', stateDir: join(tmp, 'state-ext') });
  const written = await target.apply(endpoint);
  assert.equal(written.status, 'written', JSON.stringify(written));

  const cliEntry = JSON.parse(readFileSync(join(cliDir, 'chatLanguageModels.json'), 'utf8'));
  const extEntry = JSON.parse(readFileSync(join(extDir, 'chatLanguageModels.json'), 'utf8'));
  assert.deepEqual(cliEntry, extEntry);
  const group = cliEntry.find((g: { apiKey?: string }) => g.apiKey !== undefined);
  assert.equal(group?.apiKey, API_KEY_REFERENCE);
});
