// "Tailspark: Set Up Cursor Chat" and its Undo in a real extension host against the emulated
// Spark (vLLM): the modal is answered by the test, the summary captured; the effect is checked
// where it happens — the drop-in on the Spark, Funnel in the serve config, Cursor's state.vscdb,
// the key on the clipboard — and Undo takes all of it back.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

suite('Set Up Cursor Chat on the emulated Spark', () => {
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
    dir = mkdtempSync(join(tmpdir(), 'tailspark-ext-cursorchat-'));
    const key = generateKey(dir, 'id_ed25519');
    // SGLang: vLLM's key guards only /v1, so Funnel is refused there (funnel.openRoutes; integration test).
    spark = await startSpark({ flavor: 'sglang', authorizedKeys: [key.publicLine], timings: { loadMs: 600, warmupMs: 300, healthMs: 50, riskCountdownMs: 250 } });
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, `${spark.knownHostsLine}\n`);
    const sshConfig = join(dir, 'ssh_config');
    writeFileSync(sshConfig, `Host spark-sim\n  HostName ${spark.address}\n  User ${spark.user.name}\n  IdentityFile ${key.privatePath}\n  IdentitiesOnly yes\n`);
    db = join(dir, 'Cursor', 'User', 'globalStorage', 'state.vscdb');
    mkdirSync(dirname(db), { recursive: true });
    buildStateDb(db, { kvRows: 5 });

    api = await vscode.extensions.getExtension<TailsparkApi>(EXTENSION_ID)!.activate();
    api.test?.trustCertificate(readFileSync(spark.caCertPath, 'utf8'));
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
    await config().update('service.unit', 'sglang.service', g);
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

  test('setup (SGLang): one question plus the key-on-the-command-line consent; drop-in + Funnel + Cursor URL, key on the clipboard, summary; undo reverses it all', async function () {
    this.timeout(150_000);
    const before = spark.runAsRoot('systemctl', ['cat', 'sglang']).stdout;
    const r = (await vscode.commands.executeCommand('tailspark.cursorChat.setup')) as OpResult<{ key: string; models: string[] }>;
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(asked, ['setup spark-sim', 'sglang'], 'one question, and SGLang\'s key-on-the-command-line consent');
    const conf = join(dirname(spark.statePath), 'etc', 'systemd', 'system', 'sglang.service.d', 'tailspark-api-key.conf');
    assert.ok(existsSync(conf));
    const serve = JSON.parse(spark.runAsRoot('tailscale', ['serve', 'status', '--json']).stdout) as { AllowFunnel?: unknown };
    assert.deepEqual(serve.AllowFunnel, { [`${spark.magicDnsName}:443`]: true });
    const row = cursorRow(db);
    assert.equal(row.openAIBaseUrl, spark.baseUrl);
    assert.equal(row.useOpenAIKey, true);
    assert.ok(!JSON.stringify(row).includes(r.value.key), 'Tailspark never writes the key into Cursor');
    assert.equal(await vscode.env.clipboard.readText(), r.value.key);
    assert.equal(summaries.length, 1);
    assert.match(summaries[0]!.lines.join('\n'), /OpenAI API Key/);
    assert.match(summaries[0]!.lines.join('\n'), /Qwen\/Qwen2\.5-7B-Instruct/);
    assert.deepEqual(hooks.taken(), ['dropIn', 'restart', 'funnel', 'cursor']);

    const u = (await vscode.commands.executeCommand('tailspark.cursorChat.undo')) as OpResult<{ steps: { id: string; outcome: string }[] }>;
    assert.ok(u.ok, JSON.stringify(u));
    assert.deepEqual(
      u.value.steps.map((s) => `${s.id}:${s.outcome}`),
      ['cursor:undone', 'funnel:undone', 'restart:undone', 'dropIn:undone'],
    );
    assert.equal(spark.runAsRoot('systemctl', ['cat', 'sglang']).stdout, before);
    assert.notEqual(cursorRow(db).openAIBaseUrl, spark.baseUrl);
    assert.equal((JSON.parse(spark.runAsRoot('tailscale', ['serve', 'status', '--json']).stdout) as { AllowFunnel?: unknown }).AllowFunnel, undefined);
    assert.deepEqual(hooks.taken(), []);
  });
});
