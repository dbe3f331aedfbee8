// Tailscale ≥ 1.88 asks y/N for the lose-ssh risk and, over a non-interactive SSH command, aborts
// at once ("aborted, no changes made", cmd/tailscale/cli/risks.go). Enabling Tailscale SSH must
// still explain the risk, ask for consent, and apply only with --accept-risk=lose-ssh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enableTailscaleSsh } from '../../../src/core/remote/tailscaleSsh';
import { FAST, startRemoteSpark } from './helpers';

test('Tailscale SSH with the ≥ 1.88 y/N prompt: warning shown, no change without consent, on with consent', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ scenario: 'healthy', sshOverTailscale: true, tailscaleRiskPrompt: 'yesNo', timings: FAST });
  try {
    const shown: string[] = [];
    const no = await enableTailscaleSsh(t.ctx(), {
      consentLoseSsh: async (f) => {
        shown.push(f.code);
        return false;
      },
    });
    assert.ok(!no.ok && no.cancelled, JSON.stringify(no));
    assert.deepEqual(shown, ['tailscale.loseSshWarning']);
    assert.equal(t.spark.readState().prefs.RunSSH, false);
    const yes = await enableTailscaleSsh(t.ctx(), { consentLoseSsh: async () => true });
    assert.ok(yes.ok, JSON.stringify(yes));
    assert.equal(t.spark.readState().prefs.RunSSH, true);
  } finally {
    await t.stop();
  }
});
