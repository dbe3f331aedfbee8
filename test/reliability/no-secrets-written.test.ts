// After a full scripted session — SSH with an encrypted key (passphrase), SSH with a password,
// sudo with a password, service restart, Monitor ticks and probes with an API key (and a wrong
// one), the CLI's probe/doctor/apply as real processes — no password, passphrase or API key is
// in any log line, any finding, any CLI output, or any file written under the session's HOME
// (known_hosts, settings, backups, Tailspark state). Secrets may only live in the SecretStore.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { probeInference } from '../../src/core/inference/probe';
import { Monitor } from '../../src/core/monitor/monitor';
import { createProbes } from '../../src/core/monitor/probes';
import { SparkHttp } from '../../src/core/http/sparkHttp';
import type { Logger } from '../../src/core/util/log';
import { controlService, serviceStatus } from '../../src/core/remote';
import { httpReadiness } from '../../src/core/remote/readyProbe';
import type { OpContext } from '../../src/core/remote/types';
import { PooledSparkShell } from '../../src/core/discovery/sparkShell';
import { openRemoteShell, SshPool } from '../../src/core/ssh';
import type { SshPrompter } from '../../src/core/ssh/types';
import { generateKey } from '../harness/sshd';
import { memorySecrets } from '../integration/ssh/helpers';
import { type RunningSpark, startSpark } from '../spark-sim';

const root = resolve(__dirname, '../..');
const API_KEY = `sk-ts-apikey-${randomBytes(8).toString('hex')}`;
const WRONG_KEY = `sk-ts-wrongkey-${randomBytes(8).toString('hex')}`;
const PASSPHRASE = `pass phrase ${randomBytes(8).toString('hex')}`;
let spark: RunningSpark;
let home: string;
let work: string;
const logLines: string[] = [];
const texts: Array<{ where: string; text: string }> = [];

const log: Logger = {
  trace: (m) => logLines.push(m),
  debug: (m) => logLines.push(m),
  info: (m) => logLines.push(m),
  warn: (m) => logLines.push(m),
  error: (m) => logLines.push(m),
};

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'tailspark-secrets-home-'));
  work = mkdtempSync(join(tmpdir(), 'tailspark-secrets-keys-'));
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  const encrypted = generateKey(work, 'id_encrypted', { passphrase: PASSPHRASE });
  const plain = generateKey(work, 'id_plain');
  spark = await startSpark({
    flavor: 'vllm',
    sudo: 'password',
    apiKey: API_KEY,
    authorizedKeys: [encrypted.publicLine, plain.publicLine],
    timings: { loadMs: 300, warmupMs: 200, healthMs: 50 },
  });
});

