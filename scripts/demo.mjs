// `npm start`: Tailspark against an emulated Spark, in a real VS Code (code-server).
//
//   1. packages the extension (esbuild bundle + .vsix),
//   2. starts the emulated Spark (test/spark-sim: real sshd, stand-in tailscale/systemd,
//      emulated SGLang behind an HTTPS `tailscale serve` front) — healthy SGLang by default,
//   3. writes an SSH key, ssh_config and known_hosts for it,
//   4. starts code-server with Tailspark installed and its settings pointing at the Spark,
//   5. prints the URL and waits; type commands to change the Spark live; Ctrl-C stops everything.
//
// Options: --scenario NAME  --flavor sglang|vllm  --api-key KEY  --port N  --no-package  --no-editor
//          --two-sparks (two emulated Sparks + a router in front of both, all three in tailspark.servers)
// (--no-editor runs only the Spark and prints how to point the CLI at it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { tsImport } from 'tsx/esm/api';
import { startSparkForClient, startSparksForClient } from './lib/spark-client.mjs';

const root = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const flag = (name) => argv.includes(`--${name}`);

const { SCENARIOS } = await tsImport('../test/spark-sim/index.ts', import.meta.url);

const scenario = option('scenario', 'healthy');
const flavor = option('flavor', 'sglang');
if (!SCENARIOS.includes(scenario)) {
  console.error(`unknown scenario "${scenario}"; one of: ${SCENARIOS.join(', ')}`);
  process.exit(2);
}
if (!['sglang', 'vllm'].includes(flavor)) {
  console.error('--flavor must be sglang or vllm');
  process.exit(2);
}
if (process.getuid?.() !== 0) {
  console.error('The emulated Spark needs root (it creates a test user and runs sshd on a loopback address).');
  process.exit(2);
}

// stdout may be a pipe whose reader is gone (`npm start | tee log`, Ctrl-C kills tee too):
// a write then fails with EPIPE — stop cleanly instead of dying with the temp folders left.
let stdoutGone = false;
const say = (line = '') => {
  if (!stdoutGone) process.stdout.write(`${line}\n`);
};
process.stdout.on('error', () => {
  stdoutGone = true;
  shutdown(0);
});
let spark;
let editor;
let demoDir;
let stopping = false;

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  say('\nStopping the demo…');
  await editor?.stop().catch((e) => console.error(`code-server: ${e.message}`));
  await spark?.stop().catch((e) => console.error(`spark: ${e.message}`));
  if (demoDir) rmSync(demoDir, { recursive: true, force: true });
  say('Stopped: no processes, test user or files left behind.');
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGPIPE']) process.on(signal, () => shutdown(0));

