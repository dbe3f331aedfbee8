// A real OpenSSH sshd on a loopback address, with its own config, host keys and test users.
// Used by the integration layer, the emulated Spark and the benchmarks. Everything it creates
// (users, sudoers drop-ins, temp folder) is removed by stop(); the daemon is stopped by PID.
//
// Needs root (useradd, sudoers) and openssh-server + sudo installed (scripts/install-system-deps.sh).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type SudoRights = 'nopasswd' | 'password' | 'none';

export interface TestUserSpec {
  /** Prefix of the generated account name (a random suffix keeps parallel runs apart). */
  prefix?: string;
  /** Exact account name (e.g. "sparkuser"); only when no other run can use it at the same time. */
  name?: string;
  sudo: SudoRights;
  /** Login password (also the sudo password); generated when omitted. */
  password?: string;
  /** authorized_keys lines. */
  authorizedKeys?: string[];
}

export interface TestUser {
  name: string;
  password: string;
  home: string;
  sudo: SudoRights;
}

export interface SshdOptions {
  /** Loopback address to listen on; a random 127.x.y.z by default so runs never collide. */
  address?: string;
  /** Port; 22 on a random loopback address by default (root may bind it). */
  port?: number;
  users: TestUserSpec[];
  /** Environment for every session (sshd SetEnv), e.g. PATH with stand-ins first. */
  env?: Record<string, string>;
  /** Directories prepended to PATH for sudo (sudoers secure_path). */
  sudoPath?: string[];
  /** A file whose text sshd sends as the pre-auth banner. */
  bannerText?: string;
  /** Extra sshd_config lines. */
  extraConfig?: string[];
}

export interface RunningSshd {
  /** What sshd (LogLevel VERBOSE, -e) wrote to stderr so far. */
  readonly log: string;
  host: string;
  port: number;
  pid: number;
  dir: string;
  users: TestUser[];
  /** Host key as an OpenSSH public key line ("ssh-ed25519 AAAA… comment"). */
  hostKeyLine: string;
  /** Raw host key blob (what ssh2's hostVerifier receives). */
  hostKeyBlob: Buffer;
  /** Kill every sshd session process of the given user (simulates a dropped connection). */
  killSessions(user: string): void;
  /**
   * Stop only the daemon (the port refuses connections) but keep users, keys and config:
   * an "offline" host. restartDaemon() brings it back.
   */
  stopDaemon(): Promise<void>;
  /**
   * (Re)start the daemon with the same users and host key; optionally change the banner
   * (null removes it) or the extra config lines (e.g. a banner scenario, ForceCommand).
   */
  restartDaemon(change?: { bannerText?: string | null; extraConfig?: string[] }): Promise<void>;
  stop(): Promise<void>;
}

export const SSHD = '/usr/sbin/sshd';

export function randomLoopback(): string {
  const b = randomBytes(3);
  return `127.${1 + (b[0] % 250)}.${b[1]}.${1 + (b[2] % 250)}`;
}

export async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** One connection attempt: does anything accept on host:port right now? */
export function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.setTimeout(500);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.connect(port, host);
  });
}

export async function waitForPort(host: string, port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await portOpen(host, port)) return;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
}

/** ssh-keygen a key pair; returns the private key path and the public key line. */
export function generateKey(
  dir: string,
  name: string,
  opts: { type?: 'ed25519' | 'rsa' | 'ecdsa'; passphrase?: string; comment?: string } = {},
): { privatePath: string; publicLine: string } {
  const privatePath = join(dir, name);
  const args = ['-q', '-t', opts.type ?? 'ed25519', '-N', opts.passphrase ?? '', '-C', opts.comment ?? name, '-f', privatePath];
  if (opts.type === 'rsa') args.push('-b', '2048');
  execFileSync('ssh-keygen', args);
  chmodSync(privatePath, 0o600);
  return { privatePath, publicLine: readFileSync(`${privatePath}.pub`, 'utf8').trim() };
}

