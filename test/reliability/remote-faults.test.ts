// Spark operations meeting a hostile or locked-down Spark, each within a time limit and leaving
// the Spark as it was: Funnel refused for a server without an API key (funnel.noApiKey), and
// `tailscale serve` on a snap install where the login user is not allowed (access denied).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { exposeServe, startFunnel } from '../../src/core/remote';
import type { AccessDeniedInfo } from '../../src/core/remote/tailscaleWrite';
import { httpRequest } from '../../src/core/net/httpClient';
import { type RemoteSpark, startRemoteSpark } from '../integration/remote/helpers';
import { timed } from './support/network';

let t: RemoteSpark;

before(async () => {
  // No API key on the server, and a login user without sudo rights.
  t = await startRemoteSpark({ scenario: 'healthy', sudo: 'none', timings: { loadMs: 300, warmupMs: 200, healthMs: 50 } });
});

after(async () => {
  await t?.stop();
});

test('Funnel for a server that answers without an API key: funnel.noApiKey, nothing public, no confirmation asked', async () => {
  const before = JSON.stringify(t.serveConfig());
  let asked = false;
  const r = await timed(30_000, 'startFunnel', () =>
    startFunnel(t.ctx(), {
      statusWithoutKey: async (url, signal) =>
        (await httpRequest(url, { resolve: t.spark.resolve, extraCa: [t.caPem], timeoutMs: 5000, ...(signal ? { signal } : {}) })).status,
      confirmPublic: async () => {
        asked = true;
        return true;
      },
    }),
  );
  const result = r.value!;
  assert.equal(result.ok, false);
  assert.equal(result.findings[0]!.code, 'funnel.noApiKey');
  assert.ok(result.findings[0]!.where?.endsWith('/v1/models'), result.findings[0]!.where);
  assert.equal(asked, false, 'the user is not even offered to go public');
  assert.equal(JSON.stringify(t.serveConfig()), before, 'serve config unchanged');
  assert.equal(JSON.stringify(t.serveConfig()).includes('AllowFunnel'), false);
});

test('snap install, user neither operator nor sudoer: tailscale.serveConfigDenied with both fixes offered; nothing changes', async () => {
  await t.spark.setScenario('snap');
  assert.equal(t.spark.runAsRoot('tailscale', ['serve', 'reset']).code, 0);
  const offered: AccessDeniedInfo[] = [];
  const r = await timed(30_000, 'exposeServe on snap', () =>
    exposeServe(t.ctx(), {
      chooseAccessFix: async (info) => {
        offered.push(info);
        return undefined; // the user leaves it
      },
    }),
  );
  const result = r.value!;
  assert.equal(result.ok, false);
  assert.equal(result.findings[0]!.code, 'tailscale.serveConfigDenied', JSON.stringify(result.findings[0]));
  assert.ok(result.findings[0]!.fixes.length > 0, 'a fix is offered');
  assert.equal(offered.length, 1);
  // The snap CLI finds its root socket itself: the fixes are plain argv (no second --socket).
  assert.deepEqual(offered[0]!.sudoArgv, ['tailscale', 'serve', '--bg', '--yes', '30001']);
  assert.deepEqual(offered[0]!.operatorArgv, ['tailscale', 'set', `--operator=${t.spark.user.name}`]);
  assert.deepEqual(t.serveConfig(), {}, 'nothing was served');
  await t.spark.setScenario('healthy');
});
