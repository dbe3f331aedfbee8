// The emulated Spark as the extension-host suites use it, set up in one place: a fresh key, the
// Spark (test/spark-sim), a known_hosts file with its host key, an ssh_config with the alias
// `spark-sim`, the activated extension trusting the Spark's CA, and the global settings that point
// Tailspark at it. `dispose()` puts every setting it touched back and stops the Spark.
// startSparksRig: the same for two Sparks on one tailnet (test/spark-sim/fleet.ts), for the suites
// about several inference servers.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SparkPhase } from '../../../src/core/state/types';
import type { TailsparkApi } from '../../../src/extension';
import { generateKey } from '../../harness/sshd';
import { type RunningSpark, startSpark } from '../../spark-sim';
import { type FleetOptions, type RunningFleet, startSparks, writeClientSshFiles } from '../../spark-sim/fleet';

export const EXTENSION_ID = 'tailspark.tailspark';

type SparkOptions = Parameters<typeof startSpark>[0];

export interface RigOptions {
  /** Also let the MagicDNS name use the alias's HostName/User/key (a first run without ssh.target logs in through it). */
  magicDnsAlias?: boolean;
  /** Leave `spark.host` empty (the suite chooses the Spark itself). */
  noHost?: boolean;
  /** More `tailspark.*` settings, applied before `spark.host`. */
  settings?: Record<string, unknown>;
}

/** What both rigs give: the activated extension, a temp folder, the client's SSH files, settings. */
interface Rig<Api extends TailsparkApi> {
  api: Api;
  dir: string;
  sshConfig: string;
  knownHosts: string;
  /** Sets a `tailspark.*` setting globally; dispose() resets it. */
  set(key: string, value: unknown): Promise<void>;
  dispose(): Promise<void>;
}

export interface SparkRig<Api extends TailsparkApi = TailsparkApi> extends Rig<Api> {
  spark: RunningSpark;
  /** The Spark's CA certificate (PEM), already trusted by the running Tailspark. */
  ca: string;
}

export const tailsparkConfig = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('tailspark');

/** The activated extension (its test API), trusting the given CA certificates for HTTPS. */
async function activatedTrusting<Api extends TailsparkApi>(cas: readonly string[]): Promise<Api> {
  const api = (await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate()) as Api;
  assert.ok(api.test, 'the test API is there (ExtensionMode.Test)');
  for (const ca of cas) api.test.trustCertificate(ca);
  return api;
}

/** Sets `tailspark.*` settings globally and remembers which, so reset() puts every one back. */
function globalSettings(): { set(key: string, value: unknown): Promise<void>; reset(): Promise<void> } {
  const touched = new Set<string>();
  return {
    set: async (k, value) => {
      touched.add(k);
      await tailsparkConfig().update(k, value, vscode.ConfigurationTarget.Global);
    },
    reset: async () => {
      for (const k of touched) await tailsparkConfig().update(k, undefined, vscode.ConfigurationTarget.Global);
    },
  };
}

export async function startSparkRig<Api extends TailsparkApi = TailsparkApi>(name: string, spark: SparkOptions, options: RigOptions = {}): Promise<SparkRig<Api>> {
  const dir = mkdtempSync(join(tmpdir(), `tailspark-ext-${name}-`));
  const key = generateKey(dir, 'id_ed25519');
  const running = await startSpark({ ...spark, authorizedKeys: [key.publicLine, ...(spark?.authorizedKeys ?? [])] });
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `${running.knownHostsLine}\n`);
  const sshConfig = join(dir, 'ssh_config');
  const hosts = options.magicDnsAlias ? `spark-sim ${running.magicDnsName}` : 'spark-sim';
  writeFileSync(sshConfig, [`Host ${hosts}`, `  HostName ${running.address}`, `  User ${running.user.name}`, `  IdentityFile ${key.privatePath}`, '  IdentitiesOnly yes', ''].join('\n'));

  const ca = readFileSync(running.caCertPath, 'utf8');
  const api = await activatedTrusting<Api>([ca]);
  const { set, reset } = globalSettings();
  await set('tailscale.path', running.clientTailscalePath);
  await set('network.resolve', running.resolve);
  await set('ssh.target', 'spark-sim');
  await set('ssh.configFile', sshConfig);
  await set('ssh.knownHostsFile', knownHosts);
  await set('service.unit', `${running.flavor}.service`);
  // Suites about other things keep the targets out of it: an auto-configure question nobody
  // answers would hold every later auto-run of this window (they are serialized).
  await set('autoConfigure', 'off');
  for (const [k, value] of Object.entries(options.settings ?? {})) await set(k, value);
  // Last: choosing the Spark starts the probes, with everything above in place.
  if (!options.noHost) await set('spark.host', running.magicDnsName);

  return {
    spark: running,
    api,
    dir,
    sshConfig,
    knownHosts,
    ca,
    set,
    dispose: async () => {
      await reset();
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** sshConfig: `Host <short name> <MagicDNS name>` per Spark, with the client key. */
export interface SparksRig<Api extends TailsparkApi = TailsparkApi> extends Rig<Api> {
  fleet: RunningFleet;
  sparks: [RunningSpark, RunningSpark];
}

/**
 * Two emulated Sparks (startSparks: two sshd, two serve fronts, both peers in the client's
 * `tailscale status`), one client key and ssh_config for both, the extension trusting both CAs,
 * and the settings every server shares (tailscale path, resolve map, ssh_config, known_hosts).
 * `tailspark.servers` is the suite's to set.
 */
export async function startSparksRig<Api extends TailsparkApi = TailsparkApi>(name: string, options: FleetOptions = {}): Promise<SparksRig<Api>> {
  const dir = mkdtempSync(join(tmpdir(), `tailspark-ext-${name}-`));
  const key = generateKey(dir, 'id_ed25519');
  const fleet = await startSparks({ ...options, common: { ...options.common, authorizedKeys: [key.publicLine, ...(options.common?.authorizedKeys ?? [])] } });
  const { sshConfig, knownHosts } = writeClientSshFiles(fleet.sparks, dir, key.privatePath);
  const api = await activatedTrusting<Api>(fleet.sparks.map((s) => readFileSync(s.caCertPath, 'utf8')));
  const { set, reset } = globalSettings();
  await set('tailscale.path', fleet.clientTailscalePath);
  await set('network.resolve', fleet.resolve);
  await set('ssh.configFile', sshConfig);
  await set('ssh.knownHostsFile', knownHosts);
  return {
    fleet,
    sparks: fleet.sparks,
    api,
    dir,
    sshConfig,
    knownHosts,
    set,
    dispose: async () => {
      await reset();
      await fleet.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Refreshes until the status reaches `phase`; fails with the findings when it does not. */
export async function refreshUntil(api: TailsparkApi, phase: SparkPhase, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (api.getState().phase !== phase) {
    if (Date.now() > end) {
      const st = api.getState();
      assert.fail(`status is ${st.phase} (${api.getStatusView()?.text}), expected ${phase}; findings: ${st.findings.map((f) => `${f.code}: ${f.detail}`).join(' | ')}`);
    }
    await vscode.commands.executeCommand('tailspark.refresh');
    await new Promise((r) => setTimeout(r, 250));
  }
}