function createUser(spec: TestUserSpec, sudoersDir: string, sudoPath: string[]): TestUser {
  const name = spec.name ?? `${spec.prefix ?? 'ts'}${randomBytes(3).toString('hex')}`.slice(0, 31);
  const password = spec.password ?? randomBytes(9).toString('base64url');
  execFileSync('useradd', ['-m', '-s', '/bin/bash', name]);
  execFileSync('chpasswd', { input: `${name}:${password}\n` });
  const home = `/home/${name}`;
  if (spec.sudo !== 'none') {
    const rule = spec.sudo === 'nopasswd' ? `${name} ALL=(ALL) NOPASSWD: ALL` : `${name} ALL=(ALL) ALL`;
    const securePath = [...sudoPath, '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].join(':');
    writeFileSync(join(sudoersDir, `tailspark-test-${name}`), `Defaults:${name} secure_path="${securePath}"\n${rule}\n`, {
      mode: 0o440,
    });
  }
  return { name, password, home, sudo: spec.sudo };
}

function removeUser(name: string): void {
  try {
    execFileSync('pkill', ['-KILL', '-u', name], { stdio: 'ignore' });
  } catch {
    // no processes left: fine
  }
  try {
    execFileSync('userdel', ['-r', '-f', name], { stdio: 'ignore' });
  } catch {
    // already gone
  }
  rmSync(`/etc/sudoers.d/tailspark-test-${name}`, { force: true });
}

export async function startSshd(opts: SshdOptions): Promise<RunningSshd> {
  const host = opts.address ?? randomLoopback();
  const port = opts.port ?? 22;
  const dir = mkdtempSync(join(tmpdir(), 'tailspark-sshd-'));
  chmodSync(dir, 0o755);
  mkdirSync('/run/sshd', { recursive: true });
  const hostKey = generateKey(dir, 'host_ed25519', { comment: 'tailspark-test-host' });
  const authDir = join(dir, 'authorized_keys');
  mkdirSync(authDir, { mode: 0o755 });

  const users: TestUser[] = [];
  try {
    for (const spec of opts.users) {
      const user = createUser(spec, '/etc/sudoers.d', opts.sudoPath ?? []);
      users.push(user);
      writeFileSync(join(authDir, user.name), (spec.authorizedKeys ?? []).join('\n') + '\n', { mode: 0o644 });
    }
  } catch (err) {
    for (const u of users) removeUser(u.name);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  const baseLines = [
    `Port ${port}`,
    `ListenAddress ${host}`,
    `HostKey ${hostKey.privatePath}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${authDir}/%u`,
    'StrictModes no',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication yes',
    'UsePAM yes',
    'PermitRootLogin no',
    `AllowUsers ${users.map((u) => u.name).join(' ')}`,
    'MaxSessions 64',
    'MaxStartups 100:30:200',
    'LogLevel VERBOSE',
  ];
  if (opts.env && Object.keys(opts.env).length > 0) {
    baseLines.push(`SetEnv ${Object.entries(opts.env).map(([k, v]) => `${k}="${v}"`).join(' ')}`);
  }
  const conf = join(dir, 'sshd_config');
  let bannerText: string | undefined = opts.bannerText;
  let extraConfig: string[] = opts.extraConfig ?? [];
  function writeConfig(): void {
    const lines = [...baseLines];
    if (bannerText !== undefined) {
      const bannerPath = join(dir, 'banner.txt');
      writeFileSync(bannerPath, bannerText);
      lines.push(`Banner ${bannerPath}`);
    }
    lines.push(...extraConfig);
    writeFileSync(conf, lines.join('\n') + '\n');
    execFileSync(SSHD, ['-t', '-f', conf]);
  }

  let log = '';
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  async function spawnDaemon(): Promise<void> {
    child = spawn(SSHD, ['-f', conf, '-D', '-e'], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.length > 200_000) log = log.slice(-100_000);
    });
    const c = child;
    exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    await waitForPort(host, port);
  }
  async function stopChild(): Promise<void> {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    c.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }

  try {
    writeConfig();
    await spawnDaemon();
  } catch (err) {
    child?.kill('SIGKILL');
    for (const u of users) removeUser(u.name);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`sshd did not start: ${(err as Error).message}\n${log}`);
  }

  const hostKeyBlob = Buffer.from(hostKey.publicLine.split(' ')[1], 'base64');
  let stopped = false;
  return {
    host,
    port,
    get pid() {
      return child?.pid ?? 0;
    },
    get log() {
      return log;
    },
    dir,
    users,
    hostKeyLine: hostKey.publicLine,
    hostKeyBlob,
    killSessions(user: string) {
      try {
        execFileSync('pkill', ['-KILL', '-f', `sshd: ${user}`], { stdio: 'ignore' });
      } catch {
        // none running
      }
    },
    async stopDaemon() {
      await stopChild();
    },
    async restartDaemon(change = {}) {
      if (stopped) throw new Error('sshd harness already stopped');
      if (change.bannerText !== undefined) bannerText = change.bannerText ?? undefined;
      if (change.extraConfig !== undefined) extraConfig = change.extraConfig;
      await stopChild();
      writeConfig();
      await spawnDaemon();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopChild();
      for (const u of users) removeUser(u.name);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
