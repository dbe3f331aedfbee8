// The systemd units the emulated Spark knows: the two inference servers (vllm, sglang)
// and tailscaled (deb install) or its snap service (snap install). Starting an inference
// unit really launches the emulated server as a detached process; its PID lives in state.json.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');
const { load, update, journal, pidAlive, sleepSync } = require('./state.cjs');
const { effective, expandArgv } = require('./dropins.cjs');

const SERVER_SCRIPT = path.join(__dirname, '..', '..', 'server', 'inference-server.cjs');

const UNITS = {
  vllm: { description: 'vLLM OpenAI-compatible server', kind: 'inference', flavor: 'vllm', file: '/etc/systemd/system/vllm.service' },
  sglang: { description: 'SGLang inference server', kind: 'inference', flavor: 'sglang', file: '/etc/systemd/system/sglang.service' },
  tailscaled: {
    description: 'Tailscale node agent',
    kind: 'tailscaled',
    file: '/usr/lib/systemd/system/tailscaled.service',
    docs: 'https://tailscale.com/kb/',
  },
  'snap.tailscale.tailscaled': {
    description: 'Service for snap application tailscale.tailscaled',
    kind: 'tailscaled',
    file: '/etc/systemd/system/snap.tailscale.tailscaled.service',
  },
  // A few of the host's other services, so unit lists look like a real machine's.
  ssh: { description: 'OpenBSD Secure Shell server', kind: 'static', file: '/usr/lib/systemd/system/ssh.service', pid: 911, exec: '/usr/sbin/sshd -D' },
  cron: { description: 'Regular background program processing daemon', kind: 'static', file: '/usr/lib/systemd/system/cron.service', pid: 702, exec: '/usr/sbin/cron -f -P' },
  'nvidia-persistenced': {
    description: 'NVIDIA Persistence Daemon',
    kind: 'static',
    file: '/usr/lib/systemd/system/nvidia-persistenced.service',
    pid: 688,
    exec: '/usr/bin/nvidia-persistenced --user nvidia-persistenced --no-persistence-mode --verbose',
  },
};

/** "vllm", "vllm.service" → "vllm"; null when the sim has no such unit on this install. */
function resolveUnit(state, name) {
  const base = String(name).replace(/\.service$/, '');
  if (!UNITS[base]) return null;
  if (base === 'tailscaled' && state.install === 'snap') return null;
  if (base === 'snap.tailscale.tailscaled' && state.install !== 'snap') return null;
  return base;
}

function knownUnits(state) {
  return Object.keys(UNITS).filter((u) => resolveUnit(state, u) !== null);
}

function execStart(state, unit) {
  const key = state.apiKey ? ` --api-key ${state.apiKey}` : '';
  if (unit === 'vllm') {
    return `/opt/vllm/.venv/bin/python3 -m vllm.entrypoints.openai.api_server --model ${state.model} --host 127.0.0.1 --port ${state.inferencePort}${key}`;
  }
  if (unit === 'sglang') {
    return `/opt/sglang/.venv/bin/python3 -m sglang.launch_server --model-path ${state.model} --host 127.0.0.1 --port ${state.inferencePort} --enable-metrics${key}`;
  }
  if (UNITS[unit].kind === 'static') return UNITS[unit].exec;
  if (unit === 'tailscaled') {
    return '/usr/sbin/tailscaled --state=/var/lib/tailscale/tailscaled.state --socket=/run/tailscale/tailscaled.sock --port=41641';
  }
  return '/usr/bin/snap run tailscale.tailscaled';
}

/** 'active' | 'inactive' | 'failed', plus details for `systemctl status`. */
function unitState(state, unit) {
  if (UNITS[unit].kind === 'static') {
    return { active: 'active', sub: 'running', pid: UNITS[unit].pid, since: state.bootedAt, exitCode: null };
  }
  if (UNITS[unit].kind === 'tailscaled') {
    const t = state.tailscaled;
    return { active: t.running ? 'active' : 'inactive', sub: t.running ? 'running' : 'dead', pid: t.pid, since: t.since, exitCode: 0 };
  }
  const u = state.units[unit] ?? {};
  if (u.pid && pidAlive(u.pid)) return { active: 'active', sub: 'running', pid: u.pid, since: u.since, exitCode: null };
  if (u.pid && !u.stopped) {
    return { active: 'failed', sub: 'failed', pid: u.pid, since: u.exitedAt ?? u.since, exitCode: u.exitCode ?? 1, signal: u.signal ?? null };
  }
  return { active: 'inactive', sub: 'dead', pid: u.pid ?? null, since: u.stoppedAt ?? null, exitCode: u.pid ? 0 : null };
}

