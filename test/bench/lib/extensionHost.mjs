// Runs one bench file inside a real VS Code extension host: a fresh code-server (VS Code 1.139,
// scripts/lib/code-server.mjs) driven by headless Chromium, with `extensionPath` as the
// extension under development and `suite` (a folder with index.js exporting run()) as the test
// entry. The suite reports by logging one line `TAILSPARK_BENCH {json}`; that JSON is returned.
import { format } from 'node:util';
import { launchChromium, startCodeServer } from '../../../scripts/lib/code-server.mjs';

/**
 * options: { extensionPath, suite, settings, env, extensionsDir?, timeoutMs?, onLog? }.
 * Settings go to the user AND the Machine settings (machine-scoped ones of a remote window are
 * read from the latter).
 */
export async function runInExtensionHost(options) {
  const timeoutMs = options.timeoutMs ?? 180_000;
  let report;
  let exitCode;
  let log = '';
  let server;
  let browser;
  try {
    server = await startCodeServer({
      env: options.env,
      settings: options.settings,
      machineSettings: options.settings,
      ...(options.extensionsDir ? { extensionsDir: options.extensionsDir } : {}),
    });
    browser = await launchChromium();
    const page = await browser.newPage();
    const done = new Promise((resolveDone) => {
      page.exposeFunction('codeAutomationLog', (_type, args) => {
        const text = format(...(Array.isArray(args) ? args : [args]));
        const m = /TAILSPARK_BENCH (\{.*\})/.exec(text);
        if (m) report = JSON.parse(m[1]);
        log = (log + text + '\n').slice(-6000);
        options.onLog?.(text);
      });
      page.exposeFunction('codeAutomationExit', (code) => resolveDone(code));
    });
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${options.extensionPath}`],
      ['extensionTestsPath', `vscode-remote://127.0.0.1:${server.port}${options.suite}`],
      ['skipWelcome', 'true'],
    ];
    // A loaded machine (other suites running) can take longer than Playwright's 30 s default.
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`, { timeout: 300_000 });
    let timer;
    const result = await Promise.race([done, new Promise((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)))]);
    clearTimeout(timer);
    if (result === 'timeout') throw new Error(`the extension host did not finish within ${timeoutMs / 1000} s`);
    exitCode = result;
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
  }
  if (!report) throw new Error(`the extension host sent no measurement (exit ${exitCode}); its last output:\n${log}`);
  if (report.error) throw new Error(`measurement failed in the extension host:\n${report.error}`);
  return report;
}
