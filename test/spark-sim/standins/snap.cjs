#!/usr/bin/env node
// Stand-in for `snap` on the emulated Spark: `snap list tailscale`, `snap services tailscale`,
// `snap logs tailscale [-n N|-n=all] [-f]`, `snap start|stop|restart tailscale`.
// On a deb install (every scenario but "snap") tailscale is simply not a snap.
'use strict';
const { statePathFromEnv, load, readJournal } = require('./lib/state.cjs');
const { startUnit, stopUnit, unitState } = require('./lib/units.cjs');
const { renderEntry } = require('./lib/render.cjs');

const statePath = statePathFromEnv();
const state = load(statePath);
const args = process.argv.slice(2);
const [verb, ...rest] = args;
const SNAP_UNIT = 'snap.tailscale.tailscaled';

function out(t) {
  process.stdout.write(t);
}
function fail(t, code = 1) {
  process.stderr.write(`${t}\n`);
  process.exit(code);
}

const positional = rest.filter((a) => !a.startsWith('-'));
const snapName = (positional[0] ?? '').split('.')[0];
const isSnap = state.install === 'snap';

function requireTailscaleSnap() {
  if (!snapName) fail(`error: the required argument \`<snap>\` was not provided`);
  if (snapName !== 'tailscale' || !isSnap) fail(`error: snap "${snapName}" not found`);
}

switch (verb) {
  case 'list': {
    if (positional.length && (!isSnap || snapName !== 'tailscale')) fail('error: no matching snaps installed');
    let t = 'Name       Version   Rev    Tracking       Publisher   Notes\n';
    if (!positional.length) t += 'core22     20250730  2111   latest/stable  canonical✓  base\n';
    if (isSnap) t += 'tailscale  1.86.2    147    latest/stable  canonical✓  -\n';
    out(t);
    process.exit(0);
    break;
  }
  case 'services': {
    if (positional.length) requireTailscaleSnap();
    if (!isSnap) {
      out('There are no services provided by installed snaps.\n');
      process.exit(0);
    }
    const active = unitState(state, SNAP_UNIT).active === 'active' ? 'active' : 'inactive';
    out(`Service               Startup  Current   Notes\ntailscale.tailscaled  enabled  ${active.padEnd(8)}  -\n`);
    process.exit(0);
    break;
  }
  case 'logs': {
    requireTailscaleSnap();
    let n = 10;
    let follow = false;
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i];
      if (a === '-n') n = rest[++i];
      else if (a.startsWith('-n=')) n = a.slice(3);
      else if (a === '-f') follow = true;
    }
    if (process.getuid() !== 0) {
      fail('error: access denied (try with sudo)');
    }
    const limit = n === 'all' ? Infinity : Number(n);
    const entries = readJournal(statePath, SNAP_UNIT);
    const shown = Number.isFinite(limit) ? entries.slice(Math.max(0, entries.length - limit)) : entries;
    const render = (e) => renderEntry({ ...e, ident: e.ident === 'systemd' ? 'systemd' : 'tailscale.tailscaled' }, state.hostName, 'snap');
    if (shown.length) out(`${shown.map(render).join('\n')}\n`);
    if (follow) {
      let seen = entries.length;
      process.stdout.on('error', () => process.exit(0));
      setInterval(() => {
        if (!require('node:fs').existsSync(statePath)) process.exit(0);
        const now = readJournal(statePath, SNAP_UNIT);
        if (now.length > seen) out(`${now.slice(seen).map(render).join('\n')}\n`);
        seen = now.length;
      }, 100);
      for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => process.exit(0));
    }
    break;
  }
  case 'start':
  case 'stop':
  case 'restart': {
    requireTailscaleSnap();
    if (process.getuid() !== 0) fail(`error: access denied (try with sudo)`);
    if (verb !== 'start') stopUnit(statePath, SNAP_UNIT);
    if (verb !== 'stop') startUnit(statePath, SNAP_UNIT);
    const past = { start: 'Started', stop: 'Stopped', restart: 'Restarted' }[verb];
    out(`${past}.\n`);
    process.exit(0);
    break;
  }
  default:
    fail(`error: unknown command "${verb ?? ''}", see 'snap help'.`);
}
