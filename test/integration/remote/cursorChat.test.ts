// Set Up Cursor Chat against the emulated Spark through the real SSH layer and real sudo: the
// key reaches the server through a root-only drop-in, the server enforces it, Funnel goes on,
// every step resumes after a failure, Undo restores the unit byte for byte, and the key never
// shows in ps, the SSH server's log, the product log, the journal or any file but the env file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { type CursorChatOptions, dryRunArgv, setupCursorChat, type StepId, undoCursorChat } from '../../../src/core/cursorChat';
import { httpRequest } from '../../../src/core/net/httpClient';
import { startFunnel } from '../../../src/core/remote/funnel';
import { failed, succeeded } from '../../../src/core/remote/types';
import { FAST, type RemoteSpark, startRemoteSpark } from './helpers';

function systemdDir(t: RemoteSpark): string {
  return join(dirname(t.spark.statePath), 'etc', 'systemd', 'system');
}

/** Everything the flow needs, with the Cursor side and the record in memory. */
function options(t: RemoteSpark, unit: string, extra: Partial<CursorChatOptions> = {}) {
  let key: string | undefined;
  let taken: StepId[] = [];
  const cursor = { url: undefined as string | undefined, failNext: false };
  const o: CursorChatOptions = {
    unit,
    systemdDir: systemdDir(t),
    readyTimeoutMs: 20_000,
    apiKey: {
      get: async () => key,
      store: async (k) => {
        key = k;
      },
    },
    status: async (url, apiKey, signal) => {
      try {
        const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
        return (await httpRequest(url, { resolve: t.spark.resolve, extraCa: [t.caPem], timeoutMs: 5000, headers, ...(signal ? { signal } : {}) })).status;
      } catch {
        return undefined;
      }
    },
    models: async (url, apiKey) => {
      const r = await httpRequest(`${url}/models`, { resolve: t.spark.resolve, extraCa: [t.caPem], headers: { authorization: `Bearer ${apiKey}` } });
      return (JSON.parse(r.body) as { data: { id: string }[] }).data.map((m) => m.id);
    },
    cursor: {
      isSet: async (url) => cursor.url === url,
      write: async (url) => {
        if (cursor.failNext) {
          cursor.failNext = false;
          return failed('state.vscdb is locked (test).', []);
        }
        cursor.url = url;
        return succeeded('written', undefined);
      },
      revert: async () => {
        cursor.url = undefined;
        return succeeded('reverted', undefined);
      },
    },
    record: {
      load: async () => [...taken],
      save: async (s) => {
        taken = [...s];
      },
    },
    ...extra,
  };
  return { o, cursor, key: () => key, taken: () => taken };
}

/** `ps` of the whole machine, sampled while the flow runs (the Spark's processes are local here). */
function samplePs(): { stop(): string[] } {
  const samples: string[] = [];
  const timer = setInterval(() => {
    try {
      samples.push(execFileSync('ps', ['-eo', 'pid,args', '--no-headers'], { encoding: 'utf8' }));
    } catch {
      // ps raced a process exit
    }
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      samples.push(execFileSync('ps', ['-eo', 'pid,args', '--no-headers'], { encoding: 'utf8' }));
      return samples;
    },
  };
}

/** Every file below dir whose content contains needle (root reads them all). */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    if (readFileSync(p, 'utf8').includes(needle)) hits.push(p);
  }
  return hits;
}

function cat(t: RemoteSpark, unit: string): string {
  return t.spark.runAsRoot('systemctl', ['cat', unit]).stdout;
}

/** The serve config as root reads it, as text (Go's JSON is stable: byte-exact comparisons). */
function serveText(t: RemoteSpark): string {
  return t.spark.runAsRoot('tailscale', ['serve', 'status', '--json']).stdout;
}

function setFunnelAllowed(t: RemoteSpark, on: boolean): void {
  const s = JSON.parse(readFileSync(t.spark.statePath, 'utf8'));
  s.tailnet.funnel = on;
  writeFileSync(t.spark.statePath, JSON.stringify(s));
}

