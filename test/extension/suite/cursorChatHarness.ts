// Shared by the Set Up Cursor Chat suites (SGLang, vLLM): an emulated Spark of the given kind,
// reached over real SSH, a Cursor state.vscdb, the extension's test hooks answering the modals,
// capturing the summary and the notifications. Registers suiteSetup/suiteTeardown in the calling
// suite; the returned object is filled in by suiteSetup.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

export function cursorRow(db: string): Record<string, unknown> {
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

export interface CursorChatSuite {
  spark: RunningSpark;
  hooks: CursorChatTestHooks;
  db: string;
  asked: string[];
  summaries: { title: string; lines: string[] }[];
  told: OpResult<unknown>[];
}

export function useCursorChatSpark(flavor: 'sglang' | 'vllm'): CursorChatSuite {
  const c = { asked: [], summaries: [], told: [] } as unknown as CursorChatSuite;
  let targets: TargetsTestHooks | undefined;
  let dir: string | undefined;
  const config = () => vscode.workspace.getConfiguration('tailspark');
  const g = vscode.ConfigurationTarget.Global;

  suiteSetup(async function () {
    this.timeout(180_000);
    dir = mkdtempSync(join(tmpdir(), `tailspark-ext-cursorchat-${flavor}-`));
    const key = generateKey(dir, 'id_ed25519');
    c.spark = await startSpark({ flavor, authorizedKeys: [key.publicLine], timings: { loadMs: 600, warmupMs: 300, healthMs: 50, riskCountdownMs: 250 } });
    const spark = c.spark;
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, `${spark.knownHostsLine}\n`);
    const sshConfig = join(dir, 'ssh_config');
    writeFileSync(sshConfig, `Host spark-sim\n  HostName ${spark.address}\n  User ${spark.user.name}\n  IdentityFile ${key.privatePath}\n  IdentitiesOnly yes\n`);
    c.db = join(dir, 'Cursor', 'User', 'globalStorage', 'state.vscdb');
    mkdirSync(dirname(c.db), { recursive: true });
    buildStateDb(c.db, { kvRows: 5 });

    const api = await vscode.extensions.getExtension<TailsparkApi>(EXTENSION_ID)!.activate();
    api.test?.trustCertificate(readFileSync(spark.caCertPath, 'utf8'));
    targets = (await vscode.commands.executeCommand('tailspark.test.targets')) as TargetsTestHooks;
    targets.setOverrides({ stateDir: join(dir, 'state'), home: join(dir, 'home'), isCursor: true, cursorDbPath: c.db });
    await targets.setApiKey(undefined);
    c.hooks = (await vscode.commands.executeCommand(CURSOR_CHAT_TEST_COMMAND)) as CursorChatTestHooks;
    c.hooks.setSystemdDir(join(dirname(spark.statePath), 'etc', 'systemd', 'system'));
    c.hooks.setPrompts({
      confirmSetup: async (i) => {
        c.asked.push(`setup ${i.target}`);
        return true;
      },
      acceptKeyOnCommandLine: async () => {
        c.asked.push('sglang');
        return true;
      },
      summary: async (s) => {
        c.summaries.push(s);
      },
    });
    c.hooks.setNotifier({ result: (_t, r) => void c.told.push(r) });

    await config().update('autoConfigure', 'off', g);
    await config().update('tailscale.path', spark.clientTailscalePath, g);
    await config().update('network.resolve', spark.resolve, g);
    await config().update('ssh.target', 'spark-sim', g);
    await config().update('ssh.configFile', sshConfig, g);
    await config().update('ssh.knownHostsFile', knownHosts, g);
    await config().update('service.unit', `${flavor}.service`, g);
    await config().update('service.readyTimeoutSeconds', 60, g);
    await config().update('spark.host', spark.magicDnsName, g);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    c.hooks?.setPrompts(undefined);
    c.hooks?.setNotifier(undefined);
    c.hooks?.setSystemdDir(undefined);
    targets?.setOverrides({});
    await targets?.setApiKey(undefined);
    for (const k of KEYS) await config().update(k, undefined, g);
    await c.spark?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return c;
}
