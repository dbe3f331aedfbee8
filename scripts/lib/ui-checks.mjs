// Small helpers for Playwright UI scripts against code-server: named checks that print ✔/✖ and
// count, and running a command from the palette (F1) like a person would.

export function checkRunner() {
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
  /** Prints "<label>: N passed, N failed" and returns the exit code. */
  function summary(label) {
    const passed = checks.filter((c) => c.ok).length;
    const failed = checks.length - passed;
    console.log(`${label}: ${passed} passed, ${failed} failed`);
    return failed === 0 && passed > 0 ? 0 : 1;
  }
  return { checks, check, summary };
}

/**
 * F1, type the command's title, pick the row, Enter. A webview that takes focus while it loads
 * (the dashboard) can close the palette between F1 and typing; then it is opened again, up to
 * three times. A modal dialog in the way is an error with its text, never dismissed silently.
 */
export async function runFromPalette(page, title) {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title.replace(/^Tailspark: /, '') }).first();
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const dialog = page.locator('.monaco-dialog-box');
    if (await dialog.isVisible().catch(() => false)) {
      throw new Error(`a modal dialog is open: ${((await dialog.textContent()) ?? '').trim()}`);
    }
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${title}`, { timeout: 5_000 });
      await row.waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (err) {
      lastError = err;
      await page.waitForTimeout(500);
    }
  }
  throw lastError;
}