try {
  let vsix;
  if (!flag('no-editor')) {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    vsix = join(root, `tailspark-${version}.vsix`);
    if (!flag('no-package') || !existsSync(vsix)) {
      say('Building and packaging the extension (esbuild + vsce)…');
      execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    }
  }

  say(`Starting the emulated Spark (${scenario}, ${flavor})…`);
  demoDir = mkdtempSync(join(tmpdir(), 'tailspark-demo-'));
  const client = await (flag('two-sparks') ? startSparksForClient : startSparkForClient)(demoDir, {
    scenario,
    flavor,
    ...(option('api-key') ? { apiKey: option('api-key') } : {}),
    // A demo should feel like a real (fast) server start, not a 15-minute model load.
    timings: { loadMs: 4000, warmupMs: 2000, healthMs: 800, tokenMs: 30 },
  });
  spark = client.spark;
  const { settings, sshConfig, shortName } = client;
  // Two Sparks: commands act on Spark 1 unless a line ends in "2"; stop() ends both and the router.
  const fleet = client.fleet;
  if (fleet) spark = { ...fleet.sparks[0], stop: () => fleet.stop() };
  const sparkFor = (arg) => (fleet && arg === '2' ? fleet.sparks[1] : spark);

  say('');
  say(`  Spark        ${spark.magicDnsName} → ${spark.address} (emulated ${flavor === 'vllm' ? 'vLLM' : 'SGLang'}, scenario ${scenario})`);
  say(`  Serve URL    ${spark.serveUrl}  (OpenAI base URL ${spark.baseUrl})`);
  // Every line below works as printed (test/integration/demo checks that).
  const apiKey = option('api-key');
  const auth = apiKey ? ` -H 'Authorization: Bearer ${apiKey}'` : '';
  const keyEnv = apiKey ? `TAILSPARK_API_KEY='${apiKey}' ` : '';
  const keyFlag = apiKey ? ' --api-key-env TAILSPARK_API_KEY' : '';
  const resolveFlag = `--resolve ${spark.magicDnsName}:${spark.address}`;
  say(`  SSH          ssh -F ${sshConfig} ${shortName}`);
  say(`  curl         curl -fsS --cacert ${spark.caCertPath} --resolve ${spark.magicDnsName}:443:${spark.address}${auth} ${spark.baseUrl}/models`);
  if (fleet) {
    const b = fleet.sparks[1];
    say(`  Spark 2      ${b.magicDnsName} → ${b.address}  (OpenAI base URL ${b.baseUrl}; ssh -F ${sshConfig} ${b.hostName})`);
    say(`  Router       ${fleet.router.baseUrl}  (sgl-router-like, round robin over both; /workers, /readiness)`);
    say(`  CA bundle    ${fleet.caCertPath}  (both Sparks)`);
  }

  if (flag('no-editor')) {
    if (!flag('no-package')) execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    const cli = `node ${join(root, 'dist/cli.js')}`;
    say(`  CLI detect   ${cli} detect --tailscale ${spark.clientTailscalePath} --ssh-config ${sshConfig} --known-hosts ${client.knownHosts} ${resolveFlag}`);
    say(`  CLI probe    ${keyEnv}${cli} probe ${spark.baseUrl} --ca ${spark.caCertPath} ${resolveFlag}${keyFlag}`);
    say(`  CLI run      ${cli} run --ssh-config ${sshConfig} ${shortName} -- systemctl is-active ${flavor}.service`);
    say(`  settings     ${JSON.stringify(settings)}`);
  } else {
    const { startCodeServer } = await import('./lib/code-server.mjs');
    say('Starting code-server with Tailspark installed…');
    // startCodeServer runs Tailspark in code-server's own extension host (remote.extensionKind) and
    // writes the machine-scoped settings where a remote window reads them (Machine/settings.json).
    editor = await startCodeServer({
      installVsix: [vsix],
      smokeTestDriver: false,
      ...(option('port') ? { port: Number(option('port')) } : {}),
      settings,
      machineSettings: settings,
      env: (fleet ?? spark).clientEnv({ ...process.env }),
    });
    say(`  Editor       ${editor.url}/?folder=${encodeURIComponent(editor.workspace)}`);
  }
  say('');
  say(`Commands: scenario <${SCENARIOS.join('|')}> | offline | online | stop-server | start-server | state | quit${fleet ? '  (offline/online/stop-server/start-server 2: the second Spark)' : ''}`);
  say('Ctrl-C stops everything.');

  const rl = createInterface({ input: process.stdin });
  // One command at a time, in the order typed.
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue.then(() => runCommand(line));
  });
  // stdin closed (e.g. started from a pipe): keep running until a signal.
  rl.on('close', () => {});

  async function runCommand(line) {
    const [cmd, arg] = line.trim().split(/\s+/);
    try {
      if (cmd === 'scenario' && SCENARIOS.includes(arg)) await spark.setScenario(arg);
      else if (cmd === 'offline') await sparkFor(arg).takeOffline();
      else if (cmd === 'online') await sparkFor(arg).bringOnline();
      else if (cmd === 'stop-server') await sparkFor(arg).stopServer();
      else if (cmd === 'start-server') await sparkFor(arg).startServer({ wait: false });
      else if (cmd === 'state') {
        const s = spark.readState();
        say(JSON.stringify({ scenario: s.scenario, online: s.online, install: s.install, operator: s.prefs.OperatorUser, serve: s.serve, units: s.units }, null, 2));
        return;
      } else if (cmd === 'quit' || cmd === 'exit') return shutdown(0);
      else if (cmd) {
        say(`? ${line.trim()}`);
        return;
      }
      if (cmd) say(`ok: ${line.trim()}`);
    } catch (err) {
      say(`failed: ${err.message}`);
    }
  }
} catch (err) {
  console.error(`demo failed: ${err.stack ?? err}`);
  await shutdown(1);
}
