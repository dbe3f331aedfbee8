// Several inference servers in a real extension host: two emulated Sparks (two sshd, two serve
// fronts on different 127.x addresses), configured as tailspark.servers. The status tooltip lists
// both with their health; switching (the tooltip's link = tailspark.chooseServer with a name)
// moves the Monitor, and the base URL written into a target, to the other Spark.
// Until the two-Spark sim lands, the client's `tailscale status --json` is the two sims' own
// client stand-ins merged (both real outputs; only their Peer maps are joined — both sims use the
// same emulated node key, so the second peer gets a distinct map key).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { TEST_COMMANDS } from '../../../src/core/commands';
import type { TailsparkApi } from '../../../src/extension';
import type { TargetsTestHooks } from '../../../src/ui/targets/index';
import { generateKey } from '../../harness/sshd';
import { type RunningSpark, startSpark } from '../../spark-sim';

const EXTENSION_ID = 'tailspark.tailspark';
const SETTINGS_KEY = 'window.title';
const KEYS = [
  'servers',
  'activeServer',
  'tailscale.path',
  'network.resolve',
  'ssh.configFile',
  'ssh.knownHostsFile',
  'autoConfigure',
  'targets.settingsKeys',
  'targets.continue',
  'targets.vscodeCustomEndpoint',
  'targets.cursor',
  'poll.otherServersSeconds',
];

/** A client `tailscale` that answers `status --json` with both sims' peers; anything else goes to the first. */
function mergedClientTailscale(dir: string, a: RunningSpark, b: RunningSpark): string {
  const script = join(dir, 'tailscale-merged.cjs');
  writeFileSync(
    script,
    `const { spawnSync } = require('node:child_process');
const args = process.argv.slice(2);
const run = (bin) => spawnSync(bin, args, { encoding: 'utf8' });
const first = run(${JSON.stringify(a.clientTailscalePath)});
if (args[0] === 'status' && args.includes('--json') && first.status === 0) {
  const second = run(${JSON.stringify(b.clientTailscalePath)});
  const merged = JSON.parse(first.stdout);
  merged.Peer = merged.Peer ?? {};
  // Both sims publish the same emulated node key: keep both peers (the key is only a map key here).
  if (second.status === 0) for (const [k, v] of Object.entries(JSON.parse(second.stdout).Peer ?? {})) merged.Peer[k in merged.Peer ? k + ':b' : k] = v;
  process.stdout.write(JSON.stringify(merged, null, 2));
  process.exit(0);
}
process.stdout.write(first.stdout);
process.stderr.write(first.stderr);
process.exit(first.status ?? 1);
`,
  );
  const wrapper = join(dir, 'tailscale');
  writeFileSync(wrapper, `#!/bin/sh\nexec '${process.execPath}' '${script}' "$@"\n`, { mode: 0o755 });
  return wrapper;
}