test("vLLM end to end: key in the 0600 env file and enforced; only /v1 goes public on :8443 (Serve on 443 stays tailnet-only), the public URL refuses without the key and hides /metrics; Cursor gets https://HOST:8443/v1; undo removes exactly that route and restores the unit byte for byte", { timeout: 120_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'healthy', flavor: 'vllm', timings: FAST });
  try {
    const before = cat(t, 'vllm');
    const serveBefore = serveText(t);
    const host = t.spark.magicDnsName;
    const publicUrl = `https://${host}:8443/v1`;
    const f = options(t, 'vllm');
    const ps = samplePs();
    const r = await setupCursorChat(t.ctx(), f.o);
    const samples = ps.stop();
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(
      r.value.steps.map((s) => `${s.id}:${s.outcome}`),
      ['dropIn:done', 'restart:done', 'verify:done', 'funnel:done', 'verifyPublic:done', 'cursor:done'],
    );
    assert.equal(r.value.baseUrl, publicUrl);
    assert.equal(f.cursor.url, publicUrl, 'Cursor gets the /v1 Funnel URL');
    assert.deepEqual(f.taken(), ['dropIn', 'restart', 'funnel', 'cursor']);

    // The serve config: 443 exactly as before (tailnet only), plus the /v1 mount on 8443, public.
    const sc = t.serveConfig() as { TCP: Record<string, unknown>; Web: Record<string, unknown>; AllowFunnel: Record<string, boolean> };
    const old = JSON.parse(serveBefore) as typeof sc;
    assert.deepEqual(sc.AllowFunnel, { [`${host}:8443`]: true }, 'only host:8443 is public');
    assert.deepEqual(sc.Web[`${host}:443`], old.Web[`${host}:443`], 'the tailnet Serve on 443 is untouched');
    assert.deepEqual(sc.Web[`${host}:8443`], { Handlers: { '/v1': { Proxy: 'http://127.0.0.1:30001/v1' } } });
    assert.deepEqual(sc.TCP['8443'], { HTTPS: true });

    // The public URL, with and without the key; routes outside /v1 are not there (404 from tailscaled).
    const key = f.key() as string;
    assert.equal(await f.o.status(`${publicUrl}/models`, key), 200);
    assert.equal(await f.o.status(`${publicUrl}/models`, undefined), 401);
    for (const p of ['/metrics', '/tokenize', '/invocations', '/version', '/health']) {
      assert.equal(await f.o.status(`https://${host}:8443${p}`, undefined), 404, `${p} is not public`);
    }
    assert.equal(await f.o.status(`${t.spark.serveUrl}/metrics`, undefined), 200, 'vLLM keeps /metrics open: in the tailnet only');

    // The whole-server guard still refuses vLLM (its unguarded routes would go public).
    const whole = await startFunnel(t.ctx(), { statusWithoutKey: (u) => f.o.status(u, undefined), confirmPublic: async () => true });
    assert.ok(!whole.ok);
    assert.equal(whole.findings[0]?.code, 'funnel.openRoutes');

    const conf = join(systemdDir(t), 'vllm.service.d', 'tailspark-api-key.conf');
    const env = join(systemdDir(t), 'vllm.service.d', 'tailspark-api-key.env');
    for (const p of [conf, env]) {
      const st = statSync(p);
      assert.equal(st.mode & 0o777, 0o600, p);
      assert.equal(st.uid, 0);
      assert.equal(st.gid, 0);
    }
    assert.equal(readFileSync(env, 'utf8'), `VLLM_API_KEY=${key}\n`);
    assert.match(cat(t, 'vllm'), /EnvironmentFile=.*tailspark-api-key\.env/);

    // The key: in no process list, no SSH server log, no product log line, no other file.
    assert.ok(samples.length > 3, `ps sampled ${samples.length} times`);
    assert.ok(samples.every((s) => !s.includes(key)), 'key in ps');
    assert.ok(!t.spark.sshd.log.includes(key), 'key in the sshd log');
    assert.ok(!t.logged.join('\n').includes(key) && !t.progress.join('\n').includes(key), 'key in the product log');
    assert.deepEqual(filesContaining(t.spark.stateDir, key), [env]);

    // A route the user adds meanwhile survives the undo: it removes exactly the /v1 Funnel.
    t.spark.runAsRoot('tailscale', ['serve', '--bg', '--https=10000', '--set-path', '/docs', '3000']);
    const withExtra = t.serveConfig() as typeof sc;
    const u = await undoCursorChat(t.ctx(), f.o);
    assert.ok(u.ok, JSON.stringify(u));
    assert.deepEqual(
      u.value.steps.map((s) => `${s.id}:${s.outcome}`),
      ['cursor:undone', 'funnel:undone', 'restart:undone', 'dropIn:undone'],
    );
    const after = t.serveConfig() as typeof sc;
    assert.deepEqual(after.Web[`${host}:10000`], withExtra.Web[`${host}:10000`]);
    t.spark.runAsRoot('tailscale', ['serve', '--https=10000', 'off']);
    assert.equal(serveText(t), serveBefore, 'the serve config is byte for byte what it was');
    assert.equal(cat(t, 'vllm'), before);
    assert.equal(f.cursor.url, undefined);
    assert.equal(await f.o.status(`${t.spark.baseUrl}/models`, undefined), 200, 'the server runs without a key again');
    assert.deepEqual(f.taken(), []);
  } finally {
    await t.stop();
  }
});

