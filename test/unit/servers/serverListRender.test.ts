// The tooltip's list of servers (src/core/state/render.ts serverListLines): one line per server
// with its health as the status bar would say it, a switch link for each one that is not active,
// escaped names; nothing for a single server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { englishT } from '../../../src/core/l10n';
import { CHOOSE_SERVER_COMMAND, renderStatus, type ServerListRow, serverListLines } from '../../../src/core/state/render';
import { initialState, type SparkPhase, type SparkState } from '../../../src/core/state/types';

const NOW = Date.parse('2023-11-14T23:00:00Z');
const opts = { t: englishT, now: NOW };
const st = (phase: SparkPhase, over: Partial<SparkState> = {}): SparkState => ({ ...initialState(NOW, 'h'), phase, ...over });
const ready = st('ready', { server: { kind: 'sglang', models: [{ id: 'Qwen/Qwen2.5-7B-Instruct' }] } });
const rows: ServerListRow[] = [
  { name: 'Spark A', host: 'spark-a', port: 30001, active: true, state: ready },
  { name: 'b-vllm', host: 'spark-b.tail1234.ts.net', port: 8000, active: false, state: st('serverStopped') },
  { name: 'router', host: 'tag:spark', port: 30010, active: false, state: st('sparkOffline') },
];

test('two or more servers: one line each, the active one in bold, the others link to a switch', () => {
  const lines = serverListLines(rows, opts);
  assert.equal(lines[1], '$(server) **Inference servers**');
  assert.equal(lines[2], '$(sparkle) **Spark A** (active) · `spark-a:30001` · Qwen2\\.5\\-7B');
  const link = `command:${CHOOSE_SERVER_COMMAND}?${encodeURIComponent(JSON.stringify(['b-vllm']))}`;
  assert.equal(lines[3], `$(debug-stop) [b\\-vllm](${link}) · \`spark-b.tail1234.ts.net:8000\` · Spark: server stopped`);
  assert.match(lines[4]!, /^\$\(vm-outline\) \[router\]\(command:tailspark\.chooseServer\?.*\) · `tag:spark:30010` · Spark offline$/);
  assert.equal(lines[5], `[Choose Inference Server](command:${CHOOSE_SERVER_COMMAND})`);
  assert.equal(lines.length, 6);
});

test('a single server: no list (the tooltip is about it already)', () => {
  assert.deepEqual(serverListLines(rows.slice(0, 1), opts), []);
  assert.deepEqual(serverListLines([], opts), []);
  assert.doesNotMatch(renderStatus(ready, { ...opts, servers: rows.slice(0, 1) }).tooltip, /Inference servers/);
});

test('the status tooltip carries the list before its footer; model ids from the server are escaped', () => {
  const evil = st('ready', { server: { kind: 'sglang', models: [{ id: 'x](command:workbench.action.terminal.new)' }] } });
  const md = renderStatus(ready, { ...opts, servers: [rows[0]!, { ...rows[1]!, state: evil }] }).tooltip;
  const list = md.indexOf('**Inference servers**');
  assert.ok(list > 0 && list < md.lastIndexOf('---'), 'list above the footer');
  assert.doesNotMatch(md, /\]\(command:workbench\.action\.terminal/);
});
