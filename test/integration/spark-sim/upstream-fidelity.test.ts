// Stand-in details checked against upstream source (issue #12 item 12):
// - SGLang python/sglang/srt/utils/auth.py: the Bearer scheme is matched case-insensitively
//   (`parts[0].lower() == "bearer"`), the key exactly; current releases also take `x-api-key`;
//   /health*, /metrics* (and in current releases /ready*) need no key.
// - tailscale cmd/tailscale/cli/ping.go: the latency is a Go time.Duration rounded to the ms.
// - tailscale cmd/tailscale/cli/risks.go since 1.88 (commit 42a215e12): the lose-ssh risk is a
//   y/N prompt (prompt.YesNo, default no); without a TTY it aborts at once, no countdown.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { parsePing } from '../../../src/core/doctor/parse';
import { parseServeStatusJson } from '../../../src/core/tailnet/serveUrl';
import { httpsTo, run, startTestSpark, type TestSpark } from './helpers';

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

describe('tailscale ping latency', () => {
  let t: TestSpark;
  before(async () => {
    t = await startTestSpark({ timings: { healthMs: 50 } });
  });
  after(async () => {
    await t?.stop();
  });

  test('printed as Go durations ("0s", "1.234s") and read back by the doctor', async () => {
    const setPing = (ms: number) => {
      const state = JSON.parse(readFileSync(t.spark.statePath, 'utf8'));
      state.timings.pingMs = ms;
      writeFileSync(t.spark.statePath, JSON.stringify(state));
    };
    for (const [ms, shown, parsed] of [
      [0.3, '0s', 0],
      [1234, '1.234s', 1234],
    ] as const) {
      setPing(ms);
      const r = await run(t.spark.clientTailscalePath, ['ping', '-c', '1', '--until-direct=false', '--timeout', '3s', 'spark-56d0']);
      assert.equal(r.stdout, `pong from spark-56d0 (100.101.102.103) via 192.168.1.20:41641 in ${shown}\n`);
      assert.equal(parsePing(r.stdout)?.latencyMs, parsed);
    }
  });

  test('serve keeps the target host as written (ipn.ExpandProxyTargetValue): Proxy "http://localhost:30001", still found', async () => {
    const set = await t.ssh('sudo tailscale serve --bg --yes --https=8443 --set-path=/llm localhost:30001');
    assert.equal(set.code, 0, set.stderr);
    const json = (await t.ssh('tailscale serve status --json')).stdout;
    const config = JSON.parse(json);
    assert.equal(config.Web['spark-56d0.tail1234.ts.net:8443'].Handlers['/llm'].Proxy, 'http://localhost:30001');
    const r = parseServeStatusJson(json, { host: 'spark-56d0.tail1234.ts.net' });
    assert.ok(r.routes.some((x) => x.port === 8443 && x.target === 'http://localhost:30001'));
    assert.equal(r.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1', 'port 443 is still preferred');
    assert.equal(parseServeStatusJson(json, { host: 'spark-56d0.tail1234.ts.net', port: 30001 }).findings.length, 0);
  });
});
