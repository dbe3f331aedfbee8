// The emulated Spark: a stand-in GPU host for integration tests and the demo.
//
// One instance = one random loopback address 127.x.y.z (so parallel runs never collide) with
//   - a REAL OpenSSH sshd on ADDRESS:22 (test/harness/sshd.ts) and a sparkuser-like test user,
//   - stand-ins for tailscale / systemctl / journalctl / snap / nvidia-smi first on that user's PATH and on
//     sudo's secure_path (each wrapper has the state path baked in, because sudo resets env),
//   - the emulated inference server (SGLang or vLLM) on ADDRESS:30001, started by `systemctl start`,
//   - the `tailscale serve` HTTPS front on ADDRESS:443 with a certificate for the MagicDNS name,
//   - a client-side `tailscale` stand-in (clientTailscalePath) that reports this Spark as a peer.
//
// "127.0.0.1:30001 on the Spark" is the instance's own ADDRESS:30001: the serve config still
// says http://127.0.0.1:30001 exactly like the real one, and the front maps it to ADDRESS.
// Name resolution: pass `resolve` ({ magicDnsName: address }) to the product's HTTP/SSH layer
// (like curl --resolve); /etc/hosts is never touched. Trust the TLS certificate with
// NODE_EXTRA_CA_CERTS=caCertPath.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { portOpen, type RunningSshd, randomLoopback, type SudoRights, startSshd, waitForPort } from '../harness/sshd';
import { type Scenario, SCENARIOS, scenarioFacts, sshGreeting } from './scenarios';
import { makeCertificates } from './tls';

export { CHECK_URL, SCENARIOS, type Scenario } from './scenarios';

export type Flavor = 'sglang' | 'vllm';

export interface SimTimings {
  /** Port closed while "weights load" after `systemctl start` (default 1500 ms). */
  loadMs: number;
  /** SGLang only: /health answers 503 during warm-up (default 1000 ms). */
  warmupMs: number;
  /** SGLang /health runs a one-token generation (default 1000 ms). */
  healthMs: number;
  /** Delay per generated token in chat completions (default 20 ms). */
  tokenMs: number;
  /** `tailscale set --ssh` risk countdown, 5 ticks (default 5000 ms like the real CLI). */
  riskCountdownMs: number;
  /** Latency `tailscale ping` reports for the first pong (default 2 ms; later pongs add 1–2 ms). */
  pingMs: number;
}

export interface SparkOptions {
  scenario?: Scenario;
  flavor?: Flavor;
  /** sudo rights of the SSH test user (default 'nopasswd'). */
  sudo?: SudoRights;
  /** Start the server with --api-key (SGLang/vLLM auth rules apply). */
  apiKey?: string;
  /** Start the inference unit and wait until it is ready (default true). */
  serverRunning?: boolean;
  /** authorized_keys lines for the test user. */
  authorizedKeys?: string[];
  /** Default 'spark-56d0.tail1234.ts.net'. */
  magicDnsName?: string;
  /** Override the scenario's initial serve config (true: HTTPS 443 → http://127.0.0.1:30001; false: empty). */
  serveConfigured?: boolean;
  /** Served model id (default 'Qwen/Qwen2.5-7B-Instruct'). */
  model?: string;
  timings?: Partial<SimTimings>;
  /** Whether `tailscale set --ssh` thinks the caller is connected over Tailscale (default true). */
  sshOverTailscale?: boolean;
  /**
   * How `tailscale set --ssh` presents the lose-ssh risk: 'countdown' (≤ 1.86, the emulated
   * release: "Continuing in 5 seconds...", then aborts) or 'yesNo' (≥ 1.88, commit 42a215e12:
   * a y/N prompt that, without a TTY, aborts at once with "aborted, no changes made").
   */
  tailscaleRiskPrompt?: 'countdown' | 'yesNo';
}

export interface SparkUser {
  name: string;
  password: string;
}

