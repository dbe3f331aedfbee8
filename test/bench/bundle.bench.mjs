// Bundle size: the .vsix and the three bundles in dist/, plus what the extension bundle is
// made of (per npm package). The composition is read from an unminified build, where esbuild
// starts every module with a "// node_modules/<pkg>/…" comment; the shipped sizes come from the
// production build that `npm run package` makes.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const kb = (bytes) => Math.round(bytes / 102.4) / 10;

/** Bytes of an unminified esbuild bundle by origin: npm package name, or "src". */
export function composition(file) {
  const text = readFileSync(file, 'utf8');
  const by = {};
  let current = '(runtime)';
  for (const line of text.split('\n')) {
    const m = /^\/\/ (node_modules\/((?:@[^/]+\/)?[^/]+)|src)\//.exec(line);
    if (m) current = m[2] ?? 'src';
    by[current] = (by[current] ?? 0) + line.length + 1;
  }
  return by;
}

function run(cmd, args) {
  return spawnSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
}

const rows = [];
const checks = [];

// 1. Composition (unminified build).
const dev = run(process.execPath, ['esbuild.mjs', '--dev']);
if (dev.status !== 0) throw new Error(`esbuild --dev failed:\n${dev.stderr}`);
const parts = composition(resolve(root, 'dist/extension.js'));
const total = Object.values(parts).reduce((a, b) => a + b, 0);
const top = Object.entries(parts).sort((a, b) => b[1] - a[1]).slice(0, 6);
const composed = top.map(([k, v]) => `${k} ${Math.round((v / total) * 100)}%`).join(', ');

// 2. What ships: `npm run package` (production build + vsce).
const pkg = run('npm', ['run', 'package']);
let vsixNote = '';
if (pkg.status !== 0) {
  const why = (pkg.stderr + pkg.stdout).split('\n').find((l) => /ERROR/.test(l))?.replace(/\x1b\[[0-9;]*m/g, '').trim();
  checks.push({ name: '`npm run package` succeeds', ok: false, detail: why ?? `exit ${pkg.status}` });
  // Still measure the size, with vsce's image-URL check satisfied by a placeholder.
  const version = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).version;
  const again = run('npx', ['vsce', 'package', '--no-dependencies', '--baseImagesUrl', 'https://example.invalid/', '--baseContentUrl', 'https://example.invalid/', '--out', `tailspark-${version}.vsix`]);
  vsixNote = 'packaged with placeholder --baseImagesUrl because `npm run package` failed';
  if (again.status !== 0) {
    const why2 = (again.stderr + again.stdout).replace(/\x1b\[[0-9;]*m/g, '').trim().split('\n')[0];
    checks.push({ name: 'a .vsix can be built at all', ok: false, detail: why2 });
  }
} else {
  checks.push({ name: '`npm run package` succeeds', ok: true, detail: 'exit 0' });
}
const vsix = readdirSync(root).filter((f) => f.endsWith('.vsix')).map((f) => ({ f, t: statSync(resolve(root, f)).mtimeMs })).sort((a, b) => b.t - a.t)[0];
const size = (f) => statSync(resolve(root, f)).size;
// Rebuild: the production bundle is what ships, whether or not vsce got through.
run(process.execPath, ['esbuild.mjs']);
// ssh2, wherever esbuild.mjs puts it (dist/ssh2.js, dist/lib/ssh2.js, …).
const ssh2Path = readdirSync(resolve(root, 'dist'), { recursive: true }).map(String).find((f) => /(^|\/)ssh2\.js$/.test(f));
const ssh2File = ssh2Path ? size(`dist/${ssh2Path}`) : 0;
if (vsix) rows.push({ name: `.vsix (${vsix.f})`, value: kb(size(vsix.f)), unit: 'KiB', ...(vsixNote ? { note: vsixNote } : {}) });
rows.push({ name: 'dist/extension.js (minified; loaded at activation)', value: kb(size('dist/extension.js')), unit: 'KiB', note: `unminified composition: ${composed}` });
for (const f of ['dist/main.js', ...(ssh2Path ? [`dist/${ssh2Path}`] : []), 'dist/cli.js', 'dist/cursor-db-helper.js', 'dist/node-sqlite3-wasm.wasm']) {
  try {
    rows.push({ name: f, value: kb(size(f)), unit: 'KiB' });
  } catch {
    // a bundle whose entry point has not landed yet
  }
}
// ssh2 must not weigh on activation: esbuild.mjs puts it in its own file, required on first SSH use.
const ssh2InExtension = parts.ssh2 ?? 0;
if (ssh2File > 0) {
  const ext = size('dist/extension.js');
  rows.push({
    name: 'Code loaded at activation (extension.js)',
    value: kb(ext),
    unit: 'KiB',
    baseline: { name: `extension.js + ${ssh2Path} (if ssh2 were loaded eagerly)`, value: kb(ext + ssh2File) },
    ratio: Math.round((ext / (ext + ssh2File)) * 1000) / 1000,
  });
}
checks.push({
  name: 'ssh2 is not part of dist/extension.js (own file, loaded on first SSH use)',
  ok: ssh2InExtension === 0 && ssh2File > 0,
  detail: `${kb(ssh2InExtension)} KiB of ssh2 inside extension.js; ${ssh2Path ? `dist/${ssh2Path}` : 'no ssh2.js in dist/'} ${kb(ssh2File)} KiB`,
});
// No native code in the .vsix: it must install on every platform.
if (vsix) {
  const list = run('unzip', ['-l', resolve(root, vsix.f)]);
  const native = (list.stdout ?? '').split('\n').filter((l) => /\.node$/.test(l.trim()));
  checks.push({ name: 'no native .node files in the .vsix', ok: list.status === 0 && native.length === 0, detail: native.length ? native.join('; ') : `${(list.stdout ?? '').trim().split('\n').at(-1)?.trim()}` });
}

process.stdout.write(`BENCH_RESULT ${JSON.stringify({ part: 'bundle', rows, checks })}\n`);
