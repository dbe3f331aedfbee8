// Settings: zod validation per key with defaults, and agreement between the schema,
// package.json's contributes.configuration and the findings catalogue's "Open Settings" fixes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allFindingCodes, makeFinding } from '../../../src/core/findings';
import { checkedUnit } from '../../../src/core/remote/systemd';
import { changedKeys, defaultSettings, monitorConfig, parseSettings, SETTING_KEYS, type SettingKey } from '../../../src/core/settings';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const sections: Array<{ title: string; properties: Record<string, Record<string, unknown>> }> = pkg.contributes.configuration;
const declared: Record<string, Record<string, unknown>> = Object.assign({}, ...sections.map((s) => s.properties));

const read = (values: Partial<Record<SettingKey, unknown>>) => (key: SettingKey) => values[key];

test('no values → all defaults, no findings', () => {
  const { settings, findings } = parseSettings(read({}));
  assert.deepEqual(findings, []);
  assert.equal(settings['spark.host'], '');
  assert.equal(settings['spark.inferencePort'], 30001);
  assert.equal(settings['service.unit'], '', 'empty: detected on the Spark');
  assert.equal(settings.autoConfigure, 'ask');
  assert.equal(settings['poll.healthySeconds'], 15);
  assert.deepEqual(settings['network.resolve'], {});
});

test('valid values are taken (trimmed)', () => {
  const { settings, findings } = parseSettings(
    read({
      'spark.host': ' spark-56d0.tail1234.ts.net. ',
      'ssh.target': 'sparkuser@spark-56d0:2222',
      'network.resolve': { 'spark-56d0.tail1234.ts.net': '100.101.102.103' },
      'targets.settingsKeys': [{ key: 'myExt.baseUrl' }, { key: 'other.openai.url', suffix: '/chat/completions' }],
      baseUrl: 'https://spark-56d0.tail1234.ts.net/v1/',
      'poll.detail': 'models',
    }),
  );
  assert.deepEqual(findings, []);
  assert.equal(settings['spark.host'], 'spark-56d0.tail1234.ts.net.');
  assert.equal(settings.baseUrl, 'https://spark-56d0.tail1234.ts.net/v1');
  assert.deepEqual(settings['targets.settingsKeys'], [
    { key: 'myExt.baseUrl', suffix: '' },
    { key: 'other.openai.url', suffix: '/chat/completions' },
  ]);
});

test('host selectors: names, MagicDNS, IPs and tags pass; junk does not', () => {
  for (const ok of ['spark-56d0', 'spark-56d0.tail1234.ts.net', 'spark-56d0.tail1234.ts.net.', '100.101.102.103', 'fd7a:115c:a1e0::8a01:6667', 'tag:spark', '']) {
    assert.deepEqual(parseSettings(read({ 'spark.host': ok })).findings, [], ok);
  }
  for (const bad of ['spark 56d0', 'http://spark', 'tag:', '-oProxyCommand=x', 'a;b', 42]) {
    assert.equal(parseSettings(read({ 'spark.host': bad })).findings.length, 1, String(bad));
  }
});

test('ssh targets that would be ssh options or shell are rejected', () => {
  for (const bad of ['-oProxyCommand=touch /tmp/x', 'user@host;id', 'user@ho st', 'user@host:port']) {
    assert.equal(parseSettings(read({ 'ssh.target': bad })).findings.length, 1, bad);
  }
  for (const ok of ['sparkuser@spark-56d0', 'spark', 'u@[fd7a::1]:22', 'sparkuser@100.101.102.103:2222']) {
    assert.deepEqual(parseSettings(read({ 'ssh.target': ok })).findings, [], ok);
  }
});

test('an invalid value falls back to its default and becomes settings.invalid with an Open Settings fix', () => {
  const { settings, findings } = parseSettings(
    read({ 'poll.healthySeconds': 0, 'network.resolve': { 'spark.ts.net': 'not-an-ip' }, 'spark.inferencePort': 30002 }),
  );
  assert.equal(settings['poll.healthySeconds'], 15);
  assert.deepEqual(settings['network.resolve'], {});
  assert.equal(settings['spark.inferencePort'], 30002, 'other keys stay in effect');
  assert.deepEqual(
    findings.map((f) => f.code),
    ['settings.invalid', 'settings.invalid'],
  );
  const f = findings.find((x) => x.title.includes('poll.healthySeconds'))!;
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.fixes[0]?.action, { kind: 'openSettings', setting: 'tailspark.poll.healthySeconds' });
  assert.match(f.detail, /default \(15\)/);
  assert.equal(f.evidence, '0');
  const g = findings.find((x) => x.title.includes('network.resolve'))!;
  assert.match(g.detail, /IP address/);
});

test('unit names: only systemd characters', () => {
  assert.equal(parseSettings(read({ 'service.unit': 'vllm.service; reboot' })).findings.length, 1);
  assert.equal(parseSettings(read({ 'service.unit': 'vllm@qwen.service' })).findings.length, 0);
});

