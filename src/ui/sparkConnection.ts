// The SSH side of the Spark for this window: one SshPool (connections reused, closed when idle
// and on deactivate), and OpContexts for remote operations built from the current settings and
// the last tailnet facts about the Spark (its MagicDNS name and published SSH host keys).
// ssh2 itself is only loaded by the pool when the first command runs.
// After the first command that got through, it also learns once how Tailscale is installed on
// the Spark (snap or not): a few cheap commands on the connection that is open anyway, never
// while idle; the palette hides what a snap install must not do.
import type * as vscode from 'vscode';
import type { SparkShell } from '../core/discovery/sparkShell';
import type { Logger } from '../core/util/log';
import { detectTailscaleInstall, type TailscaleInstall } from '../core/remote/install';
import { ServiceUnitResolver, type UnitChoice } from '../core/remote/unitDetect';
import type { OpContext } from '../core/remote/types';
import type { Settings } from '../core/settings';
import { openRemoteShell, type PooledShell, type RemoteShell, SshPool, type SshPrompter } from '../core/ssh';
import type { PeerInfo } from '../core/tailnet/peers';
import type { SshSecretStore } from './sshSecrets';

/** The window's SparkShell: the Monitor's probes reach the Spark through it (src/core/discovery/sparkShell.ts). */
export class SparkConnection implements SparkShell, vscode.Disposable {
  private readonly pool: SshPool;
  private peer: PeerInfo | undefined;
  /** The SSH target whose install is known or being learned (one per window, until reset). */
  private installTarget: string | undefined;
  private installKnown: TailscaleInstall | undefined;
  /** The connection (PooledShell.connects) the install was learned on. */
  private installConnects = -1;
  private installListener: ((install: TailscaleInstall | undefined) => void) | undefined;
  /** tailspark.service.unit, or the unit detected on this Spark when the setting is empty. */
  private readonly units = new ServiceUnitResolver();

  constructor(
    private readonly settings: () => Settings,
    private readonly log: Logger,
    prompter: SshPrompter,
    private readonly secrets: SshSecretStore,
  ) {
    this.pool = new SshPool({
      prompter,
      secrets,
      // Read on every connect: the opt-in (tailspark.ssh.rememberSecrets) takes effect without a reload.
      get rememberSecrets() {
        return settings()['ssh.rememberSecrets'];
      },
      log: (line) => log.debug(`ssh: ${line}`),
    });
  }

  /** The user turned tailspark.ssh.rememberSecrets off: delete what was kept. */
  async forgetSecrets(): Promise<void> {
    await this.secrets.forgetAll();
    this.log.info('ssh: remembered passphrases and passwords deleted (tailspark.ssh.rememberSecrets is off)');
  }

  /** The Monitor's tailnet probe tells us who the Spark is; remote commands reuse it. */
  rememberPeer(peer: PeerInfo | undefined): void {
    if (peer) this.peer = peer;
  }

  /** An operation context for one remote operation (throws an SshError with a Finding when the target is invalid). */
  context(signal?: AbortSignal, onProgress?: (m: string) => void): OpContext {
    const shell = this.openShell(false);
    // Learned once per connection, after a command got through (the command may itself reconnect):
    // a new connection (after idle, a drop, a reboot) may find Tailscale installed another way
    // (e.g. moved to the snap), so it looks again then. learnInstall returns at once otherwise.
    return {
      shell: afterFirstUse(shell, () => this.learnInstall(shell)),
      log: { info: (m) => this.log.info(m), warn: (m) => this.log.warn(m), error: (m) => this.log.error(m) },
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
    };
  }

  /**
   * A shell on a new connection of its own (Test SSH, Diagnose): a test must log in afresh, or a
   * connection made before the Spark's SSH policy changed would say "SSH works". Close it after use.
   */
  freshShell(): PooledShell {
    return this.openShell(true);
  }

