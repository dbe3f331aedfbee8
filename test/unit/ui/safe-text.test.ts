// Text from the Spark on every surface: no terminal escapes, no notification links, bounded lists.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { terminalSafe } from '../../../src/cli/terminalSafe';
import { probeInference } from '../../../src/core/inference/probe';
import { englishT } from '../../../src/core/l10n';
import { capList, notificationText, stripControl } from '../../../src/core/safeText';
import { renderStatus } from '../../../src/core/state/render';
import { initialState } from '../../../src/core/state/types';
import { startFake } from '../inference/fakeInferenceServer';

const HOSTILE = 'm\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b]0;title\x1b\\\u202e\revil\x9b6n\x00';

test('stripControl removes OSC/CSI sequences, C0/C1 controls and bidi overrides; newline and tab stay', () => {
  assert.equal(stripControl(HOSTILE), 'mevil6n');
  assert.equal(stripControl('a\tb\r\nc\n'), 'a\tb\r\nc\n');
  assert.equal(stripControl('\x1b[31mred\x1b[0m\x1b[2J', { keepColours: true }), '\x1b[31mred\x1b[0m', 'colours only');
});

test('notificationText: no [label](command:…) or [label](https://…) link survives', () => {
  const linkSyntax = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)/i; // the workbench's linkedText pattern
  for (const s of ['[Fix](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)', 'see [docs](https://evil.example)']) {
    assert.match(s, linkSyntax);
    assert.doesNotMatch(notificationText(s), linkSyntax);
  }
  assert.equal(notificationText('plain [text] (x)'), 'plain [text] (x)');
});

test('model ids and versions from /v1/models are stripped of control characters when parsed', async () => {
  const s = await startFake({ kind: 'vllm', modelsBody: JSON.stringify({ object: 'list', data: [{ id: `org/${HOSTILE}`, object: 'model', owned_by: 'vllm' }] }) });
  try {
    const r = await probeInference({ baseUrl: `${s.origin}/v1`, identify: false, load: false });
    assert.equal(r.models?.[0]?.id, 'org/mevil6n');
  } finally {
    await s.close();
  }
});

test('CLI output: a server string cannot drive the terminal', () => {
  let out = '';
  const io = terminalSafe({ stdout: { write: (t: string) => (out += t) }, stderr: { write: () => true } });
  io.stdout.write(`model ${HOSTILE}\n`);
  assert.equal(out, 'model mevil6n\n');
});

test('a 20,000-model list: the tooltip shows a few and says how many more', () => {
  const models = Array.from({ length: 20_000 }, (_, i) => ({ id: `org/model-${i}-${'x'.repeat(40)}` }));
  const view = renderStatus(
    { ...initialState(0, 'spark'), phase: 'ready', server: { kind: 'vllm', version: '0.11.0', latencyMs: 5, models } },
    { t: englishT, now: 0 },
  );
  assert.ok(view.tooltip.length < 5_000, `tooltip is ${view.tooltip.length} characters`);
  assert.match(view.tooltip, /… and 19988 more/);
  assert.deepEqual(capList([1, 2, 3], 2), { shown: [1, 2], more: 1 });
});
