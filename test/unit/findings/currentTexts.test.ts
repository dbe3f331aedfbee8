// Texts of current Tailscale releases that used to fall through to "unknown" (issue #12 item 11),
// exactly as upstream prints them: serve_v2.go (412) and ssh/tailssh errBanner ("tailscale: " + msg).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyCliOutput } from '../../../src/core/classify';
import { endSentences, makeFinding } from '../../../src/core/findings';
import { classifyBanner } from '../../../src/core/ssh/tailscaleBanner';

const CONFLICT = 'Another client is changing the serve config; please try again.\nsending serve config: 412 Precondition Failed: preconditions failed: etag mismatch\n';

test('412 from a concurrent serve writer → serveConfigConflict with a retry of OUR argv on the Spark', () => {
  // tailscaleWrite passes what it ran: ['sudo', …argv] when it ran as root.
  const argv = ['sudo', 'tailscale', 'serve', '--bg', '--yes', '30001'];
  const [f, ...rest] = classifyCliOutput({ stdout: '', stderr: CONFLICT, exitCode: 1, argv }, { side: 'remote', user: 'tsuser' });
  assert.equal(rest.length, 0);
  assert.equal(f?.code, 'tailscale.serveConfigConflict');
  assert.deepEqual(f?.fixes[0], { label: 'Retry', action: { kind: 'remote', argv: ['tailscale', 'serve', '--bg', '--yes', '30001'], sudo: true } });
  const [plain] = classifyCliOutput({ stdout: '', stderr: CONFLICT, exitCode: 1, argv: argv.slice(1) }, { side: 'remote' });
  assert.deepEqual(plain?.fixes[0]?.action, { kind: 'remote', argv: argv.slice(1), sudo: false });
});

test('412 locally (no remote argv) → a retry that refreshes, never echoed text', () => {
  const [f] = classifyCliOutput({ stdout: '', stderr: CONFLICT, exitCode: 1, argv: ['tailscale', 'serve', '--bg', '30001'] }, { side: 'local' });
  assert.equal(f?.code, 'tailscale.serveConfigConflict');
  assert.deepEqual(f?.fixes[0]?.action, { kind: 'command', command: 'tailspark.refresh' });
  assert.doesNotMatch(f!.detail, /\.\./);
});

test('Tailscale SSH "failed to look up local user" → wrong user: fix the SSH target', () => {
  const banner = 'tailscale: failed to look up local user "alice" \n';
  const b = classifyBanner(banner);
  assert.deepEqual(b.kind === 'unknownUser' && b.user, 'alice');
  const [f] = classifyCliOutput({ stdout: '', stderr: banner, exitCode: 255 });
  assert.equal(f?.code, 'tailscale.sshUnknownUser');
  assert.match(f!.title, /"alice"/);
  assert.deepEqual(f?.fixes[0]?.action, { kind: 'openSettings', setting: 'tailspark.ssh.target' });
  // A user name with shell or control characters is not echoed into the finding.
  assert.equal(classifyBanner('tailscale: failed to look up local user "x$(id)" \n').kind, 'unknownUser');
  const hostile = classifyCliOutput({ stdout: '', stderr: 'tailscale: failed to look up local user "x$(id)\u001b[2J" \n', exitCode: 255 })[0];
  assert.doesNotMatch(hostile!.title + hostile!.detail, /\$\(id\)|\u001b/);
});

test('Tailscale SSH "failed to fetch next SSH action" → the check timed out, even after the check-mode URL', () => {
  const text =
    '# Tailscale SSH requires an additional check.\n# To authenticate, visit: https://login.tailscale.com/a/9f8e7d6c5b\ntailscale: failed to fetch next SSH action\n';
  assert.equal(classifyBanner('tailscale: failed to fetch next SSH action\n').kind, 'checkTimedOut');
  assert.equal(classifyBanner(text).kind, 'checkTimedOut');
  const found = classifyCliOutput({ stdout: '', stderr: text, exitCode: 255 });
  assert.equal(found[0]?.code, 'tailscale.sshCheckTimedOut');
});

test('old serve syntax: the suggested command loses its "- " bullet', () => {
  const stderr =
    'Error: the CLI for serve and funnel has changed. You can run the following command instead:\n\t- tailscale serve --bg --https=443 http://127.0.0.1:30001\n\nPlease see https://tailscale.com/kb/1242/tailscale-serve for more information.\n';
  const [f] = classifyCliOutput({ stdout: '', stderr, exitCode: 1 });
  assert.match(f!.detail, /It suggests: tailscale serve --bg --https=443 http:\/\/127\.0\.0\.1:30001 /);
});

test('an unknown message that ends with a period does not end the sentence twice', () => {
  const [f] = classifyCliOutput({ stdout: '', stderr: 'backend error: something new happened.\n', exitCode: 1, argv: ['tailscale', 'up'] });
  assert.equal(f?.code, 'tailscale.cliFailed');
  assert.match(f!.detail, /something new happened\. The evidence/);
  assert.doesNotMatch(f!.detail, /\.\./);
  assert.doesNotMatch(makeFinding('internal.unexpected', { message: 'it broke.' }).detail, /\.\./);
  assert.equal(endSentences('Wait... then go?.'), 'Wait... then go?');
});
