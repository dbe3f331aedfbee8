// Bundles the extension and the CLI into dist/ (CommonJS, Node 20).
//   node esbuild.mjs           production: minified, no source maps (what the .vsix ships)
//   node esbuild.mjs --dev     source maps, not minified
//   node esbuild.mjs --watch   rebuild on change (implies nothing about --dev)
// ssh2's optional native parts (cpu-features, sshcrypto.node) are left out: ssh2 falls back
// to Node's own crypto, so the .vsix holds no platform-specific code.
import { copyFileSync, mkdirSync } from 'node:fs';
import * as esbuild from 'esbuild';

const dev = process.argv.includes('--dev');
const watch = process.argv.includes('--watch');

// zod re-exports ~40 error-message locales we never use (we show our own Findings); bundle
// English only. Saves ~250 kB per bundle.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${'node_modules'}/zod/`) ? { path: 'zod-locales-en', namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};

// ssh2 (~300 kB) and yaml (~120 kB) live in their own files, dist/lib/<name>.js, required on first
// use only (SSH; writing Continue's config): activation never parses them, and the extension, the
// CLI and the Cursor helper share one copy.
const LAZY_PACKAGES = { ssh2: 'node_modules/ssh2/lib/index.js', yaml: 'node_modules/yaml/dist/index.js' };
const lazyPackagesOwnFiles = {
  name: 'lazy-packages-own-files',
  setup(build) {
    build.onResolve({ filter: /^(ssh2|yaml)$/ }, (args) => ({ path: `./lib/${args.path}.js`, external: true }));
  },
};

// activate() (src/extension.ts) is a small bundle of its own: the status item, thin command
// handlers, the last known state. Everything else is dist/main.js (src/main.ts), which it
// requires after returning — so the host evaluates ~20 kB during activation, not ~480 kB.
const mainOwnFile = {
  name: 'main-own-file',
  setup(build) {
    build.onResolve({ filter: /^\.\/main\.js$/ }, (args) =>
      args.importer.endsWith(`src${'/'}extension.ts`) ? { path: './main.js', external: true } : undefined,
    );
  },
};

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'cpu-features', '*.node'],
  minify: !dev,
  sourcemap: dev,
  logLevel: 'info',
  metafile: true,
  legalComments: 'none',
  // jsonc-parser's UMD build (the 'main' field) requires files esbuild cannot see: take its ES module build.
  mainFields: ['module', 'main'],
  plugins: [zodEnglishOnly, lazyPackagesOwnFiles],
};

const entries = [
  { entryPoints: { extension: 'src/extension.ts', main: 'src/main.ts' }, outdir: 'dist', plugins: [...common.plugins, mainOwnFile] },
  { entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  // The Cursor DB writer runs as a detached helper process (see src/core/targets/cursor).
  // In dist/lib/ so that ssh2's own lookup of Pageant's helper (__dirname/../util/pagent.exe) finds dist/util/.
  { entryPoints: LAZY_PACKAGES, outdir: 'dist/lib', plugins: [] },
  { entryPoints: { 'cursor-db-helper': 'src/core/targets/cursorDbHelper.ts' }, outdir: 'dist' },
  // The dashboard webview (uPlot + our charts): a browser script and its CSS, dist/webview/dashboard.{js,css}.
  { entryPoints: { dashboard: 'src/webview/dashboard.ts' }, outdir: 'dist/webview', platform: 'browser', format: 'iife', target: 'es2022', external: [], mainFields: ['module', 'main'] },
];

// node-sqlite3-wasm loads its .wasm next to the bundle at run time.
mkdirSync('dist', { recursive: true });
copyFileSync('node_modules/node-sqlite3-wasm/dist/node-sqlite3-wasm.wasm', 'dist/node-sqlite3-wasm.wasm');
// Windows: ssh2 talks to Pageant through this small helper program.
mkdirSync('dist/util', { recursive: true });
copyFileSync('node_modules/ssh2/util/pagent.exe', 'dist/util/pagent.exe');

if (watch) {
  for (const entry of entries) {
    const ctx = await esbuild.context({ ...common, ...entry });
    await ctx.watch();
  }
} else {
  await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry })));
}