test('unit names: the settings refuse exactly what the remote actions refuse (one validator)', () => {
  for (const unit of ['-Hevil', '--host=evil', 'vllm.service', 'sglang@0.service', 'a b', 'x'.repeat(257)]) {
    const settingsOk = parseSettings(read({ 'service.unit': unit })).findings.length === 0;
    let remoteOk = true;
    try {
      checkedUnit(unit);
    } catch {
      remoteOk = false;
    }
    assert.equal(settingsOk, remoteOk, `${unit.slice(0, 20)}: settings ${settingsOk}, remote ${remoteOk}`);
  }
  // A refused value falls back to the default: empty, i.e. detected on the Spark.
  assert.equal(parseSettings(read({ 'service.unit': '-Hevil' })).settings['service.unit'], '');
});

test('changedKeys names exactly the keys that differ', () => {
  const a = defaultSettings();
  const b = { ...a, 'spark.host': 'x', 'network.resolve': { a: '1.2.3.4' } };
  assert.deepEqual(changedKeys(a, b).sort(), ['network.resolve', 'spark.host']);
  assert.deepEqual(changedKeys(a, { ...a }), []);
});

test('monitorConfig: backoff never faster than healthy polling; baseUrl override passed on', () => {
  const s = { ...defaultSettings(), 'poll.healthySeconds': 120, 'poll.maxBackoffSeconds': 30, baseUrl: 'https://x.ts.net/v1' };
  const c = monitorConfig(s);
  assert.equal(c.maxBackoffSeconds, 120);
  assert.equal(c.baseUrlOverride, 'https://x.ts.net/v1');
  assert.equal(monitorConfig(defaultSettings()).baseUrlOverride, undefined);
});

test('package.json declares exactly the schema keys, with the same defaults', () => {
  const keys = Object.keys(declared).sort();
  assert.deepEqual(keys, SETTING_KEYS.map((k) => `tailspark.${k}`).sort());
  const defaults = defaultSettings();
  for (const k of SETTING_KEYS) assert.deepEqual(declared[`tailspark.${k}`]?.default, defaults[k], k);
});

test('package.json settings: grouped sections with titles, markdownDescription, enumDescriptions, scopes', () => {
  assert.ok(sections.length >= 5);
  for (const s of sections) assert.match(s.title, /^%config\.section\.[a-z]+%$/);
  for (const [k, p] of Object.entries(declared)) {
    assert.match(String(p.markdownDescription), /^%config\./, `${k} has a localized markdownDescription`);
    if (Array.isArray(p.enum)) assert.equal((p.enumDescriptions as unknown[])?.length, p.enum.length, `${k} enumDescriptions`);
  }
  for (const k of ['spark.host', 'ssh.target', 'ssh.configFile', 'ssh.knownHostsFile', 'tailscale.path', 'network.resolve']) {
    assert.equal(declared[`tailspark.${k}`]?.scope, 'machine-overridable', k);
  }
  assert.equal(declared['tailspark.autoConfigure']?.scope, 'application');
});

test('every "Open Settings" fix in the findings catalogue points at a declared setting', () => {
  // A context that fills every placeholder, so conditional fixes appear too.
  const ctx = new Proxy({}, { get: (_t, k) => (k === 'port' ? 30001 : 'x') });
  const missing: string[] = [];
  // settings.invalid names whatever key was invalid (from its context), so it is skipped here.
  for (const code of allFindingCodes().filter((c) => c !== 'settings.invalid')) {
    for (const fix of makeFinding(code, ctx).fixes) {
      if (fix.action?.kind === 'openSettings' && !fix.action.setting.startsWith('@') && !(fix.action.setting in declared)) {
        missing.push(`${code} → ${fix.action.setting}`);
      }
    }
  }
  assert.deepEqual(missing, []);
});

test('every command fix in the findings catalogue is a contributed command (or a workbench one)', () => {
  const commands = new Set((pkg.contributes.commands as Array<{ command: string }>).map((c) => c.command));
  const ctx = new Proxy({}, { get: (_t, k) => (k === 'port' ? 30001 : 'x') });
  const missing: string[] = [];
  for (const code of allFindingCodes()) {
    for (const fix of makeFinding(code, ctx).fixes) {
      const a = fix.action;
      if (a?.kind === 'command' && a.command.startsWith('tailspark.') && !commands.has(a.command)) missing.push(`${code} → ${a.command}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('ssh.rememberSecrets: an opt-in (off by default), per machine user (application scope), booleans only', () => {
  assert.equal(defaultSettings()['ssh.rememberSecrets'], false);
  assert.equal(declared['tailspark.ssh.rememberSecrets']?.type, 'boolean');
  assert.equal(declared['tailspark.ssh.rememberSecrets']?.scope, 'application', 'a workspace must not be able to turn on keeping secrets');
  assert.equal(parseSettings(read({ 'ssh.rememberSecrets': true })).settings['ssh.rememberSecrets'], true);
  const bad = parseSettings(read({ 'ssh.rememberSecrets': 'yes' }));
  assert.equal(bad.settings['ssh.rememberSecrets'], false);
  assert.deepEqual(
    bad.findings.map((f) => f.code),
    ['settings.invalid'],
  );
});
