// Tailscale SSH banners (exact texts, tailscale-cli.md §3) sent by a real sshd `Banner`:
// check mode shows the URL and fails fast (a real Tailscale SSH server would hang here);
// policy rejections become the policy Finding. Nothing runs in either case.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SshError } from '../../../src/core/ssh';
import { generateKey, type RunningSshd, startSshd } from '../../harness/sshd';
import { scriptedPrompter, shellFor } from './helpers';

let key: { privatePath: string; publicLine: string };
const started: RunningSshd[] = [];

before(() => {
  key = generateKey(mkdtempSync(join(tmpdir(), 'tailspark-banner-')), 'id');
});

after(async () => {
  for (const s of started) await s.stop();
});

async function sshdWithBanner(bannerText: string): Promise<RunningSshd> {
  const s = await startSshd({ users: [{ prefix: 'tsban', sudo: 'none', authorizedKeys: [key.publicLine] }], bannerText });
  started.push(s);
  return s;
}

function homeHas(s: RunningSshd, file: string): boolean {
  try {
    execFileSync('test', ['-e', join(s.users[0].home, file)]);
    return true;
  } catch {
    return false;
  }
}

test('check mode: the URL goes to the prompter and the connection fails fast with tailscale.sshCheckMode', async () => {
  const url = 'https://login.tailscale.com/a/l1b2c3d4e5f6';
  const s = await sshdWithBanner(`# Tailscale SSH requires an additional check.\n# To authenticate, visit: ${url}\n`);
  const prompter = scriptedPrompter({});
  const { shell, pool } = shellFor(s, s.users[0].name, { identityFiles: [key.privatePath], prompter, tailnetPeer: true });
  try {
    await assert.rejects(shell.exec(['touch', 'ran-despite-check-mode']), (err: unknown) => {
      assert.ok(err instanceof SshError);
      assert.equal(err.finding.code, 'tailscale.sshCheckMode');
      assert.deepEqual(err.finding.fixes[0]?.action, { kind: 'openUrl', url });
      return true;
    });
    assert.deepEqual(prompter.checkModeUrls, [url]);
    assert.ok(!homeHas(s, 'ran-despite-check-mode'));
  } finally {
    pool.closeAll();
  }
});

const POLICY_TEXTS = [
  'tailscale: tailnet policy does not permit you to SSH to this node',
  'tailscale: tailnet policy does not permit you to SSH as user "root"',
  'tailscale: failed to evaluate tailnet policy',
  'tailscale: access denied',
  'Permission denied (tailscale).',
];

for (const text of POLICY_TEXTS) {
  test(`policy rejection "${text}" → tailscale.sshPolicyDenied with the policy rule to copy`, async () => {
    const s = await sshdWithBanner(`${text}\n`);
    const { shell, pool } = shellFor(s, s.users[0].name, { identityFiles: [key.privatePath], tailnetPeer: true });
    try {
      await assert.rejects(shell.exec(['touch', 'ran-despite-policy']), (err: unknown) => {
        assert.ok(err instanceof SshError);
        assert.equal(err.finding.code, 'tailscale.sshPolicyDenied');
        assert.ok(err.finding.detail.includes(text), 'names the exact rejection');
        const copy = err.finding.fixes.find((f) => f.action?.kind === 'copy')?.action;
        assert.match(copy?.kind === 'copy' ? copy.text : '', /"dst": \[\s*"tag:spark"\s*\]/);
        assert.equal(err.finding.evidence, text);
        return true;
      });
      assert.ok(!homeHas(s, 'ran-despite-policy'));
    } finally {
      pool.closeAll();
    }
  });
}

test('an ordinary banner (legal notice) does not stop the login', async () => {
  const s = await sshdWithBanner('Authorized users only. Activity may be monitored.\n');
  const { shell, pool } = shellFor(s, s.users[0].name, { identityFiles: [key.privatePath], tailnetPeer: true });
  try {
    assert.equal((await shell.exec(['echo', 'ok'])).stdout, 'ok\n');
  } finally {
    pool.closeAll();
  }
});

test('session start failure "login: can\'t set groups: Operation not permitted" → tailscale.sshOperationNotPermitted', async () => {
  // ForceCommand stands in for Tailscale SSH failing to start the session: same text, exit 1.
  const scriptDir = mkdtempSync(join(tmpdir(), 'tailspark-eperm-'));
  chmodSync(scriptDir, 0o755); // the test user must be able to run it
  const script = join(scriptDir, 'eperm.sh');
  writeFileSync(script, "#!/bin/sh\necho \"login: can't set groups: Operation not permitted\" >&2\nexit 1\n", { mode: 0o755 });
  const s = await startSshd({
    users: [{ prefix: 'tseperm', sudo: 'none', authorizedKeys: [key.publicLine] }],
    extraConfig: ['Match all', `  ForceCommand ${script}`],
  });
  started.push(s);
  const { shell, pool } = shellFor(s, s.users[0].name, { identityFiles: [key.privatePath], tailnetPeer: true });
  try {
    await assert.rejects(shell.exec(['systemctl', 'is-active', 'vllm']), (err: unknown) => {
      assert.ok(err instanceof SshError);
      assert.equal(err.finding.code, 'tailscale.sshOperationNotPermitted');
      assert.equal(err.finding.evidence, "login: can't set groups: Operation not permitted");
      assert.deepEqual(err.finding.fixes[0]?.action, { kind: 'remote', argv: ['tailscale', 'set', '--ssh'], sudo: true });
      return true;
    });
  } finally {
    pool.closeAll();
  }
});
