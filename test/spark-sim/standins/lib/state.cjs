// The emulated Spark's whole world lives in one JSON file (state.json in the instance's
// state directory): serve config, prefs, scenario, units, online flag. Every stand-in,
// the serve front and the inference server read it fresh on each use, so a change made by
// one (e.g. `tailscale serve reset`) is what the next one sees, as on the real host.
//
// Writes go through a small mkdir lock and an atomic rename, because stand-ins run
// concurrently (several SSH sessions) and as different users (root under sudo, the test user).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** Path of state.json; baked into each stand-in wrapper (sudo resets the environment). */
function statePathFromEnv() {
  const p = process.env.TAILSPARK_SIM_STATE;
  if (!p) {
    process.stderr.write('spark-sim: TAILSPARK_SIM_STATE is not set (stand-in not installed by the harness)\n');
    process.exit(70);
  }
  return p;
}

function load(statePath) {
  return JSON.parse(fs.readFileSync(statePath, 'utf8'));
}

function save(statePath, state) {
  const tmp = `${statePath}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n', { mode: 0o666 });
  fs.chmodSync(tmp, 0o666);
  fs.renameSync(tmp, statePath);
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Read-modify-write under a lock; fn may mutate the state and return a value. */
function update(statePath, fn) {
  const lock = `${statePath}.lock`;
  const deadline = Date.now() + 3000;
  for (;;) {
    try {
      fs.mkdirSync(lock, { mode: 0o777 });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      // A holder that died leaves the lock behind: break it after a while.
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 2000) fs.rmdirSync(lock);
      } catch {
        // gone meanwhile
      }
      if (Date.now() > deadline) throw new Error(`spark-sim: state lock ${lock} busy`);
      sleepSync(5);
    }
  }
  try {
    const state = load(statePath);
    const result = fn(state);
    save(statePath, state);
    return result;
  } finally {
    fs.rmdirSync(lock);
  }
}

function journalDir(statePath) {
  return path.join(path.dirname(statePath), 'journal');
}

/**
 * Append one journal entry for a unit. Stored as JSON lines so journalctl can render
 * both `short` and `short-iso` and follow the file.
 */
function journal(statePath, unit, ident, pid, message) {
  const file = path.join(journalDir(statePath), `${unit}.jsonl`);
  const line = JSON.stringify({ t: Date.now(), ident, pid, msg: message }) + '\n';
  fs.appendFileSync(file, line, { mode: 0o666 });
}

function readJournal(statePath, unit) {
  const file = path.join(journalDir(statePath), `${unit}.jsonl`);
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      // a half-written last line: skip, the follower reads it next time
    }
  }
  return out;
}

function pidAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to root (we are the SSH user); still check for a zombie.
    if (err.code !== 'EPERM') return false;
  }
  // A zombie (exited, not yet reaped: PID 1 of a container may never reap) counts as dead.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}

module.exports = { statePathFromEnv, load, save, update, journal, readJournal, journalDir, pidAlive, sleepSync };
