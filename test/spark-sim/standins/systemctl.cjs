#!/usr/bin/env node
// Stand-in for systemd's `systemctl` on the emulated Spark: start/stop/restart/status/
// is-active/is-enabled/list-units/cat for vllm, sglang and tailscaled (snap: the snap's unit).
// Texts and exit codes follow systemd 255 (Ubuntu 24.04, what DGX OS is built on).
'use strict';
const { statePathFromEnv, load, readJournal } = require('./lib/state.cjs');
const { UNITS, resolveUnit, knownUnits, execStart, unitState, startUnit, stopUnit } = require('./lib/units.cjs');
const { systemdTime, span } = require('./lib/timefmt.cjs');
const { renderEntry } = require('./lib/render.cjs');
const { dropInsOnDisk } = require('./lib/dropins.cjs');
const { update } = require('./lib/state.cjs');

const statePath = statePathFromEnv();
const state = load(statePath);
const args = process.argv.slice(2);

const flags = new Set();
const positional = [];
let lines = 10;
const properties = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '-p' || a === '--property') properties.push(...String(args[++i]).split(','));
  else if (a.startsWith('--property=')) properties.push(...a.slice(11).split(','));
  else if (a === '-n' || a === '--lines') lines = Number(args[++i]);
  else if (a.startsWith('--lines=')) lines = Number(a.slice(8));
  else if (a.startsWith('--type=')) flags.add('type');
  else if (a === '-t' || a === '--type') i++;
  else if (a.startsWith('-')) flags.add(a);
  else positional.push(a);
}
const [verb, ...names] = positional;

function out(text) {
  process.stdout.write(text);
}
function err(text) {
  process.stderr.write(`${text}\n`);
}

const MUTATING = new Set(['start', 'stop', 'restart', 'reload', 'enable', 'disable', 'daemon-reload', 'try-restart', 'reload-or-restart']);

function run() {
  if (!verb) return listUnits([]);
  if (MUTATING.has(verb) && process.getuid() !== 0) {
    // No polkit agent in a non-interactive SSH session: systemd refuses.
    if (verb === 'enable' || verb === 'disable') {
      err(`Failed to ${verb} unit: Interactive authentication required.`);
      return 1;
    }
    if (verb === 'daemon-reload') {
      err('Failed to reload daemon: Interactive authentication required.');
      return 1;
    }
    const unit = `${String(names[0] ?? '').replace(/\.service$/, '')}.service`;
    err(`Failed to ${verb} ${unit}: Interactive authentication required.`);
    err(`See system logs and 'systemctl status ${unit}' for details.`);
    return 1;
  }
  switch (verb) {
    case 'start':
    case 'stop':
    case 'restart':
    case 'try-restart':
    case 'reload-or-restart':
      return changeUnits(verb, names);
    case 'status':
      return status(names);
    case 'is-active':
      return isActive(names);
    case 'is-enabled':
      return isEnabled(names);
    case 'is-failed':
      return isFailed(names);
    case 'list-units':
      return listUnits(names);
    case 'list-unit-files':
      return listUnitFiles(names);
    case 'cat':
      return cat(names);
    case 'daemon-reload':
      return daemonReload();
    case 'enable':
    case 'disable':
      return 0;
    case 'show':
      return show(names);
    default:
      err(`Unknown command verb '${verb}'.`);
      return 1;
  }
}

function changeUnits(v, unitNames) {
  if (unitNames.length === 0) {
    err('Too few arguments.');
    return 1;
  }
  for (const name of unitNames) {
    const unit = resolveUnit(state, name);
    const full = `${String(name).replace(/\.service$/, '')}.service`;
    if (!unit) {
      const label = v === 'try-restart' || v === 'reload-or-restart' ? 'restart' : v;
      err(`Failed to ${label} ${full}: Unit ${full} not found.`);
      return 5;
    }
    if (v === 'start') startUnit(statePath, unit);
    else if (v === 'stop') stopUnit(statePath, unit);
    else if (v === 'try-restart') {
      if (unitState(load(statePath), unit).active === 'active') {
        stopUnit(statePath, unit);
        startUnit(statePath, unit);
      }
    } else {
      stopUnit(statePath, unit);
      startUnit(statePath, unit);
    }
  }
  return 0;
}

