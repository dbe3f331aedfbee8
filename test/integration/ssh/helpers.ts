// Shared pieces for the SSH integration tests: a scripted prompter that records what it was
// asked, an in-memory SecretStore, and a pool/shell factory bound to a harness sshd.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRemoteShell, type PooledShell, SshPool, type SshPoolOptions } from '../../../src/core/ssh';
import type { SecretStore, SshPrompter } from '../../../src/core/ssh/types';
import type { RunningSshd } from '../../harness/sshd';

export interface ScriptedPrompter extends SshPrompter {
  asked: string[];
  checkModeUrls: string[];
}

export function scriptedPrompter(answers: {
  passphrase?: (string | undefined)[];
  password?: (string | undefined)[];
  sudoPassword?: (string | undefined)[];
  trustHostKey?: boolean;
}): ScriptedPrompter {
  const asked: string[] = [];
  const checkModeUrls: string[] = [];
  const pass = [...(answers.passphrase ?? [])];
  const pw = [...(answers.password ?? [])];
  const sudoPw = [...(answers.sudoPassword ?? [])];
  return {
    asked,
    checkModeUrls,
    async askPassphrase(keyPath) {
      asked.push(`passphrase ${keyPath}`);
      return pass.shift();
    },
    async askPassword(p) {
      asked.push(p.forSudo ? `sudo-password ${p.user}` : `password ${p.user}${p.text ? ` (${p.text.trim()})` : ''}`);
      return p.forSudo ? sudoPw.shift() : pw.shift();
    },
    async confirmUnknownHostKey(info) {
      asked.push(`hostkey ${info.host}:${info.port} ${info.keyType} ${info.fingerprint}`);
      return answers.trustHostKey ?? false;
    },
    showCheckModeUrl(url) {
      checkModeUrls.push(url);
    },
  };
}

export function memorySecrets(): SecretStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    async get(k) {
      return map.get(k);
    },
    async store(k, v) {
      map.set(k, v);
    },
    async delete(k) {
      map.delete(k);
    },
  };
}

/** A folder with a known_hosts that trusts the harness sshd (as `[host]:port` when port ≠ 22). */
export function trustingKnownHosts(sshd: RunningSshd): string {
  const dir = mkdtempSync(join(tmpdir(), 'tailspark-kh-'));
  const file = join(dir, 'known_hosts');
  const name = sshd.port === 22 ? sshd.host : `[${sshd.host}]:${sshd.port}`;
  writeFileSync(file, `${name} ${sshd.hostKeyLine.split(' ').slice(0, 2).join(' ')}\n`);
  return file;
}

export interface ShellFor {
  shell: PooledShell;
  pool: SshPool;
}

/** A shell with no agent, no ssh_config and no default identity files unless given. */
export function shellFor(
  sshd: RunningSshd,
  user: string,
  o: {
    prompter?: SshPrompter;
    identityFiles?: string[];
    knownHostsFile?: string;
    pool?: Partial<SshPoolOptions>;
    sshConfigFile?: string;
    target?: string;
    strict?: 'yes' | 'ask' | 'accept-new';
    tailnetPeer?: boolean;
    tailnetHostKeys?: string[];
    home?: string;
  },
): ShellFor {
  const home = o.home ?? mkdtempSync(join(tmpdir(), 'tailspark-home-'));
  const pool = new SshPool({ prompter: o.prompter ?? scriptedPrompter({}), agent: false, ...o.pool, pathEnv: { platform: 'linux', home, env: { USER: 'tester' } } });
  const shell = openRemoteShell(pool, {
    target: o.target ?? `${user}@${sshd.host}:${sshd.port}`,
    sshConfigFile: o.sshConfigFile ?? join(home, 'no-config'),
    knownHostsFiles: [o.knownHostsFile ?? trustingKnownHosts(sshd)],
    identityFiles: o.identityFiles,
    strictHostKeyChecking: o.strict,
    tailnetPeer: o.tailnetPeer,
    tailnetHostKeys: o.tailnetHostKeys,
    pathEnv: { platform: 'linux', home, env: { USER: 'tester' } },
  });
  return { shell, pool };
}
