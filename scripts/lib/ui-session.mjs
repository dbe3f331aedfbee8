// One UI run against the emulated Spark: the Spark with a client key, code-server with the
// packaged .vsix and settings pointing at the Spark, headless Chromium on the workbench. Failures
// while setting up count as a failed check "set-up"; everything is stopped and removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, startCodeServer } from './code-server.mjs';
import { startSparkForClient } from './spark-client.mjs';

/**
 * options: { vsix, sparkOptions, settings (added to the Spark's), env (added to the Spark's
 * client environment), viewport }. `fn({ page, spark, server })` runs the checks.
 */
export async function withUiSession(checks, options, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'tailspark-ui-'));
  let spark;
  let server;
  let browser;
  try {
    const client = await startSparkForClient(dir, options.sparkOptions);
    spark = client.spark;
    const settings = { ...client.settings, ...options.settings };
    const env = spark.clientEnv({ ...process.env, ...options.env });
    server = await startCodeServer({ installVsix: [options.vsix], smokeTestDriver: false, settings, machineSettings: settings, env });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 850 } });
    // A loaded machine (other suites running) can take longer than Playwright's 30 s default.
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`, { timeout: 300_000 });
    await fn({ page, spark, server });
  } catch (err) {
    checks.push({ name: 'set-up', ok: false });
    console.log(`✖ set-up: ${err instanceof Error ? err.stack : err}`);
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    await spark?.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}
