// Lists every message passed to vscode.l10n.t / t('…') in src/ui and src/core/state, the keys
// that l10n/bundle.l10n.<lang>.json must translate. Used by test/unit/l10n and by hand:
//   node scripts/l10n-strings.mjs            → all messages, one JSON array
//   node scripts/l10n-strings.mjs --missing de → messages without a German entry
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const L10N_SOURCE_DIRS = ['src/ui', 'src/core/state', 'src/core/time.ts'];

/** A literal first argument of t(…) or l10n.t(…), in single or double quotes. */
const CALL = /(?<![A-Za-z0-9_$])(?:l10n\.)?t\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g;

function files(dir) {
  if (statSync(dir).isFile()) return [dir];
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

function unescapeJs(s) {
  return s.replace(/\\(.)/g, (_m, c) => (c === 'n' ? '\n' : c));
}

export function l10nStrings(root = '.') {
  const found = new Set();
  for (const dir of L10N_SOURCE_DIRS) {
    for (const f of files(join(root, dir))) {
      for (const m of readFileSync(f, 'utf8').matchAll(CALL)) found.add(unescapeJs(m[1] ?? m[2]));
    }
  }
  return [...found].sort();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const all = l10nStrings();
  const i = process.argv.indexOf('--missing');
  if (i >= 0) {
    const bundle = JSON.parse(readFileSync(`l10n/bundle.l10n.${process.argv[i + 1]}.json`, 'utf8'));
    console.log(JSON.stringify(all.filter((s) => !(s in bundle)), null, 2));
  } else {
    console.log(JSON.stringify(all, null, 2));
  }
}
