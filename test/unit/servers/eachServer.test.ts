// Diagnose for every configured server (src/core/servers/eachServer.ts), shared by the editor's
// Diagnose command and `tailspark doctor`: the order (active first), one run after the other, and
// the heading of each server's section.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activeFirst, forEachServer, serverHeading, serverSectionMarkdown } from '../../../src/core/servers/eachServer';
import type { ServerEntry } from '../../../src/core/servers/serverList';

const entry = (name: string, host: string, port = 30001): ServerEntry => ({ name, host, port, unit: '', sshTarget: '' });
const A = entry('Spark A', 'spark-a.tail1234.ts.net');
const B = entry('vllm-b', 'spark-b', 8000);
const C = entry('router', 'spark-a.tail1234.ts.net', 30000);

test('activeFirst: the active server leads, the others keep their configured order', () => {
  assert.deepEqual(activeFirst([A, B, C], B), [B, A, C]);
  assert.deepEqual(activeFirst([A, B, C], C), [C, A, B]);
  assert.deepEqual(activeFirst([A, B, C], A), [A, B, C]);
  // An active entry that is not in the list (a stale object): list order, nothing lost or doubled.
  assert.deepEqual(activeFirst([A, B], entry('gone', 'x')), [A, B]);
  assert.deepEqual(activeFirst([A, B], undefined), [A, B]);
});

test('forEachServer: one run after the other (never two at once), active first, each marked', async () => {
  const events: string[] = [];
  let running = 0;
  const runs = await forEachServer(
    [A, B, C],
    B,
    async (e, active) => {
      running += 1;
      assert.equal(running, 1, 'no other server is being diagnosed meanwhile');
      events.push(`start ${e.name}${active ? ' (active)' : ''}`);
      await new Promise((r) => setImmediate(r));
      events.push(`end ${e.name}`);
      running -= 1;
      return e.port;
    },
    (e, i, total) => events.push(`server ${i + 1}/${total} ${e.name}`),
  );
  assert.deepEqual(events, [
    'server 1/3 vllm-b',
    'start vllm-b (active)',
    'end vllm-b',
    'server 2/3 Spark A',
    'start Spark A',
    'end Spark A',
    'server 3/3 router',
    'start router',
    'end router',
  ]);
  assert.deepEqual(
    runs.map((r) => [r.entry.name, r.active, r.result]),
    [
      ['vllm-b', true, 8000],
      ['Spark A', false, 30001],
      ['router', false, 30000],
    ],
  );
});

test('serverHeading and serverSectionMarkdown: name, host:port, a blank line between sections', () => {
  assert.equal(serverHeading(A), 'Server "Spark A" (spark-a.tail1234.ts.net:30001)');
  assert.equal(serverHeading(entry('Spark', '')), 'Server "Spark" (discovered:30001)');
  assert.equal(serverSectionMarkdown(A, 'report A\n', 0) + serverSectionMarkdown(B, 'report B\n', 1), '# Server "Spark A" (spark-a.tail1234.ts.net:30001)\n\nreport A\n\n# Server "vllm-b" (spark-b:8000)\n\nreport B\n');
});
