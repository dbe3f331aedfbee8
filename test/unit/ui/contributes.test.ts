// package.json contributes: every product command declared (category Tailspark), every command
// the UI links to exists, walkthrough steps complete on context keys the extension really sets,
// their Markdown exists, and the icon is a 128×128 PNG.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { COMMANDS, TEST_COMMANDS } from '../../../src/core/commands';
import { englishT } from '../../../src/core/l10n';
import { actionsFor, WALKTHROUGH_ID } from '../../../src/core/state/actions';
import { renderStatus } from '../../../src/core/state/render';
import { initialState, type SparkPhase } from '../../../src/core/state/types';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
const commands = new Map<string, { title: string; category: string }>(
  (pkg.contributes.commands as Array<{ command: string; title: string; category: string }>).map((c) => [c.command, c]),
);

const TABLE: readonly string[] = Object.values(COMMANDS);

test('package.json declares exactly the commands of the table (src/core/commands.ts), both ways', () => {
  for (const id of TABLE) assert.ok(commands.has(id), `${id} (in COMMANDS) is declared in package.json`);
  for (const id of commands.keys()) assert.ok(TABLE.includes(id), `${id} (in package.json) is in COMMANDS`);
  assert.equal(new Set(TABLE).size, TABLE.length, 'no id twice in the table');
  for (const id of Object.values(TEST_COMMANDS)) assert.ok(!commands.has(id), `${id} is internal: not declared`);
});

test('every command of the table is declared with category Tailspark and a localized title', () => {
  for (const id of TABLE) {
    const c = commands.get(id);
    assert.ok(c, `${id} declared`);
    assert.equal(c.category, 'Tailspark');
    const key = /^%(.+)%$/.exec(c.title)?.[1];
    assert.ok(key && nls[key], `${id} has a title in package.nls.json`);
  }
});

test('command palette when-clauses only name declared commands', () => {
  for (const m of pkg.contributes.menus.commandPalette as Array<{ command: string; when: string }>) {
    assert.ok(commands.has(m.command), m.command);
    assert.ok(m.when.length > 0);
  }
});

test('every command the status bar tooltip and quick pick offer is declared', () => {
  const phases: SparkPhase[] = ['notConfigured', 'checking', 'tailnetDown', 'sparkOffline', 'reachableNotServed', 'serverStopped', 'loading', 'warmingUp', 'ready', 'degraded', 'error'];
  for (const phase of phases) {
    const state = { ...initialState(0, 'spark'), phase, serve: { baseUrl: 'https://s.ts.net/v1', exposure: 'tailnet' as const, source: 'ssh' as const } };
    const view = renderStatus(state, { t: englishT, now: 0 });
    assert.ok(commands.has(view.command));
    for (const m of view.tooltip.matchAll(/\(command:([a-zA-Z.]+)/g)) {
      if (m[1]!.startsWith('tailspark.')) assert.ok(commands.has(m[1]!), `${phase}: tooltip link ${m[1]}`);
    }
    for (const a of actionsFor(state, englishT)) {
      if (a.action.kind === 'command' && a.action.command.startsWith('tailspark.')) assert.ok(commands.has(a.action.command), `${phase}: action ${a.action.command}`);
    }
  }
});

test('walkthrough: steps have Markdown media, link only declared commands, and complete on keys the extension sets', () => {
  const contextSource = readFileSync(join(root, 'src', 'ui', 'contextKeys.ts'), 'utf8');
  const [walk] = pkg.contributes.walkthroughs;
  assert.equal(`tailspark.tailspark#${walk.id}`, 'tailspark.tailspark#setup');
  assert.equal(walk.steps.length, 5);
  const nlsDe: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.nls.de.json'), 'utf8'));
  for (const step of walk.steps) {
    // The Markdown path is localized too: English and German files.
    const mediaKey = /^%(.+)%$/.exec(step.media.markdown)?.[1];
    assert.ok(mediaKey, `${step.id}: media path is an nls key`);
    for (const file of [nls[mediaKey], nlsDe[mediaKey]]) {
      assert.ok(file && existsSync(join(root, file)), `${step.id}: ${file}`);
    }
    assert.notEqual(nls[mediaKey], nlsDe[mediaKey], 'German has its own Markdown');
    assert.ok(step.completionEvents.length > 0, `${step.id} has completion events`);
    for (const ev of step.completionEvents as string[]) {
      const key = /^onContext:(.+)$/.exec(ev)?.[1];
      if (key) assert.ok(contextSource.includes(`'${key}'`), `${step.id}: ${key} is set in contextKeys.ts`);
    }
    const description = nls[/^%(.+)%$/.exec(step.description)![1]!]!;
    for (const m of description.matchAll(/\(command:([a-zA-Z.]+)/g)) {
      if (m[1]!.startsWith('tailspark.')) assert.ok(commands.has(m[1]!), `${step.id}: ${m[1]}`);
    }
  }
});

test('the walkthrough id used by "Set up" matches package.json', () => {
  assert.equal(WALKTHROUGH_ID, `${pkg.publisher}.${pkg.name}#${pkg.contributes.walkthroughs[0].id}`);
});

test('icon: media/icon.png is a 128×128 PNG', () => {
  assert.equal(pkg.icon, 'media/icon.png');
  const png = readFileSync(join(root, pkg.icon));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.readUInt32BE(16), 128);
  assert.equal(png.readUInt32BE(20), 128);
});

test('every setting declares its scope (machine-overridable, application or window)', () => {
  const sections = pkg.contributes.configuration as Array<{ properties: Record<string, { scope?: string }> }>;
  const unscoped = sections.flatMap((s) => Object.entries(s.properties)).filter(([, p]) => !['machine-overridable', 'application', 'window', 'machine'].includes(p.scope ?? ''));
  assert.deepEqual(unscoped.map(([k]) => k), []);
});