function status(unitNames) {
  const list = unitNames.length ? unitNames : knownUnits(state);
  let code = 0;
  const blocks = [];
  for (const name of list) {
    const unit = resolveUnit(state, name);
    if (!unit) {
      err(`Unit ${String(name).replace(/\.service$/, '')}.service could not be found.`);
      code = 4;
      continue;
    }
    const def = UNITS[unit];
    const st = unitState(state, unit);
    if (st.active !== 'active' && code === 0) code = 3;
    const dot = st.active === 'active' ? '●' : st.active === 'failed' ? '×' : '○';
    const now = Date.now();
    let b = `${dot} ${unit}.service - ${def.description}\n`;
    b += `     Loaded: loaded (${def.file}; enabled; preset: enabled)\n`;
    if (st.active === 'active') {
      const since = Date.parse(st.since);
      b += `     Active: active (running) since ${systemdTime(since)}; ${span(now - since)} ago\n`;
      if (def.docs) b += `       Docs: ${def.docs}\n`;
      const exe = execStart(state, unit).split(' ')[0].split('/').pop();
      b += `   Main PID: ${st.pid} (${exe})\n`;
      b += `      Tasks: ${def.kind === 'inference' ? 57 : 14} (limit: 153324)\n`;
      b += `     Memory: ${def.kind === 'inference' ? '1.9G (peak: 2.1G)' : '41.2M (peak: 44.0M)'}\n`;
      b += `        CPU: ${(2 + (now % 1000) / 1000).toFixed(3)}s\n`;
      b += `     CGroup: /system.slice/${unit}.service\n`;
      b += `             └─${st.pid} ${execStart(state, unit)}\n`;
    } else if (st.active === 'failed') {
      const since = Date.parse(st.since);
      const how = st.signal ? `code=killed, signal=${st.signal}` : `code=exited, status=${st.exitCode}/FAILURE`;
      b += `     Active: failed (Result: ${st.signal ? 'signal' : 'exit-code'}) since ${systemdTime(since)}; ${span(now - since)} ago\n`;
      b += `    Process: ${st.pid} ExecStart=${execStart(state, unit)} (${how})\n`;
      b += `   Main PID: ${st.pid} (${how})\n`;
    } else if (st.since) {
      const since = Date.parse(st.since);
      b += `     Active: inactive (dead) since ${systemdTime(since)}; ${span(now - since)} ago\n`;
      if (st.pid) b += `   Main PID: ${st.pid} (code=exited, status=0/SUCCESS)\n`;
    } else {
      b += '     Active: inactive (dead)\n';
    }
    const entries = readJournal(statePath, unit).slice(-lines);
    if (entries.length && lines > 0) {
      b += `\n${entries.map((e) => renderEntry(e, state.hostName, 'short')).join('\n')}\n`;
    }
    blocks.push(b);
  }
  out(blocks.join('\n'));
  return code;
}

function isActive(unitNames) {
  let code = 0;
  for (const name of unitNames) {
    const unit = resolveUnit(state, name);
    const a = unit ? unitState(state, unit).active : 'inactive';
    if (a !== 'active') code = 3;
    if (!flags.has('--quiet') && !flags.has('-q')) out(`${a}\n`);
  }
  return unitNames.length ? code : 1;
}

function isFailed(unitNames) {
  let code = 1;
  for (const name of unitNames) {
    const unit = resolveUnit(state, name);
    const a = unit ? unitState(state, unit).active : 'inactive';
    if (a === 'failed') code = 0;
    if (!flags.has('--quiet') && !flags.has('-q')) out(`${a}\n`);
  }
  return code;
}

function isEnabled(unitNames) {
  for (const name of unitNames) {
    const unit = resolveUnit(state, name);
    if (!unit) {
      err(`Failed to get unit file state for ${String(name).replace(/\.service$/, '')}.service: No such file or directory`);
      return 1;
    }
    if (!flags.has('--quiet') && !flags.has('-q')) out('enabled\n');
  }
  return 0;
}

