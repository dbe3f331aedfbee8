// Several inference servers in a real extension host: two emulated Sparks on one tailnet
// (test/spark-sim/fleet.ts startSparks: two sshd, two serve fronts on different 127.x addresses,
// both peers in the client's `tailscale status`), configured as tailspark.servers. The status
// tooltip lists both with their health; switching (the tooltip's link = tailspark.chooseServer
// with a name) moves the Monitor, and the base URL written into a target, to the other Spark;
// Diagnose reports on each server, the active one first.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { TEST_COMMANDS } from '../../../src/core/commands';
import type { TailsparkApi } from '../../../src/extension';
import type { DoctorOutcome, ServerDiagnosis } from '../../../src/ui/commands/remote/doctorCommand';
import type { TargetsTestHooks } from '../../../src/ui/targets/index';
import type { RunningSpark } from '../../spark-sim';
import { type SparksRig, startSparksRig } from './sparkRig';

const SETTINGS_KEY = 'window.title';
/** A name as it appears inside a regular expression (the tooltip escapes Markdown, the test escapes the RegExp). */
const re = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

suite('several inference servers (two emulated Sparks)', () => {
  let rig: SparksRig;
  let a: RunningSpark;
  let b: RunningSpark;
  let api: TailsparkApi;
  let hooks: TargetsTestHooks;

  async function until(what: string, ok: () => boolean, timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!ok()) {
      if (Date.now() > end) {
        const s = api.getState();
        const hooks = (await vscode.commands.executeCommand(TEST_COMMANDS.targets)) as { reports(): readonly unknown[] } | undefined;
        assert.fail(
          `${what}: not reached; active ${s.phase} ${s.serve?.baseUrl ?? ''}; servers ${JSON.stringify(api.test!.servers().map((r) => [r.name, r.active, r.state.phase, r.state.serve?.baseUrl, r.state.findings.map((f) => f.code)]))}; auto-configure reports ${JSON.stringify(hooks?.reports().slice(-4))}`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  suiteSetup(async function () {
    this.timeout(240_000);
    rig = await startSparksRig('servers');
    [a, b] = rig.sparks;
    api = rig.api;
    hooks = (await vscode.commands.executeCommand('tailspark.test.targets')) as TargetsTestHooks;
    hooks.setOverrides({ stateDir: join(rig.dir, 'state'), home: join(rig.dir, 'home'), vscodeUserDir: join(rig.dir, 'User'), isCursor: false });
    // One target, a user setting: the base URL it holds shows where the editor points.
    await rig.set('targets.continue', false);
    await rig.set('targets.vscodeCustomEndpoint', false);
    await rig.set('targets.cursor', false);
    await rig.set('targets.settingsKeys', [{ key: SETTINGS_KEY, suffix: '' }]);
    await rig.set('autoConfigure', 'auto');
    await rig.set('poll.otherServersSeconds', 15);
    await rig.set('activeServer', 'Spark A');
    await rig.set('servers', [
      { name: 'Spark A', host: a.magicDnsName, unit: 'sglang.service', sshTarget: a.hostName },
      { name: 'Spark B', host: b.magicDnsName, unit: 'sglang.service', sshTarget: b.hostName },
    ]);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    await vscode.workspace.getConfiguration().update(SETTINGS_KEY, undefined, vscode.ConfigurationTarget.Global);
    await hooks?.idle();
    hooks?.setOverrides({});
    await rig?.dispose();
  });

  test('the tooltip lists both servers with their health; the active one is A and the target holds its URL', async function () {
    this.timeout(120_000);
    await until('A active and ready', () => api.getState().phase === 'ready' && api.getState().serve?.baseUrl === a.baseUrl);
    await until('B watched in the background and ready', () => api.test!.servers().some((r) => r.name === 'Spark B' && !r.active && r.state.phase === 'ready' && r.state.serve?.baseUrl === b.baseUrl));
    await until('the target holds A’s URL', () => vscode.workspace.getConfiguration().inspect<string>(SETTINGS_KEY)?.globalValue === a.baseUrl);
    const tooltip = api.getStatusView()!.tooltip;
    assert.match(tooltip, /\*\*Inference servers\*\*/);
    assert.match(tooltip, new RegExp(`\\*\\*Spark A\\*\\* \\(active\\) · \`${re(a.magicDnsName)}:30001\` · Qwen2\\\\\\.5\\\\-7B`));
    const link = `command:tailspark.chooseServer?${encodeURIComponent(JSON.stringify(['Spark B']))}`;
    assert.ok(tooltip.includes(`[Spark B](${link}) · \`${b.magicDnsName}:30001\` · Qwen2\\.5\\-7B`), tooltip);
  });

  test('switching (the tooltip link) moves the Monitor and the base URL to B; A is watched in the background', async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('tailspark.chooseServer', 'Spark B');
    assert.equal(vscode.workspace.getConfiguration('tailspark').get('activeServer'), 'Spark B');
    await until('B active and ready', () => api.getState().phase === 'ready' && api.getState().serve?.baseUrl === b.baseUrl);
    await until('the target follows to B’s URL', () => vscode.workspace.getConfiguration().inspect<string>(SETTINGS_KEY)?.globalValue === b.baseUrl);
    await until('A in the background', () => api.test!.servers().some((r) => r.name === 'Spark A' && !r.active && r.state.phase === 'ready'));
    assert.match(api.getStatusView()!.tooltip, /\*\*Spark B\*\* \(active\)/);
  });

  test('A stopped while B is active: A’s line says so, the active server is untouched', async function () {
    this.timeout(120_000);
    await a.stopServer();
    await until('A shows as stopped', () => {
      void api.test!.refreshServers();
      return api.test!.servers().some((r) => r.name === 'Spark A' && r.state.phase === 'serverStopped');
    });
    assert.equal(api.getState().serve?.baseUrl, b.baseUrl);
    assert.match(api.getStatusView()!.tooltip, new RegExp(`\\[Spark A\\]\\([^)]*\\) · \`${re(a.magicDnsName)}:30001\` · Spark: server stopped`));
  });

  test('Diagnose with A stopped: one section per server, the active B first and healthy, A failing on its service', async function () {
    this.timeout(180_000);
    const out = (await vscode.commands.executeCommand('tailspark.doctor')) as DoctorOutcome;
    assert.ok(out.servers, 'a report per server');
    const summary = out.servers.map((s) => `${s.name}: ${s.verdict.status} ${s.verdict.text}\n${s.report.checks.map((c) => `  ${c.status} ${c.id}: ${c.summary}`).join('\n')}`).join('\n');
    assert.deepEqual(
      out.servers.map((s) => [s.name, s.active]),
      [
        ['Spark B', true],
        ['Spark A', false],
      ],
      summary,
    );
    const [rb, ra] = out.servers as [ServerDiagnosis, ServerDiagnosis];
    const status = (s: ServerDiagnosis, id: string) => s.report.checks.find((c) => c.id === id)?.status;
    // Each server diagnosed with its own settings: its own peer, its own SSH login, its own URL.
    assert.equal(rb.report.spark, b.magicDnsName, summary);
    assert.equal(ra.report.spark, a.magicDnsName, summary);
    assert.equal(rb.report.baseUrl, b.baseUrl, summary);
    assert.equal(ra.report.baseUrl, a.baseUrl, summary);
    assert.equal(rb.verdict.status, 'pass', summary);
    for (const id of ['client.ping', 'ssh.login', 'server.service', 'http.probe', 'editor.targets']) assert.equal(status(rb, id), 'pass', `B ${id}\n${summary}`);
    assert.equal(ra.verdict.status, 'fail', summary);
    assert.equal(status(ra, 'ssh.login'), 'pass', `A is reachable over SSH\n${summary}`);
    assert.equal(status(ra, 'server.service'), 'fail', `A's service is stopped\n${summary}`);
    assert.equal(status(ra, 'editor.targets'), undefined, 'the editor targets hold the active server’s URL: checked in its section only');
    // The active server's report is the outcome's report (what one-server callers read).
    assert.equal(out.report, rb.report);

    // The panel: a section per server, in that order, each headed by name and verdict.
    const html = out.panel!.webview.html;
    const sections = [...html.matchAll(/<section class="server verdict-(\w+)" data-server="\d"><h2 class="server-title">(.*?)<\/h2>/g)].map((m) => [m[1], m[2]!.replace(/<[^>]+>/g, '')]);
    assert.deepEqual(sections, [
      ['pass', `✓ Server &quot;Spark B&quot; (${b.magicDnsName}:30001) — ${rb.verdict.text}`],
      ['fail', `✗ Server &quot;Spark A&quot; (${a.magicDnsName}:30001) — ${ra.verdict.text}`],
    ]);
    // The Markdown (Copy as Markdown) has the same sections, like `tailspark doctor`.
    assert.deepEqual([...out.markdown.matchAll(/^# Server "([^"]+)"/gm)].map((m) => m[1]), ['Spark B', 'Spark A']);
    out.panel!.dispose();
  });
});
