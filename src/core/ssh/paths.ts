// Where OpenSSH keeps its files on this machine, and how ssh_config paths are expanded.
// Everything takes the platform/home/env explicitly so the Windows logic (%USERPROFILE%\.ssh,
// backslashes, the OpenSSH agent pipe) is unit-tested on Linux.
import { homedir } from 'node:os';
import path from 'node:path';

export interface PathEnv {
  platform: NodeJS.Platform;
  /** The user's home folder (Windows: %USERPROFILE%). */
  home: string;
  env: Record<string, string | undefined>;
}

export function currentPathEnv(): PathEnv {
  return { platform: process.platform, home: homeFolder(process.platform, process.env), env: process.env };
}

/** OpenSSH for Windows uses %USERPROFILE%, everything else $HOME. */
export function homeFolder(platform: NodeJS.Platform, env: Record<string, string | undefined>): string {
  if (platform === 'win32') return env.USERPROFILE || (env.HOMEDRIVE && env.HOMEPATH ? env.HOMEDRIVE + env.HOMEPATH : homedir());
  return env.HOME || homedir();
}

export function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

export function sshFolder(pe: PathEnv): string {
  return pathApi(pe.platform).join(pe.home, '.ssh');
}

export function defaultSshConfigPath(pe: PathEnv): string {
  return pathApi(pe.platform).join(sshFolder(pe), 'config');
}

export function defaultKnownHostsPaths(pe: PathEnv): string[] {
  const p = pathApi(pe.platform);
  return [p.join(sshFolder(pe), 'known_hosts'), p.join(sshFolder(pe), 'known_hosts2')];
}

/** OpenSSH's default IdentityFile list, in its order (ssh_config(5)). */
export function defaultIdentityFiles(pe: PathEnv): string[] {
  const p = pathApi(pe.platform);
  return ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_dsa'].map((n) => p.join(sshFolder(pe), n));
}

/** Values for ssh_config % tokens (ssh_config(5) "TOKENS"). */
export interface TokenValues {
  /** %h remote host name (after HostName) */
  host: string;
  /** %r remote user */
  remoteUser: string;
  /** %p port */
  port: number;
  /** %n original host name as given */
  originalHost?: string;
  /** %u local user */
  localUser?: string;
}

/** Expands `~`, `~/…` and the %-tokens OpenSSH allows in IdentityFile / UserKnownHostsFile. */
export function expandSshPath(raw: string, pe: PathEnv, t: TokenValues): string {
  const p = pathApi(pe.platform);
  let s = raw.replace(/%(.)/g, (whole, ch: string) => {
    switch (ch) {
      case '%':
        return '%';
      case 'd':
        return pe.home;
      case 'h':
        return t.host;
      case 'r':
        return t.remoteUser;
      case 'p':
        return String(t.port);
      case 'n':
        return t.originalHost ?? t.host;
      case 'u':
        return t.localUser ?? localUserName(pe);
      case 'l':
        return t.host;
      default:
        // Unknown tokens are an error in OpenSSH; keeping them literal makes the later
        // "file not found" message show exactly what was written.
        return whole;
    }
  });
  if (s === '~') s = pe.home;
  else if (s.startsWith('~/') || (pe.platform === 'win32' && s.startsWith('~\\'))) s = p.join(pe.home, s.slice(2));
  // Relative IdentityFile paths are relative to ~/.ssh in OpenSSH (for user config files).
  if (!p.isAbsolute(s)) s = p.join(sshFolder(pe), s);
  return p.normalize(s);
}

export function localUserName(pe: PathEnv): string {
  return pe.env.USER || pe.env.USERNAME || pe.env.LOGNAME || 'user';
}

/** Candidate agent endpoints in OpenSSH's order: $SSH_AUTH_SOCK; on Windows the OpenSSH agent pipe, then Pageant. */
export function agentCandidates(pe: PathEnv): string[] {
  const out: string[] = [];
  if (pe.env.SSH_AUTH_SOCK) out.push(pe.env.SSH_AUTH_SOCK);
  if (pe.platform === 'win32') {
    out.push('\\\\.\\pipe\\openssh-ssh-agent');
    out.push('pageant');
  }
  return out;
}