function globToRegex(g) {
  return new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

function listUnits(patterns) {
  const all = flags.has('--all') || flags.has('-a');
  const rows = [];
  // systemd lists units sorted by name.
  for (const unit of knownUnits(state).sort()) {
    const full = `${unit}.service`;
    if (patterns.length && !patterns.some((p) => globToRegex(p.includes('.') ? p : `${p}.service`).test(full))) continue;
    const st = unitState(state, unit);
    if (!all && st.active === 'inactive') continue;
    rows.push([full, 'loaded', st.active, st.sub, UNITS[unit].description, st.active === 'failed']);
  }
  const legend = !flags.has('--no-legend');
  const plain = flags.has('--plain');
  const header = ['UNIT', 'LOAD', 'ACTIVE', 'SUB', 'DESCRIPTION'];
  const widths = [0, 1, 2, 3].map((i) => Math.max(legend ? header[i].length : 0, ...rows.map((r) => r[i].length)));
  const fmt = (r) => r.slice(0, 4).map((c, i) => c.padEnd(widths[i])).join(' ') + ` ${r[4]}`;
  let text = '';
  if (legend) text += `${plain ? '' : '  '}${fmt(header)}\n`;
  for (const r of rows) text += `${plain ? '' : r[5] ? '● ' : '  '}${fmt(r)}\n`;
  if (legend) {
    text += '\nLegend: LOAD   → Reflects whether the unit definition was properly loaded.\n';
    text += '        ACTIVE → The high-level unit activation state, i.e. generalization of SUB.\n';
    text += '        SUB    → The low-level unit activation state, values depend on unit type.\n\n';
    text += `${rows.length} loaded units listed.${all ? '' : ' Pass --all to see loaded but inactive units, too.'}\n`;
    text += "To show all installed unit files use 'systemctl list-unit-files'.\n";
  }
  out(text);
  return 0;
}

function cat(unitNames) {
  const parts = [];
  for (const name of unitNames) {
    const unit = resolveUnit(state, name);
    if (!unit) {
      err(`No files found for ${String(name).replace(/\.service$/, '')}.service.`);
      return 1;
    }
    const def = UNITS[unit];
    let t = `# ${def.file}\n[Unit]\nDescription=${def.description}\n`;
    if (def.docs) t += `Documentation=${def.docs}\n`;
    t += 'Wants=network-online.target\nAfter=network-online.target\n\n[Service]\n';
    if (def.kind === 'inference') t += `Type=simple\nUser=${state.sshUser}\nExecStart=${execStart(state, unit)}\nRestart=on-failure\nRestartSec=5\n`;
    else t += `ExecStart=${execStart(state, unit)}\nRestart=on-failure\n`;
    t += '\n[Install]\nWantedBy=multi-user.target\n';
    for (const d of dropInsOnDisk(statePath, unit)) t += `\n# ${d.path}\n${d.text}`;
    parts.push(t);
  }
  out(parts.join('\n'));
  return 0;
}

/** Snapshot the drop-ins systemd now knows (a change on disk counts only after this). */
function daemonReload() {
  update(statePath, (s) => {
    s.loadedDropIns = {};
    for (const unit of knownUnits(s)) if (UNITS[unit].kind === 'inference') s.loadedDropIns[unit] = dropInsOnDisk(statePath, unit);
  });
  return 0;
}

/** `systemctl show`: KEY=VALUE lines (systemd's order), filtered by --property; unknown → not-found. */
function show(unitNames) {
  const blocks = [];
  for (const name of unitNames) {
    const full = `${String(name).replace(/\.service$/, '')}.service`;
    const unit = resolveUnit(state, name);
    const st = unit ? unitState(state, unit) : { active: 'inactive', sub: 'dead', pid: 0, since: null, exitCode: null };
    const running = st.active === 'active';
    const props = [
      ['Type', 'simple'],
      ['Restart', unit && UNITS[unit].kind === 'inference' ? 'on-failure' : 'no'],
      ['MainPID', running ? String(st.pid) : '0'],
      ['ExecMainStatus', String(st.active === 'failed' ? st.exitCode : 0)],
      ['ExecStart', unit ? execStartProperty(unit, st) : ''],
      ['Result', st.active === 'failed' ? (st.signal ? 'signal' : 'exit-code') : 'success'],
      ['Id', full],
      ['Description', unit ? UNITS[unit].description : full],
      ['LoadState', unit ? 'loaded' : 'not-found'],
      ['ActiveState', st.active],
      ['SubState', st.sub],
      ['FragmentPath', unit ? UNITS[unit].file : ''],
      ['UnitFileState', unit ? 'enabled' : ''],
      ['ActiveEnterTimestamp', running && st.since ? systemdTime(Date.parse(st.since)) : ''],
      ['InactiveEnterTimestamp', !running && st.since ? systemdTime(Date.parse(st.since)) : ''],
    ];
    const wanted = properties.length ? props.filter(([k]) => properties.includes(k)) : props;
    blocks.push(wanted.map(([k, v]) => `${k}=${v}\n`).join(''));
  }
  out(blocks.join('\n'));
  return 0;
}

/**
 * systemd's ExecStart= property: one `{ path=… ; argv[]=… ; … }` record per command, with the
 * runtime fields of the last run (n/a and pid=0 before the first).
 */
function execStartProperty(unit, st) {
  const cmd = execStart(state, unit);
  const started = st.since && st.pid ? `[${systemdTime(Date.parse(st.since))}]` : '[n/a]';
  const exited = st.active === 'active' || !st.pid ? '[n/a]' : started;
  const code = st.active === 'active' || !st.pid ? '(null)' : st.signal ? 'killed' : 'exited';
  const status = st.active === 'failed' ? (st.signal ? `9/KILL` : `${st.exitCode}/FAILURE`) : '0/0';
  return `{ path=${cmd.split(' ')[0]} ; argv[]=${cmd} ; ignore_errors=no ; start_time=${started} ; stop_time=${exited} ; pid=${st.pid ?? 0} ; code=${code} ; status=${status} }`;
}

function listUnitFiles(patterns) {
  const rows = [];
  for (const unit of knownUnits(state).sort()) {
    const full = `${unit}.service`;
    if (patterns.length && !patterns.some((p) => globToRegex(p).test(full))) continue;
    rows.push([full, 'enabled', 'enabled']);
  }
  const w = Math.max('UNIT FILE'.length, ...rows.map((r) => r[0].length));
  let text = '';
  const legend = !flags.has('--no-legend');
  if (legend) text += `${'UNIT FILE'.padEnd(w)} STATE   PRESET \n`;
  for (const r of rows) text += `${r[0].padEnd(w)} ${r[1]} ${r[2]}\n`;
  if (legend) text += `\n${rows.length} unit files listed.\n`;
  out(text);
  return 0;
}

process.exit(run());
