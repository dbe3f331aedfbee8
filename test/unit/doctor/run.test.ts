import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { actionableFindings, fixButtons, renderReport, runDoctor } from '../../../src/core/doctor';
import type { DoctorDeps } from '../../../src/core/doctor/types';
import { makeFinding } from '../../../src/core/findings';
import type { ProbeResult } from '../../../src/core/inference';
import type { CliRun } from '../../../src/core/tailnet/cliRunner';
import { type Answer, debInstall, FakeShell, SERVED_30001, SHOW_ACTIVE, SHOW_INACTIVE } from '../remote/fakeShell';

const STATUS_JSON = readFileSync(join(__dirname, '../../fixtures/tailscale/tailscale-status.json'), 'utf8');
const API_KEY = 'sk-test-abcdefghijklmnopqrstuv';

function local(args: string[]): CliRun {
  const ok = (stdout: string, code = 0, stderr = ''): CliRun => ({ ok: true, result: { stdout, stderr, code, argv: ['tailscale', ...args] } });
  if (args[0] === 'status') return ok(STATUS_JSON);
  if (args[0] === 'ping') return ok('pong from spark-56d0 (100.101.102.103) via 192.168.1.20:41641 in 2ms\n');
  if (args[0] === 'whois') return ok('Machine:\n  Name:          spark-56d0.tail1234.ts.net\n  ID:            nSpark56d011CNTRL\n  Addresses:     [100.101.102.103/32]\n  Tags:          tag:spark\n');
  return ok('', 1, 'unknown');
}

function sparkShell(over: (argv: readonly string[]) => Answer | undefined = () => undefined) {
  return new FakeShell((argv) => {
    const o = over(argv);
    if (o) return o;
    const d = debInstall(argv);
    if (d) return d;
    const line = argv.join(' ');
    if (line === 'id -un') return { stdout: 'sparkuser\n' };
    if (line === 'sudo -n true') return {};
    if (line === 'tailscale version') return { stdout: '1.86.2\n  tailscale commit: 0123\n' };
    if (line === 'tailscale debug prefs') return { stdout: JSON.stringify({ RunSSH: false, OperatorUser: 'sparkuser', Config: { PrivateNodeKey: 'privkey:1111111111111111111111111111' } }) };
    if (line === 'tailscale serve status --json') return { stdout: SERVED_30001 };
    if (line.startsWith('systemctl show')) return { stdout: SHOW_ACTIVE };
    if (argv[0] === 'journalctl') return { stdout: 'Nov 29 09:00:01 spark-56d0 vllm[4242]: INFO: Application startup complete.\n' };
    return undefined;
  });
}

const okProbe = async (baseUrl: string): Promise<ProbeResult> => ({
  ok: true,
  baseUrl,
  checkedAt: '2026-11-29T09:00:00Z',
  latencyMs: 31,
  server: { kind: 'vllm', version: '0.11.0' },
  models: [{ id: 'Qwen/Qwen2.5-7B-Instruct' }],
  findings: [],
});

function deps(over: Partial<DoctorDeps> = {}): DoctorDeps {
  const logged: string[] = [];
  return {
    hostSelector: '',
    serviceUnit: 'vllm',
    inferencePort: 30001,
    runLocal: async (args) => local(args),
    openShell: async () => sparkShell(),
    probe: okProbe,
    log: { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) },
    secrets: () => [API_KEY],
    ...over,
  };
}