test('vLLM resume: Funnel not enabled stops the flow at the Funnel step, a Cursor write failure at the last step; each next run continues there; undo restores the serve config exactly', { timeout: 120_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'healthy', flavor: 'vllm', timings: FAST });
  try {
    const serveBefore = serveText(t);
    const f = options(t, 'vllm');
    setFunnelAllowed(t, false);
    const first = await setupCursorChat(t.ctx(), f.o);
    assert.ok(!first.ok);
    assert.equal(first.findings[0]?.code, 'funnel.notEnabled');
    assert.deepEqual(f.taken(), ['dropIn', 'restart']);
    assert.equal(serveText(t), serveBefore, 'nothing public');

    setFunnelAllowed(t, true);
    f.cursor.failNext = true;
    const second = await setupCursorChat(t.ctx(), f.o);
    assert.ok(!second.ok);
    assert.match(second.message, /Run Set Up Cursor Chat again/);
    assert.deepEqual(f.taken(), ['dropIn', 'restart', 'funnel']);
    assert.equal(f.cursor.url, undefined);

    const third = await setupCursorChat(t.ctx(), f.o);
    assert.ok(third.ok, JSON.stringify(third));
    assert.deepEqual(
      third.value.steps.map((s) => `${s.id}:${s.outcome}`),
      ['dropIn:alreadyDone', 'restart:alreadyDone', 'verify:done', 'funnel:alreadyDone', 'verifyPublic:done', 'cursor:done'],
    );
    assert.equal(f.cursor.url, `https://${t.spark.magicDnsName}:8443/v1`);

    const u = await undoCursorChat(t.ctx(), f.o);
    assert.ok(u.ok, JSON.stringify(u));
    assert.equal(serveText(t), serveBefore);
    // A second undo has nothing left to do.
    const again = await undoCursorChat(t.ctx(), f.o);
    assert.ok(again.ok);
    assert.deepEqual(again.value.steps, []);
  } finally {
    await t.stop();
  }
});

test('vLLM: HTTPS port 8443 already serving something else is refused (funnel.portInUse); nothing public, the serve config unchanged', { timeout: 120_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'healthy', flavor: 'vllm', timings: FAST });
  try {
    t.spark.runAsRoot('tailscale', ['serve', '--bg', '--https=8443', '3000']);
    const serveBefore = serveText(t);
    const f = options(t, 'vllm');
    const r = await setupCursorChat(t.ctx(), f.o);
    assert.ok(!r.ok);
    assert.equal(r.findings[0]?.code, 'funnel.portInUse');
    assert.match(r.findings[0]?.detail ?? '', /:8443\/ → http:\/\/127\.0\.0\.1:3000/);
    assert.equal(serveText(t), serveBefore);
    assert.deepEqual(f.taken(), ['dropIn', 'restart']);
    const u = await undoCursorChat(t.ctx(), f.o);
    assert.ok(u.ok, JSON.stringify(u));
    assert.equal(serveText(t), serveBefore, 'undo leaves the foreign 8443 route alone');
  } finally {
    await t.stop();
  }
});

test('resume (SGLang, key on the command line accepted): a failure at the restart and at the Cursor step; the next run continues where it stopped', { timeout: 120_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'healthy', flavor: 'sglang', timings: FAST });
  try {
    const f = options(t, 'sglang', { readyTimeoutMs: 4000, acceptKeyOnCommandLine: true });
    t.spark.setServerFault('oom');
    const first = await setupCursorChat(t.ctx(), f.o);
    assert.ok(!first.ok);
    assert.equal(first.findings[0]?.code, 'cursorchat.notReady');
    assert.deepEqual(f.taken(), ['dropIn']);

    t.spark.setServerFault(null);
    f.cursor.failNext = true;
    const second = await setupCursorChat(t.ctx(), { ...f.o, readyTimeoutMs: 20_000 });
    assert.ok(!second.ok);
    assert.match(second.message, /Run Set Up Cursor Chat again/);
    assert.deepEqual(f.taken(), ['dropIn', 'restart', 'funnel']);

    const third = await setupCursorChat(t.ctx(), f.o);
    assert.ok(third.ok, JSON.stringify(third));
    assert.deepEqual(
      third.value.steps.map((s) => `${s.id}:${s.outcome}`),
      ['dropIn:alreadyDone', 'restart:alreadyDone', 'verify:done', 'funnel:alreadyDone', 'verifyPublic:done', 'cursor:done'],
    );
    assert.equal(third.value.newKey, false, 'the stored key is reused');
  } finally {
    await t.stop();
  }
});

