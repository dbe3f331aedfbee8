// UI smoke test: the packaged .vsix installed into code-server, driven in real headless
// Chromium like a person would: find the Tailspark status bar item, run a command from the
// command palette (F1), assert on what is shown, save screenshots under test-results/.
// Prints "ui: N passed, N failed"; exits non-zero on any failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium, startCodeServer } from './lib/code-server.mjs';

const root = resolve(import.meta.dirname, '..');
const results = resolve(root, 'test-results');
mkdirSync(results, { recursive: true });
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const vsix = resolve(root, `tailspark-${version}.vsix`);
if (!process.argv.includes('--no-package')) {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

const checks = [];
async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    checks.push({ name, ok: true });
    console.log(`✔ ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    checks.push({ name, ok: false });
    console.log(`✖ ${name}: ${err instanceof Error ? err.message : err}`);
  }
}

const server = await startCodeServer({ installVsix: [vsix], smokeTestDriver: false });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
  const statusItem = page.locator('.statusbar-item[id*="tailspark"]').first();

  await check('the workbench loads with the Tailspark status bar item', async () => {
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await statusItem.waitFor({ state: 'visible', timeout: 60_000 });
    const text = (await statusItem.innerText()).trim();
    if (!/Tailspark|Spark|Tailnet/i.test(text) && text.length === 0) throw new Error(`unexpected status text "${text}"`);
  });

  await check('F1 → "Tailspark: Show Log" opens the Tailspark log', async () => {
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('>Tailspark: Show Log');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Log' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    // The Output panel shows our channel, with the activation line in it.
    await page.locator('.panel').getByText('Tailspark activated', { exact: false }).first().waitFor({ timeout: 15_000 });
  });

  await page.screenshot({ path: resolve(results, 'ui-status-bar.png') });
} finally {
  await browser.close().catch(() => {});
  await server.stop();
}

const passed = checks.filter((c) => c.ok).length;
const failed = checks.length - passed;
console.log(`ui: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
