// The SSH side of the Spark as the editor-free core sees it. The Monitor's probes, the CLI and
// the doctor reach the Spark through this one interface; the implementations sit on the SshPool
// (PooledSparkShell here for the CLI and tests, src/ui/sparkConnection.ts in the editor, which
// adds the install detection and the unit detection of the window).
import type { OpContext, OpLogger } from '../remote/types';
import { ServiceUnitResolver, type UnitChoice } from '../remote/unitDetect';
import { openRemoteShell, type RemoteShellSettings, type SshPool } from '../ssh';
import type { PeerInfo } from '../tailnet/peers';
import { DEFAULT_INFERENCE_PORT } from '../tailnet/serveUrl';

export interface SparkShell {
  /** The tailnet found the Spark: later shells go to its MagicDNS name, vouched for by its published host keys. */
  rememberPeer(peer: PeerInfo | undefined): void;
  /** An operation context on the Spark (pooled SSH connection). Throws an SshError with a Finding when the target is invalid. */
  context(signal?: AbortSignal): OpContext;
  /** The inference unit to ask about: `configured` (tailspark.service.unit), else detected on the Spark. Absent: `configured` as is. */
  serviceUnit?(ctx: OpContext, configured: string): Promise<UnitChoice>;
}

/** The SSH settings a discovered peer implies: its MagicDNS name, Tailscale SSH first, its published host keys. */
export function peerShellSettings(peer: PeerInfo | undefined): Pick<RemoteShellSettings, 'defaultHost' | 'tailnetPeer' | 'tailnetHostKeys'> {
  return {
    ...(peer?.dnsName ? { defaultHost: peer.dnsName } : {}),
    tailnetPeer: peer !== undefined,
    ...(peer?.sshHostKeys.length ? { tailnetHostKeys: peer.sshHostKeys } : {}),
  };
}

/** A SparkShell over an SshPool; `settings` gets the last peer the tailnet reported. The caller closes the pool. */
export class PooledSparkShell implements SparkShell {
  private peer: PeerInfo | undefined;
  /** The shell the last context was opened on (its user/target, for reports); undefined before the first. */
  lastShell: { target: string; user: string } | undefined;
  private readonly units = new ServiceUnitResolver();

  constructor(
    private readonly pool: SshPool,
    private readonly settings: (peer: PeerInfo | undefined) => RemoteShellSettings,
    private readonly log: OpLogger,
    /** The inference port, for detecting the unit that serves it. */
    private readonly inferencePort = DEFAULT_INFERENCE_PORT,
  ) {}

  rememberPeer(peer: PeerInfo | undefined): void {
    if (peer) this.peer = peer;
  }

  context(signal?: AbortSignal): OpContext {
    const shell = openRemoteShell(this.pool, this.settings(this.peer));
    this.lastShell = { target: shell.target, user: shell.user };
    return { shell, log: this.log, ...(signal ? { signal } : {}) };
  }

  serviceUnit(ctx: OpContext, configured: string): Promise<UnitChoice> {
    return this.units.resolve(ctx, configured, this.inferencePort);
  }
}
