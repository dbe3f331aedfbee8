// Cursor's native base URL in a real extension host, with the truth about reachability: Cursor's
// cloud makes the requests, so a tailnet-only URL is never written silently and never reported
// as working. The Cursor target works on a real state.vscdb (test fixture schema) in a temp dir;
// "Cursor is running" is a stand-in process that holds the database open and writes its cached
// value back on SIGTERM, exactly like Cursor; the real detached writer (dist/cursor-db-helper.js)
// waits for it to exit.
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Database } from 'node-sqlite3-wasm';
import * as vscode from 'vscode';
import { CURSOR_APPLICATION_USER_KEY } from '../../../src/core/targets/cursorPaths';
import type { TailsparkApi } from '../../../src/extension';
import type { AutoRunReport } from '../../../src/ui/targets/controller';
import type { TargetsTestHooks } from '../../../src/ui/targets/index';
import type { TargetPrompts, UnreachableAnswer } from '../../../src/ui/targets/prompts';
import { APPLICATION_USER_JSON, buildStateDb } from '../../fixtures/targets/stateDb';

const EXTENSION_ID = 'tailspark.tailspark';
const KEYS = ['spark.host', 'baseUrl', 'autoConfigure'];

function readCursorRow(db: string): string {
  const conn = new Database(db, { fileMustExist: true, readOnly: true });
  try {
    conn.exec('PRAGMA busy_timeout = 5000'); // the background writer may be mid-transaction
    const row = conn.get('SELECT value FROM ItemTable WHERE key = ?', CURSOR_APPLICATION_USER_KEY) as { value: string | Uint8Array } | null;
    assert.ok(row, 'applicationUser row exists');
    return typeof row.value === 'string' ? row.value : Buffer.from(row.value).toString('utf8');
  } finally {
    conn.close();
  }
}

