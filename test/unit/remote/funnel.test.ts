import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFunnel, stopFunnel } from '../../../src/core/remote/funnel';
import { ctxFor, debInstall, FakeShell, FUNNEL_30001, SERVED_30001 } from './fakeShell';

function sparkFunnel(initial: string, opts: { funnelEnabled?: boolean } = {}) {
  let config = initial;
  return new FakeShell((argv) => {
    const base = debInstall(argv);
    if (base) return base;
    const line = argv.join(' ');
    if (line === 'tailscale serve status --json') return { stdout: config };
    if (line === 'tailscale funnel --bg --yes 30001') {
      // --yes: no interactive prompt can hold the non-interactive SSH command (flag exists since 1.52).
      if (opts.funnelEnabled === false) {
        return { stdout: '\nFunnel is not enabled on your tailnet.\nTo enable, visit:\n\n         https://login.tailscale.com/f/funnel?node=nSpark56d011CNTRL\n\n' };
      }
      config = FUNNEL_30001;
      return { stdout: 'Available on the internet:\n\nhttps://spark-56d0.tail1234.ts.net/\n|-- proxy http://127.0.0.1:30001\n\nFunnel started and running in the background.\n' };
    }
    if (line === 'tailscale funnel --https=443 off') {
      config = '{}\n';
      return {};
    }
    if (line === 'tailscale serve --bg --yes 30001') {
      config = SERVED_30001;
      return { stdout: 'Serve started and running in the background.\n' };
    }
    return undefined;
  });
}

test('refuses with funnel.noApiKey when /v1/models answers 200 without a key; asks nothing, changes nothing', async () => {
  const shell = sparkFunnel(SERVED_30001);
  const asked: string[] = [];
  let confirmed = false;
  const r = await startFunnel(ctxFor(shell), {
    statusWithoutKey: async (url) => {
      asked.push(url);
      return 200;
    },
    confirmPublic: async () => {
      confirmed = true;
      return true;
    },
  });
  assert.ok(!r.ok);
  assert.equal(r.findings[0]!.code, 'funnel.noApiKey');
  // Refused, so it must not say the model IS public, and its fix must not touch the tailnet route.
  assert.match(r.findings[0]!.detail, /^Nothing changed\. Once public, anyone on the internet could use your GPU/);
  assert.equal(r.findings[0]!.title, "Funnel refused: the model answers without an API key");
  assert.ok(r.findings[0]!.detail.split(/\s+/).length < 40, "short: the title already says why");
  assert.deepEqual(r.findings[0]!.fixes.map((f) => f.action), [{ kind: 'command', command: 'tailspark.setApiKey' }]);
  assert.deepEqual(asked, ['https://spark-56d0.tail1234.ts.net/v1/models']);
  assert.equal(confirmed, false);
  assert.equal(shell.ran('tailscale funnel').length, 0);
});

test('refuses when it cannot verify the key (no answer)', async () => {
  const shell = sparkFunnel(SERVED_30001);
  const r = await startFunnel(ctxFor(shell), { statusWithoutKey: async () => undefined, confirmPublic: async () => true });
  assert.ok(!r.ok);
  assert.equal(r.findings[0]!.code, 'funnel.keyUnverified');
  assert.equal(shell.ran('tailscale funnel').length, 0);
});

test('401 without a key + the user accepts the risk: funnel on, read back as public', async () => {
  const shell = sparkFunnel(SERVED_30001);
  const warned: string[] = [];
  const r = await startFunnel(ctxFor(shell), { statusWithoutKey: async () => 401, confirmPublic: async (i) => {
      warned.push(i.baseUrl);
      return true;
    },
  });
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(warned, ['https://spark-56d0.tail1234.ts.net/v1']);
  assert.equal(r.value.exposure, 'funnel');
  assert.equal(r.findings[0]!.code, 'serve.funnelOn');
});

test('401 but the user declines the warning: nothing changes', async () => {
  const shell = sparkFunnel(SERVED_30001);
  const r = await startFunnel(ctxFor(shell), { statusWithoutKey: async () => 401, confirmPublic: async () => false });
  assert.ok(!r.ok && r.cancelled);
  assert.equal(shell.ran('tailscale funnel').length, 0);
});

test('"Funnel is not enabled" (exit 0) is a failure with the enable URL', async () => {
  const shell = sparkFunnel(SERVED_30001, { funnelEnabled: false });
  const r = await startFunnel(ctxFor(shell), { statusWithoutKey: async () => 401, confirmPublic: async () => true });
  assert.ok(!r.ok);
  assert.equal(r.findings[0]!.code, 'funnel.notEnabled');
  assert.deepEqual(r.findings[0]!.fixes[0]!.action, { kind: 'openUrl', url: 'https://login.tailscale.com/f/funnel?node=nSpark56d011CNTRL' });
});

test('not served yet: refuses to guess, asks to serve in the tailnet first', async () => {
  const r = await startFunnel(ctxFor(sparkFunnel('{}\n')), { statusWithoutKey: async () => 401, confirmPublic: async () => true });
  assert.ok(!r.ok);
  assert.equal(r.findings[0]!.code, 'serve.nothingServed');
});

test('stop funnel: off, then served again in the tailnet so the editor keeps working', async () => {
  const shell = sparkFunnel(FUNNEL_30001);
  const changed: (string | null)[] = [];
  const r = await stopFunnel(ctxFor(shell), { onServeChanged: (u) => void changed.push(u) });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.exposure, 'tailnet');
  assert.deepEqual(shell.calls.filter((c) => /^tailscale (funnel|serve --bg)/.test(c.line)).map((c) => c.line), ['tailscale funnel --https=443 off', 'tailscale serve --bg --yes 30001']);
  assert.deepEqual(changed, ['https://spark-56d0.tail1234.ts.net/v1']);
  assert.match(r.message, /served again in the tailnet only/);
});
