// Where OpenSSH keeps its files on this machine, and how ssh_config paths are expanded.
// Everything takes the platform/home/env explicitly so the Windows logic (%USERPROFILE%\.ssh,
// backslashes, the OpenSSH agent pipe) is unit-tested on Linux.
import { createHash } from 'node:crypto';
import { homedir, hostname } from 'node:os';
import path from 'node:path';

export interface PathEnv {
  platform: NodeJS.Platform;
  /** The user's home folder (Windows: %USERPROFILE%). */
  home: string;
  env: Record<string, string | undefined>;
  /** This machine's host name (%l); os.hostname() when not given. */
  localHost?: string;
  /** Folder relative IdentityFile paths are resolved against (OpenSSH: the working directory). */
  cwd?: string;
}

export function currentPathEnv(): PathEnv {
  return { platform: process.platform, home: homeFolder(process.platform, process.env), env: process.env, localHost: hostname(), cwd: process.cwd() };
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
  /** %k HostKeyAlias, else the host as written */
  keyAlias?: string;
}

/**
 * Expands `~`, `~/…`, `${VAR}` and the %-tokens OpenSSH allows in IdentityFile /
 * UserKnownHostsFile / CertificateFile (ssh.c default_client_percent_dollar_expand).
 */
export function expandSshPath(raw: string, pe: PathEnv, t: TokenValues): string {
  const p = pathApi(pe.platform);
  const localHost = pe.localHost ?? hostname();
  const localUser = t.localUser ?? localUserName(pe);
  let s = raw;
  if (s === '~') s = pe.home;
  else if (s.startsWith('~/') || (pe.platform === 'win32' && s.startsWith('~\\'))) s = p.join(pe.home, s.slice(2));
  s = s.replace(/%(.)/g, (whole, ch: string) => {
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
        return localUser;
      case 'l':
        return localHost;
      case 'L':
        return localHost.split('.')[0];
      case 'k':
        return t.keyAlias ?? t.originalHost ?? t.host;
      case 'i':
        return String(process.getuid?.() ?? 0);
      case 'C':
        return createHash('sha1').update(`${localHost}${t.host}${t.port}${t.remoteUser}`).digest('hex');
      default:
        // Unknown tokens are an error in OpenSSH; keeping them literal makes the later
        // "file not found" message show exactly what was written.
        return whole;
    }
  });
  s = s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => pe.env[name] ?? whole);
  // OpenSSH opens a relative IdentityFile as it is, i.e. relative to the working directory
  // (ssh.c load_public_identity_files: tilde and token expansion only, no ~/.ssh prefix).
  if (!p.isAbsolute(s)) s = p.join(pe.cwd ?? process.cwd(), s);
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
