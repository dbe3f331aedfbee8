import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderReportPage, renderServersReportPage, reportVerdict } from '../../../src/core/doctor';
import type { DoctorReport } from '../../../src/core/doctor/types';
import { makeFinding } from '../../../src/core/findings';

const KEY = 'sk-live-0123456789abcdef';

function report(): DoctorReport {
  return {
    startedAt: '2026-11-29T09:00:00.000Z',
    durationMs: 1234,
    spark: 'spark-56d0.tail1234.ts.net',
    sshTarget: 'sparkuser@spark-56d0.tail1234.ts.net:22',
    baseUrl: 'https://spark-56d0.tail1234.ts.net/v1',
    checks: [
      { id: 'client.status', group: 'client', title: 'Local Tailscale', status: 'pass', summary: 'Running', findings: [], durationMs: 20 },
      {
        id: 'server.journal',
        group: 'server',
        title: 'Last log lines of the service',
        status: 'warn',
        // Text from the Spark: markup and a secret must arrive as inert, masked text.
        summary: `last: <img src=x onerror="alert(1)"> key ${KEY}`,
        details: ['<script>alert(2)</script>'],
        findings: [],
        durationMs: 40,
      },
      {
        id: 'server.service',
        group: 'server',
        title: 'Inference service',
        status: 'fail',
        summary: 'vllm.service: inactive (dead)',
        findings: [makeFinding('service.notRunning', { unit: 'vllm.service', state: 'inactive', where: 'sparkuser@spark' })],
        durationMs: 10,
      },
    ],
  };
}

test('report page: remote text is escaped and secrets are masked; the CSP allows only the nonce', () => {
  const page = renderReportPage(report(), { nonce: 'n0nce', secrets: [KEY], when: '29.11.2026, 10:00:00' });
  assert.ok(!page.html.includes('<img src=x'), 'markup from the Spark is escaped');
  assert.ok(page.html.includes('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'));
  assert.ok(!page.html.includes('<script>alert(2)'));
  assert.ok(!page.html.includes(KEY), 'the API key is masked');
  assert.match(page.html, /content="default-src 'none'; style-src 'nonce-n0nce'; script-src 'nonce-n0nce';"/);
  assert.equal((page.html.match(/<script/g) ?? []).length, 1, 'one script: the page\'s own, with the nonce');
  assert.match(page.html, /<script nonce="n0nce">/);
});

test('report page: each runnable fix of a failed check is a button that carries only an index into fixes', () => {
  const page = renderReportPage(report(), { nonce: 'n', when: 'now' });
  assert.ok(page.fixes.length >= 1);
  const buttons = [...page.html.matchAll(/<button data-fix="(\d+)"[^>]*>([^<]*)<\/button>/g)];
  assert.equal(buttons.length, page.fixes.length);
  buttons.forEach((b, i) => {
    assert.equal(Number(b[1]), i);
    assert.equal(b[2], page.fixes[i]!.label);
  });
  assert.ok(page.fixes.some((f) => f.action.kind === 'remote' || f.action.kind === 'command'), JSON.stringify(page.fixes));
  assert.match(page.html, /<span class="fail">1 ✗<\/span> · <span class="warn">1 ⚠<\/span>/);
});

function passing(spark: string): DoctorReport {
  return {
    startedAt: '2026-11-29T09:00:00.000Z',
    durationMs: 900,
    spark,
    baseUrl: `https://${spark}/v1`,
    checks: [
      { id: 'client.status', group: 'client', title: 'Local Tailscale', status: 'pass', summary: 'Running', findings: [], durationMs: 20 },
      { id: 'server.service', group: 'server', title: 'Inference service', status: 'pass', summary: 'active (running)', findings: [], durationMs: 20 },
    ],
  };
}

test('reportVerdict: failures first, then warnings, else how many passed', () => {
  assert.deepEqual(reportVerdict(report()), { status: 'fail', text: '1 check failed, 1 warning' });
  assert.deepEqual(reportVerdict(passing('a')), { status: 'pass', text: 'all 2 checks passed' });
  const warned = { ...report(), checks: report().checks.filter((c) => c.status !== 'fail') };
  assert.deepEqual(reportVerdict(warned), { status: 'warn', text: '1 warning' });
});

test('servers page: one section per server, in the given order, headed by the name and its verdict', () => {
  const page = renderServersReportPage(
    [
      { heading: 'Server "Spark A" (spark-a:30001)', report: passing('spark-a.tail1234.ts.net'), runnableFixes: true },
      { heading: 'Server "Spark B" (spark-b:30001)', report: report(), runnableFixes: false },
    ],
    { nonce: 'n', when: 'now' },
  );
  const sections = [...page.html.matchAll(/<section class="server verdict-(\w+)" data-server="(\d)"><h2 class="server-title">(.*?)<\/h2>/g)].map((m) => [m[1], m[2], m[3]!.replace(/<[^>]+>/g, '')]);
  assert.deepEqual(sections, [
    ['pass', '0', '✓ Server &quot;Spark A&quot; (spark-a:30001) — all 2 checks passed'],
    ['fail', '1', '✗ Server &quot;Spark B&quot; (spark-b:30001) — 1 check failed, 1 warning'],
  ]);
  // Each section has its own facts, counts and groups (h3 under the server's h2).
  assert.equal((page.html.match(/<table class="facts">/g) ?? []).length, 2);
  assert.ok(page.html.includes('<h3>On the Spark</h3>'));
});

test('servers page: a server name and the Spark’s text are escaped; secrets are masked in every section', () => {
  const page = renderServersReportPage(
    [
      { heading: 'Server "<img src=x onerror=alert(3)>" (a:1)', report: passing('a'), runnableFixes: true },
      { heading: 'Server "b" (b:1)', report: report(), runnableFixes: true },
    ],
    { nonce: 'n', secrets: [KEY], when: 'now' },
  );
  assert.ok(!page.html.includes('<img src=x'), 'markup in a server name or from the Spark is escaped');
  assert.ok(page.html.includes('&lt;img src=x onerror=alert(3)&gt;'));
  assert.ok(!page.html.includes('<script>alert(2)'));
  assert.ok(!page.html.includes(KEY), 'the API key is masked');
  assert.equal((page.html.match(/<script/g) ?? []).length, 1);
});

test('servers page: only the active server’s fixes are buttons; another server’s are listed as text', () => {
  const sections = (activeFirst: boolean) =>
    renderServersReportPage(
      [
        { heading: 'Server "a" (a:1)', report: report(), runnableFixes: activeFirst },
        { heading: 'Server "b" (b:1)', report: report(), runnableFixes: !activeFirst },
      ],
      { nonce: 'n', when: 'now' },
    );
  const single = renderReportPage(report(), { nonce: 'n', when: 'now' });
  for (const page of [sections(true), sections(false)]) {
    // As many buttons as one report has: the other section's fixes run nowhere.
    assert.equal(page.fixes.length, single.fixes.length);
    const buttons = [...page.html.matchAll(/<button data-fix="(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(buttons, page.fixes.map((_, i) => i));
  }
  const inactive = sections(true).html.split('data-server="1"')[1]!;
  assert.ok(!inactive.includes('data-fix='), 'no fix button in the section of a server that is not active');
  assert.match(inactive, /Not the active server/);
  const label = single.fixes[0]!.label;
  assert.ok(inactive.includes(`<li>${label}: `), `the fix "${label}" is listed with what it would do`);
});
