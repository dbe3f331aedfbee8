// The CLI's own surface: --help everywhere, exit codes, and messages that read as sentences with
// fixes a terminal user can act on (flags and command lines, never editor settings or command ids).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cliFixText } from '../../../src/cli/fixes';
import { runCli, runCliProcess } from './cliHarness';

const COMMANDS = ['detect', 'probe', 'explain', 'targets', 'apply', 'revert', 'run', 'doctor'];
const tmp = mkdtempSync(join(tmpdir(), 'tailspark-cli-surface-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

for (const command of COMMANDS) {
  test(`${command} --help prints its usage on stdout and exits 0 (real process)`, async () => {
    const r = await runCliProcess([command, '--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^usage: tailspark ${command}\\b`));
    assert.equal(r.stderr, '');
  });
}

test('-h works too, also after other flags; after -- it belongs to the remote command', async () => {
  const r = await runCli(['run', '--sudo', '-h']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^usage: tailspark run/);
  const remote = await runCli(['run', '--ssh-config', join(tmp, 'none'), 'bad host', '--', 'ls', '--help']);
  assert.notEqual(remote.code, 0);
  assert.doesNotMatch(remote.stdout, /^usage:/);
});

test('explain: an error finding exits 1 with its title on stderr (real process)', async () => {
  const r = await runCliProcess(['explain'], { stdin: 'sudo: a password is required\n' });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /\[ssh\.sudoPasswordNeeded\]/);
  assert.match(r.stderr, /tailspark explain: sudo on the Spark needs a password/);
});

// Texts from Debian 12's sudo 1.9.13 (usr/share/locale/de/LC_MESSAGES/sudoers.mo and sudo.mo).
for (const [text, code] of [
  ['sudo: Ein Passwort ist notwendig\n', 'ssh.sudoPasswordNeeded'],
  ['sudo: Zum Lesen des Passworts ist ein Terminal erforderlich; verwenden Sie entweder die Option -S, um aus der Standardeingabe zu lesen oder richten Sie das Askpass-Hilfsprogramm ein\n', 'ssh.sudoPasswordNeeded'],
  ['Das hat nicht funktioniert, bitte nochmal probieren.\nsudo: 3 Fehlversuche bei der Passwort-Eingabe\n', 'ssh.sudoWrongPassword'],
  ['»bob« ist nicht in der sudoers-Datei.\n', 'ssh.sudoNotAllowed'],
  ['Leider darf der Benutzer bob sudo für spark nicht verwenden.\n', 'ssh.sudoNotAllowed'],
] as const) {
  test(`explain recognises German sudo output: ${text.split('\n')[0]} → ${code}`, async () => {
    const r = await runCli(['explain', '--json', '--user', 'bob'], { stdin: text });
    assert.equal(r.code, 1);
    const codes = JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code);
    assert.deepEqual(codes, [code]);
  });
}

test('a malformed SSH target is one sentence naming the --ssh-config used, with a CLI flag as the fix', async () => {
  const config = join(tmp, 'my_ssh_config');
  writeFileSync(config, 'Host spark\n  HostName 127.0.0.1\n');
  for (const target of ['us er@host', 'user@host:99999', 'user@-oProxyCommand=x']) {
    const r = await runCli(['run', '--ssh-config', config, target, '--', 'true']);
    assert.equal(r.code, 255);
    assert.match(r.stderr, /\[ssh\.targetInvalid\]/);
    assert.doesNotMatch(r.stderr, /"origin"|"code":|\[\s*\{/, 'no zod issue JSON');
    assert.match(r.stderr, new RegExp(`Host alias from ${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(r.stderr, /fix: pass --ssh-target/);
    assert.doesNotMatch(r.stderr, /tailspark\.ssh\.target|Open Settings/);
  }
});

test('printed fixes never name an editor setting or command id (text and --json)', async () => {
  // tailscale.serveNotEnabled etc. carry openSettings/command actions in the catalogue.
  const inputs = ['sudo: a password is required\n', 'Tailscale is stopped.\n', 'failed to connect to local tailscaled; it doesn\'t appear to be running\n'];
  for (const stdin of inputs) {
    const text = await runCli(['explain', '--side', 'remote'], { stdin });
    assert.doesNotMatch(text.stdout, /fix: .*\b(?:setting|command) tailspark\./);
    assert.doesNotMatch(text.stdout, /fix: .*tailspark\.[a-z]+\.[a-zA-Z]/);
  }
  assert.equal(cliFixText({ label: 'Show Log', action: { kind: 'command', command: 'tailspark.showLog' } }), 'run again with TAILSPARK_SSH_LOG=1 to see the SSH steps on stderr');
  assert.equal(cliFixText({ label: 'Open Settings', action: { kind: 'openSettings', setting: 'tailspark.spark.host' } }), 'pass --host NAME (MagicDNS name, host name, Tailscale IP or tag:…)');
});

test('apply/revert with an unavailable target: one sentence saying what is missing, no usage dump', async () => {
  const env = { HOME: tmp, TAILSPARK_STATE_DIR: join(tmp, 'state') };
  const cases: [string[], RegExp][] = [
    [['revert', '--target', 'vscode'], /needs --vscode-version V/],
    [['revert', '--target', 'settings'], /needs --settings FILE and at least one --settings-key KEY/],
    [['apply', '--target', 'nope', '--url', 'https://x.invalid/v1'], /unknown target "nope": use one of cursor, vscode, continue, settings/],
  ];
  for (const [args, reason] of cases) {
    const r = await runCli(args, { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, reason);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});
