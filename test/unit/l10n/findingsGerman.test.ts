// Every Finding code has a German title and detail (src/core/findings/<domain>.de.ts), every fix label a
// German label, and the German texts keep every value verbatim: URLs, commands, unit names,
// setting ids and the texts quoted from tools. Each code is rendered with sample contexts that
// fill every field the catalogue reads, once per branch (side, platform, reason).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { allFindingCodes, type FindingContext, makeFinding } from '../../../src/core/findings';
import { GERMAN_FIX_LABELS, germanFindingText } from '../../../src/core/findings/de';
import { setLocale } from '../../../src/core/l10n';

afterEach(() => setLocale('en'));

/** Every field name the English catalogue (src/core/findings/*.ts) reads from a context (c.name), from its source. */
function contextFields(): string[] {
  const dir = join(__dirname, '../../../src/core/findings');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.de.ts'));
  const source = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  return [...new Set([...source.matchAll(/\bc\.([a-zA-Z]+)/g)].map((m) => m[1]))];
}

const nls = (file: string) => JSON.parse(readFileSync(join(__dirname, '../../..', file), 'utf8')) as Record<string, string>;
const COMMAND_TITLES: Record<string, string> = Object.fromEntries(
  Object.entries(nls('package.nls.json'))
    .filter(([key]) => key.startsWith('command.'))
    .map(([key, english]) => [english, nls('package.nls.de.json')[key] ?? english]),
);

const SELECTORS = new Set(['side', 'platform', 'reason', 'sudo', 'snap']);

function sampleContexts(): FindingContext[] {
  const base: FindingContext = {};
  for (const field of contextFields()) {
    base[field] = /argv/i.test(field) ? ['tailscale', 'serve', '--bg', `x${field}`] : `V${field}9`;
  }
  base.url = 'https://spark-56d0.tail1234.ts.net/v1';
  base.authUrl = 'https://login.tailscale.com/a/abc123';
  base.unit = 'sglang.service';
  base.user = 'sparkuser';
  base.port = 30001;
  const variants: FindingContext[] = [{}, base];
  for (const side of ['local', 'remote']) for (const platform of ['linux', 'windows', 'macos']) variants.push({ ...base, side, platform });
  for (const reason of ['revoked', 'changed']) variants.push({ ...base, reason });
  for (const sudo of ['yes', 'no']) variants.push({ ...base, sudo, snap: undefined, result: 'success', candidates: undefined });
  return variants;
}

/** The verbatim parts of an English text: URLs, tailspark.* setting ids, the values we filled in, and "quoted" tool text. */
function verbatimParts(text: string, context: FindingContext): string[] {
  const parts = [...(text.match(/https?:\/\/[^\s"')]+[^\s"').,;:]/g) ?? []), ...(text.match(/tailspark\.[a-zA-Z.]+[a-zA-Z]/g) ?? [])];
  for (const [field, value] of Object.entries(context)) {
    // side, platform, reason, sudo choose a branch; their values are not shown.
    if (SELECTORS.has(field)) continue;
    if (typeof value === 'string' && value.length > 2 && text.includes(value)) parts.push(value);
  }
  // Straight double quotes mark text quoted from a tool or a command line; German prose uses „…“.
  // Without context an English fallback word may stand in quotes, so only filled texts count.
  // A quoted editor command title is the one exception: German shows the German title (package.nls.de.json).
  if (Object.keys(context).length > 0) for (const m of text.matchAll(/"([^"\n]{3,})"/g)) parts.push(COMMAND_TITLES[m[1]] ?? m[1]);
  return parts;
}

test('every finding code has a German title and detail', () => {
  setLocale('de');
  const missing = allFindingCodes().filter((code) => germanFindingText(code) === undefined);
  assert.deepEqual(missing, [], `codes without German text: ${missing.join(', ')}`);
});

test('German finding texts keep URLs, commands, setting ids, values and quoted tool text verbatim', () => {
  const problems: string[] = [];
  for (const code of allFindingCodes()) {
    for (const context of sampleContexts()) {
      setLocale('en');
      const en = makeFinding(code, context);
      setLocale('de');
      const de = makeFinding(code, context);
      if (de.title === en.title && de.detail === en.detail) problems.push(`${code}: not translated`);
      for (const part of verbatimParts(en.title, context)) if (!de.title.includes(part)) problems.push(`${code} title: lost ${part}`);
      for (const part of verbatimParts(en.detail, context)) if (!de.detail.includes(part)) problems.push(`${code} detail: lost ${part}`);
      if (/undefined|\[object Object\]/.test(de.title + de.detail)) problems.push(`${code}: leaks undefined`);
      assert.deepEqual(
        de.fixes.map((f) => f.action),
        en.fixes.map((f) => f.action),
        `${code}: actions must not change with the language`,
      );
      assert.equal(de.severity, en.severity);
    }
  }
  assert.deepEqual([...new Set(problems)], []);
});

test('every fix label has a German label', () => {
  const missing = new Set<string>();
  for (const code of allFindingCodes()) {
    for (const context of sampleContexts()) {
      setLocale('en');
      for (const fix of makeFinding(code, context).fixes) {
        if (!/^Make .+ Operator$/.test(fix.label) && GERMAN_FIX_LABELS[fix.label] === undefined) missing.add(`${code}: ${fix.label}`);
      }
    }
  }
  assert.deepEqual([...missing], []);
  setLocale('de');
  const f = makeFinding('tailscale.serveConfigDenied', { user: 'sparkuser' });
  assert.equal(f.fixes[0]?.label, 'sparkuser zum Operator machen');
  assert.equal(makeFinding('tailscale.serveNotEnabled', { url: 'https://login.tailscale.com/f/serve' }).fixes[0]?.label, 'Serve aktivieren');
});

test('the locale switch: English by default and for other languages, German for de tags', () => {
  setLocale('de-AT');
  assert.equal(makeFinding('internal.unexpected').title, 'Unerwarteter Fehler');
  setLocale('fr');
  assert.equal(makeFinding('internal.unexpected').title, 'Unexpected error');
});
