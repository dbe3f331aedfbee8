// The SSH side of the Spark for this window: one SshPool (connections reused, closed when idle
// and on deactivate), and OpContexts for remote operations built from the current settings and
// the last tailnet facts about the Spark (its MagicDNS name and published SSH host keys).
// ssh2 itself is only loaded by the pool when the first command runs.
import type * as vscode from 'vscode';
import type { Logger } from '../core/monitor/types';
import type { OpContext } from '../core/remote/types';
import type { Settings } from '../core/settings';
import { openRemoteShell, SshPool, type SshPrompter } from '../core/ssh';
import type { PeerInfo } from '../core/tailnet/peers';
import type { SshSecretStore } from './sshPrompter';

export class SparkConnection implements vscode.Disposable {
  private readonly pool: SshPool;
  private peer: PeerInfo | undefined;

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
    const s = this.settings();
    const peer = this.peer;
    const shell = openRemoteShell(this.pool, {
      target: s['ssh.target'],
      defaultHost: peer?.dnsName || s['spark.host'].replace(/^tag:.*$/, ''),
      ...(s['ssh.configFile'] ? { sshConfigFile: s['ssh.configFile'] } : {}),
      ...(s['ssh.knownHostsFile'] ? { knownHostsFiles: [s['ssh.knownHostsFile']] } : {}),
      resolve: s['network.resolve'],
      tailnetPeer: peer !== undefined,
      ...(peer?.sshHostKeys.length ? { tailnetHostKeys: peer.sshHostKeys } : {}),
    });
    return {
      shell,
      log: { info: (m) => this.log.info(m), warn: (m) => this.log.warn(m), error: (m) => this.log.error(m) },
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
    };
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

  /** Drop connections (host or target changed). */
  reset(): void {
    this.pool.closeAll();
  }

  dispose(): void {
    this.pool.closeAll();
  }
}
