// English and German stay complete: package.nls.json ↔ package.nls.de.json, every %key% in
// package.json exists, and every vscode.l10n.t('…') message has a German translation with the
// same {n} placeholders.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { englishT } from '../../../src/core/l10n';
import { renderStatus } from '../../../src/core/state/render';
import { initialState } from '../../../src/core/state/types';
// @ts-expect-error: plain ESM helper script without types
import { l10nStrings } from '../../../scripts/l10n-strings.mjs';

const root = join(__dirname, '..', '..', '..');
const json = (p: string) => JSON.parse(readFileSync(join(root, p), 'utf8'));
const pkgText = readFileSync(join(root, 'package.json'), 'utf8');
const nlsEn: Record<string, string> = json('package.nls.json');
const nlsDe: Record<string, string> = json('package.nls.de.json');
const bundleDe: Record<string, string> = json('l10n/bundle.l10n.de.json');
const messages: string[] = l10nStrings(root);

const placeholders = (s: string) => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort();

test('package.nls.json and package.nls.de.json have the same keys, none empty', () => {
  assert.deepEqual(Object.keys(nlsDe).sort(), Object.keys(nlsEn).sort());
  for (const [k, v] of [...Object.entries(nlsEn), ...Object.entries(nlsDe)]) assert.ok(v.trim().length > 0, k);
});

test('every %key% in package.json is defined, and every defined key is used', () => {
  const used = new Set([...pkgText.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!));
  assert.ok(used.size > 50);
  const undefinedKeys = [...used].filter((k) => !(k in nlsEn));
  assert.deepEqual(undefinedKeys, []);
  const unused = Object.keys(nlsEn).filter((k) => !used.has(k));
  assert.deepEqual(unused, []);
});

test('German package texts keep the same command links and placeholders', () => {
  for (const [k, en] of Object.entries(nlsEn)) {
    const links = (s: string) => [...s.matchAll(/\]\((command:[^)]+|https?:[^)]+)\)/g)].map((m) => m[1]).sort();
    assert.deepEqual(links(nlsDe[k]!), links(en), `${k}: links`);
  }
});

test('every l10n.t message in src/ui and src/core/state has a German entry with the same placeholders', () => {
  assert.ok(messages.length > 50, `found ${messages.length} messages`);
  const missing = messages.filter((m) => !(m in bundleDe));
  assert.deepEqual(missing, [], 'run: node scripts/l10n-strings.mjs --missing de');
  for (const m of messages) assert.deepEqual(placeholders(bundleDe[m]!), placeholders(m), `placeholders of "${m}"`);
});

test('the German bundle has no stale entries', () => {
  const used = new Set(messages);
  assert.deepEqual(
    Object.keys(bundleDe).filter((k) => !used.has(k)),
    [],
  );
});

test('the scanner finds messages in both quote styles and across line breaks', () => {
  assert.ok(messages.includes('Spark: server stopped'), 'single quotes, core renderer');
  assert.ok(messages.includes("Cursor's own chat cannot use {0}: {1} Extensions inside Cursor (Continue, Cline, Roo) call it from this machine and work."), 'double quotes');
  assert.ok(messages.includes('{0} key fingerprint {1}. Compare it with `ssh-keygen -lf /etc/ssh/ssh_host_{2}_key.pub` on the Spark before trusting it.'), 'argument on the next line');
});

test('rendered in German: status texts and tooltip come from the bundle', () => {
  const de = (m: string, ...a: Array<string | number | boolean>) => englishT(bundleDe[m] ?? `<<${m}>>`, ...a);
  const base = initialState(0, 'spark');
  const stopped = renderStatus({ ...base, phase: 'serverStopped' }, { t: de, now: 0 });
  assert.equal(stopped.text, '$(debug-stop) Spark: Server gestoppt');
  assert.match(stopped.tooltip, /Der Inferenz\\-Server ist gestoppt/);
  assert.match(stopped.tooltip, /Dienst starten/);
  for (const phase of ['notConfigured', 'checking', 'tailnetDown', 'sparkOffline', 'reachableNotServed', 'loading', 'warmingUp', 'ready', 'degraded', 'error'] as const) {
    const v = renderStatus({ ...base, phase, degraded: ['slow', 'queueGrowing', 'relayed'] }, { t: de, now: 0 });
    assert.doesNotMatch(`${v.text}\n${v.tooltip}`, /<</, `${phase}: every text has a German entry`);
  }
});
