// The status bar in German: its error label is the Finding's title ("Spark: {0}"), so with the
// German locale "Connection refused" reads "Verbindung abgelehnt" and the quick actions carry the
// German fix labels. The extension-host suite runs in English; this renders the same view in German
// with tr() standing in for vscode.l10n.t (both read l10n/bundle.l10n.de.json).
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { makeFinding } from '../../../src/core/findings';
import { setLocale, tr } from '../../../src/core/l10n';
import { actionsFor } from '../../../src/core/state/actions';
import { renderStatus } from '../../../src/core/state/render';
import { initialState, type SparkState } from '../../../src/core/state/types';

afterEach(() => setLocale('en'));

const NOW = Date.parse('2026-12-04T09:00:00Z');
const URL = 'https://spark-56d0.tail1234.ts.net/v1';
const errorState = (code: 'probe.connectionRefused' | 'probe.apiKeyNeeded'): SparkState => ({
  ...initialState(NOW, 'spark-56d0'),
  phase: 'error',
  findings: [makeFinding(code, { url: URL })],
});

test('German status bar: error labels are the German Finding titles', () => {
  setLocale('de');
  const refused = renderStatus(errorState('probe.connectionRefused'), { t: tr, now: NOW });
  assert.equal(refused.text, '$(error) Spark: Verbindung abgelehnt');
  assert.match(refused.tooltip, /Verbindung abgelehnt/);
  assert.match(refused.tooltip, /hat die Verbindung abgelehnt/);
  const key = renderStatus(errorState('probe.apiKeyNeeded'), { t: tr, now: NOW });
  assert.equal(key.text, '$(error) Spark: Der Server braucht einen API-Schlüssel');
  assert.match(key.accessibilityLabel, /Der Server braucht einen API-Schlüssel/);
  assert.ok(actionsFor(errorState('probe.apiKeyNeeded'), tr).some((a) => a.label.includes('API-Schlüssel festlegen')));
});

test('English status bar is unchanged', () => {
  setLocale('en');
  assert.equal(renderStatus(errorState('probe.connectionRefused'), { t: tr, now: NOW }).text, '$(error) Spark: Connection refused');
});
