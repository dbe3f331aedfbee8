import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderReportPage } from '../../../src/core/doctor';
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
