// "Tailspark: Set Up Cursor Chat" for vLLM in a real extension host against the emulated Spark:
// vLLM's key guards only /v1, so only /v1 goes public, on its own Funnel port (8443), and Cursor
// gets https://HOST:8443/v1. The effect is checked where it happens — the serve config on the
// Spark (443 untouched and tailnet-only), the public URL with and without the key, Cursor's
// state.vscdb, the clipboard — and Undo restores the serve config byte for byte.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Database } from 'node-sqlite3-wasm';
import * as vscode from 'vscode';
import type { OpResult } from '../../../src/core/remote/types';
import { CURSOR_APPLICATION_USER_KEY } from '../../../src/core/targets/cursorPaths';
import type { TailsparkApi } from '../../../src/extension';
import { CURSOR_CHAT_TEST_COMMAND, type CursorChatTestHooks } from '../../../src/ui/cursorChatCommands';
import type { TargetsTestHooks } from '../../../src/ui/targets/index';
import { generateKey } from '../../harness/sshd';
import { buildStateDb } from '../../fixtures/targets/stateDb';
import { type RunningSpark, startSpark } from '../../spark-sim';

const EXTENSION_ID = 'tailspark.tailspark';
const KEYS = ['spark.host', 'tailscale.path', 'network.resolve', 'ssh.target', 'ssh.configFile', 'ssh.knownHostsFile', 'service.unit', 'service.readyTimeoutSeconds', 'autoConfigure'];

