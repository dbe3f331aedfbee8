// A comment that cites a file ("src/ui/statusBar.ts adapts it") is a promise that the file is
// there to read. After a file moves, a stale citation sends the reader nowhere: every path under
// src/ named in a comment of src/, test/ or scripts/ must exist (as a file, file.ts or a folder).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs|cjs|js)$/.test(name) ? [path] : [];
  });
}

/** The comments of a source text: // lines and block comments (a // inside a string may count too). */
function comments(source: string): string[] {
  return source.match(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g) ?? [];
}

/**
 * The source paths a comment cites: "src/…" from the repository root, and "core/…", "ui/…",
 * "cli/…" ending in .ts from src/. A path stops before a placeholder: src/core/findings/<domain>.ts
 * cites the folder src/core/findings/.
 */
function citedPaths(comment: string): string[] {
  const fromRoot = [...comment.matchAll(/(?<![\w./-])src\/[A-Za-z0-9_./-]*[A-Za-z0-9_]/g)].map((m) => m[0]);
  const fromSrc = [...comment.matchAll(/(?<![\w./-])(?:core|ui|cli|webview)\/[A-Za-z0-9_./-]*\.ts\b/g)].map((m) => `src/${m[0]}`);
  return [...fromRoot, ...fromSrc];
}

function missingCitations(root: string, files: readonly string[]): string[] {
  const missing: string[] = [];
  for (const file of files) {
    for (const comment of comments(readFileSync(file, 'utf8'))) {
      for (const path of citedPaths(comment)) {
        if (![path, `${path}.ts`].some((p) => existsSync(join(root, p)))) missing.push(`${relative(root, file).split(sep).join('/')}: ${path}`);
      }
    }
  }
  return missing;
}

test('every src/… path cited in a comment of src/, test/ or scripts/ exists', () => {
  const files = ['src', 'test', 'scripts'].flatMap((dir) => sourceFiles(join(ROOT, dir)));
  assert.ok(files.length > 100, `expected the repository's sources, got ${files.length}`);
  assert.deepEqual(missingCitations(ROOT, files), []);
});

test('citedPaths finds root and src-relative paths and stops at placeholders and punctuation', () => {
  // Built from parts, so that this file's own text cites no missing file.
  const stale = ['src', 'ui', 'monitorWiring.ts'].join('/');
  const relativeToSrc = ['core', 'state', 'render.ts'].join('/');
  assert.deepEqual(citedPaths(`// adapted in ${stale}, see ${relativeToSrc}.`), [stale, `src/${relativeToSrc}`]);
  assert.deepEqual(citedPaths('/** in src/core/findings/<domain>.ts (see src/core/monitor). */'), ['src/core/findings', 'src/core/monitor']);
  assert.deepEqual(citedPaths('// https://github.com/x/y/blob/main/src/a.ts and mysrc/b.ts'), []);
});
