import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectTailscaleInstall, rootSocketArgv, SNAP_SOCKET } from '../../../src/core/remote/install';
import { exposeServe, readServe, resetServe, stopServePort } from '../../../src/core/remote/serve';
import type { AccessDeniedInfo } from '../../../src/core/remote/tailscaleWrite';
import { ACCESS_DENIED, ctxFor, debInstall, FakeShell, SERVE_NOT_ENABLED, SERVE_OK_STDOUT, SERVED_30001, snapInstall } from './fakeShell';

/** A Spark whose serve config the fake CLI changes; `operator` = who may write without sudo. */
function sparkServe(opts: { install?: typeof debInstall; operator?: string; serveEnabled?: boolean; blocking?: boolean; served?: boolean } = {}) {
  let config = opts.served ? SERVED_30001 : '{}\n';
  let operator = opts.operator ?? '';
  const shell = new FakeShell((argv, o) => {
    const base = (opts.install ?? debInstall)(argv);
    if (base) return base;
    const args = argv[0] === 'tailscale' && argv[1] === '--socket' ? argv.slice(3) : argv.slice(1);
    const line = args.join(' ');
    if (argv[0] !== 'tailscale') return undefined;
    if (argv[1] === '--socket' && opts.install === snapInstall) {
      return { stderr: `invalid value "${SNAP_SOCKET}" for flag -socket: flag provided multiple times\n`, code: 2 };
    }
    if (line === 'serve status --json') return { stdout: config };
    const mayWrite = o.sudo || operator === 'sparkuser';
    if (line.startsWith('set --operator=')) {
      if (!o.sudo) return { stderr: 'Access denied: checkprefs access denied\n', code: 1 };
      operator = line.slice('set --operator='.length);
      return {};
    }
    if (line === 'serve --bg --yes 30001') {
      if (opts.serveEnabled === false) return { stdout: SERVE_NOT_ENABLED, code: 0, hang: opts.blocking };
      if (!mayWrite) return { stderr: ACCESS_DENIED, code: 1 };
      config = SERVED_30001;
      return { stdout: SERVE_OK_STDOUT };
    }
    if (line === 'serve reset' || line === 'serve --https=443 off') {
      if (!mayWrite) return { stderr: ACCESS_DENIED, code: 1 };
      config = '{}\n';
      return {};
    }
    return undefined;
  });
  return shell;
}

test('read: the serve config becomes the base URL, exposure and readable routes', async () => {
  const r = await readServe(ctxFor(sparkServe({ served: true })));
  assert.ok(r.ok);
  assert.equal(r.value.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
  assert.equal(r.value.exposure, 'tailnet');
  assert.deepEqual(r.value.lines, ['https://spark-56d0.tail1234.ts.net/ → http://127.0.0.1:30001 (tailnet only)']);
  assert.equal(r.message, 'Base URL https://spark-56d0.tail1234.ts.net/v1 (tailnet only).');
  const empty = await readServe(ctxFor(sparkServe()));
  assert.ok(empty.ok);
  assert.equal(empty.value.baseUrl, null);
  assert.equal(empty.message, 'Nothing is served on the Spark.');
});

test('expose as operator: one command without sudo, read back, URL handed to onServeChanged', async () => {
  const shell = sparkServe({ operator: 'sparkuser' });
  const changed: (string | null)[] = [];
  const r = await exposeServe(ctxFor(shell), { onServeChanged: (url) => void changed.push(url) });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.message, 'Serving https://spark-56d0.tail1234.ts.net/v1.');
  assert.deepEqual(changed, ['https://spark-56d0.tail1234.ts.net/v1']);
  assert.equal(shell.ran('sudo').length, 0);
});

test('access denied → "Set operator once": sudo tailscale set --operator=sparkuser, then the retry works without sudo', async () => {
  const shell = sparkServe();
  const offered: AccessDeniedInfo[] = [];
  const r = await exposeServe(ctxFor(shell), {
    chooseAccessFix: async (info) => {
      offered.push(info);
      return 'setOperator';
    },
  });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(offered[0]!.finding.code, 'tailscale.serveConfigDenied');
  assert.deepEqual(offered[0]!.operatorArgv, ['tailscale', 'set', '--operator=sparkuser']);
  assert.deepEqual(
    shell.calls.filter((c) => c.argv[0] === 'tailscale' && !c.line.includes('status')).map((c) => c.line),
    ['tailscale serve --bg --yes 30001', 'sudo tailscale set --operator=sparkuser', 'tailscale serve --bg --yes 30001'],
  );
  assert.match(r.message, /sparkuser is now the Tailscale operator/);
});

