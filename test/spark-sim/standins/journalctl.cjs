#!/usr/bin/env node
// Stand-in for `journalctl` on the emulated Spark: -u UNIT (repeatable), -n N, -f, -o short|short-iso|cat,
// --no-pager, -q. Entries come from the sim's per-unit journal files; -f polls them for new lines.
'use strict';
const { statePathFromEnv, load, readJournal } = require('./lib/state.cjs');
const { renderEntry } = require('./lib/render.cjs');

const statePath = statePathFromEnv();
const state = load(statePath);
const args = process.argv.slice(2);

const units = [];
let lines = null;
let follow = false;
let output = 'short';
let quiet = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const eq = a.indexOf('=');
  const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
  const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
  const value = () => inline ?? args[++i];
  if (name === '-u' || name === '--unit') units.push(String(value()).replace(/\.service$/, ''));
  else if (/^-u./.test(a)) units.push(a.slice(2).replace(/\.service$/, ''));
  else if (name === '-n' || name === '--lines') lines = value();
  else if (/^-n\d+$/.test(a)) lines = a.slice(2);
  else if (name === '-f' || name === '--follow') follow = true;
  else if (name === '-o' || name === '--output') output = value();
  else if (name === '-q' || name === '--quiet') quiet = true;
  else if (name === '-fu') {
    follow = true;
    units.push(String(args[++i]).replace(/\.service$/, ''));
  } else if (name === '--since' || name === '--until' || name === '-S' || name === '-U' || name === '-p' || name === '--priority') value();
  // --no-pager, -e, -b, -x, --no-hostname...: accepted, no effect here.
}
if (!['short', 'short-iso', 'cat'].includes(output)) {
  process.stderr.write(`Failed to parse output mode: ${output}\n`);
  process.exit(1);
}
const limit = lines === null ? (follow ? 10 : Infinity) : lines === 'all' || lines === '+all' ? Infinity : Number(lines);

function listUnits() {
  if (units.length) return units;
  const fs = require('node:fs');
  const { journalDir } = require('./lib/state.cjs');
  try {
    return fs.readdirSync(journalDir(statePath)).filter((f) => f.endsWith('.jsonl')).map((f) => f.slice(0, -6));
  } catch {
    return [];
  }
}

function collect() {
  const all = [];
  for (const u of listUnits()) for (const e of readJournal(statePath, u)) all.push({ ...e, unit: u });
  all.sort((a, b) => a.t - b.t);
  return all;
}

process.stdout.on('error', () => process.exit(0));
const first = collect();
const shown = Number.isFinite(limit) ? first.slice(Math.max(0, first.length - limit)) : first;
if (shown.length === 0 && !follow && !quiet) process.stdout.write('-- No entries --\n');
else if (shown.length) process.stdout.write(`${shown.map((e) => renderEntry(e, state.hostName, output)).join('\n')}\n`);

if (follow) {
  // Remember how many entries of each unit we have printed; print what is appended later.
  const seen = new Map();
  for (const u of listUnits()) seen.set(u, readJournal(statePath, u).length);
  const timer = setInterval(() => {
    // The emulated Spark was torn down: a real follower would lose its connection too.
    if (!require('node:fs').existsSync(statePath)) process.exit(0);
    const fresh = [];
    for (const u of listUnits()) {
      const entries = readJournal(statePath, u);
      const from = seen.get(u) ?? 0;
      if (entries.length > from) fresh.push(...entries.slice(from).map((e) => ({ ...e, unit: u })));
      seen.set(u, entries.length);
    }
    fresh.sort((a, b) => a.t - b.t);
    if (fresh.length) process.stdout.write(`${fresh.map((e) => renderEntry(e, state.hostName, output)).join('\n')}\n`);
  }, 100);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGPIPE']) {
    process.on(sig, () => {
      clearInterval(timer);
      process.exit(0);
    });
  }
}
