// Entry point of the extension-host test suites. The same run() serves both runners:
// @vscode/test-electron on desktops (npm run test:desktop) and code-server driven by headless
// Chromium (npm run test:extension; what runs here and in CI). Suites are TypeScript, loaded
// through tsx so that file paths (and the emulated Spark's assets) stay where they are.
const path = require('node:path');
const fs = require('node:fs');

exports.run = async function run() {
  require('tsx/cjs/api').register();
  const mochaModule = require('mocha');
  const Mocha = mochaModule.default ?? mochaModule; // mocha 12 is an ES module
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120_000, reporter: 'spec' });
  const only = process.env.TAILSPARK_EXT_TESTS ? new RegExp(process.env.TAILSPARK_EXT_TESTS) : null;
  for (const name of fs.readdirSync(__dirname).sort()) {
    if (name.endsWith('.test.ts') && (!only || only.test(name))) mocha.addFile(path.join(__dirname, name));
  }
  await mocha.loadFilesAsync();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = runner.stats ? runner.stats.passes : 0;
      console.log(`extension: ${passed} passed, ${failures} failed`);
      if (failures > 0 || passed === 0) reject(new Error(`${failures} extension test(s) failed`));
      else resolve();
    });
  });
};
