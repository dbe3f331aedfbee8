// Terminal Tailscale SSH banners of current releases (ssh/tailssh errBanner: "tailscale: " +
// message + "\n"), sent by a real sshd `Banner`: the connection ends at once with a Finding that
// says what to fix, and nothing runs.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SshError } from '../../../src/core/ssh';
import { generateKey, type RunningSshd, startSshd } from '../../harness/sshd';
import { shellFor } from './helpers';

let key: { privatePath: string; publicLine: string };
const started: RunningSshd[] = [];
before(() => {
  key = generateKey(mkdtempSync(join(tmpdir(), 'tailspark-banner2-')), 'id');
});
after(async () => {
  for (const s of started) await s.stop();
});

const CASES = [
  // tailssh.go: c.errBanner(fmt.Sprintf("failed to look up local user %q ", localUser), err)
  { banner: 'tailscale: failed to look up local user "nosuchuser" \n', code: 'tailscale.sshUnknownUser', fix: { kind: 'openSettings', setting: 'tailspark.ssh.target' } },
  // tailssh.go: c.errBanner("failed to fetch next SSH action", …) after a check-mode hold timed out
  { banner: 'tailscale: failed to fetch next SSH action\n', code: 'tailscale.sshCheckTimedOut', fix: { kind: 'command', command: 'tailspark.refresh' } },
];

for (const c of CASES) {
  test(`banner ${JSON.stringify(c.banner.trim())} → ${c.code}, nothing runs`, async () => {
    const s = await startSshd({ users: [{ prefix: 'tsban', sudo: 'none', authorizedKeys: [key.publicLine] }], bannerText: c.banner });
    started.push(s);
    const { shell, pool } = shellFor(s, s.users[0].name, { identityFiles: [key.privatePath], tailnetPeer: true });
    try {
      await assert.rejects(shell.exec(['true']), (err: unknown) => {
        assert.ok(err instanceof SshError);
        assert.equal(err.finding.code, c.code);
        assert.deepEqual(err.finding.fixes[0]?.action, c.fix);
        assert.equal(err.finding.evidence, c.banner.trim());
        return true;
      });
    } finally {
      pool.closeAll();
    }
  });
}
