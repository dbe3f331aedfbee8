// Public entry of the SSH layer. Remote operations do:
//
//   const pool = new SshPool({ prompter, secrets, log });             // once per extension/CLI run
//   const shell = openRemoteShell(pool, { target: settings.ssh.target,  // 'user@host[:port]' | alias | ''
//     defaultHost: spark.dnsName, tailnetPeer: true, tailnetHostKeys: spark.sshHostKeys });
//   const r = await shell.exec(['systemctl', 'is-active', unit], { timeoutMs: 10_000 });
//
// Every failure is an SshError with a `.finding`. Nothing here loads ssh2 until the first command.
import { existsSync, readFileSync } from 'node:fs';
import { sshError } from './errors';
import { currentPathEnv, defaultSshConfigPath, type PathEnv } from './paths';
import type { PooledShell, SshPool } from './pool';
import { resolveTarget, type StrictHostKeyChecking } from './sshConfig';

export { quoteArg, quoteArgv, portSchema, remotePathSchema, unitNameSchema, userNameSchema, validated } from '../util/argv';
export { SshError } from './errors';
export { sha256Fingerprint } from './fingerprint';
export { type PooledShell, SshPool, type SshPoolOptions } from './pool';
export { type ResolvedTarget, resolveTarget } from './sshConfig';
export type { ExecOptions, ExecResult, RemoteShell, SecretStore, SshPrompter, StreamOptions } from './types';

export interface RemoteShellSettings {
  /** `tailspark.ssh.target`: `user@host[:port]`, a host, or an ~/.ssh/config alias; empty → defaultHost. */
  target?: string;
  /** Discovery's MagicDNS name of the Spark. */
  defaultHost?: string;
  defaultUser?: string;
  /** ssh_config file to read (default ~/.ssh/config; missing file = no config). */
  sshConfigFile?: string;
  knownHostsFiles?: string[];
  identityFiles?: string[];
  strictHostKeyChecking?: StrictHostKeyChecking;
  /** hostname → address (connect to the address, match known_hosts on the name). */
  resolve?: Record<string, string>;
  tailnetPeer?: boolean;
  tailnetHostKeys?: readonly string[];
  pathEnv?: PathEnv;
  /** A new connection outside the pool (a login test); the caller closes the shell. */
  fresh?: boolean;
}

/** Resolves the settings (reading ssh_config) and returns the pooled shell for that target. */
export function openRemoteShell(pool: SshPool, s: RemoteShellSettings): PooledShell {
  const pathEnv = s.pathEnv ?? currentPathEnv();
  const configFile = s.sshConfigFile ?? defaultSshConfigPath(pathEnv);
  let sshConfigText: string | undefined;
  try {
    sshConfigText = existsSync(configFile) ? readFileSync(configFile, 'utf8') : undefined;
  } catch {
    sshConfigText = undefined; // unreadable config: behave as OpenSSH without it
  }
  let target: ReturnType<typeof resolveTarget>;
  try {
    target = resolveTarget({
      target: s.target,
      defaultHost: s.defaultHost,
      defaultUser: s.defaultUser,
      sshConfigText,
      sshConfigPath: configFile,
      resolve: s.resolve,
      knownHostsFiles: s.knownHostsFiles,
      identityFiles: s.identityFiles,
      strictHostKeyChecking: s.strictHostKeyChecking,
      pathEnv,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw sshError('ssh.targetInvalid', { target: s.target || s.defaultHost, message, where: configFile }, message, err);
  }
  const shellTarget = { target, tailnetPeer: s.tailnetPeer, tailnetHostKeys: s.tailnetHostKeys };
  return s.fresh ? pool.freshShell(shellTarget) : pool.shell(shellTarget);
}
