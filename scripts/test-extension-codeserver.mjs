// Runs the mocha suites in test/extension/suite inside a real VS Code extension host:
// code-server (VS Code 1.139) driven by headless Chromium with the smoke-test driver, which
// honours the extensionDevelopmentPath/extensionTestsPath payload like @vscode/test-electron.
// Prints "extension: N passed, N failed" and exits non-zero on any failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { format } from 'node:util';
import { launchChromium, startCodeServer } from './lib/code-server.mjs';

const root = resolve(import.meta.dirname, '..');
const suite = resolve(root, 'test/extension/suite');
// Workbench chatter that has nothing to do with our tests (no network, no accounts here).
const WORKBENCH_NOISE = /^(\[AgentHost|\[ChatModelSelection|\[AccountPolicyGate|Canceled|getaddrinfo ENOTFOUND|Creating a socket|Resolv|\[reconnection|\[Service Worker|Updating additional)|workbench\.js:/;
const TIMEOUT_MS = Number(process.env.TAILSPARK_EXT_TIMEOUT_MS ?? 15 * 60_000);

execFileSync(process.execPath, ['esbuild.mjs', '--dev'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
mkdirSync(resolve(root, 'test-results'), { recursive: true });

const server = await startCodeServer({
  env: { TAILSPARK_TEST: '1', ...(process.env.TAILSPARK_EXT_ENV ? JSON.parse(process.env.TAILSPARK_EXT_ENV) : {}) },
});
const browser = await launchChromium();
let exitCode = 1;
let sawCounts = false;
try {
  const page = await browser.newPage();
  const done = new Promise((resolveDone) => {
    page.exposeFunction('codeAutomationLog', (_type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args])); // mocha logs printf-style
      if (/^extension: \d+ passed, \d+ failed$/m.test(text)) sawCounts = true;
      if (WORKBENCH_NOISE.test(text)) return;
      process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    });
    page.exposeFunction('codeAutomationExit', (code) => resolveDone(code));
  });
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${root}`],
    ['extensionTestsPath', `vscode-remote://127.0.0.1:${server.port}${suite}`],
    ['skipWelcome', 'true'],
  ];
  // A loaded machine (other suites running) can take longer than Playwright's 30 s default.
  await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`, { timeout: 300_000 });
  const timeout = new Promise((r) => setTimeout(() => r('timeout'), TIMEOUT_MS));
  const result = await Promise.race([done, timeout]);
  if (result === 'timeout') {
    console.error(`extension tests did not finish within ${TIMEOUT_MS / 1000} s`);
    await page.screenshot({ path: resolve(root, 'test-results/extension-timeout.png') }).catch(() => {});
    exitCode = 1;
  } else {
    exitCode = Number(result);
  }
} finally {
  await browser.close().catch(() => {});
  await server.stop();
}
if (!sawCounts) {
  console.log(`extension: 0 passed, 1 failed`);
  console.error('the extension host never reported test counts; see the log above');
  exitCode = 1;
}
process.exit(exitCode);
