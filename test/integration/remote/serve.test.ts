// Serve operations on the emulated Spark through the real SSH layer, per scenario: the serve
// config as root reads it afterwards (the remote effect) and the result/findings (what the user
// is told).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectTailscaleInstall } from '../../../src/core/remote/install';
import { exposeServe, readServe, resetServe, stopServePort } from '../../../src/core/remote/serve';
import type { AccessDeniedInfo } from '../../../src/core/remote/tailscaleWrite';
import { FAST, startRemoteSpark } from './helpers';

const URL = 'https://spark-56d0.tail1234.ts.net/v1';

test('healthy: status shows the URL; reset (confirmed, listing the URL) empties the config; expose brings it back', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'healthy', timings: FAST });
  try {
    const status = await readServe(t.ctx());
    assert.ok(status.ok);
    assert.equal(status.value.baseUrl, URL);
    assert.equal(status.message, `Base URL ${URL} (tailnet only).`);

    const asked: unknown[] = [];
    const changed: (string | null)[] = [];
    const reset = await resetServe(t.ctx(), {
      confirmReset: async (info) => {
        asked.push(info);
        return true;
      },
      onServeChanged: (u) => {
        changed.push(u);
      },
    });
    assert.ok(reset.ok, JSON.stringify(reset));
    assert.deepEqual(asked, [{ routes: ['https://spark-56d0.tail1234.ts.net/ → http://127.0.0.1:30001 (tailnet only)'], baseUrl: URL }]);
    assert.deepEqual(t.serveConfig(), {});

    const expose = await exposeServe(t.ctx(), { onServeChanged: (u) => void changed.push(u) });
    assert.ok(expose.ok, JSON.stringify(expose));
    assert.equal(expose.message, `Serving ${URL}.`);
    assert.deepEqual(changed, [null, URL]);
    assert.deepEqual(Object.keys((t.serveConfig().Web ?? {}) as object), ['spark-56d0.tail1234.ts.net:443']);
    assert.equal(t.asked.length, 0, 'the operator needs no sudo');

    const off = await stopServePort(t.ctx());
    assert.ok(off.ok, JSON.stringify(off));
    assert.deepEqual(t.serveConfig(), {});
  } finally {
    await t.stop();
  }
});

test('operatorNotSet: access denied → "Set operator once" → the retry without sudo works', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'operatorNotSet', serveConfigured: false, timings: FAST });
  try {
    const offered: AccessDeniedInfo[] = [];
    const r = await exposeServe(t.ctx(), {
      chooseAccessFix: async (info) => {
        offered.push(info);
        return 'setOperator';
      },
    });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(offered[0]!.finding.code, 'tailscale.serveConfigDenied');
    assert.equal(t.spark.readState().prefs.OperatorUser, t.spark.user.name);
    assert.ok(t.serveConfig().Web, 'served');
    assert.match(r.message, new RegExp(`${t.spark.user.name} is now the Tailscale operator`));
    // Once operator, the next change needs no question at all.
    const again = await stopServePort(t.ctx(), { chooseAccessFix: async () => assert.fail('not asked again') });
    assert.ok(again.ok, JSON.stringify(again));
  } finally {
    await t.stop();
  }
});

test('operatorNotSet: "Run as root" serves with sudo and leaves the operator unset; "no" leaves everything as it was', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'operatorNotSet', serveConfigured: false, timings: FAST });
  try {
    const declined = await exposeServe(t.ctx(), { chooseAccessFix: async () => undefined });
    assert.ok(!declined.ok);
    assert.equal(declined.findings[0]!.code, 'tailscale.serveConfigDenied');
    assert.deepEqual(t.serveConfig(), {});

    const r = await exposeServe(t.ctx(), { chooseAccessFix: async () => 'sudo' });
    assert.ok(r.ok, JSON.stringify(r));
    assert.match(r.message, /\(as root\)/);
    assert.equal(t.spark.readState().prefs.OperatorUser, '');
    assert.ok(t.serveConfig().Web);
  } finally {
    await t.stop();
  }
});

test('snap: detected by the CLI probe; the root variant does not add a second --socket', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'snap', serveConfigured: false, timings: FAST });
  try {
    const install = await detectTailscaleInstall(t.ctx());
    assert.equal(install.snap, true);
    assert.equal(install.cliPassesSocket, true);
    const offered: AccessDeniedInfo[] = [];
    const r = await exposeServe(t.ctx(), {
      install,
      chooseAccessFix: async (info) => {
        offered.push(info);
        return 'sudo';
      },
    });
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(offered[0]!.sudoArgv, ['tailscale', 'serve', '--bg', '--yes', '30001']);
    assert.ok(t.serveConfig().Web);
  } finally {
    await t.stop();
  }
});

test('serveNotEnabled: exit 0 but nothing applied → tailscale.serveNotEnabled with the enable URL', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'serveNotEnabled', timings: FAST });
  try {
    let changed = false;
    const r = await exposeServe(t.ctx(), {
      onServeChanged: () => {
        changed = true;
      },
    });
    assert.ok(!r.ok);
    assert.equal(r.findings[0]!.code, 'tailscale.serveNotEnabled');
    assert.match(JSON.stringify(r.findings[0]!.fixes[0]!.action), /https:\/\/login\.tailscale\.com\/f\/serve\?node=/);
    assert.deepEqual(t.serveConfig(), {});
    assert.equal(changed, false);
  } finally {
    await t.stop();
  }
});

test('no sudo rights + operator not set: "Set operator once" fails clearly, nothing changes', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'operatorNotSet', serveConfigured: false, sudo: 'none', timings: FAST });
  try {
    const r = await exposeServe(t.ctx(), { chooseAccessFix: async () => 'setOperator' });
    assert.ok(!r.ok);
    assert.equal(r.findings[0]!.code, 'ssh.sudoNotAllowed', JSON.stringify(r.findings));
    assert.equal(t.spark.readState().prefs.OperatorUser, '');
    assert.deepEqual(t.serveConfig(), {});
  } finally {
    await t.stop();
  }
});

test('sparkOffline: SSH is refused; the operation reports the SSH finding instead of hanging', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'sparkOffline', timings: FAST });
  try {
    const r = await readServe(t.ctx());
    assert.ok(!r.ok);
    assert.match(r.findings[0]!.code, /^ssh\./);
  } finally {
    await t.stop();
  }
});

test('daemonDown: reading and changing Serve name the stopped tailscaled, with "Start tailscaled" as the fix', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'daemonDown', timings: FAST });
  try {
    const read = await readServe(t.ctx());
    assert.ok(!read.ok);
    assert.equal(read.findings[0]!.code, 'tailscale.daemonNotRunning');
    assert.equal(read.findings[0]!.title, 'tailscaled is not running on the Spark');
    assert.deepEqual(read.findings[0]!.fixes[0]!.action, { kind: 'remote', argv: ['systemctl', 'start', 'tailscaled'], sudo: true });
    const expose = await exposeServe(t.ctx(), { chooseAccessFix: async () => assert.fail('not an access problem') });
    assert.ok(!expose.ok);
    assert.equal(expose.findings[0]!.code, 'tailscale.daemonNotRunning');
  } finally {
    await t.stop();
  }
});
