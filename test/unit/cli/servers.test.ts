// `--server NAME` plumbing of the CLI (src/cli/servers.ts, src/cli/serverCommands.ts) on plain
// Node: which flags an entry becomes per command, where the settings are read, and doctor's
// one-section-per-server output (with a stand-in doctor that echoes its arguments).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runWithServers } from '../../../src/cli/serverCommands';
import { argsForServer, defaultSettingsPaths, findServer, loadServers, ServerFlagError, takeServerFlags } from '../../../src/cli/servers';

const dir = mkdtempSync(join(tmpdir(), 'tailspark-cli-servers-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function settingsFile(name: string, values: Record<string, unknown>, prefix = ''): string {
  const path = join(dir, name);
  writeFileSync(path, `${prefix}${JSON.stringify(values, null, 2)}\n`);
  return path;
}

const TWO = {
  'tailspark.ssh.target': 'alice@spark-a',
  'tailspark.servers': [
    { name: 'Spark A', host: 'spark-a.tail1234.ts.net', port: 30001, unit: 'sglang' },
    { name: 'vllm-b', host: 'spark-b', port: 8000, unit: '', sshTarget: 'bob@spark-b' },
  ],
};

test('takeServerFlags takes --server/--config in both spellings and leaves the rest (and everything after --) alone', () => {
  assert.deepEqual(takeServerFlags(['--json', '--server', 'a', '--config=/x.json', 'T', '--', '--server', 'remote']), {
    server: 'a',
    config: '/x.json',
    rest: ['--json', 'T', '--', '--server', 'remote'],
  });
  assert.throws(() => takeServerFlags(['--server']), ServerFlagError);
  assert.throws(() => takeServerFlags(['--server', 'a', '--server=b']), /--server given twice/);
});

test('the default settings files are Cursor’s, then VS Code’s user settings.json, per platform', () => {
  assert.deepEqual(defaultSettingsPaths('linux', { HOME: '/home/u' }), ['/home/u/.config/Cursor/User/settings.json', '/home/u/.config/Code/User/settings.json']);
  assert.deepEqual(defaultSettingsPaths('darwin', { HOME: '/Users/u' }), [
    '/Users/u/Library/Application Support/Cursor/User/settings.json',
    '/Users/u/Library/Application Support/Code/User/settings.json',
  ]);
  assert.deepEqual(defaultSettingsPaths('win32', { USERPROFILE: 'C:\\Users\\u', APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }), [
    'C:\\Users\\u\\AppData\\Roaming\\Cursor\\User\\settings.json',
    'C:\\Users\\u\\AppData\\Roaming\\Code\\User\\settings.json',
  ]);
});

test('loadServers reads JSONC, finds the first existing default file, and refuses a named file it cannot use', () => {
  const path = settingsFile('two.json', TWO, '// comment\n');
  const loaded = loadServers(path, {});
  assert.deepEqual(
    loaded?.list.map((e) => e.name),
    ['Spark A', 'vllm-b'],
  );
  const home = mkdtempSync(join(dir, 'home-'));
  assert.equal(loadServers(undefined, { HOME: home }, 'linux'), undefined, 'no settings anywhere: undefined');
  assert.equal(loadServers(undefined, { HOME: home, TAILSPARK_CONFIG: path }, 'linux')?.source, path);
  assert.throws(() => loadServers(join(dir, 'missing.json'), {}), /cannot read settings file .*missing\.json: ENOENT/);
  assert.throws(() => loadServers(settingsFile('list.json', [] as never), {}), /is not a JSON object/);
});

test('without tailspark.servers the spark.host shorthand is the one server', () => {
  const loaded = loadServers(settingsFile('short.json', { 'tailspark.spark.host': 'spark-56d0', 'tailspark.spark.inferencePort': 8000 }), {})!;
  assert.deepEqual(
    loaded.list.map((e) => [e.name, e.host, e.port]),
    [['spark-56d0', 'spark-56d0', 8000]],
  );
  assert.deepEqual(argsForServer('detect', [], loaded, findServer(loaded, 'spark-56d0')), ['--host', 'spark-56d0', '--port', '8000']);
});

test('findServer matches ignoring case and otherwise lists every configured name', () => {
  const loaded = loadServers(settingsFile('two2.json', TWO), {})!;
  assert.equal(findServer(loaded, 'spark a').name, 'Spark A');
  assert.throws(() => findServer(loaded, 'c'), (e: Error) => e instanceof ServerFlagError && /no server named "c" in .*two2\.json; configured: "Spark A", "vllm-b"$/.test(e.message));
});

test('argsForServer: the entry becomes the flags each command takes; explicit flags win; empty values add nothing', () => {
  const loaded = loadServers(settingsFile('two3.json', TWO), {})!;
  const a = findServer(loaded, 'Spark A');
  const b = findServer(loaded, 'vllm-b');
  // Spark A inherits the global ssh.target (it names this very host's short name).
  assert.deepEqual(argsForServer('doctor', ['--json'], loaded, a), ['--json', '--host', 'spark-a.tail1234.ts.net', '--port', '30001', '--unit', 'sglang', '--ssh-target', 'alice@spark-a']);
  assert.deepEqual(argsForServer('doctor', ['--port', '9'], loaded, b), ['--port', '9', '--host', 'spark-b', '--ssh-target', 'bob@spark-b'], 'unit "" → doctor’s own default');
  assert.deepEqual(argsForServer('setup-cursor', ['--dry-run'], loaded, a), ['--dry-run', '--port', '30001', '--unit', 'sglang']);
  assert.deepEqual(argsForServer('run', ['--', 'uptime'], loaded, b), ['bob@spark-b', '--', 'uptime']);
  assert.deepEqual(argsForServer('run', ['--ssh-config', 'cfg', 'me@x', '--', 'uptime'], loaded, b), ['--ssh-config', 'cfg', 'me@x', '--', 'uptime'], 'a given TARGET wins');
  assert.deepEqual(argsForServer('explain', ['--side', 'remote'], loaded, b), ['--side', 'remote', '--user', 'bob']);
  assert.deepEqual(argsForServer('targets', ['--json'], loaded, b), ['--json']);
});

test('run --server with a tag: host and no sshTarget says what is missing', () => {
  const loaded = loadServers(settingsFile('tag.json', { 'tailspark.servers': [{ name: 't', host: 'tag:spark' }] }), {})!;
  assert.throws(() => argsForServer('run', ['--', 'id'], loaded, findServer(loaded, 't')), /server "t" has no SSH target or host name/);
});

/** A stand-in command that prints its arguments (and fails for one host). */
const echo = async (args: string[], io: { stdout: { write(t: string): unknown } }) => {
  io.stdout.write(args.includes('--json') ? `${JSON.stringify({ args })}\n` : `report for ${args.join(' ')}\n`);
  return args.includes('spark-b') ? 1 : 0;
};

async function capture(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const code = await runWithServers(command, echo, 'USAGE\n', args, { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, env });
  return { code, out, err };
}

test('doctor without --server: one Markdown section per server, exit 1 when any failed', async () => {
  const path = settingsFile('two4.json', TWO);
  const r = await capture('doctor', ['--config', path]);
  assert.equal(r.code, 1);
  assert.equal(
    r.out,
    '# Server "Spark A" (spark-a.tail1234.ts.net:30001)\n\nreport for --host spark-a.tail1234.ts.net --port 30001 --unit sglang --ssh-target alice@spark-a\n' +
      '\n# Server "vllm-b" (spark-b:8000)\n\nreport for --host spark-b --port 8000 --ssh-target bob@spark-b\n',
  );
});

test('doctor without --server: the active server (tailspark.activeServer) comes first, as in the editor', async () => {
  const r = await capture('doctor', ['--config', settingsFile('two4b.json', { ...TWO, 'tailspark.activeServer': 'vllm-b' })]);
  assert.deepEqual([...r.out.matchAll(/^# Server "([^"]+)"/gm)].map((m) => m[1]), ['vllm-b', 'Spark A']);
  assert.match(r.out, /^# Server "vllm-b" \(spark-b:8000\)\n\nreport for --host spark-b/);
});

test('doctor --json without --server: {"servers":[…]} with each report parsed', async () => {
  const r = await capture('doctor', ['--config', settingsFile('two5.json', TWO), '--json']);
  const json = JSON.parse(r.out);
  assert.deepEqual(
    json.servers.map((s: { name: string; exitCode: number; report: { args: string[] } }) => [s.name, s.exitCode, s.report.args[0]]),
    [
      ['Spark A', 0, '--json'],
      ['vllm-b', 1, '--json'],
    ],
  );
});

test('doctor with a flag naming one server (or no settings at all) runs once, as before', async () => {
  const path = settingsFile('two6.json', TWO);
  assert.equal((await capture('doctor', ['--config', path, '--host', 'x'])).out, 'report for --host x\n');
  assert.equal((await capture('doctor', [], { HOME: mkdtempSync(join(dir, 'home-')) })).out, 'report for \n');
});

test('--config without --server is refused outside doctor; other commands pass straight through', async () => {
  const r = await capture('detect', ['--config', 'x.json']);
  assert.equal(r.code, 2);
  assert.match(r.err, /^tailspark detect: --config is only used with --server NAME/);
  assert.equal((await capture('detect', ['--json'])).out, '{"args":["--json"]}\n');
});
