// The status tooltip links to the dashboard while a server answers (ready/degraded), and only then:
// with no server there is nothing to chart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { englishT } from '../../../src/core/l10n';
import { renderStatus } from '../../../src/core/state/render';
import { initialState, type SparkState } from '../../../src/core/state/types';

const opts = { t: englishT, now: Date.parse('2023-11-14T23:00:00Z') };
const base = (over: Partial<SparkState>): SparkState => ({ ...initialState(opts.now, 'spark'), ...over });

test('tooltip has the Dashboard link when ready or degraded, not when stopped or offline', () => {
  const link = /\(command:tailspark\.dashboard\.open\b/;
  for (const phase of ['ready', 'degraded'] as const) assert.match(renderStatus(base({ phase }), opts).tooltip, link, phase);
  for (const phase of ['serverStopped', 'sparkOffline', 'notConfigured'] as const) assert.doesNotMatch(renderStatus(base({ phase }), opts).tooltip, link, phase);
});
