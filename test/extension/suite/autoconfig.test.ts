// Automatic configuration of the base URL in a real extension host (code-server): the real
// Monitor probes a small OpenAI-compatible server on 127.0.0.1, the real controller plans and
// writes real targets — Continue's config.yaml and the VS Code Custom Endpoint file in a temp
// folder, and a real user setting (window.title, as a "settings key" target) through the
// configuration API. Prompts are answered by the test through the targets' test hooks.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TailsparkApi } from '../../../src/extension';
import type { AutoRunReport } from '../../../src/ui/targets/controller';
import type { TargetsTestHooks } from '../../../src/ui/targets/index';
import type { Change, TargetPrompts } from '../../../src/ui/targets/prompts';

const EXTENSION_ID = 'tailspark.tailspark';
const SETTINGS_KEY = 'window.title';
const TAILSPARK_KEYS = ['spark.host', 'baseUrl', 'autoConfigure', 'targets.settingsKeys', 'targets.continue', 'targets.vscodeCustomEndpoint', 'targets.cursor'];
const CONTINUE_YAML = `# my Continue config — this comment must survive
name: Local Assistant
version: 1.0.0
schema: v1
models:
  - name: GPT-4o   # the user's own model
    provider: openai
    model: gpt-4o
    apiKey: sk-not-a-real-key
`;

/** A minimal OpenAI-compatible server: GET /v1/models, switchable to "down" (503). */
interface FakeServer {
  url: string;
  down: boolean;
  models: number;
  close(): Promise<void>;
}

