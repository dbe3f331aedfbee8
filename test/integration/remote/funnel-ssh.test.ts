// Funnel and Tailscale SSH on the emulated Spark: the guards hold (no public model without an
// API key, no --accept-risk without consent, nothing on snap) and the state on the Spark shows it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SparkHttp } from '../../../src/core/http/sparkHttp';
import { httpRequest } from '../../../src/core/net/httpClient';
import { startFunnel, stopFunnel } from '../../../src/core/remote/funnel';
import { enableTailscaleSsh } from '../../../src/core/remote/tailscaleSsh';
import { FAST, type RemoteSpark, startRemoteSpark } from './helpers';

/** GET without any Authorization header through the serve front (the Funnel guard's question). */
function statusWithoutKey(t: RemoteSpark) {
  const http = SparkHttp.fixed({ resolve: t.spark.resolve, extraCa: [t.caPem], timeoutMs: 5000 });
  return (url: string, signal?: AbortSignal) => http.statusWithoutKey(url, signal);
}

test('funnel is refused when the model answers without an API key; nothing becomes public', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'healthy', timings: FAST });
  try {
    let warned = false;
    const r = await startFunnel(t.ctx(), {
      statusWithoutKey: statusWithoutKey(t),
      confirmPublic: async () => {
        warned = true;
        return true;
      },
    });
    assert.ok(!r.ok);
    assert.equal(r.findings[0]!.code, 'funnel.noApiKey');
    assert.equal(r.findings[0]!.title, 'Funnel refused: the model answers without an API key');
    assert.equal(warned, false);
    assert.equal(t.serveConfig().AllowFunnel, undefined);
  } finally {
    await t.stop();
  }
});

test('vLLM with an API key: /invocations and /tokenize answer without it, so Funnel is refused naming them', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'healthy', flavor: 'vllm', apiKey: 'sk-sim-secret-key-123456', timings: FAST });
  try {
    // The stand-in behaves as vLLM does: the key guards /v1 only; /invocations runs a completion without it.
    const root = 'https://spark-56d0.tail1234.ts.net';
    const ask = (path: string, body?: string) =>
      httpRequest(`${root}${path}`, { resolve: t.spark.resolve, extraCa: [t.caPem], timeoutMs: 5000, ...(body ? { method: 'POST', body, headers: { 'content-type': 'application/json' } } : {}) });
    assert.equal((await ask('/v1/models')).status, 401);
    assert.equal((await ask('/invocations', '{"messages":[{"role":"user","content":"hi"}]}')).status, 200);
    let warned = false;
    const r = await startFunnel(t.ctx(), {
      statusWithoutKey: statusWithoutKey(t),
      confirmPublic: async () => {
        warned = true;
        return true;
      },
    });
    assert.ok(!r.ok);
    assert.equal(r.findings[0]!.code, 'funnel.openRoutes');
    assert.match(r.findings[0]!.detail, /\/invocations, \/tokenize, \/detokenize/);
    assert.match(r.findings[0]!.detail, /--set-path \/v1/);
    assert.equal(warned, false, 'refused before the public-exposure question');
    assert.equal(t.serveConfig().AllowFunnel, undefined);
  } finally {
    await t.stop();
  }
});

test('with an API key: warning accepted → public; stop funnel → tailnet only again', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'healthy', apiKey: 'sk-sim-secret-key-123456', timings: FAST });
  try {
    const warnedFor: string[] = [];
    const on = await startFunnel(t.ctx(), {
      statusWithoutKey: statusWithoutKey(t),
      confirmPublic: async (i) => {
        warnedFor.push(i.baseUrl);
        return true;
      },
    });
    assert.ok(on.ok, JSON.stringify(on));
    assert.deepEqual(warnedFor, ['https://spark-56d0.tail1234.ts.net/v1']);
    assert.deepEqual(t.serveConfig().AllowFunnel, { 'spark-56d0.tail1234.ts.net:443': true });
    assert.match(on.message, /PUBLIC on the internet/);

    const off = await stopFunnel(t.ctx());
    assert.ok(off.ok, JSON.stringify(off));
    assert.equal(t.serveConfig().AllowFunnel, undefined);
    assert.equal(off.value.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
    assert.equal(off.value.exposure, 'tailnet');
  } finally {
    await t.stop();
  }
});

// ≤ 1.86 counts down and aborts; ≥ 1.88 asks y/N and, without a TTY, aborts at once
// (cmd/tailscale/cli/risks.go, commit 42a215e12): the flow must be the same for both.
for (const prompt of ['countdown', 'yesNo'] as const) {
  test(`Tailscale SSH (${prompt} risk prompt): the lose-ssh warning is explained; without consent nothing changes, with consent it is on`, { timeout: 60_000 }, async () => {
    const t = await startRemoteSpark({ scenario: 'healthy', sshOverTailscale: true, tailscaleRiskPrompt: prompt, timings: FAST });
    try {
      const shown: string[] = [];
      const no = await enableTailscaleSsh(t.ctx(), {
        consentLoseSsh: async (f) => {
          shown.push(f.code);
          return false;
        },
      });
      assert.ok(!no.ok && no.cancelled);
      assert.deepEqual(shown, ['tailscale.loseSshWarning']);
      assert.equal(t.spark.readState().prefs.RunSSH, false);
      assert.ok(!t.logged.some((l) => l.includes('accept-risk')), 'no --accept-risk without consent');

      const yes = await enableTailscaleSsh(t.ctx(), { consentLoseSsh: async () => true });
      assert.ok(yes.ok, JSON.stringify(yes));
      assert.equal(t.spark.readState().prefs.RunSSH, true);
      assert.ok(t.logged.some((l) => l.includes("$ sudo tailscale set --ssh '--accept-risk=lose-ssh'")), t.logged.join('\n'));
    } finally {
      await t.stop();
    }
  });
}

test('Tailscale SSH is not offered on snap installs', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'snap', timings: FAST });
  try {
    const r = await enableTailscaleSsh(t.ctx(), { consentLoseSsh: async () => true });
    assert.ok(!r.ok);
    assert.equal(r.findings[0]!.code, 'remote.tailscaleSshOnSnap');
    assert.equal(t.spark.readState().prefs.RunSSH, false);
    assert.ok(!t.logged.some((l) => l.includes('set --ssh')));
  } finally {
    await t.stop();
  }
});
