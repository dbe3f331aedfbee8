import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enableTailscaleSsh } from '../../../src/core/remote/tailscaleSsh';
import { ctxFor, debInstall, FakeShell, snapInstall } from './fakeShell';

const LOSE_SSH = `You are connected over Tailscale; this action will reroute SSH traffic to Tailscale SSH and will result in your session disconnecting.
To skip this warning, use --accept-risk=lose-ssh
`;

function spark(opts: { overTailscale: boolean; install?: typeof debInstall }) {
  let runSsh = false;
  return new FakeShell((argv, o) => {
    const base = (opts.install ?? debInstall)(argv);
    if (base) return base;
    const line = argv.join(' ');
    if (line === 'tailscale debug prefs') return { stdout: JSON.stringify({ RunSSH: runSsh, OperatorUser: '', Config: { PrivateNodeKey: 'privkey:abc' } }, null, '\t') };
    if (line.startsWith('tailscale set --ssh')) {
      if (!o.sudo) return { stderr: 'Access denied: checkprefs access denied\n', code: 1 };
      if (opts.overTailscale && !line.includes('--accept-risk=lose-ssh')) return { stdout: LOSE_SSH, stderr: 'aborted, no changes made\n', code: 1 };
      runSsh = true;
      return {};
    }
    return undefined;
  });
}

test('not offered on snap installs: refused before any sudo', async () => {
  const shell = spark({ overTailscale: false, install: snapInstall });
  const r = await enableTailscaleSsh(ctxFor(shell), { consentLoseSsh: async () => true });
  assert.ok(!r.ok);
  assert.equal(r.findings[0]!.code, 'remote.tailscaleSshOnSnap');
  assert.equal(shell.ran('sudo').length, 0);
});

test('plain case: sudo tailscale set --ssh, verified via debug prefs', async () => {
  const shell = spark({ overTailscale: false });
  const r = await enableTailscaleSsh(ctxFor(shell), { consentLoseSsh: async () => assert.fail('no warning expected') });
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(shell.ran('sudo').map((c) => c.line), ['sudo tailscale set --ssh']);
});

test('lose-ssh warning: explained, and without consent --accept-risk is never sent', async () => {
  const shell = spark({ overTailscale: true });
  const shown: string[] = [];
  const r = await enableTailscaleSsh(ctxFor(shell), { consentLoseSsh: async (f) => {
      shown.push(f.code);
      return false;
    },
  });
  assert.ok(!r.ok && r.cancelled);
  assert.deepEqual(shown, ['tailscale.loseSshWarning']);
  assert.equal(shell.calls.filter((c) => c.line.includes('accept-risk')).length, 0);
});

test('lose-ssh warning with explicit consent: repeated with --accept-risk=lose-ssh', async () => {
  const shell = spark({ overTailscale: true });
  const r = await enableTailscaleSsh(ctxFor(shell), { consentLoseSsh: async () => true });
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(shell.ran('sudo').map((c) => c.line), ['sudo tailscale set --ssh', 'sudo tailscale set --ssh --accept-risk=lose-ssh']);
});