after(async () => {
  await spark?.stop();
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((ok) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/cli.ts'), ...args],
      { cwd: root, env: { PATH: process.env.PATH, HOME: home, TAILSPARK_STATE_DIR: join(home, 'state'), ...env }, timeout: 120_000 },
      (err, stdout, stderr) => ok({ code: err ? Number(err.code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

test('a full scripted session leaves no password, passphrase or API key anywhere', { timeout: 240_000 }, async () => {
  const pathEnv = { platform: 'linux' as const, home, env: { USER: 'tester' } };
  const ca = readFileSync(spark.caCertPath, 'utf8');
  const asked: string[] = [];
  const prompter: SshPrompter = {
    askPassphrase: async () => {
      asked.push('passphrase');
      return PASSPHRASE;
    },
    askPassword: async (p) => {
      asked.push(p.forSudo ? 'sudo' : 'password');
      return spark.user.password;
    },
    confirmUnknownHostKey: async () => {
      asked.push('hostkey');
      return true;
    },
  };
  const secrets = memorySecrets();
  // 1. SSH with the encrypted key (passphrase), first contact: the host key is trusted and written.
  const pool = new SshPool({ prompter, secrets, rememberSecrets: true, agent: false, pathEnv, log: (l) => logLines.push(l) });
  const shell = openRemoteShell(pool, {
    target: `${spark.user.name}@${spark.address}`,
    identityFiles: [join(work, 'id_encrypted')],
    knownHostsFiles: [join(home, '.ssh', 'known_hosts')],
    sshConfigFile: join(home, '.ssh', 'config'),
    strictHostKeyChecking: 'ask',
    pathEnv,
  });
  const ctx: OpContext = { shell, log, onProgress: (m) => logLines.push(m) };
  assert.equal((await shell.exec(['whoami'])).stdout.trim(), spark.user.name);
  // 2. sudo with a password, a restart followed until ready (readiness probe with the API key).
  const status = await serviceStatus(ctx, 'vllm');
  assert.ok(status.ok, status.ok ? '' : status.message);
  const restart = await controlService(ctx, 'vllm', 'restart', {
    readiness: { check: httpReadiness(SparkHttp.fixed({ apiKey: API_KEY, resolve: spark.resolve, extraCa: [ca] }), spark.baseUrl, { timeoutMs: 3000 }), timeoutSeconds: 60, intervalMs: 200 },
  });
  assert.ok(restart.ok, restart.ok ? '' : `${restart.message} ${JSON.stringify(restart.findings)}`);
  texts.push({ where: 'restart result', text: JSON.stringify(restart) });
  pool.closeAll();
  // 3. SSH with a password (no key offered).
  const pwPool = new SshPool({ prompter, secrets: memorySecrets(), agent: false, pathEnv, log: (l) => logLines.push(l) });
  const pwShell = openRemoteShell(pwPool, {
    target: `${spark.user.name}@${spark.address}`,
    identityFiles: [],
    knownHostsFiles: [join(home, '.ssh', 'known_hosts')],
    sshConfigFile: join(home, '.ssh', 'config'),
    pathEnv,
  });
  assert.equal((await pwShell.exec(['whoami'])).stdout.trim(), spark.user.name);
  pwPool.closeAll();
  assert.ok(asked.includes('passphrase') && asked.includes('sudo') && asked.includes('password'), `asked: ${asked.join(', ')}`);

  // 4. The Monitor with the API key, a few ticks, and probes with the right and a wrong key.
  let key = API_KEY;
  const probes = createProbes({
    settings: () => ({ tailscalePath: spark.clientTailscalePath, inferencePort: spark.inferencePort, timeoutMs: 5000 }),
    http: new SparkHttp({ settings: () => ({ resolve: spark.resolve, timeoutMs: 5000 }), apiKey: async () => key, extraCa: () => [ca] }),
    shell: new PooledSparkShell(pool, () => ({ target: `${spark.user.name}@${spark.address}`, identityFiles: [join(work, 'id_encrypted')], knownHostsFiles: [join(home, '.ssh', 'known_hosts')], sshConfigFile: join(home, '.ssh', 'config'), pathEnv }), log),
  });
  const monitor = new Monitor({
    probes,
    log,
    getConfig: () => ({ host: spark.hostName, healthySeconds: 3600, maxBackoffSeconds: 3600, unfocusedFactor: 1, timeoutMs: 5000, slowMs: 5000, serviceUnit: 'vllm.service', readyTimeoutSeconds: 60, detail: 'models' }),
  });
  for (let i = 0; i < 3; i++) await monitor.refresh({ force: i === 0 });
  assert.equal(monitor.getState().phase, 'ready', JSON.stringify(monitor.getState().findings));
  key = WRONG_KEY;
  await monitor.refresh({ force: true });
  texts.push({ where: 'Monitor state (wrong key)', text: JSON.stringify(monitor.getState()) });
  assert.notEqual(monitor.getState().phase, 'ready');
  monitor.dispose();
  pool.closeAll();
  const wrong = await probeInference({ baseUrl: spark.baseUrl, apiKey: WRONG_KEY, resolve: spark.resolve, extraCa: [ca], timeoutMs: 5000 });
  assert.equal(wrong.ok, false);
  texts.push({ where: 'probe result (wrong key)', text: JSON.stringify(wrong) });

  // 5. The CLI as a user would run it, in the same HOME.
  const common = ['--resolve', `${spark.magicDnsName}:${spark.address}`, '--ca', spark.caCertPath];
  const probe = await cli(['probe', spark.baseUrl, '--api-key-env', 'SPARK_KEY', ...common, '--json'], { SPARK_KEY: API_KEY });
  assert.equal(probe.code, 0, probe.out);
  texts.push({ where: 'tailspark probe output', text: probe.out });
  const probeWrong = await cli(['probe', spark.baseUrl, '--api-key-env', 'SPARK_KEY', ...common], { SPARK_KEY: WRONG_KEY });
  assert.notEqual(probeWrong.code, 0);
  texts.push({ where: 'tailspark probe output (wrong key)', text: probeWrong.out });
  const doctor = await cli(
    ['doctor', '--tailscale', spark.clientTailscalePath, '--ssh-target', `${spark.user.name}@${spark.address}`, '--known-hosts', join(home, '.ssh', 'known_hosts'), '--identity', join(work, 'id_plain'), '--unit', 'vllm', ...common],
    { TAILSPARK_API_KEY: API_KEY },
  );
  texts.push({ where: 'tailspark doctor output', text: doctor.out });
  assert.match(doctor.out, /Tailspark — connection diagnosis/);
  const settingsFile = join(home, 'settings.json');
  const apply = await cli(
    ['apply', '--target', 'settings', '--settings', settingsFile, '--settings-key', 'openai.baseUrl', '--url', `http://${spark.address}:${spark.inferencePort}/v1`, '--api-key-env', 'SPARK_KEY', '--state-dir', join(home, 'state')],
    { SPARK_KEY: API_KEY },
  );
  texts.push({ where: 'tailspark apply output', text: apply.out });
  assert.equal(apply.code, 0, apply.out);
  assert.match(readFileSync(settingsFile, 'utf8'), /openai\.baseUrl/);

  // The scan.
  const files = listFiles(home);
  assert.ok(files.some((f) => f.endsWith('known_hosts')), 'known_hosts was written (the scan sees real files)');
  for (const f of files) texts.push({ where: f, text: readFileSync(f, 'latin1') });
  texts.push({ where: 'log', text: logLines.join('\n') });
  const leaks: string[] = [];
  for (const [name, secret] of Object.entries({ 'API key': API_KEY, 'wrong API key': WRONG_KEY, passphrase: PASSPHRASE, password: spark.user.password })) {
    for (const variant of [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)]) {
      for (const t of texts) if (t.text.includes(variant)) leaks.push(`${name} in ${t.where}`);
    }
  }
  assert.deepEqual(leaks, [], `secrets found:\n${leaks.join('\n')}`);
  assert.ok(logLines.length > 20 && files.length >= 3, `the scan covered ${logLines.length} log lines and ${files.length} files`);
  // …while the SecretStore, the one place allowed to hold them, does (the user opted in).
  assert.ok([...secrets.map.values()].includes(PASSPHRASE));
});

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...listFiles(p));
    else if (st.isFile()) out.push(p);
  }
  return out;
}