export interface RunningSpark {
  /** The instance's loopback address (its "Tailscale IP" for our tests). */
  address: string;
  magicDnsName: string;
  /** First label of the MagicDNS name, e.g. 'spark-56d0'. */
  hostName: string;
  sshd: RunningSshd;
  user: SparkUser;
  flavor: Flavor;
  stateDir: string;
  statePath: string;
  /** Directory holding the remote stand-ins (first on PATH and sudo's secure_path). */
  binDir: string;
  caCertPath: string;
  /** 'https://<magicDnsName>' — the serve URL (no path). */
  serveUrl: string;
  /** 'https://<magicDnsName>/v1' — what an OpenAI client takes as base URL. */
  baseUrl: string;
  inferencePort: number;
  /** Client-side `tailscale` stand-in (runs locally, reports this Spark as a peer). */
  clientTailscalePath: string;
  /** Folder holding only that client-side `tailscale`: put it first on PATH for a product process. */
  clientBinDir: string;
  /**
   * Environment additions for a client process (extension host, CLI) that should see this Spark:
   * NODE_EXTRA_CA_CERTS (trust the sim CA) and PATH with clientBinDir first.
   */
  clientEnv(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** { [magicDnsName]: address } — for the product's `resolve` option. */
  resolve: Record<string, string>;
  /** A known_hosts line for the Spark's sshd (MagicDNS name and address). */
  knownHostsLine: string;
  scenario(): Scenario;
  /** Put the Spark into another scenario (as startSpark would set it up; the server is left as is). */
  setScenario(s: Scenario): Promise<void>;
  /** `sudo systemctl stop <flavor>` as root. */
  stopServer(): Promise<void>;
  /** `sudo systemctl start <flavor>` as root; waits until ready unless wait is false. */
  startServer(opts?: { wait?: boolean }): Promise<void>;
  /**
   * Make the next server start fail like a real one that runs out of GPU memory: it logs a CUDA
   * OOM after loading and exits 1, so the unit ends up "failed (Result: exit-code)". null clears it.
   */
  setServerFault(fault: 'oom' | null): void;
  /** Kill the running server with SIGKILL (not via systemctl): the unit becomes "failed (Result: signal)". */
  crashServer(): void;
  /** Waits until the inference server answers as ready. */
  waitServerReady(timeoutMs?: number): Promise<void>;
  /** Off the tailnet: client sees Online:false, SSH and HTTPS are refused. */
  takeOffline(): Promise<void>;
  bringOnline(): Promise<void>;
  /** The current state.json (for assertions). */
  readState(): SimState;
  /**
   * Every request the Serve front received, oldest first: clock time (ms), method, path, and
   * whether it carried an Authorization header (a test observation; tailscaled logs nothing like it).
   */
  frontRequests(): Array<{ at: number; method: string; path: string; withKey: boolean }>;
  /** Runs a remote stand-in locally as root (like `sudo <cmd>` on the Spark), for test setup. */
  runAsRoot(command: 'tailscale' | 'systemctl' | 'journalctl' | 'snap', args: string[]): { code: number; stdout: string; stderr: string };
  stop(): Promise<void>;
}

/** The parts of state.json tests usually look at (the file has more). */
export interface SimState {
  scenario: Scenario;
  online: boolean;
  offlineSince: string | null;
  install: 'deb' | 'snap';
  tailnet: { serveEnabled: boolean; httpsCerts: boolean; funnel: boolean; enableWaits: boolean };
  cert: 'good' | 'wrong' | 'none';
  client: { daemon: boolean; loggedOut: boolean; authUrl: string };
  serve: { TCP?: Record<string, { HTTPS?: boolean; HTTP?: boolean }>; Web?: Record<string, unknown>; AllowFunnel?: Record<string, boolean> };
  prefs: { RunSSH: boolean; OperatorUser: string };
  units: Record<string, { pid?: number; stopped?: boolean }>;
  tailscaled: { running: boolean; since?: string; pid?: number };
  [k: string]: unknown;
}

// dirname(__filename), not __dirname: under tsx's tsImport() (used by scripts/demo.mjs) only
// __filename is the real path.
const HERE = dirname(__filename);
const STANDINS_DIR = resolvePath(HERE, 'standins');
const FRONT_SCRIPT = resolvePath(HERE, 'server', 'serve-front.cjs');
/** In the state dir: one line per request the Serve front received (serve-front.cjs). */
const FRONT_REQUEST_LOG = 'front-requests.log';
const DEFAULT_TIMINGS: SimTimings = { loadMs: 1500, warmupMs: 1000, healthMs: 1000, tokenMs: 20, riskCountdownMs: 5000, pingMs: 2 };
const INFERENCE_PORT = 30001;

function servingConfig(magicDnsName: string): Record<string, unknown> {
  return {
    TCP: { '443': { HTTPS: true } },
    Web: { [`${magicDnsName}:443`]: { Handlers: { '/': { Proxy: `http://127.0.0.1:${INFERENCE_PORT}` } } } },
  };
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The Node binary the stand-ins run with. They run as the Spark's unprivileged test user, who
 * cannot execute a Node below /root (e.g. code-server's Node 24 when the sim is started from an
 * extension host): prefer the system Node, which every user can run.
 */
const STANDIN_NODE = existsSync('/usr/bin/node') ? '/usr/bin/node' : process.execPath;

function writeWrapper(path: string, script: string, statePath: string, side: 'spark' | 'client'): void {
  writeFileSync(
    path,
    `#!/bin/sh\n# Emulated Spark stand-in (test/spark-sim). The state path is baked in: sudo resets the environment.\nTAILSPARK_SIM_STATE=${shellQuote(statePath)} TAILSPARK_SIM_SIDE=${side} exec ${shellQuote(STANDIN_NODE)} ${shellQuote(script)} "$@"\n`,
    { mode: 0o755 },
  );
  chmodSync(path, 0o755);
}

function seedTailscaledJournal(stateDir: string, hostDnsName: string): void {
  const now = Date.now() - 3_600_000;
  const lines = (unit: string, ident: string) =>
    [
      { t: now, ident: 'systemd', pid: 1, msg: `Started ${unit}.service - ${unit === 'tailscaled' ? 'Tailscale node agent' : 'Service for snap application tailscale.tailscaled'}.` },
      { t: now + 120, ident, pid: 812, msg: 'logtail started' },
      { t: now + 150, ident, pid: 812, msg: 'Program starting: v1.86.2-t1a2b3c4d5-g6e7f8a9b0, Go 1.24.6: []string{"/usr/sbin/tailscaled"}' },
      { t: now + 900, ident, pid: 812, msg: 'magicsock: home is now derp-4 (fra)' },
      { t: now + 1500, ident, pid: 812, msg: `cert("${hostDnsName}"): got cert` },
    ]
      .map((e) => JSON.stringify(e))
      .join('\n') + '\n';
  writeFileSync(join(stateDir, 'journal', 'tailscaled.jsonl'), lines('tailscaled', 'tailscaled'), { mode: 0o666 });
  writeFileSync(join(stateDir, 'journal', 'snap.tailscale.tailscaled.jsonl'), lines('snap.tailscale.tailscaled', 'tailscaled'), { mode: 0o666 });
}

/**
 * Every process that belongs to the instance in dir: its command line mentions dir (server,
 * front) or its environment carries the baked-in state path (stand-ins such as a `journalctl -f`
 * follower or a foreground `tailscale serve`, whose wrapper exec'd node with the repo script).
 */
function pidsMentioning(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dir) || readFileSync(`/proc/${entry}/environ`, 'utf8').includes(`TAILSPARK_SIM_STATE=${dir}`)) {
        pids.push(Number(entry));
      }
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startSpark(opts: SparkOptions = {}): Promise<RunningSpark> {
  let scenario: Scenario = opts.scenario ?? 'healthy';
  if (!SCENARIOS.includes(scenario)) throw new Error(`unknown scenario ${scenario}`);
  const flavor: Flavor = opts.flavor ?? 'sglang';
  const magicDnsName = opts.magicDnsName ?? 'spark-56d0.tail1234.ts.net';
  const hostName = magicDnsName.split('.')[0];
  const address = randomLoopback();
  const timings: SimTimings = { ...DEFAULT_TIMINGS, ...opts.timings };

  const instanceDir = mkdtempSync(join(tmpdir(), 'tailspark-spark-'));
  chmodSync(instanceDir, 0o755);
  const stateDir = join(instanceDir, 'state');
  const binDir = join(instanceDir, 'bin');
  const clientBinDir = join(instanceDir, 'client-bin');
  const tlsDir = join(instanceDir, 'tls');
  // The state is written by root (sudo) and by the test user (operator writes): world-writable.
  mkdirSync(stateDir, { mode: 0o777 });
  chmodSync(stateDir, 0o777);
  mkdirSync(join(stateDir, 'journal'), { mode: 0o777 });
  chmodSync(join(stateDir, 'journal'), 0o777);
  mkdirSync(binDir, { mode: 0o755 });
  mkdirSync(clientBinDir, { mode: 0o755 });
  mkdirSync(tlsDir, { mode: 0o755 });
  const statePath = join(stateDir, 'state.json');

  let sshd: RunningSshd | undefined;
  let front: ChildProcess | undefined;
  const cleanupDir = () => rmSync(instanceDir, { recursive: true, force: true });
  try {
    const certs = makeCertificates(tlsDir, magicDnsName);
    chmodSync(certs.caCertPath, 0o644);
    for (const name of ['tailscale', 'systemctl', 'journalctl', 'snap', 'nvidia-smi']) {
      writeWrapper(join(binDir, name), join(STANDINS_DIR, `${name}.cjs`), statePath, 'spark');
    }
    const clientTailscalePath = join(clientBinDir, 'tailscale');
    writeWrapper(clientTailscalePath, join(STANDINS_DIR, 'tailscale.cjs'), statePath, 'client');

    const greeting = sshGreeting(scenario);
    sshd = await startSshd({
      address,
      port: 22,
      users: [{ prefix: 'spark', sudo: opts.sudo ?? 'nopasswd', authorizedKeys: opts.authorizedKeys ?? [] }],
      env: { PATH: `${binDir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` },
      sudoPath: [binDir],
      bannerText: greeting.bannerText ?? undefined,
      extraConfig: greeting.extraConfig,
    });
    const sshUser = sshd.users[0];
    // Login shells (`bash -l`) reset PATH in /etc/profile; the user's ~/.profile puts the stand-ins
    // back in front, the way a real user's profile adds tool folders.
    appendFileSync(join(sshUser.home, '.profile'), `\n# emulated Spark stand-ins (test/spark-sim)\nPATH="${binDir}:$PATH"\n`);
    const hostKey = sshd.hostKeyLine.split(' ').slice(0, 2).join(' ');

    const facts = scenarioFacts(scenario);
    const state = {
      scenario,
      magicDnsName,
      hostName,
      address,
      nodeId: 'nSpark56d011CNTRL',
      inferencePort: INFERENCE_PORT,
      model: opts.model ?? 'Qwen/Qwen2.5-7B-Instruct',
      apiKey: opts.apiKey ?? null,
      flavor,
      sshUser: sshUser.name,
      sshHostKeys: [hostKey],
      install: facts.install,
      tailnet: facts.tailnet,
      cert: facts.cert,
      bootedAt: new Date(Date.now() - 3_600_000).toISOString(),
      tailscaled: { running: facts.tailscaledRunning, since: new Date(Date.now() - 3_600_000).toISOString(), pid: 812 },
      online: facts.online,
      offlineSince: facts.online ? null : new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      client: { ...facts.client, authUrl: 'https://login.tailscale.com/a/1a2b3c4d5e6f' },
      sshOverTailscale: opts.sshOverTailscale ?? true,
      riskPrompt: opts.tailscaleRiskPrompt ?? 'countdown',
      prefs: { RunSSH: false, OperatorUser: facts.operatorSet ? sshUser.name : '', Hostname: '' },
      serve: (opts.serveConfigured ?? facts.serveConfigured) ? servingConfig(magicDnsName) : {},
      units: {},
      timings,
      tls: {
        certPath: certs.certPath,
        keyPath: certs.keyPath,
        wrongNameCertPath: certs.wrongNameCertPath,
        wrongNameKeyPath: certs.wrongNameKeyPath,
      },
    };
    writeFileSync(statePath, JSON.stringify(state, null, 2) + '\n', { mode: 0o666 });
    chmodSync(statePath, 0o666);
    seedTailscaledJournal(stateDir, magicDnsName);

    front = spawn(process.execPath, [FRONT_SCRIPT, statePath], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (!facts.online) {
      await sshd.stopDaemon();
    }

    const spark = makeRunningSpark({
      address,
      magicDnsName,
      hostName,
      sshd,
      flavor,
      instanceDir,
      stateDir,
      statePath,
      binDir,
      caCertPath: certs.caCertPath,
      clientTailscalePath,
      front,
      getScenario: () => scenario,
      setScenarioValue: (s) => {
        scenario = s;
      },
    });
    if (opts.serverRunning ?? true) await spark.startServer();
    if (facts.online && state.tailscaled.running && Object.keys(state.serve).length > 0) {
      await waitForPort(address, 443, 5000);
    }
    return spark;
  } catch (err) {
    front?.kill('SIGKILL');
    for (const pid of pidsMentioning(instanceDir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    await sshd?.stop();
    cleanupDir();
    throw err;
  }
}

interface Parts {
  address: string;
  magicDnsName: string;
  hostName: string;
  sshd: RunningSshd;
  flavor: Flavor;
  instanceDir: string;
  stateDir: string;
  statePath: string;
  binDir: string;
  caCertPath: string;
  clientTailscalePath: string;
  front: ChildProcess;
  getScenario(): Scenario;
  setScenarioValue(s: Scenario): void;
}

function makeRunningSpark(p: Parts): RunningSpark {
  const readState = (): SimState => JSON.parse(readFileSync(p.statePath, 'utf8'));
  const writeState = (mutate: (s: SimState) => void) => {
    // Same lock + atomic rename protocol as the stand-ins (standins/lib/state.cjs).
    const lib = require(resolvePath(HERE, 'standins', 'lib', 'state.cjs')) as { update(path: string, fn: (s: SimState) => void): void };
    lib.update(p.statePath, mutate);
  };
  const runAsRoot: RunningSpark['runAsRoot'] = (command, args) => {
    try {
      const stdout = execFileSync(join(p.binDir, command), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
      return { code: 0, stdout, stderr: '' };
    } catch (err) {
      const e = err as { status: number | null; stdout: string; stderr: string };
      return { code: e.status ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  };
  let sshdMode = sshGreeting(p.getScenario());
  let stopped = false;

  // Safety net: if the test process dies without calling stop() (an uncaught error, process.exit),
  // remove what we started, synchronously, so no sshd, server, user or folder outlives it.
  const emergencyCleanup = () => {
    if (stopped) return;
    stopped = true;
    const user = p.sshd.users[0].name;
    for (const pid of [p.front.pid, p.sshd.pid, ...pidsMentioning(p.instanceDir)]) {
      try {
        if (pid) process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    for (const [cmd, args] of [
      ['pkill', ['-KILL', '-u', user]],
      ['userdel', ['-r', '-f', user]],
    ] as const) {
      try {
        execFileSync(cmd, [...args], { stdio: 'ignore' });
      } catch {
        // nothing to do
      }
    }
    rmSync(`/etc/sudoers.d/tailspark-test-${user}`, { force: true });
    rmSync(p.sshd.dir, { recursive: true, force: true });
    rmSync(p.instanceDir, { recursive: true, force: true });
  };
  process.once('exit', emergencyCleanup);

  async function waitServerReady(timeoutMs = 20_000): Promise<void> {
    // Ready = the journal shows this process's "ready" line (vLLM: startup complete; SGLang:
    // after warm-up). Reading the journal costs nothing, unlike SGLang's 1 s /health.
    const deadline = Date.now() + timeoutMs;
    const readyLine = p.flavor === 'vllm' ? 'Application startup complete.' : 'The server is fired up and ready to roll!';
    const journalFile = join(p.stateDir, 'journal', `${p.flavor}.jsonl`);
    while (Date.now() < deadline) {
      const pid = readState().units[p.flavor]?.pid;
      if (pid && existsSync(journalFile)) {
        const ready = readFileSync(journalFile, 'utf8')
          .split('\n')
          .some((l) => l.includes(readyLine) && l.includes(`"pid":${pid},`));
        if (ready) return;
      }
      await sleep(50);
    }
    throw new Error(`emulated ${p.flavor} server not ready after ${timeoutMs} ms`);
  }

  async function applySshdMode(scenario: Scenario): Promise<void> {
    const next = sshGreeting(scenario);
    const online = readState().online;
    if (!online) {
      await p.sshd.stopDaemon();
      p.sshd.killSessions(p.sshd.users[0].name);
    } else if (next.bannerText !== sshdMode.bannerText || next.extraConfig.join() !== sshdMode.extraConfig.join() || !(await portOpen(p.address, 22))) {
      await p.sshd.restartDaemon({ bannerText: next.bannerText, extraConfig: next.extraConfig });
    }
    sshdMode = next;
  }

  async function waitFront(): Promise<void> {
    const s = readState();
    const want = s.online && s.tailscaled.running && s.serve.TCP?.['443']?.HTTPS === true;
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      if ((await portOpen(p.address, 443)) === want) return;
      await sleep(30);
    }
  }

  const spark: RunningSpark = {
    address: p.address,
    magicDnsName: p.magicDnsName,
    hostName: p.hostName,
    sshd: p.sshd,
    user: { name: p.sshd.users[0].name, password: p.sshd.users[0].password },
    flavor: p.flavor,
    stateDir: p.stateDir,
    statePath: p.statePath,
    binDir: p.binDir,
    caCertPath: p.caCertPath,
    serveUrl: `https://${p.magicDnsName}`,
    baseUrl: `https://${p.magicDnsName}/v1`,
    inferencePort: INFERENCE_PORT,
    clientTailscalePath: p.clientTailscalePath,
    clientBinDir: dirname(p.clientTailscalePath),
    clientEnv: (base = process.env) => ({ ...base, NODE_EXTRA_CA_CERTS: p.caCertPath, PATH: `${dirname(p.clientTailscalePath)}:${base.PATH ?? '/usr/bin:/bin'}` }),
    resolve: { [p.magicDnsName]: p.address },
    knownHostsLine: `${p.magicDnsName},${p.address} ${p.sshd.hostKeyLine.split(' ').slice(0, 2).join(' ')}`,
    scenario: p.getScenario,
    readState,
    frontRequests: () => {
      let text = '';
      try {
        text = readFileSync(join(p.stateDir, FRONT_REQUEST_LOG), 'utf8');
      } catch {
        return [];
      }
      return text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => {
          const [at, method, path, key] = l.split(' ');
          return { at: Number(at), method: method ?? '', path: path ?? '', withKey: key === 'key' };
        });
    },
    runAsRoot,
    waitServerReady,

    async setScenario(s: Scenario) {
      if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s}`);
      const facts = scenarioFacts(s);
      const user = p.sshd.users[0].name;
      writeState((st) => {
        const x = st;
        x.scenario = s;
        x.install = facts.install;
        x.tailnet = facts.tailnet;
        x.cert = facts.cert;
        if (x.tailscaled.running !== facts.tailscaledRunning) {
          x.tailscaled = { running: facts.tailscaledRunning, since: new Date().toISOString(), pid: 812 };
        }
        if (x.online !== facts.online) x.offlineSince = facts.online ? null : new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        x.online = facts.online;
        x.client = { ...x.client, ...facts.client };
        x.prefs.OperatorUser = facts.operatorSet ? user : '';
        x.serve = facts.serveConfigured ? servingConfig(p.magicDnsName) : {};
      });
      p.setScenarioValue(s);
      await applySshdMode(s);
      await waitFront();
    },

    setServerFault(fault) {
      writeState((st) => {
        st.serverFault = fault;
      });
    },

    crashServer() {
      const pid = readState().units[p.flavor]?.pid;
      if (!pid) throw new Error(`${p.flavor} was never started`);
      writeState((st) => {
        const u = st.units[p.flavor] as { signal?: string; exitedAt?: string };
        u.signal = 'KILL';
        u.exitedAt = new Date().toISOString();
      });
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
      const lib = require(resolvePath(HERE, 'standins', 'lib', 'state.cjs')) as {
        journal(path: string, unit: string, ident: string, pid: number, msg: string): void;
      };
      lib.journal(p.statePath, p.flavor, 'systemd', 1, `${p.flavor}.service: Main process exited, code=killed, status=9/KILL`);
      lib.journal(p.statePath, p.flavor, 'systemd', 1, `${p.flavor}.service: Failed with result 'signal'.`);
    },

    async stopServer() {
      const r = runAsRoot('systemctl', ['stop', p.flavor]);
      if (r.code !== 0) throw new Error(`systemctl stop ${p.flavor} failed: ${r.stderr}`);
    },

    async startServer(o = {}) {
      const r = runAsRoot('systemctl', ['start', p.flavor]);
      if (r.code !== 0) throw new Error(`systemctl start ${p.flavor} failed: ${r.stderr}`);
      if (o.wait ?? true) await waitServerReady();
    },

    async takeOffline() {
      writeState((st) => {
        const x = st;
        if (x.online) x.offlineSince = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        x.online = false;
      });
      await applySshdMode(p.getScenario());
      await waitFront();
    },

    async bringOnline() {
      writeState((st) => {
        const x = st;
        x.online = true;
        x.offlineSince = null;
      });
      await applySshdMode(p.getScenario());
      await waitFront();
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', emergencyCleanup);
      p.front.kill('SIGTERM');
      // Servers started by systemctl, `journalctl -f` followers, foreground serves…
      for (const pid of pidsMentioning(p.instanceDir)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      await p.sshd.stop();
      const deadline = Date.now() + 3000;
      while (pidsMentioning(p.instanceDir).length > 0 && Date.now() < deadline) await sleep(20);
      rmSync(p.instanceDir, { recursive: true, force: true });
    },
  };
  return spark;
}