async function startServer(model: string): Promise<FakeServer> {
  const state = { down: false, models: 0 };
  const server: Server = createServer((req, res) => {
    if (req.url === '/v1/models' && !state.down) {
      state.models++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: model, object: 'model', created: 0, owned_by: 'test', max_model_len: 8192 }] }));
      return;
    }
    res.writeHead(state.down ? 503 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: state.down ? 'down' : 'not found' } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get down() {
      return state.down;
    },
    set down(v: boolean) {
      state.down = v;
    },
    get models() {
      return state.models;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

suite('auto-configure the base URL', () => {
  let api: TailsparkApi;
  let hooks: TargetsTestHooks;
  let dir: string;
  let continuePath: string;
  let userDir: string;
  let a: FakeServer;
  let b: FakeServer;
  const config = () => vscode.workspace.getConfiguration('tailspark');
  const g = vscode.ConfigurationTarget.Global;
  const asked: Array<{ kind: string; url: string; changes?: Change[] }> = [];
  const notes: Array<{ severity: string; message: string }> = [];
  let applyAnswer: Awaited<ReturnType<TargetPrompts['askApply']>> = 'apply';

  const settingValue = () => vscode.workspace.getConfiguration().inspect<string>(SETTINGS_KEY)?.globalValue;
  const continueText = () => readFileSync(continuePath, 'utf8');
  const endpointFile = () => join(userDir, 'chatLanguageModels.json');

  /** Waits for an automatic run (started by the Monitor/settings, not by the test) about `url`. */
  async function nextReport(from: number, url: string, timeoutMs = 30_000): Promise<AutoRunReport> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = hooks.reports().slice(from).find((r) => r.url === url && r.result !== 'unverified');
      if (found) {
        await hooks.idle();
        return found;
      }
      if (Date.now() > end) assert.fail(`no auto-configure run for ${url}; runs: ${JSON.stringify(hooks.reports().slice(from).map((r) => [r.reason, r.result, r.url]))}; state ${api.getState().phase}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function useServer(server: FakeServer): Promise<number> {
    await hooks.idle();
    const from = hooks.reports().length;
    await config().update('baseUrl', server.url, g);
    return from;
  }

  async function revertAll(): Promise<void> {
    hooks.setPrompts({ ...prompts, pickRevert: async (items) => items.map((i) => i.id) });
    await vscode.commands.executeCommand('tailspark.revertBaseUrl');
    hooks.setPrompts(prompts);
  }

  const prompts: Partial<TargetPrompts> = {
    askApply: async ({ url, changes }) => {
      asked.push({ kind: 'askApply', url, changes });
      return applyAnswer;
    },
    confirmApply: async ({ url, changes }) => {
      asked.push({ kind: 'confirmApply', url, changes });
      return true;
    },
    notify: async (severity, message) => {
      notes.push({ severity, message });
      return undefined;
    },
  };

  suiteSetup(async function () {
    this.timeout(60_000);
    dir = mkdtempSync(join(tmpdir(), 'tailspark-ext-autoconfig-'));
    continuePath = join(dir, 'home', '.continue', 'config.yaml');
    mkdirSync(join(dir, 'home', '.continue'), { recursive: true });
    writeFileSync(continuePath, CONTINUE_YAML);
    userDir = join(dir, 'User');
    mkdirSync(userDir);
    a = await startServer('model-a');
    b = await startServer('model-b');

    const ext = vscode.extensions.getExtension<TailsparkApi>(EXTENSION_ID)!;
    api = await ext.activate();
    hooks = (await vscode.commands.executeCommand('tailspark.test.targets')) as TargetsTestHooks;
    assert.ok(hooks, 'the targets test hooks are registered (ExtensionMode.Test)');
    hooks.setOverrides({ stateDir: join(dir, 'state'), home: join(dir, 'home'), continueConfigPath: continuePath, vscodeUserDir: userDir, isCursor: false });
    hooks.setPrompts(prompts);
    await config().update('targets.settingsKeys', [{ key: SETTINGS_KEY, suffix: '' }], g);
    await config().update('autoConfigure', 'ask', g);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    for (const k of TAILSPARK_KEYS) await config().update(k, undefined, g);
    await vscode.workspace.getConfiguration().update(SETTINGS_KEY, undefined, g);
    await hooks?.idle();
    hooks?.setPrompts(undefined);
    hooks?.setOverrides({});
    await a?.close();
    await b?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('ask: once the Monitor verified the URL, asks with old and new values; Apply writes every target', async function () {
    this.timeout(60_000);
    const from = await useServer(a);
    await config().update('spark.host', 'spark-test', g);
    const report = await nextReport(from, a.url);
    assert.equal(report.mode, 'ask');
    assert.deepEqual(report.asked, ['askApply']);
    assert.equal(report.result, 'written');
    const question = asked.at(-1)!;
    assert.equal(question.url, a.url);
    assert.deepEqual(
      question.changes!.map((c) => [c.label.split(' ')[0], c.from ?? null, c.to]),
      [
        ['VS', null, a.url],
        ['Continue', null, a.url],
        ['Settings', null, a.url],
      ],
    );
    // Continue: our entry added, the user's comment, model and key untouched.
    const yaml = continueText();
    assert.ok(yaml.startsWith(CONTINUE_YAML.trimEnd()), 'everything the user wrote is kept byte for byte');
    assert.match(yaml, new RegExp(`apiBase: ${a.url.replace(/[./]/g, '\\$&')}`));
    assert.match(yaml, /model: model-a/);
    assert.equal(settingValue(), a.url);
    const group = JSON.parse(readFileSync(endpointFile(), 'utf8'))[0];
    assert.equal(group.models[0].url, a.url);
    // The server's 8192-token context split into prompt + answer (VS Code needs both).
    assert.equal(group.models[0].maxInputTokens, 6144);
    assert.equal(group.models[0].maxOutputTokens, 2048);
    // The status bar tooltip lists every target as in sync.
    assert.deepEqual(
      hooks.sync().map((s) => s.status),
      ['inSync', 'inSync', 'inSync'],
    );
    assert.deepEqual(api.getState().targets.map((t) => t.status), ['inSync', 'inSync', 'inSync']);
    assert.match(api.getStatusView()!.tooltip, /Continue/);
    assert.ok(notes.some((n) => n.severity === 'info' && n.message.includes(a.url)), 'the result is announced');
  });

  test('nothing to do when the targets already hold the URL: no second question', async function () {
    this.timeout(30_000);
    const before = asked.length;
    const r = await hooks.runNow('test: again');
    assert.equal(r.result, 'inSync');
    assert.equal(asked.length, before);
  });

  test('revert restores every target exactly (file bytes, absent setting, no endpoint group)', async function () {
    this.timeout(30_000);
    await revertAll();
    assert.equal(continueText(), CONTINUE_YAML);
    assert.equal(settingValue(), undefined);
    const groups = existsSync(endpointFile()) ? (JSON.parse(readFileSync(endpointFile(), 'utf8')) as Array<{ name: string }>) : [];
    assert.ok(!groups.some((x) => x.name === 'Tailspark (Spark)'), 'no Tailspark group left');
    assert.ok(hooks.sync().every((s) => s.status === 'differs'), JSON.stringify(hooks.sync()));
  });

  test('ask: "Not Now" writes nothing and is not asked again for the same URL', async function () {
    this.timeout(30_000);
    applyAnswer = 'notNow';
    const before = asked.length;
    const r1 = await hooks.runNow('test: not now');
    assert.equal(r1.result, 'declined');
    assert.equal(asked.length, before + 1);
    assert.equal(continueText(), CONTINUE_YAML);
    const r2 = await hooks.runNow('test: not now again');
    assert.equal(r2.result, 'answered');
    assert.equal(asked.length, before + 1, 'no second question');
    assert.equal(settingValue(), undefined);
  });

  test('ask: "Always" on a new URL writes it and switches the setting to auto', async function () {
    this.timeout(60_000);
    applyAnswer = 'always';
    const from = await useServer(b);
    const report = await nextReport(from, b.url);
    assert.deepEqual(report.asked, ['askApply']);
    assert.equal(report.result, 'written');
    assert.equal(config().get('autoConfigure'), 'auto');
    assert.equal(settingValue(), b.url);
    assert.match(continueText(), /model: model-b/);
  });

  test('auto: when the verified URL changes, every target follows without a question', async function () {
    this.timeout(60_000);
    const before = asked.length;
    const from = await useServer(a);
    const report = await nextReport(from, a.url);
    assert.equal(report.mode, 'auto');
    assert.deepEqual(report.asked, []);
    assert.equal(report.result, 'written');
    assert.equal(asked.length, before);
    assert.equal(settingValue(), a.url);
    assert.match(continueText(), new RegExp(`apiBase: ${a.url.replace(/[./]/g, '\\$&')}`));
    // Revert goes back to the value from BEFORE Tailspark, not to the URL of server b.
    await revertAll();
    assert.equal(continueText(), CONTINUE_YAML);
    assert.equal(settingValue(), undefined);
  });

  test('never writes a URL that does not answer now, even if the Monitor said ready a moment ago', async function () {
    this.timeout(30_000);
    assert.equal(config().get('autoConfigure'), 'auto');
    a.down = true;
    try {
      const r = await hooks.runNow('test: server went down');
      assert.equal(r.result, 'unverified');
      assert.ok(r.finding, 'with the probe finding');
      assert.equal(continueText(), CONTINUE_YAML);
      assert.equal(settingValue(), undefined);
    } finally {
      a.down = false;
    }
  });

  test('off: nothing is written; the targets are reported as differing', async function () {
    this.timeout(60_000);
    await hooks.idle();
    const fromOff = hooks.reports().length;
    await config().update('autoConfigure', 'off', g);
    await nextReport(fromOff, a.url); // the settings change re-runs on the current URL
    const from = await useServer(b);
    const report = await nextReport(from, b.url);
    assert.equal(report.result, 'off');
    assert.deepEqual(report.asked, []);
    assert.equal(continueText(), CONTINUE_YAML);
    assert.equal(settingValue(), undefined);
    assert.deepEqual(api.getState().targets.map((t) => t.status), ['differs', 'differs', 'differs']);
  });

  test('ask: a newer URL supersedes an open question — it is dropped, the new URL is asked about at once, a late answer writes nothing', async function () {
    this.timeout(60_000);
    let open: (answer: 'apply') => void = () => {};
    const neverAnswered = new Promise<'apply'>((r) => {
      open = r;
    });
    hooks.setPrompts({
      ...prompts,
      askApply: async ({ url, changes }) => {
        asked.push({ kind: 'askApply', url, changes });
        // The question about b stays open (a notification nobody answers); a's is declined.
        return url === b.url ? neverAnswered : 'notNow';
      },
    });
    try {
      await hooks.idle();
      const from = hooks.reports().length;
      const before = asked.length;
      await config().update('autoConfigure', 'ask', g); // re-runs on b, and asks
      const deadline = Date.now() + 20_000;
      while (!asked.slice(before).some((q) => q.url === b.url)) {
        if (Date.now() > deadline) assert.fail('the question about b was not asked');
        await new Promise((r) => setTimeout(r, 100));
      }
      // While the question is open, the Spark's URL changes to a.
      await config().update('baseUrl', a.url, g);
      const dropped = await nextReport(from, b.url);
      assert.equal(dropped.result, 'superseded', 'the open question does not hold up the newer URL');
      assert.deepEqual(dropped.outcomes, []);
      // The run for a comes without waiting for the old answer (a was answered "Not Now" in an
      // earlier test, so the ledger keeps it from being asked again: 'answered').
      const next = await nextReport(from, a.url);
      assert.ok(['answered', 'declined'].includes(next.result), `the newer URL was handled at once: ${next.result}`);
      open('apply'); // the user clicks "Apply" on the old question, much later
      await hooks.idle();
      assert.equal(continueText(), CONTINUE_YAML);
      assert.equal(settingValue(), undefined);
      assert.ok(!hooks.reports().slice(from).some((r) => r.result === 'written'), 'nothing was written for either URL');
    } finally {
      hooks.setPrompts(prompts);
    }
    await config().update('autoConfigure', 'off', g);
    const back = await useServer(b);
    assert.equal((await nextReport(back, b.url)).result, 'off');
  });

  test('Write Base URL command: confirmation with old → new, then writes; disabled targets are left alone', async function () {
    this.timeout(60_000);
    await config().update('targets.vscodeCustomEndpoint', false, g);
    await hooks.idle();
    const before = asked.length;
    rmSync(endpointFile(), { force: true });
    await vscode.commands.executeCommand('tailspark.applyBaseUrl');
    const q = asked.slice(before).find((x) => x.kind === 'confirmApply');
    assert.ok(q, 'asked for confirmation');
    assert.deepEqual(q.changes!.map((c) => c.label.split(' ')[0]), ['Continue', 'Settings']);
    assert.equal(settingValue(), b.url);
    assert.match(continueText(), /model: model-b/);
    assert.equal(existsSync(endpointFile()), false, 'the disabled VS Code endpoint target was not written');
    assert.deepEqual(
      hooks.sync().map((s) => [s.id, s.status]),
      [
        ['continue', 'inSync'],
        ['settings-keys', 'inSync'],
        ['vscode-custom-endpoint', 'disabled'],
      ],
    );
    await revertAll();
    assert.equal(continueText(), CONTINUE_YAML);
  });

  test('the target pick shows current values and stores the choice in tailspark.targets.*', async function () {
    this.timeout(30_000);
    let shown: readonly vscode.QuickPickItem[] = [];
    await hooks.pickTargets((items) => {
      shown = items;
      return items.filter((i) => i.label.startsWith('VS Code') || i.label.startsWith('Settings'));
    });
    const byLabel = (p: string) => shown.find((i) => i.label.startsWith(p))!;
    assert.equal(byLabel('Continue').picked, true);
    assert.equal(byLabel('VS Code').picked, false);
    assert.match(byLabel('Continue').detail ?? '', /differs/);
    assert.equal(config().inspect('targets.continue')?.globalValue, false, 'unticked Continue is now off');
    assert.equal(config().inspect('targets.vscodeCustomEndpoint')?.globalValue, true, 'ticked VS Code endpoint is now on');
  });

  test('a settings key no installed extension declares: a clear finding, nothing claimed', async function () {
    this.timeout(30_000);
    const missing = 'tailsparkTest.notInstalled.baseUrl';
    await config().update('targets.vscodeCustomEndpoint', false, g);
    await config().update('targets.settingsKeys', [{ key: missing, suffix: '' }], g);
    await hooks.idle();
    const before = notes.length;
    await vscode.commands.executeCommand('tailspark.applyBaseUrl');
    const error = notes.slice(before).find((n) => n.severity === 'error');
    assert.ok(error, `an error is shown; notes: ${JSON.stringify(notes.slice(before))}`);
    assert.match(error.message, /Settings key list is invalid/);
    assert.match(error.message, new RegExp(missing.replace(/\./g, '\\.')));
    assert.ok(!notes.slice(before).some((n) => n.severity === 'info' && n.message.includes('now used by')), 'no success message');
    assert.deepEqual(
      hooks.sync().filter((x) => x.id === 'settings-keys').map((x) => x.status),
      ['differs'],
    );
  });
});