function startUnit(statePath, unit) {
  const state = load(statePath);
  const def = UNITS[unit];
  if (def.kind === 'static') return;
  if (unitState(state, unit).active === 'active') return;
  if (def.kind === 'tailscaled') {
    update(statePath, (s) => {
      s.tailscaled = { running: true, since: new Date().toISOString(), pid: 700 + Math.floor(Math.random() * 200) };
    });
    journal(statePath, unit, 'systemd', 1, `Started ${unit}.service - ${def.description}.`);
    return;
  }
  const { env, extraArgs, failure } = startEnvironment(state, unit);
  if (failure) {
    journal(statePath, unit, 'systemd', 1, `${unit}.service: ${failure}`);
    return;
  }
  const child = spawn(process.execPath, [SERVER_SCRIPT, statePath, unit, ...extraArgs], { detached: true, stdio: 'ignore', env: { ...process.env, ...env } });
  child.unref();
  update(statePath, (s) => {
    s.units[unit] = { pid: child.pid, since: new Date().toISOString(), stopped: false };
  });
  journal(statePath, unit, 'systemd', 1, `Started ${unit}.service - ${def.description}.`);
}

/**
 * What the loaded drop-ins (snapshot of the last daemon-reload) give the server: environment
 * variables and the words an ExecStart= override adds after the unit's own command line.
 */
function startEnvironment(state, unit) {
  const base = execStart(state, unit);
  const { env, execStart: cmd } = effective(state.loadedDropIns?.[unit] ?? [], base);
  if (env.__failed) return { env: {}, extraArgs: [], failure: env.__failed };
  if (cmd === null) return { env: {}, extraArgs: [], failure: 'Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.' };
  const argv = expandArgv(cmd, env);
  const baseArgv = base.split(' ');
  const extraArgs = baseArgv.every((w, i) => argv[i] === w) ? argv.slice(baseArgv.length) : [];
  return { env, extraArgs };
}

function stopUnit(statePath, unit) {
  const state = load(statePath);
  const def = UNITS[unit];
  if (def.kind === 'static') return;
  const st = unitState(state, unit);
  if (def.kind === 'tailscaled') {
    if (st.active !== 'active') return;
    journal(statePath, unit, 'systemd', 1, `Stopping ${unit}.service - ${def.description}...`);
    update(statePath, (s) => {
      s.tailscaled = { running: false, since: new Date().toISOString(), pid: s.tailscaled.pid };
    });
    journal(statePath, unit, 'systemd', 1, `${unit}.service: Deactivated successfully.`);
    journal(statePath, unit, 'systemd', 1, `Stopped ${unit}.service - ${def.description}.`);
    return;
  }
  if (st.active !== 'active') {
    // A failed unit is reset to inactive by stop, like systemd does.
    update(statePath, (s) => {
      if (s.units[unit]) s.units[unit].stopped = true;
    });
    return;
  }
  journal(statePath, unit, 'systemd', 1, `Stopping ${unit}.service - ${def.description}...`);
  // Mark first: the server sees `stopped` and does not report a failure when it exits.
  update(statePath, (s) => {
    s.units[unit].stopped = true;
  });
  try {
    process.kill(st.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  const deadline = Date.now() + 5000;
  while (pidAlive(st.pid) && Date.now() < deadline) sleepSync(20);
  if (pidAlive(st.pid)) {
    journal(statePath, unit, 'systemd', 1, `${unit}.service: State 'stop-sigterm' timed out. Killing.`);
    try {
      process.kill(st.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  update(statePath, (s) => {
    s.units[unit].stoppedAt = new Date().toISOString();
  });
  journal(statePath, unit, 'systemd', 1, `${unit}.service: Deactivated successfully.`);
  journal(statePath, unit, 'systemd', 1, `Stopped ${unit}.service - ${def.description}.`);
}

module.exports = { UNITS, resolveUnit, knownUnits, execStart, unitState, startUnit, stopUnit, SERVER_SCRIPT };
