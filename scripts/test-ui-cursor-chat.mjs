// UI test of "Tailspark: Set Up Cursor Chat" for vLLM: the packaged .vsix in code-server, driven in
// real headless Chromium against the emulated Spark (vLLM). F1 → the command, answer the one modal,
// wait for the summary, screenshot it (media/screenshot-cursor-chat.png for the README), check the
// effect on the Spark (only /v1 public, on :8443; 443 untouched) and in Cursor's state.vscdb; then
// F1 → Undo and check the serve config is byte for byte what it was.
// code-server is not Cursor and the drop-ins must land in the emulated Spark's /etc/systemd/system:
// TAILSPARK_TEST_CURSOR_CHAT hands both in (read only with TAILSPARK_TEST=1).
// Prints "ui-cursor-chat: N passed, N failed"; exits non-zero on any failure.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import sqlite from 'node-sqlite3-wasm';
import { launchChromium, startCodeServer } from './lib/code-server.mjs';
import { startSparkForClient } from './lib/spark-client.mjs';
import { checkRunner, runFromPalette } from './lib/ui-checks.mjs';

const root = resolve(import.meta.dirname, '..');
const results = resolve(root, 'test-results');
mkdirSync(results, { recursive: true });
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const vsix = resolve(root, `tailspark-${version}.vsix`);
if (!process.argv.includes('--no-package')) {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
const nls = JSON.parse(readFileSync(resolve(root, 'package.nls.json'), 'utf8'));
const setupTitle = `Tailspark: ${nls['command.cursorChat.setup'].replace(/…$/, '')}`;
const undoTitle = `Tailspark: ${nls['command.cursorChat.undo']}`;

const CURSOR_KEY = 'src.vs.platform.reactivestorage.browser.reactiveStorageServiceImpl.persistentStorage.applicationUser';

/** A Cursor state.vscdb like the fixtures' (test/fixtures/targets): its two tables, the settings row. */
function buildCursorDb(path) {
  mkdirSync(dirname(path), { recursive: true });
  const conn = new sqlite.Database(path);
  try {
    conn.exec('CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)');
    conn.exec('CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)');
    conn.run('INSERT INTO ItemTable VALUES (?, ?)', [CURSOR_KEY, readFileSync(resolve(root, 'test', 'fixtures', 'targets', 'applicationUser.json'), 'utf8').trim()]);
  } finally {
    conn.close();
  }
}

function cursorSettings(path) {
  const conn = new sqlite.Database(path, { fileMustExist: true, readOnly: true });
  try {
    const row = conn.get('SELECT value FROM ItemTable WHERE key = ?', CURSOR_KEY);
    return JSON.parse(typeof row.value === 'string' ? row.value : Buffer.from(row.value).toString('utf8'));
  } finally {
    conn.close();
  }
}

const { checks, check, summary } = checkRunner();
const dir = mkdtempSync(join(tmpdir(), 'tailspark-ui-cursorchat-'));
let spark;
let server;
let browser;
try {
  const client = await startSparkForClient(dir, { flavor: 'vllm', timings: { loadMs: 600, warmupMs: 300, healthMs: 100 } });
  spark = client.spark;
  const host = spark.magicDnsName;
  const publicUrl = `https://${host}:8443/v1`;
  const db = join(dir, 'Cursor', 'User', 'globalStorage', 'state.vscdb');
  buildCursorDb(db);
  const seed = {
    systemdDir: join(dirname(spark.statePath), 'etc', 'systemd', 'system'),
    targets: { isCursor: true, cursorDbPath: db, stateDir: join(dir, 'targets-state'), home: join(dir, 'home') },
  };
  const settings = { ...client.settings, 'tailspark.autoConfigure': 'off', 'tailspark.poll.healthySeconds': 2, 'tailspark.service.readyTimeoutSeconds': 60 };
  server = await startCodeServer({
    installVsix: [vsix],
    smokeTestDriver: false,
    settings,
    machineSettings: settings,
    env: spark.clientEnv({ ...process.env, TAILSPARK_TEST: '1', TAILSPARK_TEST_CURSOR_CHAT: JSON.stringify(seed) }),
  });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 850 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`, { timeout: 120_000 });
  const statusItem = page.locator('.statusbar-item[id*="tailspark"]').first();
  const serveText = () => spark.runAsRoot('tailscale', ['serve', 'status', '--json']).stdout;
  const serveBefore = serveText();
  const unitBefore = spark.runAsRoot('systemctl', ['cat', 'vllm']).stdout;
  const dialog = page.locator('.monaco-dialog-box');

  /** Waits for a modal whose text matches; on timeout the error names what the notifications said. */
  async function waitForDialog(pattern, timeoutMs) {
    const end = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < end) {
      if (await dialog.isVisible().catch(() => false)) {
        last = ((await dialog.textContent().catch(() => '')) ?? '').trim();
        if (pattern.test(last)) return last;
      }
      await page.waitForTimeout(250);
    }
    const toasts = ((await page.locator('.notifications-toasts').textContent().catch(() => '')) ?? '').trim();
    throw new Error(`no dialog matching ${pattern} (dialog: "${last.slice(0, 300)}"; notifications: "${toasts.slice(0, 500)}")`);
  }

  await check('the workbench loads and the status bar shows the vLLM model as ready', async () => {
    // Generous: on a loaded machine the workbench and the extension host take minutes to come up.
    await page.locator('.monaco-workbench').waitFor({ timeout: 180_000 });
    await statusItem.waitFor({ state: 'visible', timeout: 180_000 }).catch(async (err) => {
      await page.screenshot({ path: resolve(results, 'ui-cursor-chat-no-status.png') });
      throw err;
    });
    const end = Date.now() + 120_000;
    while (!/Qwen2\.5-7B/.test((await statusItem.textContent().catch(() => '')) ?? '') && Date.now() < end) await page.waitForTimeout(250);
    if (!/Qwen2\.5-7B/.test((await statusItem.textContent()) ?? '')) throw new Error('the status bar never showed the model');
  });

  // Without the extension up there is nothing to drive: stop here instead of failing every check.
  if (!checks.at(-1)?.ok) throw new Error('the extension did not come up; the Cursor Chat checks were not run');

  await check(`F1 → "${setupTitle}": one modal, then the summary names https://HOST:8443/v1, the models and the paste step (screenshot)`, async () => {
    await runFromPalette(page, setupTitle);
    await waitForDialog(/Let Cursor's chat use the model/, 20_000);
    await dialog.getByRole('button', { name: 'Set Up', exact: true }).click();
    const text = await waitForDialog(/Cursor chat can use/, 150_000);
    if (!text.includes(publicUrl)) throw new Error(`the summary does not name ${publicUrl}: ${text.slice(0, 400)}`);
    if (!/OpenAI API Key/.test(text) || !/Qwen\/Qwen2\.5-7B-Instruct/.test(text)) throw new Error(`the summary lacks the paste step or the models: ${text.slice(0, 600)}`);
    const shot = resolve(results, 'ui-cursor-chat.png');
    await page.screenshot({ path: shot });
    copyFileSync(shot, resolve(root, 'media', 'screenshot-cursor-chat.png'));
    await dialog.getByRole('button', { name: 'OK' }).click();
  });

  await check('on the Spark only /v1 is public, on :8443 (443 untouched, tailnet only); Cursor holds the public URL', async () => {
    const sc = JSON.parse(serveText());
    const old = JSON.parse(serveBefore);
    if (JSON.stringify(sc.AllowFunnel) !== JSON.stringify({ [`${host}:8443`]: true })) throw new Error(`AllowFunnel: ${JSON.stringify(sc.AllowFunnel)}`);
    if (JSON.stringify(sc.Web[`${host}:443`]) !== JSON.stringify(old.Web[`${host}:443`])) throw new Error('the Serve on 443 changed');
    if (JSON.stringify(sc.Web[`${host}:8443`]) !== JSON.stringify({ Handlers: { '/v1': { Proxy: 'http://127.0.0.1:30001/v1' } } })) {
      throw new Error(`8443: ${JSON.stringify(sc.Web[`${host}:8443`])}`);
    }
    const value = cursorSettings(db);
    if (value.openAIBaseUrl !== publicUrl || value.useOpenAIKey !== true) throw new Error(`Cursor: ${value.openAIBaseUrl} useOpenAIKey=${value.useOpenAIKey}`);
  });

  await check(`F1 → "${undoTitle}": the summary lists each step undone; serve config and unit byte for byte as before`, async () => {
    await runFromPalette(page, undoTitle);
    const text = await waitForDialog(/Cursor chat setup undone/, 120_000);
    await page.screenshot({ path: resolve(results, 'ui-cursor-chat-undo.png') });
    await dialog.getByRole('button', { name: 'OK' }).click();
    if (!/↶/.test(text)) throw new Error(`no undone step in the summary: ${text.slice(0, 400)}`);
    if (serveText() !== serveBefore) throw new Error(`serve config differs:\n${serveText()}`);
    if (spark.runAsRoot('systemctl', ['cat', 'vllm']).stdout !== unitBefore) throw new Error('the unit differs');
  });
} catch (err) {
  checks.push({ name: 'set-up', ok: false });
  console.log(`✖ set-up: ${err instanceof Error ? err.stack : err}`);
} finally {
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
  await spark?.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}

process.exit(summary('ui-cursor-chat'));
