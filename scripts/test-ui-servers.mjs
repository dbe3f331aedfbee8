// UI test of several inference servers in real headless Chromium: the packaged .vsix in
// code-server against two emulated Sparks on one tailnet (test/spark-sim/fleet.ts), configured as
// `tailspark.servers` with the first active. Hovering the Tailspark status item shows the list of
// both servers, each with a one-line health, the other one as a link that switches to it; the
// link switches the status bar to the other Spark (it serves another model, so the item's text
// says which is active), and *Choose Inference Server* from the palette switches back.
// Saves the README screenshot media/screenshot-servers.png.
//   node scripts/test-ui-servers.mjs [--no-package]
import { resolve } from 'node:path';
import { checkRunner, runFromPalette } from './lib/ui-checks.mjs';
import { uiScript, withUiSession } from './lib/ui-session.mjs';

const { root, results, nls, vsix } = uiScript();

const { checks, check, summary } = checkRunner();

// The second Spark serves another model: the status bar text then names the active server's model.
const MODEL_B = 'meta-llama/Llama-3.1-8B-Instruct';
const session = {
  vsix,
  sparkOptions: { flavor: 'sglang', timings: { loadMs: 800, warmupMs: 400, healthMs: 200 } },
  fleet: { router: false, sparks: [{}, { model: MODEL_B }] },
  settings: {
    'tailspark.autoConfigure': 'off',
    'tailspark.poll.otherServersSeconds': 15,
    'workbench.colorTheme': 'Default Dark Modern',
    // Not written at all (the first server is active when it is empty): the session writes its
    // settings into the Machine settings as well, which override the user settings where
    // switching writes, so a switch would never take effect.
    'tailspark.activeServer': undefined,
  },
  viewport: { width: 1400, height: 850 },
};
await withUiSession(checks, session, async ({ page, fleet }) => {
  const [a, b] = fleet.sparks;
  const statusItem = page.locator('.statusbar-item[id*="tailspark"]').first();
  const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Inference servers' }).first();
  async function waitForStatus(pattern, timeoutMs) {
    const end = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < end) {
      last = ((await statusItem.textContent().catch(() => '')) ?? '').trim();
      if (pattern.test(last)) return last;
      await page.waitForTimeout(250);
    }
    throw new Error(`status bar says "${last}", expected ${pattern}`);
  }
  /**
   * Hovers the status item until its tooltip's server list satisfies `ok` (a tooltip shows the
   * state of the moment it opened: a server still being checked needs another look). Returns its
   * text and where it is on the page.
   */
  async function tooltipUntil(what, ok, timeoutMs) {
    const end = Date.now() + timeoutMs;
    let text = '';
    while (Date.now() < end) {
      await page.mouse.move(700, 300);
      await hover.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
      await statusItem.hover();
      if (await hover.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false)) {
        text = (await hover.textContent().catch(() => '')) ?? '';
        // Still on screen (a state change re-renders the tooltip and may close it): look again otherwise.
        const box = ok(text) ? await hover.boundingBox().catch(() => null) : null;
        if (box) return { text, box };
      }
    }
    throw new Error(`tooltip: ${what} not reached; it says: ${text.slice(-600)}`);
  }
  /** The tooltip's line of one server: from its name to the next server line (or the quick-pick link). */
  const lineOf = (text, name, next) => text.slice(text.indexOf(name), next ? text.indexOf(next, text.indexOf(name) + name.length) : undefined);

  await check('the workbench loads and the status bar shows the first Spark’s model as ready', async () => {
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await statusItem.waitFor({ state: 'visible', timeout: 60_000 });
    await waitForStatus(/Qwen2\.5-7B/, 90_000);
  });

  await check('hovering the status item lists both servers, each with a one-line health; the other one is a link', async () => {
    const { text, box } = await tooltipUntil(
      `both servers ready (${a.hostName} active, ${b.hostName} watched)`,
      (t) => {
        const lineA = lineOf(t, `${a.hostName} (active)`, b.hostName);
        const lineB = lineOf(t, b.hostName, 'Choose Inference Server');
        return lineA.includes(`${a.magicDnsName}:30001`) && /Qwen2\.5-7B/.test(lineA) && lineB.includes(`${b.magicDnsName}:30001`) && /Llama-3\.1-8B/.test(lineB);
      },
      90_000,
    );
    if (!text.includes('Choose Inference Server')) throw new Error(`no "Choose Inference Server" link: ${text.slice(-400)}`);
    const link = hover.locator('a', { hasText: b.hostName }).first();
    const href = (await link.getAttribute('data-href')) ?? (await link.getAttribute('href')) ?? '';
    if (!href.includes('tailspark.chooseServer')) throw new Error(`the link for ${b.hostName} goes to "${href}"`);
    // The README picture: the tooltip and the status bar under it.
    const bar = await page.locator('.part.statusbar').boundingBox();
    if (!bar) throw new Error('no bounding box for the status bar');
    const x = Math.max(0, box.x - 24);
    const y = Math.max(0, box.y - 24);
    const clip = { x, y, width: Math.min(1400 - x, box.width + 48), height: bar.y + bar.height - y };
    await page.screenshot({ path: resolve(root, 'media', 'screenshot-servers.png'), clip });
    await page.screenshot({ path: resolve(results, 'ui-servers-tooltip.png') });
  });

  await check('clicking the other server’s link in the tooltip switches the status bar to it', async () => {
    // A state change re-renders the tooltip and can close it under the pointer: open it again then.
    for (let attempt = 1; ; attempt++) {
      await tooltipUntil('the link is there', (t) => t.includes(b.hostName), 30_000);
      await hover.locator('a', { hasText: b.hostName }).first().click({ timeout: 5_000 }).catch(() => {});
      try {
        await waitForStatus(/Llama-3\.1-8B/, 20_000);
        break;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
    const { text } = await tooltipUntil(`${b.hostName} active`, (t) => t.includes(`${b.hostName} (active)`), 60_000);
    if (!lineOf(text, a.hostName, 'Choose Inference Server').includes(`${a.magicDnsName}:30001`)) throw new Error(`${a.hostName} is no longer listed: ${text.slice(-400)}`);
    await page.screenshot({ path: resolve(results, 'ui-servers-switched.png') });
    await page.mouse.move(700, 300);
  });

  await check(`F1 → "Tailspark: ${nls['command.chooseServer']}" and picking the first Spark switches back`, async () => {
    // Only a switch back proves anything: the second Spark must be the active one now.
    await waitForStatus(/Llama-3\.1-8B/, 5_000);
    await runFromPalette(page, `Tailspark: ${nls['command.chooseServer']}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: a.hostName }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await waitForStatus(/Qwen2\.5-7B/, 60_000);
  });
});

process.exit(summary('ui-servers'));