suite('auto-configure: Cursor native base URL', () => {
  let api: TailsparkApi;
  let hooks: TargetsTestHooks;
  let dir: string;
  let db: string;
  let server: Server;
  let url: string;
  let fakeCursor: ChildProcess | undefined;
  const config = () => vscode.workspace.getConfiguration('tailspark');
  const g = vscode.ConfigurationTarget.Global;
  const asked: Array<{ kind: string; info: unknown }> = [];
  const notes: Array<{ severity: string; message: string }> = [];
  let unreachableAnswer: UnreachableAnswer | undefined;

  const prompts: Partial<TargetPrompts> = {
    askApply: async (info) => {
      asked.push({ kind: 'askApply', info });
      return 'apply';
    },
    confirmApply: async (info) => {
      asked.push({ kind: 'confirmApply', info });
      return true;
    },
    cursorUnreachable: async (info) => {
      asked.push({ kind: 'cursorUnreachable', info });
      return unreachableAnswer;
    },
    cursorRestart: async (info) => {
      asked.push({ kind: 'cursorRestart', info });
      return 'nextClose';
    },
    notify: async (severity, message) => {
      notes.push({ severity, message });
      return undefined;
    },
  };

  const cursorSync = () => hooks.sync().find((s) => s.id === 'cursor');
  const originalUrl = () => JSON.parse(readCursorRow(db)).openAIBaseUrl as string;

  async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  suiteSetup(async function () {
    this.timeout(60_000);
    dir = mkdtempSync(join(tmpdir(), 'tailspark-ext-cursor-'));
    db = join(dir, 'Cursor', 'User', 'globalStorage', 'state.vscdb');
    mkdirSync(join(dir, 'Cursor', 'User', 'globalStorage'), { recursive: true });
    buildStateDb(db, { kvRows: 20 });
    mkdirSync(join(dir, 'home', '.continue'), { recursive: true });
    writeFileSync(join(dir, 'home', '.continue', 'config.yaml'), 'name: Local\nversion: 1.0.0\nschema: v1\n');
    server = createServer((req, res) => {
      if (req.url === '/v1/models') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: 'Qwen/Qwen2.5-7B-Instruct', object: 'model', max_model_len: 32768 }] }));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;

    api = await vscode.extensions.getExtension<TailsparkApi>(EXTENSION_ID)!.activate();
    hooks = (await vscode.commands.executeCommand('tailspark.test.targets')) as TargetsTestHooks;
    hooks.setOverrides({ stateDir: join(dir, 'state'), home: join(dir, 'home'), isCursor: true, cursorDbPath: db });
    hooks.setPrompts(prompts);
    await config().update('autoConfigure', 'auto', g);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    if (fakeCursor && fakeCursor.exitCode === null) fakeCursor.kill('SIGKILL');
    for (const k of KEYS) await config().update(k, undefined, g);
    await hooks?.idle();
    hooks?.setPrompts(undefined);
    hooks?.setOverrides({});
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('auto with a tailnet-only URL: Continue is written, Cursor is NOT — and the user is told why, once', async function () {
    this.timeout(60_000);
    await hooks.idle();
    const from = hooks.reports().length;
    await config().update('baseUrl', url, g);
    await config().update('spark.host', 'spark-test', g);
    let report: AutoRunReport | undefined;
    await until('an auto-configure run', () => {
      report = hooks.reports().slice(from).find((r) => r.url === url && r.result !== 'unverified');
      return report !== undefined;
    });
    await hooks.idle();
    assert.equal(report!.mode, 'auto');
    assert.equal(report!.result, 'written');
    assert.deepEqual(report!.asked, ['cursorUnreachable'], 'no apply question in auto mode; the Cursor truth is told');
    assert.deepEqual(
      report!.outcomes.map((o) => [o.targetId, o.result.status, o.works]),
      [['continue', 'written', true]],
    );
    const info = asked.find((x) => x.kind === 'cursorUnreachable')!.info as { url: string; reason: string; funnelPossible: boolean; funnelWhyNot?: string };
    assert.equal(info.url, url);
    assert.match(info.reason, /Cursor's servers make the requests/);
    assert.equal(info.funnelPossible, false, 'Funnel is only offered with an enforced API key');
    assert.match(info.funnelWhyNot ?? '', /API key/);
    assert.equal(originalUrl(), 'https://api.openai.com/v1', "Cursor's value is untouched");
    assert.equal(cursorSync()?.status, 'unreachable');
    assert.equal(hooks.sync().find((s) => s.id === 'continue')?.status, 'inSync');
    const announced = notes.filter((n) => n.severity === 'info').map((n) => n.message).join('\n');
    assert.match(announced, /Continue/);
    assert.doesNotMatch(announced, /Cursor \(native/, 'Cursor is never announced as configured');
    assert.match(api.getStatusView()!.tooltip, /Cursor/);

    const again = await hooks.runNow('test: same URL');
    assert.deepEqual(again.asked, [], 'the Cursor explanation is not repeated for the same URL');
  });

  test('"Write Anyway" while Cursor runs: a background writer waits for Cursor to close; afterwards the value is verified but reported as unreachable, never as working', async function () {
    this.timeout(90_000);
    const wasm = require.resolve('node-sqlite3-wasm');
    fakeCursor = spawn(process.execPath, [resolve(__dirname, '../../fixtures/targets/fakeCursor.cjs'), db, wasm], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    await new Promise<void>((r) => fakeCursor!.stdout!.on('data', (d) => String(d).includes('ready') && r()));

    unreachableAnswer = 'writeAnyway';
    const before = asked.length;
    await vscode.commands.executeCommand('tailspark.applyBaseUrl');
    assert.deepEqual(
      asked.slice(before).map((x) => x.kind),
      ['cursorUnreachable', 'cursorRestart'],
      'told the truth, then asked when to apply',
    );
    assert.equal(cursorSync()?.status, 'pendingRestart');
    assert.equal(originalUrl(), 'https://api.openai.com/v1', 'nothing written while Cursor runs');

    // Cursor quits: it writes its cached row back (as Cursor does), then the helper writes ours.
    fakeCursor.kill('SIGTERM');
    await until(
      'the background writer to write',
      () => {
        try {
          return originalUrl() === url;
        } catch (err) {
          if (/locked|busy/i.test(String(err))) return false; // its transaction is still open: look again
          throw err;
        }
      },
      30_000,
    );
    const row = JSON.parse(readCursorRow(db));
    assert.equal(row.useOpenAIKey, true);
    const { openAIBaseUrl: _u, useOpenAIKey: _k, ...rest } = row;
    const { openAIBaseUrl: _u0, useOpenAIKey: _k0, ...restBefore } = JSON.parse(APPLICATION_USER_JSON);
    assert.deepEqual(rest, restBefore, 'every other Cursor setting is preserved');

    await hooks.checkCursorWrite();
    assert.equal(cursorSync()?.status, 'unreachable', 'holds the URL, but Cursor cannot use it: not "in sync"');
    assert.ok(!notes.some((n) => n.severity === 'info' && /Cursor \(native/.test(n.message)), 'never announced as working');
  });

  test('with an API key the server enforces, Funnel is offered as the way to make Cursor work', async function () {
    this.timeout(60_000);
    const KEY = 'sk-test-enforced';
    const keyed = createServer((req, res) => {
      if (req.headers.authorization !== `Bearer ${KEY}`) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'Invalid API key' } }));
        return;
      }
      res.writeHead(req.url === '/v1/models' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'Qwen/Qwen2.5-7B-Instruct', object: 'model' }] }));
    });
    await new Promise<void>((r) => keyed.listen(0, '127.0.0.1', r));
    const keyedUrl = `http://127.0.0.1:${(keyed.address() as AddressInfo).port}/v1`;
    try {
      await hooks.setApiKey(KEY);
      unreachableAnswer = undefined;
      await hooks.idle();
      const from = hooks.reports().length;
      const before = asked.length;
      await config().update('baseUrl', keyedUrl, g);
      await until('an auto-configure run for the keyed server', () => hooks.reports().slice(from).some((r) => r.url === keyedUrl && r.result !== 'unverified'));
      await hooks.idle();
      const q = asked.slice(before).find((x) => x.kind === 'cursorUnreachable');
      assert.ok(q, 'the Cursor truth is told for the new URL');
      const info = q.info as { url: string; funnelPossible: boolean; funnelWhyNot?: string };
      assert.equal(info.url, keyedUrl);
      assert.equal(info.funnelPossible, true);
      assert.equal(info.funnelWhyNot, undefined);
      assert.equal(originalUrl(), url, "Cursor's value is not changed by auto-configuration");
    } finally {
      await hooks.setApiKey(undefined);
      await config().update('baseUrl', url, g);
      await new Promise<void>((r) => keyed.close(() => r()));
    }
  });

  test('revert restores Cursor\'s row exactly as it was', async function () {
    this.timeout(30_000);
    hooks.setPrompts({ ...prompts, pickRevert: async (items) => items.filter((i) => i.id === 'cursor').map((i) => i.id) });
    try {
      await vscode.commands.executeCommand('tailspark.revertBaseUrl');
    } finally {
      hooks.setPrompts(prompts);
    }
    assert.equal(readCursorRow(db), APPLICATION_USER_JSON);
  });
});
