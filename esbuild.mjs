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
};

const entries = [
  { entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
  { entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  // The Cursor DB writer runs as a detached helper process (see src/core/targets/cursor).
  { entryPoints: { 'cursor-db-helper': 'src/core/targets/cursorDbHelper.ts' }, outdir: 'dist' },
];

// node-sqlite3-wasm loads its .wasm next to the bundle at run time.
mkdirSync('dist', { recursive: true });
copyFileSync('node_modules/node-sqlite3-wasm/dist/node-sqlite3-wasm.wasm', 'dist/node-sqlite3-wasm.wasm');

if (watch) {
  for (const entry of entries) {
    const ctx = await esbuild.context({ ...common, ...entry });
    await ctx.watch();
  }
} else {
  await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry })));
}
