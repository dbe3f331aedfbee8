// Stand-in details checked against upstream source (issue #12 item 12):
// - SGLang python/sglang/srt/utils/auth.py: the Bearer scheme is matched case-insensitively
//   (`parts[0].lower() == "bearer"`), the key exactly; current releases also take `x-api-key`;
//   /health*, /metrics* (and in current releases /ready*) need no key.
// - tailscale cmd/tailscale/cli/risks.go since 1.88 (commit 42a215e12): the lose-ssh risk is a
//   y/N prompt (prompt.YesNo, default no); without a TTY it aborts at once, no countdown.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { httpsTo, startTestSpark, type TestSpark } from './helpers';

const KEY = 'sk-sim-fidelity-key-1234';

describe('SGLang API-key check', () => {
  let t: TestSpark;
  before(async () => {
    t = await startTestSpark({ flavor: 'sglang', apiKey: KEY, timings: { healthMs: 50, tokenMs: 5 } });
  });
  after(async () => {
    await t?.stop();
  });

  test('the scheme is case-insensitive, the key is not; x-api-key works; /metrics is open', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      assert.equal((await httpsTo(t.spark, '/v1/models', { headers: { authorization: `${scheme} ${KEY}` } })).status, 200, scheme);
    }
    assert.equal((await httpsTo(t.spark, '/v1/models', { headers: { authorization: `Bearer ${KEY.toUpperCase()}` } })).status, 401);
    assert.equal((await httpsTo(t.spark, '/v1/models', { headers: { authorization: `Basic ${KEY}` } })).status, 401);
    assert.equal((await httpsTo(t.spark, '/v1/models', { headers: { 'x-api-key': KEY } })).status, 200);
    assert.equal((await httpsTo(t.spark, '/metrics')).status, 200);
    assert.equal((await httpsTo(t.spark, '/server_info')).status, 401);
  });
});

describe('tailscale ≥ 1.88 risk prompt', () => {
  let t: TestSpark;
  before(async () => {
    t = await startTestSpark({ tailscaleRiskPrompt: 'yesNo' });
  });
  after(async () => {
    await t?.stop();
  });

  test('set --ssh over Tailscale without a TTY: warning, then "aborted, no changes made" at once (no countdown)', async () => {
    const r = await t.ssh('sudo tailscale set --ssh');
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      'You are connected over Tailscale; this action will reroute SSH traffic to Tailscale SSH and will result in your session disconnecting.\nTo skip this warning, use --accept-risk=lose-ssh\n',
    );
    assert.equal(r.stderr, 'aborted, no changes made\n');
    assert.equal(JSON.parse((await t.ssh('tailscale debug prefs')).stdout).RunSSH, false);
  });
});
