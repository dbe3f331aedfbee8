// One UI run against the emulated Spark: the Spark with a client key, code-server with the
// packaged .vsix and settings pointing at the Spark, headless Chromium on the workbench. Failures
// while setting up count as a failed check "set-up"; everything is stopped and removed at the end.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium, startCodeServer } from './code-server.mjs';
import { startSparkForClient, startSparksForClient } from './spark-client.mjs';

/**
 * What every UI script starts with: the repository root, test-results/ (created), the command
 * titles (package.nls.json) and the .vsix, packaged now unless the script got --no-package.
 */
export function uiScript() {
  const root = resolve(import.meta.dirname, '..', '..');
  const results = resolve(root, 'test-results');
  mkdirSync(results, { recursive: true });
  const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
  const nls = JSON.parse(readFileSync(resolve(root, 'package.nls.json'), 'utf8'));
  const vsix = resolve(root, `tailspark-${version}.vsix`);
  if (!process.argv.includes('--no-package')) {
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return { root, results, nls, vsix };
}

/**
 * options: { vsix, sparkOptions, settings (added to the Spark's), env (added to the Spark's
 * client environment), viewport, fleet }. With `fleet` ({ router, sparks }, see
 * startSparksForClient) two Sparks are configured as `tailspark.servers`, the first active.
 * `fn({ page, spark, server, fleet })` runs the checks (spark: the first; fleet: undefined for one).
 */
export async function withUiSession(checks, options, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'tailspark-ui-'));
  let spark;
  let fleet;
  let server;
  let browser;
  try {
    const client = options.fleet ? await startSparksForClient(dir, options.sparkOptions, options.fleet) : await startSparkForClient(dir, options.sparkOptions);
    spark = client.spark;
    fleet = client.fleet;
    const settings = { ...client.settings, ...options.settings };
    // The fleet's environment trusts both Sparks' certificates.
    const env = (fleet ?? spark).clientEnv({ ...process.env, ...options.env });
    server = await startCodeServer({ installVsix: [options.vsix], smokeTestDriver: false, settings, machineSettings: settings, env });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 850 } });
    // A loaded machine (other suites running) can take longer than Playwright's 30 s default.
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`, { timeout: 300_000 });
    await fn({ page, spark, server, fleet });
  } catch (err) {
    checks.push({ name: 'set-up', ok: false });
    console.log(`✖ set-up: ${err instanceof Error ? err.stack : err}`);
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    await (fleet ?? spark)?.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}
