// Runs the same suites as test:extension with @vscode/test-electron (downloads VS Code, so it
// needs internet: for desktops, not for this CI). Same suite folder, same run() entry.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = resolve(import.meta.dirname, '..');
execFileSync(process.execPath, ['esbuild.mjs', '--dev'], { cwd: root, stdio: 'inherit' });
try {
  await runTests({
    version: process.env.TAILSPARK_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: resolve(root, 'test/extension/suite/index.js'),
    launchArgs: ['--disable-extensions', '--skip-welcome', '--skip-release-notes'],
  });
} catch (err) {
  console.error(`desktop extension tests failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