  private openShell(fresh: boolean): PooledShell {
    const s = this.settings();
    const peer = this.peer;
    return openRemoteShell(this.pool, {
      fresh,
      target: s['ssh.target'],
      defaultHost: peer?.dnsName || s['spark.host'].replace(/^tag:.*$/, ''),
      ...(s['ssh.configFile'] ? { sshConfigFile: s['ssh.configFile'] } : {}),
      ...(s['ssh.knownHostsFile'] ? { knownHostsFiles: [s['ssh.knownHostsFile']] } : {}),
      resolve: s['network.resolve'],
      tailnetPeer: peer !== undefined,
      ...(peer?.sshHostKeys.length ? { tailnetHostKeys: peer.sshHostKeys } : {}),
    });
  }

  /**
   * The user SSH would log in as on `host` without a tailspark.ssh.target: the `User` your SSH
   * config gives that host, else this machine's user name (what OpenSSH does). Opens nothing.
   */
  defaultUserFor(host: string): string {
    const s = this.settings();
    return openRemoteShell(this.pool, {
      target: '',
      defaultHost: host,
      ...(s['ssh.configFile'] ? { sshConfigFile: s['ssh.configFile'] } : {}),
      resolve: s['network.resolve'],
    }).resolved.user;
  }

  /** How Tailscale is installed on the Spark, once learned (undefined before the first SSH use). */
  get install(): TailscaleInstall | undefined {
    return this.installKnown;
  }

  /** Told when the install is learned, and with undefined when the host or target changes. */
  onInstallLearned(listener: (install: TailscaleInstall | undefined) => void): void {
    this.installListener = listener;
  }

  private learnInstall(shell: PooledShell): void {
    if (this.installTarget === shell.target && this.installConnects === shell.connects) return; // learned, or being learned
    this.installTarget = shell.target;
    this.installConnects = shell.connects;
    const ctx: OpContext = {
      shell,
      log: { info: (m) => this.log.info(m), warn: (m) => this.log.warn(m), error: (m) => this.log.error(m) },
      signal: AbortSignal.timeout(60_000),
    };
    detectTailscaleInstall(ctx).then(
      (install) => {
        if (this.installTarget !== shell.target) return; // reset meanwhile: belongs to the old target
        this.installKnown = install;
        this.log.info(`Tailscale on the Spark: ${install.snap ? 'snap' : 'not a snap'} (${install.evidence})`);
        this.installListener?.(install);
      },
      (err: unknown) => {
        if (this.installTarget === shell.target) this.installTarget = undefined; // try again after the next command
        this.log.debug(`could not learn how Tailscale is installed: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
  }

  /** The inference unit to act on: the setting, else the one detected on the Spark (once per target). */
  serviceUnit(ctx: OpContext): Promise<UnitChoice> {
    const s = this.settings();
    return this.units.resolve(ctx, s['service.unit'], s['spark.inferencePort']);
  }

  /** Told once per Spark when the unit was detected, to say which one Tailspark uses and why. */
  onUnitDetected(listener: (info: { unit: string; reason: string; target: string }) => void): void {
    this.units.onDetected(listener);
  }

  /** Drop connections (host or target changed). */
  reset(): void {
    this.units.forget();
    this.pool.closeAll();
    if (this.installTarget !== undefined) {
      this.installTarget = undefined;
      this.installKnown = undefined;
      this.installListener?.(undefined);
    }
  }

  dispose(): void {
    this.pool.closeAll();
  }
}

/** The shell, calling `used` once a command got through SSH (whatever its exit code). */
function afterFirstUse(shell: PooledShell, used: () => void): RemoteShell {
  return {
    target: shell.target,
    user: shell.user,
    exec: async (argv, options) => {
      const r = await shell.exec(argv, options);
      used();
      return r;
    },
    stream: async (argv, options) => {
      const r = await shell.stream(argv, options);
      used();
      return r;
    },
  };
}
