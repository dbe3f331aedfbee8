import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeFinding } from '../../../src/core/findings';
import { phaseFromProbe, waitUntilReady } from '../../../src/core/remote/readiness';
import { ctxFor, FakeShell } from './fakeShell';

function spark(activeStates: string[]) {
  let i = 0;
  return new FakeShell((argv) => {
    if (argv[1] === 'is-active') return { stdout: `${activeStates[Math.min(i++, activeStates.length - 1)]}\n` };
    if (argv[0] === 'journalctl') return { stdout: 'Nov 29 09:00:01 spark-56d0 vllm[4242]: torch.OutOfMemoryError: CUDA out of memory\n' };
    return undefined;
  });
}

test('a server that never gets ready: service.notReadyInTime after the time limit, with the journal', async () => {
  let t = 0;
  const r = await waitUntilReady(ctxFor(spark(['active'])), 'vllm', {
    timeoutSeconds: 5,
    intervalMs: 1,
    now: () => (t += 1000),
    check: async () => ({ phase: 'warmingUp' }),
  });
  assert.ok(!r.ok);
  assert.equal(r.findings[0]!.code, 'service.notReadyInTime');
  assert.equal(r.findings[0]!.title, 'vllm did not become ready in 5 s');
  assert.match(r.message, /warming up \(503\)/);
  assert.match(r.findings[0]!.evidence!, /CUDA out of memory/);
});

test('a unit that dies while loading: service.crashed at once, not a timeout', async () => {
  let checks = 0;
  const r = await waitUntilReady(ctxFor(spark(['active', 'failed'])), 'vllm', {
    timeoutSeconds: 600,
    intervalMs: 1,
    check: async () => {
      checks++;
      return { phase: 'loading' };
    },
  });
  assert.ok(!r.ok);
  assert.equal(r.findings[0]!.code, 'service.crashed');
  assert.match(r.findings[0]!.title, /vllm stopped while starting/);
  assert.equal(checks, 2);
});

test('an answer with a finding (e.g. 401) counts as ready and keeps the finding', async () => {
  const finding = { code: 'probe.apiKeyNeeded', severity: 'error', title: 'The server needs an API key', detail: 'd', fixes: [] } as const;
  const r = await waitUntilReady(ctxFor(spark(['active'])), 'vllm', { timeoutSeconds: 5, intervalMs: 1, check: async () => ({ phase: 'ready', finding: { ...finding, fixes: [] } }) });
  assert.ok(r.ok);
  assert.equal(r.findings[0]!.code, 'probe.apiKeyNeeded');
});

test('without an HTTP check, "active" is ready and the message says it was not verified', async () => {
  const r = await waitUntilReady(ctxFor(spark(['activating', 'active'])), 'vllm', { timeoutSeconds: 5, intervalMs: 1 });
  assert.ok(r.ok);
  assert.match(r.message, /no Serve URL known/);
});

// Without the cancel this wait would last 600 s (the test's timeout fails it long before).
test('cancel ends the wait as cancelled, before the next interval', { timeout: 4000 }, async () => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 30);
  const r = await waitUntilReady(ctxFor(spark(['active']), { signal: ac.signal }), 'vllm', {
    timeoutSeconds: 600,
    intervalMs: 5000,
    check: async () => ({ phase: 'loading' }),
  });
  assert.ok(!r.ok && r.cancelled);
});

test('probe results map to phases: refused/502 loading, 503 warming up, models ready, 401 ready with its finding', () => {
  const f = (code: Parameters<typeof makeFinding>[0]) => makeFinding(code, { url: 'https://spark-56d0.tail1234.ts.net/v1' });
  assert.deepEqual(phaseFromProbe({ ok: false, findings: [f('probe.connectionRefused')] }), { phase: 'loading' });
  assert.deepEqual(phaseFromProbe({ ok: false, findings: [f('probe.badGateway')] }), { phase: 'loading' });
  assert.deepEqual(phaseFromProbe({ ok: false, findings: [f('probe.warmingUp')] }), { phase: 'warmingUp' });
  assert.deepEqual(phaseFromProbe({ ok: true, findings: [] }), { phase: 'ready' });
  assert.deepEqual(phaseFromProbe({ ok: true, findings: [f('probe.noModels')] }), { phase: 'loading' });
  const key = phaseFromProbe({ ok: false, findings: [f('probe.apiKeyNeeded')] });
  assert.equal(key.phase, 'ready');
  assert.equal(key.finding?.code, 'probe.apiKeyNeeded');
});
