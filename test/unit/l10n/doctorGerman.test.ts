// The doctor report in German: check titles, group titles, summaries, headings and the Finding
// texts inside follow the locale switch; values (URLs, hosts, commands) stay as they are. And every
// literal tr('…') in editor-free code (src/core, src/cli) has a German entry.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { renderReport, renderReportPage } from '../../../src/core/doctor';
import { outcome, runCheck, skipped } from '../../../src/core/doctor/check';
import { CHECKS } from '../../../src/core/doctor/run';
import type { DoctorReport } from '../../../src/core/doctor/types';
import { makeFinding } from '../../../src/core/findings';
import { setLocale, tr } from '../../../src/core/l10n';
import { GERMAN } from '../../../src/core/l10n.de';

afterEach(() => setLocale('en'));

const ROOT = join(__dirname, '../../..');

async function sampleReport(): Promise<DoctorReport> {
  const probe = skipped(CHECKS.probe, tr('no base URL: nothing served, no override, no MagicDNS name'));
  const service = await runCheck(CHECKS.service, undefined, async () =>
    outcome('fail', 'sglang.service: inactive (dead)', { findings: [makeFinding('service.notRunning', { unit: 'sglang.service', state: 'inactive' })] }),
  );
  const ping = await runCheck({ ...CHECKS.ping, timeoutMs: 1 }, undefined, () => new Promise(() => {}));
  return {
    startedAt: '2026-12-04T09:00:00.000Z',
    durationMs: 1500,
    spark: 'spark-56d0.tail1234.ts.net',
    checks: [ping, service, probe],
  };
}

test('German doctor report: headings, group and check titles, summaries and findings in German, values unchanged', async () => {
  setLocale('de_DE.UTF-8');
  const report = await sampleReport();
  const md = renderReport(report);
  for (const german of [
    '# Tailspark — Verbindungsdiagnose',
    '(keine Verbindung)',
    '## Dieser Rechner',
    '## Auf dem Spark',
    '## Der Inferenzserver über HTTPS',
    '**Weg zum Spark (tailscale ping)** — keine Antwort innerhalb von 0 s',
    '**Inferenzdienst** — sglang.service: inactive (dead)',
    'sglang.service läuft nicht',
    'Lösung — Dienst starten: den Befehl `tailspark.service.start` ausführen',
    '**HTTPS-Prüfung der Base-URL** — keine Base-URL',
    '1 übersprungen',
    'Geheimnisse (API-Schlüssel',
  ]) {
    assert.ok(md.includes(german), `Markdown lacks ${german}:\n${md}`);
  }
  assert.ok(md.includes('spark-56d0.tail1234.ts.net'));
  assert.doesNotMatch(md, /connection diagnosis|This machine|On the Spark|skipped|Fix —|is not running/);

  const page = renderReportPage(report, { nonce: 'n0nce', when: 'heute' });
  assert.match(page.html, /<html lang="de">/);
  for (const german of ['Tailspark — Verbindungsdiagnose', 'Als Markdown kopieren', 'Dieser Rechner', 'Prüfung „Weg zum Spark (tailscale ping)“']) {
    assert.ok(page.html.includes(german), `page lacks ${german}`);
  }
  assert.deepEqual(
    page.fixes.map((f) => f.label),
    ['Erneut diagnostizieren', 'Dienst starten', 'Logs verfolgen'],
  );
});

test('English doctor report stays English', async () => {
  setLocale('en');
  const md = renderReport(await sampleReport());
  assert.ok(md.includes('# Tailspark — connection diagnosis'));
  assert.ok(md.includes('**Path to the Spark (tailscale ping)** — no answer within 0 s'));
  assert.ok(md.includes('## This machine'));
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test("every literal tr('…') in src/core and src/cli has a German entry, with the same placeholders", () => {
  const missing: string[] = [];
  let count = 0;
  for (const file of [...sources(join(ROOT, 'src/core')), ...sources(join(ROOT, 'src/cli')), join(ROOT, 'src/cli.ts')]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\btr\(\s*(?:[^'()]*\?\s*)?'((?:[^'\\]|\\.)*)'(?:\s*:\s*'((?:[^'\\]|\\.)*)')?/g)) {
      for (const key of [m[1], m[2]].filter((k): k is string => k !== undefined).map((k) => k.replace(/\\'/g, "'"))) {
        count++;
        const german = GERMAN[key];
        if (german === undefined) missing.push(key);
        else assert.deepEqual((german.match(/\{\d+\}/g) ?? []).sort(), (key.match(/\{\d+\}/g) ?? []).sort(), `placeholders of ${key}`);
      }
    }
  }
  // CHECKS and GROUP_TITLE are English source strings rendered through tr(spec.title) / tr(GROUP_TITLE[g]).
  for (const spec of Object.values(CHECKS)) if (GERMAN[spec.title] === undefined) missing.push(spec.title);
  assert.ok(count > 60, `found only ${count} tr() calls`);
  assert.deepEqual(missing, []);
});
