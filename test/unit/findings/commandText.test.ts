// A fix's command as the user sees or copies it: every renderer (the VS Code fix runner, the CLI
// and the doctor report) must print a line that a POSIX shell splits back into exactly the argv
// the fix carries — even for values like "vllm; rm -rf /" or "$(id)". The check is real: each
// rendered line runs through /bin/sh -c behind `printf '%s\n'`, which prints one argument per line.
// Safety net should quoting ever break: the shell runs with a PATH that holds no programs (printf
// is a builtin), so "rm" or "id" cannot run, in an empty scratch folder with one file so that an
// unquoted * would visibly expand.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { formatFinding } from '../../../src/cli/io';
import { classifyCliOutput } from '../../../src/core/classify';
import { renderReport } from '../../../src/core/doctor/report';
import type { DoctorReport } from '../../../src/core/doctor/types';
import { type Finding, type FixAction, makeFinding } from '../../../src/core/findings';

const HOSTILE = ['systemctl', 'restart', 'vllm; rm -rf /', '$(id)', '`id`', `it's "quoted"`, 'a  b', '*', '~root', '--x=$HOME', 'back\\slash', ''];

const scratch = mkdtempSync(join(tmpdir(), 'tailspark-quote-'));
writeFileSync(join(scratch, 'GLOBBED'), '');
after(() => rmSync(scratch, { recursive: true, force: true }));

/** What /bin/sh makes of `line`: one entry per argument. */
function shellArgs(line: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `printf '%s\\n' ${line}`], {
    encoding: 'utf8',
    cwd: scratch,
    env: { PATH: join(scratch, 'no-programs'), HOME: '/home/x' },
  });
  return out.split('\n').slice(0, -1);
}

function hostileFinding(): Finding {
  return {
    code: 'remote.commandFailed',
    severity: 'error',
    title: 'Command on the Spark failed (exit 1)',
    detail: 'detail',
    fixes: [{ label: 'Run It', action: { kind: 'remote', argv: HOSTILE, sudo: true } }],
  };
}

// ── VS Code: src/ui/fixes.ts with a stand-in `vscode` module that records what would be copied ──
const clipboard: string[] = [];
const fakeVscode = {
  l10n: { t: (msg: string, ...args: unknown[]) => msg.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)])) },
  window: { showInformationMessage: async (_msg: string, ...items: string[]) => items[0] },
  env: { clipboard: { writeText: async (text: string) => void clipboard.push(text) } },
  commands: { executeCommand: async () => undefined },
  Uri: { parse: (s: string) => s },
};
type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Loader };
const realLoad = loader._load;
loader._load = function (this: unknown, request, parent, isMain) {
  return request === 'vscode' ? fakeVscode : realLoad.call(this, request, parent, isMain);
};
// Loaded after the stand-in is in place (an import would be hoisted above it).
const uiFixes = require('../../../src/ui/fixes') as typeof import('../../../src/ui/fixes');
loader._load = realLoad;

/** runFixAction without a registered runner offers the command for copying: what lands on the clipboard. */
async function uiCopied(action: FixAction): Promise<{ copied: string; logged: string[] }> {
  const logged: string[] = [];
  const log = { trace() {}, debug() {}, info: (m: string) => void logged.push(m), warn() {}, error() {} };
  clipboard.length = 0;
  uiFixes.setRemoteFixRunner(undefined);
  await uiFixes.runFixAction(action, log);
  assert.equal(clipboard.length, 1);
  return { copied: clipboard[0]!, logged };
}

/** The command inside the CLI's `fix: <label> (on the Spark: <line>)` / `(run: <line>)`. */
function cliLine(f: Finding, label: string, prefix: 'on the Spark: ' | 'run: '): string {
  const head = `    fix: ${label} (${prefix}`;
  const line = formatFinding(f)
    .split('\n')
    .find((l) => l.startsWith(head));
  if (!line?.endsWith(')')) assert.fail(`no "${head}…)" line in:\n${formatFinding(f)}`);
  return line.slice(head.length, -1);
}