test('SGLang: refused without consent (unit untouched); with consent the key reaches --api-key and is enforced', { timeout: 120_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'healthy', flavor: 'sglang', timings: FAST });
  try {
    const before = cat(t, 'sglang');
    const f = options(t, 'sglang');
    const refused = await setupCursorChat(t.ctx(), f.o);
    assert.ok(!refused.ok);
    assert.equal(refused.findings[0]?.code, 'cursorchat.keyOnCommandLine');
    assert.equal(cat(t, 'sglang'), before);
    assert.equal(t.serveConfig().AllowFunnel, undefined);

    const ps = samplePs();
    const r = await setupCursorChat(t.ctx(), { ...f.o, acceptKeyOnCommandLine: true });
    const samples = ps.stop();
    assert.ok(r.ok, JSON.stringify(r));
    const key = f.key() as string;
    assert.match(cat(t, 'sglang'), /\nExecStart=\nExecStart=.* --api-key \$\{TAILSPARK_API_KEY\}\n/);
    // The accepted trade-off, exactly: the key is in the SGLang server's own argv, nowhere else.
    const lines = samples.flatMap((s) => s.split('\n')).filter((l) => l.includes(key));
    assert.ok(lines.length > 0 && lines.every((l) => l.includes('inference-server.cjs')), lines.join('\n'));
    assert.ok(!t.spark.sshd.log.includes(key));
    assert.ok(!t.logged.join('\n').includes(key));

    const u = await undoCursorChat(t.ctx(), f.o);
    assert.ok(u.ok, JSON.stringify(u));
    assert.equal(cat(t, 'sglang'), before);
  } finally {
    await t.stop();
  }
});

test('a unit that already has --api-key on its command line is refused with the reason', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'healthy', flavor: 'vllm', apiKey: 'sk-already-there-123456', timings: FAST });
  try {
    const f = options(t, 'vllm');
    const r = await setupCursorChat(t.ctx(), f.o);
    assert.ok(!r.ok);
    assert.equal(r.findings[0]?.code, 'cursorchat.unitUnsafe');
    assert.match(r.findings[0]?.detail ?? '', /already has --api-key/);
    assert.deepEqual(f.taken(), []);
  } finally {
    await t.stop();
  }
});

test('dry run: the exact argv, with the unit quoted and no key', () => {
  const lines = dryRunArgv({ unit: 'vllm', port: 30001, flavor: 'vllm' });
  assert.ok(lines.includes('sudo install -D -m 0600 -o root -g root /dev/stdin /etc/systemd/system/vllm.service.d/tailspark-api-key.conf   # stdin: [Service] EnvironmentFile=/etc/systemd/system/vllm.service.d/tailspark-api-key.env'));
  assert.ok(lines.includes('sudo systemctl restart vllm.service'));
  assert.ok(lines.includes("tailscale funnel --bg --yes '--https=8443' --set-path /v1 http://127.0.0.1:30001/v1   # vLLM: only /v1, on port 8443; after GET /v1/models: 401 without the key, 200 with it (sudo when not the Tailscale operator)"), lines.join('\n'));
  assert.ok(lines.every((l) => !/tsk-/.test(l)));
});

test('resume (SGLang): Funnel not enabled on the tailnet stops the flow at the Funnel step; once enabled it continues there', { timeout: 120_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'healthy', flavor: 'sglang', timings: FAST });
  try {
    const f = options(t, 'sglang', { acceptKeyOnCommandLine: true });
    setFunnelAllowed(t, false);
    const first = await setupCursorChat(t.ctx(), f.o);
    assert.ok(!first.ok);
    assert.equal(first.findings[0]?.code, 'funnel.notEnabled');
    assert.deepEqual(f.taken(), ['dropIn', 'restart']);
    assert.equal(f.cursor.url, undefined, 'Cursor is not touched before the public URL works');

    setFunnelAllowed(t, true);
    const second = await setupCursorChat(t.ctx(), f.o);
    assert.ok(second.ok, JSON.stringify(second));
    assert.deepEqual(
      second.value.steps.map((s) => `${s.id}:${s.outcome}`),
      ['dropIn:alreadyDone', 'restart:alreadyDone', 'verify:done', 'funnel:done', 'verifyPublic:done', 'cursor:done'],
    );
  } finally {
    await t.stop();
  }
});

test('without sudo rights the flow stops before changing anything, with the sudo finding', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'healthy', flavor: 'vllm', sudo: 'none', timings: FAST });
  try {
    const before = cat(t, 'vllm');
    const f = options(t, 'vllm');
    const r = await setupCursorChat(t.ctx(), f.o);
    assert.ok(!r.ok);
    assert.match(r.findings[0]?.code ?? '', /^ssh\.sudo/);
    assert.deepEqual(f.taken(), []);
    assert.equal(cat(t, 'vllm'), before);
  } finally {
    await t.stop();
  }
});
