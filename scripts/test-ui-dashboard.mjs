// UI test of the dashboard in real headless Chromium: the packaged .vsix in code-server against
// the emulated Spark, F1 → "Tailspark: Open Dashboard", then "Tailspark: Measure Throughput"
// (streamed requests load the server, so the charts move), and checks that the charts hold data
// and the benchmark table is shown. Saves the README screenshot media/screenshot-dashboard.png.
//   node scripts/test-ui-dashboard.mjs [--no-package]
import { resolve } from 'node:path';
import { checkRunner, runFromPalette } from './lib/ui-checks.mjs';
import { uiScript, withUiSession } from './lib/ui-session.mjs';

const { root, results, nls, vsix } = uiScript();

const { checks, check, summary } = checkRunner();

const session = {
  vsix,
  sparkOptions: { flavor: 'vllm', timings: { loadMs: 800, warmupMs: 400, healthMs: 200, tokenMs: 15 } },
  settings: { 'tailspark.autoConfigure': 'off', 'tailspark.poll.healthySeconds': 2, 'workbench.colorTheme': 'Default Dark Modern' },
  // A faster sampling interval (test builds only) so a short run draws a visible curve.
  env: { TAILSPARK_TEST: '1', TAILSPARK_DASHBOARD_INTERVAL_MS: '500' },
  viewport: { width: 1400, height: 900 },
};
await withUiSession(checks, session, async ({ page }) => {
  const statusItem = page.locator('.statusbar-item[id*="tailspark"]').first();
  const palette = (title) => runFromPalette(page, title);
  /** The dashboard's document: the webview's inner frame that holds #charts. */
  async function dashboardFrame(timeoutMs) {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      for (const f of page.frames()) {
        if (await f.locator('#charts').count().catch(() => 0)) return f;
      }
      await page.waitForTimeout(250);
    }
    throw new Error('no webview with the dashboard charts');
  }

  await check('the Spark is ready in the status bar', async () => {
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await statusItem.waitFor({ state: 'visible', timeout: 60_000 });
    const end = Date.now() + 60_000;
    while (!/Qwen2\.5-7B/.test((await statusItem.textContent()) ?? '')) {
      if (Date.now() > end) throw new Error(`status bar: ${await statusItem.textContent()}`);
      await page.waitForTimeout(250);
    }
  });

  let frame;
  await check('F1 → "Tailspark: Open Dashboard" shows six charts that fill with samples', async () => {
    await palette(`Tailspark: ${nls['command.dashboard.open']}`);
    frame = await dashboardFrame(30_000);
    await frame.locator('section.card canvas').nth(5).waitFor({ timeout: 15_000 });
    const cards = await frame.locator('section.card').count();
    if (cards !== 6) throw new Error(`${cards} charts`);
    await frame.locator('#charts[data-server-points]').waitFor({ timeout: 15_000 });
  });

  await check('F1 → "Tailspark: Measure Throughput" loads the server and shows the result table', async () => {
    await palette(`Tailspark: ${nls['command.dashboard.measure']}`);
    await frame.locator('#benchmark table').waitFor({ timeout: 60_000 });
    // A second, concurrent-heavy run so the charts show a clear load curve.
    await palette(`Tailspark: ${nls['command.dashboard.measure']}`);
    await page.waitForTimeout(8000);
    const points = await frame.locator('#charts').evaluate((el) => ({ server: Number(el.dataset.serverPoints), gpu: Number(el.dataset.gpuPoints) }));
    if (!(points.server >= 10 && points.gpu >= 3)) throw new Error(`too few points: ${JSON.stringify(points)}`);
    const ttft = (await frame.locator('#benchmark table').textContent()) ?? '';
    if (!/\d+ ms/.test(ttft)) throw new Error(`no TTFT in the table: ${ttft}`);
    const memory = (await frame.locator('#gpu-memory').textContent()) ?? '';
    if (!/unified memory/.test(memory)) throw new Error(`memory label: ${memory}`);
    // Room for the dashboard: no side bar, no secondary side bar, no notifications.
    await page.keyboard.press('Escape');
    await palette('View: Close Primary Side Bar').catch(() => {});
    await palette('View: Close Secondary Side Bar').catch(() => {});
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: resolve(root, 'media', 'screenshot-dashboard.png') });
    await page.screenshot({ path: resolve(results, 'ui-dashboard.png') });
  });

  await check('after "Developer: Reload Window" the dashboard comes back by itself and fills with samples again', async () => {
    await palette('Developer: Reload Window');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The restored panel is a new webview (the old frame is gone): find it again. Right after the
    // palette command the old page may still be up, so a frame found then can be detached by the
    // reload itself: look again until a frame of the new page answers.
    const end = Date.now() + 90_000;
    for (;;) {
      try {
        frame = await dashboardFrame(60_000);
        await frame.locator('section.card canvas').nth(5).waitFor({ timeout: 15_000 });
        await frame.locator('#charts[data-server-points]').waitFor({ timeout: 30_000 });
        const points = await frame.locator('#charts').evaluate((el) => Number(el.dataset.serverPoints));
        if (!(points >= 1)) throw new Error(`no samples after the reload: ${points}`);
        return;
      } catch (err) {
        if (!/Frame was detached|Target closed|frame got detached/i.test(String(err)) || Date.now() > end) throw err;
      }
    }
  });
});

process.exit(summary('ui-dashboard'));
