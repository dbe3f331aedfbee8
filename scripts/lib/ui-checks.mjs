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

/** F1, type the command's title, pick the row, Enter. */
export async function runFromPalette(page, title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title.replace(/^Tailspark: /, '') }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}