/** The inline code after `marker` on the report's fix line, read as CommonMark does. */
function reportLine(f: Finding, marker: string): string {
  const report: DoctorReport = {
    startedAt: '2026-11-29T10:00:00.000Z',
    durationMs: 1000,
    spark: 'spark-56d0',
    sshTarget: 'sparkuser@spark-56d0',
    baseUrl: null,
    checks: [{ id: 'x', group: 'server', title: 'Service', status: 'fail', summary: 'failed', findings: [f], durationMs: 5 }],
  } as DoctorReport;
  const md = renderReport(report);
  const line = md.split('\n').find((l) => l.includes(marker));
  if (line === undefined) assert.fail(`no "${marker}" line in:\n${md}`);
  const code = line.slice(line.indexOf(marker) + marker.length);
  const fence = /^`+/.exec(code)?.[0] ?? '';
  assert.ok(fence.length > 0 && code.endsWith(fence) && !code.endsWith(`\`${fence}`), `not one inline code span: ${code}`);
  const inner = code.slice(fence.length, -fence.length);
  return inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '' ? inner.slice(1, -1) : inner;
}

test('the shell check itself: joined (unquoted) words would NOT survive it', () => {
  const harmless = ['a  b', '$HOME', '*'];
  assert.deepEqual(shellArgs(harmless.join(' ')), ['a', 'b', '/home/x', 'GLOBBED']);
});

test('remote fix with hostile argv → VS Code copy text, CLI and doctor report are shell lines giving back the argv', async () => {
  const f = hostileFinding();
  const want = ['sudo', ...HOSTILE];
  const ui = await uiCopied(f.fixes[0]!.action!);
  assert.deepEqual(shellArgs(ui.copied), want);
  assert.deepEqual(shellArgs(ui.logged[0]!.replace(/^action: remote /, '')), want, 'the log line (describeAction) too');
  assert.deepEqual(shellArgs(cliLine(f, 'Run It', 'on the Spark: ')), want);
  assert.deepEqual(shellArgs(reportLine(f, 'run on the Spark: ')), want);
});

test('copy fix built by the catalogue from hostile values → the same in every renderer', async () => {
  const user = "bob'; reboot #$(id)`x`";
  const f = makeFinding('ssh.sudoNotAllowed', { user, host: 'spark' });
  const action = f.fixes[0]!.action!;
  assert.equal(action.kind, 'copy');
  const want = ['sudo', 'usermod', '-aG', 'sudo', user];
  assert.deepEqual(shellArgs((await uiCopied(action)).copied), want);
  assert.deepEqual(shellArgs(cliLine(f, 'Copy usermod Command', 'run: ')), want);
  assert.deepEqual(shellArgs(reportLine(f, 'copy ')), want);
});

test('classifier fix from the argv that ran (checkprefs denied on the Spark) → quoted everywhere', async () => {
  const argv = ['tailscale', 'set', '--hostname=$(id); rm -rf /', "it's"];
  const [f] = classifyCliOutput({ stdout: '', stderr: 'Access denied: checkprefs access denied\n', exitCode: 1, argv }, { side: 'remote' });
  assert.ok(f);
  assert.deepEqual(f.fixes[0]?.action, { kind: 'remote', argv, sudo: true });
  const want = ['sudo', ...argv];
  assert.deepEqual(shellArgs((await uiCopied(f.fixes[0]!.action!)).copied), want);
  assert.deepEqual(shellArgs(cliLine(f, 'Run With sudo', 'on the Spark: ')), want);
  assert.deepEqual(shellArgs(reportLine(f, 'run on the Spark: ')), want);
});

test('ssh copy commands quote host values and refuse option-like ones', () => {
  const unknown = makeFinding('ssh.hostKeyUnknown', { host: 'spark;id' });
  assert.deepEqual(unknown.fixes[0]?.action, { kind: 'copy', text: `ssh 'spark;id'` });
  assert.deepEqual(makeFinding('ssh.hostKeyUnknown', { host: '-oProxyCommand=id' }).fixes, []);
  const changed = makeFinding('ssh.hostKeyChanged', { host: 'spark', knownHostsName: '[spark]:2222', file: '/home/u/.ssh/known_hosts' });
  assert.deepEqual(changed.fixes[0]?.action, { kind: 'copy', text: `ssh-keygen -R '[spark]:2222' -f /home/u/.ssh/known_hosts` });
  const auth = makeFinding('ssh.authFailed', { user: 'u', host: 'spark$(id)' });
  assert.deepEqual(auth.fixes[0]?.action, { kind: 'copy', text: `ssh-copy-id 'u@spark$(id)'` });
});