test('healthy setup: every check passes and the report has one ✓ line per check', async () => {
  const seen: string[] = [];
  const report = await runDoctor(deps(), { onCheck: (r, done, total) => seen.push(`${done}/${total} ${r.id}`) });
  const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
  assert.equal(report.checks.length, 11);
  for (const c of report.checks) assert.equal(c.status, 'pass', `${c.id}: ${c.summary}`);
  assert.match(byId['client.status']!.summary, /^Running in example\.com, version 1\.\d+\.\d+.*; Spark spark-56d0\.tail1234\.ts\.net \(100\.101\.102\.103\) online, direct 192\.168\.1\.20:41641$/);
  assert.equal(byId['client.ping']!.summary, 'pong direct via 192.168.1.20:41641 in 2 ms');
  assert.equal(byId['server.service']!.summary, 'vllm.service: active (running) since Sun 2026-11-29 08:00:01 UTC, PID 4242');
  assert.equal(byId['http.probe']!.summary, 'https://spark-56d0.tail1234.ts.net/v1: vllm 0.11.0, models Qwen/Qwen2.5-7B-Instruct, 31 ms');
  assert.equal(report.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
  assert.equal(seen.length, 11);
  assert.ok(seen.includes('11/11 http.probe'));
  const md = renderReport(report, [API_KEY]);
  assert.match(md, /\*\*11 ✓ · 0 ✗ · 0 ⚠ · 0 skipped\*\*/);
  assert.match(md, /- ✓ \*\*SSH login and sudo\*\* — sparkuser@spark-56d0\.tail1234\.ts\.net:22: logged in as sparkuser/);
  assert.ok(!md.includes('privkey:1111'));
});

test('SSH fails: the Spark checks are skipped with the reason, the client checks and the probe still run', async () => {
  const sshFinding = makeFinding('ssh.connectTimeout', { host: 'spark-56d0.tail1234.ts.net', seconds: 10 });
  const report = await runDoctor(
    deps({
      openShell: async () => {
        throw Object.assign(new Error(sshFinding.title), { finding: sshFinding });
      },
    }),
  );
  const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
  assert.equal(byId['ssh.login']!.status, 'fail');
  assert.equal(byId['ssh.login']!.findings[0]!.code, 'ssh.connectTimeout');
  for (const id of ['server.version', 'server.install', 'server.prefs', 'server.serve', 'server.service', 'server.journal']) {
    assert.equal(byId[id]!.status, 'skip', id);
    assert.equal(byId[id]!.summary, 'no SSH connection to the Spark');
  }
  assert.equal(byId['client.ping']!.status, 'pass');
  // Without the serve config the probe uses the MagicDNS guess, and says so.
  assert.match(byId['http.probe']!.summary, /^https:\/\/spark-56d0\.tail1234\.ts\.net\/v1 \(guessed from the MagicDNS name\): vllm/);
  const md = renderReport(report);
  assert.match(md, /- ✗ \*\*SSH login and sudo\*\* — SSH to spark-56d0\.tail1234\.ts\.net timed out/);
  assert.match(md, /- – \*\*Serve config\*\* — no SSH connection to the Spark/);
});

// The journal fake never answers: only the check's own limit can end it (a hang fails the test by its timeout).
test('a hanging check hits its time limit; the others finish; the report says which one', { timeout: 10_000 }, async () => {
  const report = await runDoctor(deps({ openShell: async () => sparkShell((argv) => (argv[0] === 'journalctl' ? { hang: true } : undefined)) }), {
    timeoutsMs: { 'server.journal': 150 },
  });
  const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
  assert.equal(byId['server.journal']!.status, 'fail');
  assert.equal(byId['server.journal']!.findings[0]!.code, 'doctor.checkTimedOut');
  assert.equal(byId['server.service']!.status, 'pass');
  assert.equal(byId['http.probe']!.status, 'pass');
});

test('stopped service and an unreachable Spark: ✗ lines with fixes, offered as buttons', async () => {
  const report = await runDoctor(
    deps({
      runLocal: async (args) =>
        args[0] === 'ping' ? { ok: true, result: { stdout: 'ping "100.101.102.103" timed out\n', stderr: 'no reply\n', code: 1, argv: ['tailscale', ...args] } } : local(args),
      openShell: async () => sparkShell((argv) => (argv[1] === 'show' ? { stdout: SHOW_INACTIVE } : undefined)),
      probe: async (baseUrl) => ({
        ok: false,
        baseUrl,
        checkedAt: '',
        models: [],
        findings: [makeFinding('probe.badGateway', { url: baseUrl, status: 502 }, `Authorization: Bearer ${API_KEY}`)],
      }),
    }),
  );
  const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
  assert.equal(byId['client.ping']!.status, 'fail');
  assert.equal(byId['client.ping']!.findings[0]!.code, 'tailnet.pingFailed');
  assert.equal(byId['server.service']!.findings[0]!.code, 'service.notRunning');
  const md = renderReport(report, [API_KEY]);
  assert.match(md, /- ✗ \*\*Inference service\*\* — vllm\.service: inactive \(dead\)/);
  assert.match(md, /Fix — Start Service: run the command `tailspark\.service\.start`/);
  assert.ok(!md.includes(API_KEY), 'the API key never reaches the report');
  const codes = actionableFindings(report).map((f) => f.code);
  assert.deepEqual(codes.slice(0, 3), ['tailnet.pingFailed', 'service.notRunning', 'probe.badGateway']);
  // The notification offers the first runnable fix of each, at most three, each label once.
  assert.deepEqual(
    fixButtons(report).map((b) => b.label),
    ['Retry', 'Start Service', 'Show Server Log'],
  );
  assert.deepEqual(fixButtons(report)[1]!.action, { kind: 'command', command: 'tailspark.service.start' });
});

test('operator not set: ⚠ with the one-time sudo fix as a remote action', async () => {
  const report = await runDoctor(
    deps({ openShell: async () => sparkShell((argv) => (argv.join(' ') === 'tailscale debug prefs' ? { stdout: '{"RunSSH":false,"OperatorUser":""}' } : undefined)) }),
  );
  const prefs = report.checks.find((c) => c.id === 'server.prefs')!;
  assert.equal(prefs.status, 'warn');
  assert.match(prefs.summary, /RunSSH off; OperatorUser \(none\) — sparkuser is not the operator/);
  assert.deepEqual(prefs.findings[0]!.fixes[0]!.action, { kind: 'remote', argv: ['tailscale', 'set', '--operator=sparkuser'], sudo: true });
});

test('a healthy Spark with an unwritten editor target is ⚠ (advice with a fix), not "1 failed"', async () => {
  const report = await runDoctor(
    deps({
      targets: async () => [
        { name: 'Continue', ok: true, summary: 'inSync', findings: [] },
        { name: 'VS Code Custom Endpoint', ok: false, summary: 'differs', findings: [makeFinding('target.notWritten', { target: 'VS Code Custom Endpoint' })] },
      ],
    }),
  );
  const targets = report.checks.find((c) => c.id === 'editor.targets')!;
  assert.equal(targets.status, 'warn');
  assert.equal(targets.summary, '1 of 2 targets needs attention');
  assert.equal(report.checks.filter((c) => c.status === 'fail').length, 0);
});

test('"Last log lines" leaves out the access-log lines of polls (Tailspark\'s own /metrics and /v1/models requests)', async () => {
  const polls = Array.from({ length: 30 }, (_, i) =>
    i % 2 === 0
      ? `Nov 29 09:01:${String(i).padStart(2, '0')} spark-56d0 vllm[4242]: INFO:     100.64.0.2:5341${i % 10} - "GET /metrics HTTP/1.1" 200 OK`
      : `Nov 29 09:01:${String(i).padStart(2, '0')} spark-56d0 vllm[4242]: INFO:     100.64.0.2:5341${i % 10} - "GET /v1/models HTTP/1.1" 200 OK`,
  );
  const journal = [
    'Nov 29 09:00:01 spark-56d0 vllm[4242]: INFO: Application startup complete.',
    'Nov 29 09:00:40 spark-56d0 vllm[4242]: INFO:     100.64.0.2:53400 - "POST /v1/chat/completions HTTP/1.1" 200 OK',
    'Nov 29 09:00:50 spark-56d0 vllm[4242]: INFO:     100.64.0.2:53401 - "GET /v1/models HTTP/1.1" 401 Unauthorized',
    ...polls,
  ].join('\n');
  const report = await runDoctor(deps({ openShell: async () => sparkShell((argv) => (argv[0] === 'journalctl' ? { stdout: `${journal}\n` } : undefined)) }));
  const check = report.checks.find((c) => c.id === 'server.journal')!;
  assert.deepEqual(check.details, [
    'Nov 29 09:00:01 spark-56d0 vllm[4242]: INFO: Application startup complete.',
    'Nov 29 09:00:40 spark-56d0 vllm[4242]: INFO:     100.64.0.2:53400 - "POST /v1/chat/completions HTTP/1.1" 200 OK',
    'Nov 29 09:00:50 spark-56d0 vllm[4242]: INFO:     100.64.0.2:53401 - "GET /v1/models HTTP/1.1" 401 Unauthorized',
  ]);
});

test('tailscaled down on this machine: the HTTPS check of a tailnet URL is skipped with the cause, not failed as if the model were broken', async () => {
  let probed = 0;
  const report = await runDoctor(
    deps({
      baseUrlOverride: 'https://spark-56d0.tail1234.ts.net/v1',
      runLocal: async (args) => ({
        ok: true,
        result: { stdout: '', stderr: 'failed to connect to local tailscaled; it doesn\'t appear to be running (sudo systemctl start tailscaled ?)\n', code: 1, argv: ['tailscale', ...args] },
      }),
      probe: async (url) => {
        probed++;
        return okProbe(url);
      },
    }),
  );
  const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
  assert.equal(byId['client.status']!.status, 'fail');
  assert.equal(byId['http.probe']!.status, 'skip');
  assert.match(byId['http.probe']!.summary, /Tailscale does not work on this machine/);
  assert.equal(probed, 0);
});