test('access denied and the user declines: the finding with its fix comes back, nothing ran with sudo', async () => {
  const shell = sparkServe();
  const r = await exposeServe(ctxFor(shell), { chooseAccessFix: async () => undefined });
  assert.ok(!r.ok);
  assert.equal(r.findings[0]!.code, 'tailscale.serveConfigDenied');
  assert.deepEqual(r.findings[0]!.fixes[0]!.action, { kind: 'remote', argv: ['tailscale', 'set', '--operator=sparkuser'], sudo: true });
  assert.equal(shell.ran('sudo').length, 0);
});

test('root-socket variant: --socket only when the CLI does not pass it already', async () => {
  // Snap wrapper on PATH: plain sudo tailscale (a second --socket would fail).
  const snapShell = sparkServe({ install: snapInstall });
  const r = await exposeServe(ctxFor(snapShell), { chooseAccessFix: async () => 'sudo' });
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(snapShell.ran('sudo tailscale').map((c) => c.line), ['sudo tailscale serve --bg --yes 30001']);
  // Snap daemon but a CLI that does not pass --socket: the runbook's explicit form.
  const install = { snap: true, cliPath: '/usr/local/bin/tailscale', cliPassesSocket: false, evidence: '' };
  assert.deepEqual(rootSocketArgv(install, ['serve', 'status']), ['tailscale', '--socket', SNAP_SOCKET, 'serve', 'status']);
  assert.deepEqual(rootSocketArgv({ ...install, snap: false }, ['serve', 'status']), ['tailscale', 'serve', 'status']);
});

test('snap detection asks the CLI whether it passes --socket itself', async () => {
  const shell = new FakeShell((argv) => {
    const s = snapInstall(argv);
    if (argv.join(' ') === 'command -v tailscale') return { stdout: '/usr/bin/tailscale\n' };
    if (s) return s;
    if (argv[1] === '--socket') return { stderr: `invalid value "${SNAP_SOCKET}" for flag -socket: flag provided multiple times\n`, code: 2 };
    return undefined;
  });
  const install = await detectTailscaleInstall(ctxFor(shell));
  assert.equal(install.snap, true);
  assert.equal(install.cliPassesSocket, true);
  const deb = await detectTailscaleInstall(ctxFor(new FakeShell(debInstall)));
  assert.deepEqual(deb, { snap: false, cliPath: '/usr/bin/tailscale', cliPassesSocket: false, evidence: '"snap list tailscale": error: no matching snaps installed' });
});

test('Serve not enabled (exit 0!): nothing applied, the enable URL is the fix, onServeChanged not called', async () => {
  const shell = sparkServe({ serveEnabled: false, operator: 'sparkuser' });
  let changed = false;
  const r = await exposeServe(ctxFor(shell), {
    onServeChanged: () => {
      changed = true;
    },
  });
  assert.ok(!r.ok);
  assert.equal(r.findings[0]!.code, 'tailscale.serveNotEnabled');
  assert.deepEqual(r.findings[0]!.fixes[0]!.action, { kind: 'openUrl', url: 'https://login.tailscale.com/f/serve?node=nSpark56d011CNTRL' });
  assert.equal(changed, false);
});

// The blocking CLI never exits on its own: only reading the URL can end the call (a hang fails by timeout).
test('Serve not enabled and the CLI blocks: ended as soon as the URL arrives', { timeout: 10_000 }, async () => {
  const shell = sparkServe({ serveEnabled: false, operator: 'sparkuser', blocking: true });
  const r = await exposeServe(ctxFor(shell));
  assert.ok(!r.ok);
  assert.equal(r.findings[0]!.code, 'tailscale.serveNotEnabled');
});

test('reset asks first, listing the URL that stops working; "no" changes nothing', async () => {
  const shell = sparkServe({ served: true, operator: 'sparkuser' });
  const asked: unknown[] = [];
  const no = await resetServe(ctxFor(shell), { confirmReset: async (info) => {
      asked.push(info);
      return false;
    },
  });
  assert.ok(!no.ok && no.cancelled);
  assert.deepEqual(asked, [{ routes: ['https://spark-56d0.tail1234.ts.net/ → http://127.0.0.1:30001 (tailnet only)'], baseUrl: 'https://spark-56d0.tail1234.ts.net/v1' }]);
  assert.equal(shell.ran('tailscale serve reset').length, 0);
  const changed: (string | null)[] = [];
  const yes = await resetServe(ctxFor(shell), { confirmReset: async () => true, onServeChanged: (u) => void changed.push(u) });
  assert.ok(yes.ok);
  assert.equal(yes.message, 'Serve reset: 1 route removed.');
  assert.deepEqual(changed, [null]);
});

test('stop serving port 443: tailscale serve --https=443 off, verified empty', async () => {
  const shell = sparkServe({ served: true, operator: 'sparkuser' });
  const r = await stopServePort(ctxFor(shell));
  assert.ok(r.ok);
  assert.equal(shell.ran('tailscale serve --https=443 off').length, 1);
  assert.equal(r.value.routes.length, 0);
});
