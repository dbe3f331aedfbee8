// The settings model of several inference servers: tailspark.servers validation, the spark.host
// shorthand, the active entry, and the per-server settings the single-server code runs with.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { activeServer, inheritedSshTarget, type ServerEntry, serverList, settingsForServer } from '../../../src/core/servers/serverList';
import { defaultSettings, parseSettings, type SettingKey, type Settings } from '../../../src/core/settings';
import { GUARDED_KEYS } from '../../../src/core/settings/workspaceGate';

const read = (values: Partial<Record<SettingKey, unknown>>) => (key: SettingKey) => values[key];
const settings = (values: Partial<Settings>): Settings => ({ ...defaultSettings(), ...values });

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const declared: Record<string, Record<string, unknown>> = Object.assign({}, ...pkg.contributes.configuration.map((s: { properties: object }) => s.properties));

test('servers: valid entries are taken with defaults for port, unit and sshTarget', () => {
  const { settings: s, findings } = parseSettings(
    read({
      servers: [
        { name: 'Spark A', host: 'spark-a.tail1234.ts.net' },
        { name: 'b-vllm', host: 'spark-b', port: 8000, unit: 'vllm.service', sshTarget: 'me@spark-b:2222' },
        { name: 'router_1.x', host: 'tag:spark', port: 30010 },
        { name: '7', host: '100.101.102.103' },
      ],
      activeServer: ' b-vllm ',
    }),
  );
  assert.deepEqual(findings, []);
  assert.deepEqual(s.servers[0], { name: 'Spark A', host: 'spark-a.tail1234.ts.net', port: 30001, unit: '', sshTarget: '' });
  assert.deepEqual(s.servers[1], { name: 'b-vllm', host: 'spark-b', port: 8000, unit: 'vllm.service', sshTarget: 'me@spark-b:2222' });
  assert.equal(s.activeServer, 'b-vllm');
});

test('servers: a bad entry falls back to [] with one settings.invalid naming the entry and field', () => {
  const cases: Array<[unknown, RegExp]> = [
    [[{ name: 'a', host: 'spark a' }], /0\.host/],
    [[{ name: 'a', host: '' }], /0\.host: a server needs a host/],
    [[{ name: 'a', host: '-oProxyCommand=x' }], /0\.host/],
    [[{ name: '', host: 'spark' }], /0\.name/],
    [[{ name: '-x', host: 'spark' }], /0\.name/],
    [[{ name: 'a;b', host: 'spark' }], /0\.name/],
    [[{ name: 'x'.repeat(65), host: 'spark' }], /0\.name/],
    [[{ name: 'a', host: 'spark', port: 0 }], /0\.port/],
    [[{ name: 'a', host: 'spark', port: 70000 }], /0\.port/],
    [[{ name: 'a', host: 'spark', unit: '-Hevil' }], /0\.unit/],
    [[{ name: 'a', host: 'spark', sshTarget: '-oProxyCommand=x' }], /0\.sshTarget/],
    [[{ name: 'a', host: 'spark', extra: 1 }], /extra/],
    [[{ name: 'Spark', host: 'a' }, { name: 'spark', host: 'b' }], /1\.name: the name "spark" is used twice/],
    [Array.from({ length: 33 }, (_, i) => ({ name: `s${i}`, host: `h${i}` })), /32/],
    ['spark', /array/],
  ];
  for (const [value, message] of cases) {
    const { settings: s, findings } = parseSettings(read({ servers: value, 'spark.host': 'kept' }));
    assert.deepEqual(s.servers, [], JSON.stringify(value).slice(0, 60));
    assert.equal(s['spark.host'], 'kept', 'other keys stay in effect');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.code, 'settings.invalid');
    assert.match(findings[0]!.detail, message, JSON.stringify(value).slice(0, 60));
  }
  assert.deepEqual(parseSettings(read({ servers: Array.from({ length: 32 }, (_, i) => ({ name: `s${i}`, host: `h${i}` })) })).findings, [], '32 is fine');
});

test('failover and poll.otherServersSeconds: enum and bounds', () => {
  assert.equal(defaultSettings().failover, 'ask');
  assert.equal(defaultSettings()['failover.graceSeconds'], 60);
  assert.equal(defaultSettings()['poll.otherServersSeconds'], 120);
  assert.equal(parseSettings(read({ failover: 'sometimes' })).findings.length, 1);
  assert.equal(parseSettings(read({ 'poll.otherServersSeconds': 5 })).findings.length, 1);
  assert.equal(parseSettings(read({ failover: 'auto' })).settings.failover, 'auto');
});

test('package.json: servers/activeServer/failover are application-scoped and restricted in untrusted workspaces', () => {
  for (const k of ['servers', 'activeServer', 'failover', 'failover.graceSeconds']) assert.equal(declared[`tailspark.${k}`]?.scope, 'application', k);
  for (const k of ['servers', 'activeServer'] as const) assert.ok((GUARDED_KEYS as readonly string[]).includes(k), k);
  const items = (declared['tailspark.servers'] as { items: { properties: Record<string, unknown>; required: string[] }; maxItems: number }).items;
  assert.deepEqual(Object.keys(items.properties).sort(), ['host', 'name', 'port', 'sshTarget', 'unit']);
  assert.deepEqual(items.required, ['name', 'host']);
  assert.equal((declared['tailspark.servers'] as { maxItems: number }).maxItems, 32);
});