suite('several inference servers (two emulated Sparks)', () => {
  let a: RunningSpark;
  let b: RunningSpark;
  let api: TailsparkApi;
  let hooks: TargetsTestHooks;
  let dir: string;
  const config = () => vscode.workspace.getConfiguration('tailspark');
  const g = vscode.ConfigurationTarget.Global;

  async function until(what: string, ok: () => boolean, timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!ok()) {
      if (Date.now() > end) {
        const s = api.getState();
        const hooks = (await vscode.commands.executeCommand(TEST_COMMANDS.targets)) as { reports(): readonly unknown[] } | undefined;
        assert.fail(
          `${what}: not reached; active ${s.phase} ${s.serve?.baseUrl ?? ''}; servers ${JSON.stringify(api.test!.servers().map((r) => [r.name, r.active, r.state.phase, r.state.serve?.baseUrl, r.state.findings.map((f) => f.code)]))}; auto-configure reports ${JSON.stringify(hooks?.reports().slice(-4))}`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  suiteSetup(async function () {
    this.timeout(240_000);
    dir = mkdtempSync(join(tmpdir(), 'tailspark-ext-servers-'));
    const key = generateKey(dir, 'id_ed25519');
    a = await startSpark({ flavor: 'sglang', authorizedKeys: [key.publicLine], magicDnsName: 'spark-a.tail1234.ts.net' });
    b = await startSpark({ flavor: 'sglang', authorizedKeys: [key.publicLine], magicDnsName: 'spark-b.tail1234.ts.net' });
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, `${a.knownHostsLine}\n${b.knownHostsLine}\n`);
    const sshConfig = join(dir, 'ssh_config');
    const block = (alias: string, s: RunningSpark) => [`Host ${alias} ${s.magicDnsName}`, `  HostName ${s.address}`, `  User ${s.user.name}`, `  IdentityFile ${key.privatePath}`, '  IdentitiesOnly yes'];
    writeFileSync(sshConfig, [...block('spark-a', a), ...block('spark-b', b), ''].join('\n'));

    const ext = vscode.extensions.getExtension<TailsparkApi>(EXTENSION_ID)!;
    api = await ext.activate();
    assert.ok(api.test, 'the test API is there (TAILSPARK_TEST=1)');
    api.test.trustCertificate(readFileSync(a.caCertPath, 'utf8'));
    api.test.trustCertificate(readFileSync(b.caCertPath, 'utf8'));
    hooks = (await vscode.commands.executeCommand('tailspark.test.targets')) as TargetsTestHooks;
    hooks.setOverrides({ stateDir: join(dir, 'state'), home: join(dir, 'home'), vscodeUserDir: join(dir, 'User'), isCursor: false });

    await config().update('tailscale.path', mergedClientTailscale(dir, a, b), g);
    await config().update('network.resolve', { ...a.resolve, ...b.resolve }, g);
    await config().update('ssh.configFile', sshConfig, g);
    await config().update('ssh.knownHostsFile', knownHosts, g);
    // One target, a user setting: the base URL it holds shows where the editor points.
    await config().update('targets.continue', false, g);
    await config().update('targets.vscodeCustomEndpoint', false, g);
    await config().update('targets.cursor', false, g);
    await config().update('targets.settingsKeys', [{ key: SETTINGS_KEY, suffix: '' }], g);
    await config().update('autoConfigure', 'auto', g);
    await config().update('poll.otherServersSeconds', 15, g);
    await config().update('activeServer', 'Spark A', g);
    await config().update(
      'servers',
      [
        { name: 'Spark A', host: a.magicDnsName, unit: 'sglang.service', sshTarget: 'spark-a' },
        { name: 'Spark B', host: b.magicDnsName, unit: 'sglang.service', sshTarget: 'spark-b' },
      ],
      g,
    );
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    for (const k of KEYS) await config().update(k, undefined, g);
    await vscode.workspace.getConfiguration().update(SETTINGS_KEY, undefined, g);
    await hooks?.idle();
    hooks?.setOverrides({});
    await a?.stop();
    await b?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the tooltip lists both servers with their health; the active one is A and the target holds its URL', async function () {
    this.timeout(120_000);
    await until('A active and ready', () => api.getState().phase === 'ready' && api.getState().serve?.baseUrl === a.baseUrl);
    await until('B watched in the background and ready', () => api.test!.servers().some((r) => r.name === 'Spark B' && !r.active && r.state.phase === 'ready' && r.state.serve?.baseUrl === b.baseUrl));
    await until('the target holds A’s URL', () => vscode.workspace.getConfiguration().inspect<string>(SETTINGS_KEY)?.globalValue === a.baseUrl);
    const tooltip = api.getStatusView()!.tooltip;
    assert.match(tooltip, /\*\*Inference servers\*\*/);
    assert.match(tooltip, /\*\*Spark A\*\* \(active\) · `spark-a\.tail1234\.ts\.net:30001` · Qwen2\\\.5\\-7B/);
    const link = `command:tailspark.chooseServer?${encodeURIComponent(JSON.stringify(['Spark B']))}`;
    assert.ok(tooltip.includes(`[Spark B](${link}) · \`spark-b.tail1234.ts.net:30001\` · Qwen2\\.5\\-7B`), tooltip);
  });

  test('switching (the tooltip link) moves the Monitor and the base URL to B; A is watched in the background', async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('tailspark.chooseServer', 'Spark B');
    assert.equal(config().get('activeServer'), 'Spark B');
    await until('B active and ready', () => api.getState().phase === 'ready' && api.getState().serve?.baseUrl === b.baseUrl);
    await until('the target follows to B’s URL', () => vscode.workspace.getConfiguration().inspect<string>(SETTINGS_KEY)?.globalValue === b.baseUrl);
    await until('A in the background', () => api.test!.servers().some((r) => r.name === 'Spark A' && !r.active && r.state.phase === 'ready'));
    assert.match(api.getStatusView()!.tooltip, /\*\*Spark B\*\* \(active\)/);
  });

  test('A stopped while B is active: A’s line says so, the active server is untouched', async function () {
    this.timeout(120_000);
    await a.stopServer();
    await until('A shows as stopped', () => {
      void api.test!.refreshServers();
      return api.test!.servers().some((r) => r.name === 'Spark A' && r.state.phase === 'serverStopped');
    });
    assert.equal(api.getState().serve?.baseUrl, b.baseUrl);
    assert.match(api.getStatusView()!.tooltip, /\[Spark A\]\([^)]*\) · `spark-a\.tail1234\.ts\.net:30001` · Spark: server stopped/);
  });
});
