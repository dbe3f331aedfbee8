// The remembered endpoint is a file boundary: validated on read, never holding a secret.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUnverifiedCache, lastKnownFromState, lastKnownState, parseLastKnown, sameEndpoint } from '../../../src/core/state/lastKnown';
import { renderStatus } from '../../../src/core/state/render';
import type { SparkState } from '../../../src/core/state/types';
import { englishT } from '../../../src/core/l10n';

const good = {
  host: 'spark.tail1234.ts.net',
  baseUrl: 'https://spark.tail1234.ts.net/v1',
  exposure: 'tailnet',
  serverKind: 'sglang',
  models: [{ id: 'Qwen/Qwen2.5-7B-Instruct', contextLength: 32768 }],
  verifiedAt: 1_700_000_000_000,
};

test('a valid stored value is read back', () => {
  assert.deepEqual(parseLastKnown(good), good);
});

test('invalid stored values are not used (wrong scheme, junk, too many models, wrong types, extra secret dropped)', () => {
  assert.equal(parseLastKnown(undefined), undefined);
  assert.equal(parseLastKnown('https://x'), undefined);
  assert.equal(parseLastKnown({ ...good, baseUrl: 'http://spark.tail1234.ts.net/v1' }), undefined);
  assert.equal(parseLastKnown({ ...good, baseUrl: 'https://a b/v1' }), undefined);
  assert.equal(parseLastKnown({ ...good, exposure: 'public' }), undefined);
  assert.equal(parseLastKnown({ ...good, models: Array.from({ length: 33 }, (_, i) => ({ id: `m${i}` })) }), undefined);
  assert.equal(parseLastKnown({ ...good, verifiedAt: 'yesterday' }), undefined);
  const withKey = parseLastKnown({ ...good, apiKey: 'sk-secret' });
  assert.ok(withKey);
  assert.equal('apiKey' in withKey, false, 'unknown keys are stripped');
});

const ready: SparkState = {
  phase: 'ready',
  since: 1,
  checkedAt: 5,
  host: good.host,
  serve: { baseUrl: good.baseUrl, exposure: 'tailnet', source: 'ssh' },
  server: { kind: 'sglang', models: good.models, latencyMs: 40 },
  targets: [],
  degraded: [],
  findings: [],
  failures: 0,
};

test('only a healthy, discovered, confirmed endpoint is remembered', () => {
  assert.deepEqual(lastKnownFromState(ready), { ...good, verifiedAt: 5 });
  assert.equal(lastKnownFromState({ ...ready, phase: 'error' }), undefined);
  assert.equal(lastKnownFromState({ ...ready, serve: { ...ready.serve!, source: 'setting' } }), undefined);
  assert.equal(lastKnownFromState({ ...ready, reconciling: true }), undefined);
  assert.equal(sameEndpoint(lastKnownFromState(ready), { ...good, verifiedAt: 99 } as never), true);
});

test('the starting state says "last known, checking…" honestly (English)', () => {
  const s = lastKnownState(parseLastKnown(good)!, 10);
  assert.equal(isUnverifiedCache(s), true);
  const v = renderStatus(s, { t: englishT, now: 10 });
  assert.equal(v.text, '$(sync~spin) Qwen2.5-7B · last known, checking…');
  assert.match(v.tooltip, /Last known state \\?\(previous session\\?\), checking…/);
  assert.ok(v.tooltip.includes(good.baseUrl));
});