test('serverList: no servers → one entry from spark.host / port / unit / ssh.target, named after the host', () => {
  const s = settings({ 'spark.host': 'spark-56d0', 'spark.inferencePort': 30002, 'service.unit': 'vllm.service', 'ssh.target': 'me@spark-56d0:2222' });
  assert.deepEqual(serverList(s), [{ name: 'spark-56d0', host: 'spark-56d0', port: 30002, unit: 'vllm.service', sshTarget: 'me@spark-56d0:2222' }]);
  // Not set up yet: still one entry (the Monitor shows "pick the Spark" for it, as today).
  assert.deepEqual(serverList(defaultSettings()), [{ name: 'Spark', host: '', port: 30001, unit: '', sshTarget: '' }]);
});

test('serverList: servers win over spark.host; entries keep their order', () => {
  const s = settings({
    'spark.host': 'old',
    servers: [
      { name: 'b', host: 'spark-b', port: 8000, unit: '', sshTarget: 'x@spark-b' },
      { name: 'a', host: 'spark-a', port: 30001, unit: 'sglang.service', sshTarget: '' },
    ],
  });
  assert.deepEqual(
    serverList(s).map((e) => [e.name, e.host, e.port, e.unit, e.sshTarget]),
    [
      ['b', 'spark-b', 8000, '', 'x@spark-b'],
      ['a', 'spark-a', 30001, 'sglang.service', ''],
    ],
  );
});

test('an entry without sshTarget never inherits another machine: same host keeps the target, else only the user', () => {
  assert.equal(inheritedSshTarget('', 'spark-b'), '');
  assert.equal(inheritedSshTarget('me@spark-a:2222', 'spark-a'), 'me@spark-a:2222', 'one Spark, two ports');
  assert.equal(inheritedSshTarget('me@spark-a:2222', 'spark-a.tail1234.ts.net.'), 'me@spark-a:2222', 'short name and MagicDNS name');
  assert.equal(inheritedSshTarget('me@SPARK-A.tail1234.ts.net', 'spark-a'), 'me@SPARK-A.tail1234.ts.net');
  assert.equal(inheritedSshTarget('me@spark-a:2222', 'spark-b'), 'me@spark-b', 'user kept, host and port are spark-a’s');
  assert.equal(inheritedSshTarget('me@spark-a', 'fd7a:115c:a1e0::1'), 'me@[fd7a:115c:a1e0::1]');
  assert.equal(inheritedSshTarget('me@100.1.2.3', '100.1.2.4'), 'me@100.1.2.4', 'IPs are not short names');
  assert.equal(inheritedSshTarget('sparkalias', 'spark-b'), '', 'an ssh_config alias for another host is not reused');
  assert.equal(inheritedSshTarget('sparkalias', 'sparkalias'), 'sparkalias');
  assert.equal(inheritedSshTarget('me@spark-a', 'tag:spark'), '', 'a tag is resolved to a peer later; ssh_config for it');
  assert.equal(inheritedSshTarget('not a target', 'spark-b'), '');
  const s = settings({ 'ssh.target': 'me@spark-a', servers: [{ name: 'b', host: 'spark-b', port: 30001, unit: '', sshTarget: '' }] });
  assert.equal(serverList(s)[0]!.sshTarget, 'me@spark-b');
});

test('activeServer: empty → first, exact name, then ignoring case; unknown → undefined', () => {
  const list: ServerEntry[] = [
    { name: 'Alpha', host: 'a', port: 1, unit: '', sshTarget: '' },
    { name: 'beta', host: 'b', port: 2, unit: '', sshTarget: '' },
  ];
  assert.equal(activeServer(list, '')?.name, 'Alpha');
  assert.equal(activeServer(list, ' beta ')?.name, 'beta');
  assert.equal(activeServer(list, 'BETA')?.name, 'beta');
  assert.equal(activeServer(list, 'gamma'), undefined);
  assert.equal(activeServer([], ''), undefined);
});

test('settingsForServer: the single-server keys come from the entry; everything else unchanged', () => {
  const base = settings({
    'spark.host': 'old',
    'ssh.target': 'me@spark-a',
    'poll.healthySeconds': 7,
    baseUrl: 'https://manual.example/v1',
    servers: [
      { name: 'a', host: 'spark-a', port: 30001, unit: 'sglang.service', sshTarget: '' },
      { name: 'b', host: 'spark-b', port: 8000, unit: '', sshTarget: 'root@spark-b:22' },
    ],
  });
  const [, b] = serverList(base);
  const s = settingsForServer(base, b!);
  assert.equal(s['spark.host'], 'spark-b');
  assert.equal(s['spark.inferencePort'], 8000);
  assert.equal(s['service.unit'], '');
  assert.equal(s['ssh.target'], 'root@spark-b:22');
  assert.equal(s.baseUrl, '', 'a manual URL names one endpoint: not applied to list entries');
  assert.equal(s['poll.healthySeconds'], 7);
  assert.deepEqual(s.servers, base.servers);
  // The shorthand: settingsForServer of its only entry is the settings themselves (today's behaviour).
  const single = settings({ 'spark.host': 'spark-56d0', 'ssh.target': 'me@spark-56d0', baseUrl: 'https://manual.example/v1', 'service.unit': 'x.service' });
  assert.deepEqual(settingsForServer(single, serverList(single)[0]!), single);
  assert.deepEqual(settingsForServer(defaultSettings(), serverList(defaultSettings())[0]!), defaultSettings());
});