/** GET through the emulated Spark's front (its CA and name given to Node's https). */
function fetchStatus(url: string, key?: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const req = httpsRequest(
      { host: SPARK_ADDRESS.value, port: Number(u.port || 443), path: u.pathname, servername: u.hostname, ca: SPARK_ADDRESS.ca, headers: { host: u.host, ...(key ? { authorization: `Bearer ${key}` } : {}) }, timeout: 10_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
const SPARK_ADDRESS = { value: '', ca: '' };

function cursorRow(db: string): Record<string, unknown> {
  const conn = new Database(db, { fileMustExist: true, readOnly: true });
  try {
    conn.exec('PRAGMA busy_timeout = 5000');
    const row = conn.get('SELECT value FROM ItemTable WHERE key = ?', CURSOR_APPLICATION_USER_KEY) as { value: string | Uint8Array } | null;
    const v = row?.value ?? '{}';
    return JSON.parse(typeof v === 'string' ? v : Buffer.from(v).toString('utf8')) as Record<string, unknown>;
  } finally {
    conn.close();
  }
}

suite('Set Up Cursor Chat on the emulated Spark (vLLM: /v1-only Funnel on 8443)', () => {
  let spark: RunningSpark;
  let api: TailsparkApi;
  let hooks: CursorChatTestHooks;
  let targets: TargetsTestHooks;
  let dir: string;
  let db: string;
  const asked: string[] = [];
  const summaries: { title: string; lines: string[] }[] = [];
  const told: OpResult<unknown>[] = [];
  const config = () => vscode.workspace.getConfiguration('tailspark');
  const g = vscode.ConfigurationTarget.Global;

  suiteSetup(async function () {
    this.timeout(180_000);
    dir = mkdtempSync(join(tmpdir(), 'tailspark-ext-cursorchat-vllm-'));
    const key = generateKey(dir, 'id_ed25519');
    spark = await startSpark({ flavor: 'vllm', authorizedKeys: [key.publicLine], timings: { loadMs: 600, warmupMs: 300, healthMs: 50, riskCountdownMs: 250 } });
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, `${spark.knownHostsLine}\n`);
    const sshConfig = join(dir, 'ssh_config');
    writeFileSync(sshConfig, `Host spark-sim\n  HostName ${spark.address}\n  User ${spark.user.name}\n  IdentityFile ${key.privatePath}\n  IdentitiesOnly yes\n`);
    db = join(dir, 'Cursor', 'User', 'globalStorage', 'state.vscdb');
    mkdirSync(dirname(db), { recursive: true });
    buildStateDb(db, { kvRows: 5 });

    api = await vscode.extensions.getExtension<TailsparkApi>(EXTENSION_ID)!.activate();
    api.test?.trustCertificate(readFileSync(spark.caCertPath, 'utf8'));
    SPARK_ADDRESS.value = spark.address;
    SPARK_ADDRESS.ca = readFileSync(spark.caCertPath, 'utf8');
    targets = (await vscode.commands.executeCommand('tailspark.test.targets')) as TargetsTestHooks;
    targets.setOverrides({ stateDir: join(dir, 'state'), home: join(dir, 'home'), isCursor: true, cursorDbPath: db });
    await targets.setApiKey(undefined);
    hooks = (await vscode.commands.executeCommand(CURSOR_CHAT_TEST_COMMAND)) as CursorChatTestHooks;
    hooks.setSystemdDir(join(dirname(spark.statePath), 'etc', 'systemd', 'system'));
    hooks.setPrompts({
      confirmSetup: async (i) => {
        asked.push(`setup ${i.target}`);
        return true;
      },
      acceptKeyOnCommandLine: async () => {
        asked.push('sglang');
        return true;
      },
      summary: async (s) => {
        summaries.push(s);
      },
    });
    hooks.setNotifier({ result: (_t, r) => void told.push(r) });

    await config().update('autoConfigure', 'off', g);
    await config().update('tailscale.path', spark.clientTailscalePath, g);
    await config().update('network.resolve', spark.resolve, g);
    await config().update('ssh.target', 'spark-sim', g);
    await config().update('ssh.configFile', sshConfig, g);
    await config().update('ssh.knownHostsFile', knownHosts, g);
    await config().update('service.unit', 'vllm.service', g);
    await config().update('service.readyTimeoutSeconds', 60, g);
    await config().update('spark.host', spark.magicDnsName, g);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    hooks?.setPrompts(undefined);
    hooks?.setNotifier(undefined);
    hooks?.setSystemdDir(undefined);
    targets?.setOverrides({});
    await targets?.setApiKey(undefined);
    for (const k of KEYS) await config().update(k, undefined, g);
    await spark?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('setup (vLLM): one question, no consent prompt; key drop-in, /v1-only Funnel on 8443 (443 stays tailnet-only), Cursor gets https://HOST:8443/v1, key on the clipboard, summary; undo restores the serve config byte for byte', async function () {
    this.timeout(150_000);
    const host = spark.magicDnsName;
    const publicUrl = `https://${host}:8443/v1`;
    const unitBefore = spark.runAsRoot('systemctl', ['cat', 'vllm']).stdout;
    const serveBefore = spark.runAsRoot('tailscale', ['serve', 'status', '--json']).stdout;
    const r = (await vscode.commands.executeCommand('tailspark.cursorChat.setup')) as OpResult<{ key: string; models: string[]; baseUrl: string }>;
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(asked, ['setup spark-sim'], 'one question; vLLM needs no key-on-the-command-line consent');
    assert.equal(r.value.baseUrl, publicUrl);
    const conf = join(dirname(spark.statePath), 'etc', 'systemd', 'system', 'vllm.service.d', 'tailspark-api-key.conf');
    assert.ok(existsSync(conf));
    const serve = JSON.parse(spark.runAsRoot('tailscale', ['serve', 'status', '--json']).stdout) as { AllowFunnel?: unknown; Web: Record<string, unknown> };
    assert.deepEqual(serve.AllowFunnel, { [`${host}:8443`]: true });
    assert.deepEqual(serve.Web[`${host}:8443`], { Handlers: { '/v1': { Proxy: 'http://127.0.0.1:30001/v1' } } });
    assert.deepEqual(serve.Web[`${host}:443`], (JSON.parse(serveBefore) as typeof serve).Web[`${host}:443`]);
    // The public URL from this machine, like Cursor's servers would call it.
    const get = async (url: string, key?: string) => (await fetchStatus(url, key));
    assert.equal(await get(`${publicUrl}/models`, r.value.key), 200);
    assert.equal(await get(`${publicUrl}/models`), 401);
    assert.equal(await get(`https://${host}:8443/metrics`), 404, 'nothing outside /v1 is public');
    const row = cursorRow(db);
    assert.equal(row.openAIBaseUrl, publicUrl);
    assert.equal(row.useOpenAIKey, true);
    assert.ok(!JSON.stringify(row).includes(r.value.key), 'Tailspark never writes the key into Cursor');
    assert.equal(await vscode.env.clipboard.readText(), r.value.key);
    assert.equal(summaries.length, 1);
    assert.match(summaries[0]!.title, /https:\/\/.*:8443\/v1/);
    assert.match(summaries[0]!.lines.join('\n'), /OpenAI API Key/);
    assert.match(summaries[0]!.lines.join('\n'), /Qwen\/Qwen2\.5-7B-Instruct/);
    assert.deepEqual(hooks.taken(), ['dropIn', 'restart', 'funnel', 'cursor']);

    const u = (await vscode.commands.executeCommand('tailspark.cursorChat.undo')) as OpResult<{ steps: { id: string; outcome: string }[] }>;
    assert.ok(u.ok, JSON.stringify(u));
    assert.deepEqual(
      u.value.steps.map((s) => `${s.id}:${s.outcome}`),
      ['cursor:undone', 'funnel:undone', 'restart:undone', 'dropIn:undone'],
    );
    assert.equal(spark.runAsRoot('systemctl', ['cat', 'vllm']).stdout, unitBefore);
    assert.equal(spark.runAsRoot('tailscale', ['serve', 'status', '--json']).stdout, serveBefore, 'the serve config byte for byte');
    assert.notEqual(cursorRow(db).openAIBaseUrl, publicUrl);
    assert.deepEqual(hooks.taken(), []);
  });
});
