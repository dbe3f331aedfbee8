// The warm start's rules: when to ask the remembered URL before the rest is loaded (only on the
// user's own settings that still make it the active host), where the request goes, and what an
// answer may show (only an OpenAI model list with models, and only as "reconciling").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HttpResponse } from '../../../src/core/net/httpClient';
import type { LastKnown } from '../../../src/core/state/lastKnown';
import { answeredState, type InspectedSetting, warmStartPlan } from '../../../src/core/state/warmStart';
import { renderStatus } from '../../../src/core/state/render';
import { englishT } from '../../../src/core/l10n';

const lk: LastKnown = {
  host: 'spark-56d0.tail1234.ts.net',
  baseUrl: 'https://spark-56d0.tail1234.ts.net/v1',
  exposure: 'tailnet',
  serverKind: 'sglang',
  models: [{ id: 'Qwen/Qwen2.5-7B-Instruct' }],
  verifiedAt: 1_700_000_000_000,
};

/** Settings as VS Code's inspect() reports them: user values, and optionally workspace values. */
function settings(user: Record<string, unknown>, workspace: Record<string, unknown> = {}) {
  const defaults: Record<string, unknown> = { 'spark.host': '', servers: [], activeServer: '', baseUrl: '', 'network.resolve': {} };
  return (key: string): InspectedSetting => ({
    defaultValue: defaults[key],
    ...(key in user ? { globalValue: user[key] } : {}),
    ...(key in workspace ? { workspaceValue: workspace[key] } : {}),
  });
}

test('plan: the user\'s host is the remembered one → ask <url>/models, by the user\'s resolve entry for that name', () => {
  assert.deepEqual(warmStartPlan(lk, settings({ 'spark.host': lk.host })), { url: 'https://spark-56d0.tail1234.ts.net/v1/models', resolvedTo: undefined });
  assert.deepEqual(warmStartPlan(lk, settings({ 'spark.host': lk.host, 'network.resolve': { 'SPARK-56d0.tail1234.ts.net.': '100.64.0.7', other: '100.64.0.8' } })), {
    url: 'https://spark-56d0.tail1234.ts.net/v1/models',
    resolvedTo: '100.64.0.7',
  });
});

test('plan: several servers — the active entry (by name, else the first) must be the remembered host', () => {
  const servers = [
    { name: 'A', host: 'spark-a.tail1234.ts.net' },
    { name: 'B', host: lk.host, port: 8000 },
  ];
  assert.ok(warmStartPlan(lk, settings({ servers, activeServer: 'B' })));
  assert.equal(warmStartPlan(lk, settings({ servers, activeServer: 'A' })), undefined);
  assert.equal(warmStartPlan(lk, settings({ servers, activeServer: 'nobody' })), undefined, 'falls back to the first entry, A');
  assert.ok(warmStartPlan(lk, settings({ servers: [servers[1]] })));
});

test('plan: no early request when anything else decides — another host, a fixed baseUrl, any workspace value, invalid values', () => {
  assert.equal(warmStartPlan(lk, settings({ 'spark.host': 'spark-b.tail1234.ts.net' })), undefined);
  assert.equal(warmStartPlan(lk, settings({})), undefined, 'not set up');
  assert.equal(warmStartPlan(lk, settings({ 'spark.host': lk.host, baseUrl: 'https://elsewhere/v1' })), undefined);
  // A repository's settings are untrusted: they wait for the settings gate in main.
  assert.equal(warmStartPlan(lk, settings({ 'spark.host': lk.host }, { 'network.resolve': { [lk.host]: '203.0.113.5' } })), undefined);
  assert.equal(warmStartPlan(lk, settings({ 'spark.host': lk.host }, { 'spark.host': lk.host })), undefined);
  assert.equal(warmStartPlan(lk, settings({ 'spark.host': lk.host, 'network.resolve': { [lk.host]: 'not-an-ip' } })), undefined);
  assert.equal(warmStartPlan(lk, settings({ 'spark.host': 42 })), undefined);
  assert.equal(warmStartPlan(lk, settings({ servers: 'Spark A' })), undefined);
});

const response = (status: number, body: unknown): HttpResponse => ({
  url: `${lk.baseUrl}/models`,
  status,
  headers: {},
  body: typeof body === 'string' ? body : JSON.stringify(body),
  durationMs: 12,
});

test('answer: an OpenAI model list with models → ready, reconciling, with the models of the answer', () => {
  const s = answeredState(lk, response(200, { object: 'list', data: [{ id: 'meta-llama/Llama-3.1-8B-Instruct', object: 'model', max_model_len: 131072 }] }), 5000);
  assert.equal(s?.phase, 'ready');
  assert.equal(s?.reconciling, true);
  assert.equal(s?.checkedAt, 5000);
  assert.deepEqual(s?.serve, { baseUrl: lk.baseUrl, exposure: 'tailnet', source: 'cache' });
  assert.deepEqual(s?.server, { kind: 'sglang', models: [{ id: 'meta-llama/Llama-3.1-8B-Instruct', contextLength: 131072 }], latencyMs: 12 });
  // What the status bar then says: the model, and in the tooltip that discovery still confirms it.
  const view = renderStatus(s!, { t: englishT, now: 5000 });
  assert.equal(view.text, '$(sparkle) Llama-3.1-8B');
  assert.match(view.tooltip, /confirming the Serve config/);
});

test('answer: anything else shows nothing new — refused, warming up, an error page, an empty list, not a model list', () => {
  assert.equal(answeredState(lk, response(401, { error: { message: 'Invalid API key' } }), 1), undefined);
  assert.equal(answeredState(lk, response(503, ''), 1), undefined);
  assert.equal(answeredState(lk, response(200, '<html>Tailscale</html>'), 1), undefined);
  assert.equal(answeredState(lk, response(200, { object: 'list', data: [] }), 1), undefined);
  assert.equal(answeredState(lk, response(200, { data: 'x' }), 1), undefined);
});

test('answer: model ids from the Spark lose terminal escapes at this boundary too', () => {
  const s = answeredState(lk, response(200, { object: 'list', data: [{ id: 'evil\u001b]52;c;aGk=\u0007model' }] }), 1);
  assert.equal(s?.server?.models[0]?.id, 'evilmodel');
});
