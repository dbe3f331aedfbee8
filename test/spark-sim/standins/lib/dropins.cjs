// systemd drop-ins on the emulated Spark: `/etc/systemd/system/UNIT.service.d/*.conf` live in
// the instance's own folder (stateDir/etc/systemd/system, so parallel sims never share one).
// Like systemd, a change on disk takes effect only after `daemon-reload` (we snapshot the files
// then); EnvironmentFile= is read when the unit starts; `ExecStart=` (empty) resets the list and
// `${VAR}` in ExecStart becomes one argv word (systemd.service(5) "Command lines").
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function systemdDir(statePath) {
  return path.join(path.dirname(statePath), 'etc', 'systemd', 'system');
}

/** The drop-in files of a unit as they are on disk now: [{ path, text }], in name order. */
function dropInsOnDisk(statePath, unit) {
  const dir = path.join(systemdDir(statePath), `${unit}.service.d`);
  let names = [];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.conf')).sort();
  } catch {
    return [];
  }
  const out = [];
  for (const n of names) {
    try {
      out.push({ path: path.join(dir, n), text: fs.readFileSync(path.join(dir, n), 'utf8') });
    } catch {
      // unreadable for this user (a 0600 root file read without sudo): systemd would not show it either
    }
  }
  return out;
}

/** Splits `A=1 "B=two words"` (Environment=) into pairs. */
function assignments(value) {
  const out = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const a = m[1] ?? m[2] ?? m[3];
    const eq = a.indexOf('=');
    if (eq > 0) out.push([a.slice(0, eq), a.slice(eq + 1)]);
  }
  return out;
}

/** The [Service] settings of loaded drop-ins applied to a unit: environment and ExecStart. */
function effective(files, baseExecStart) {
  const env = {};
  let execStart = baseExecStart;
  for (const f of files) {
    let section = '';
    for (const raw of f.text.split('\n')) {
      const line = raw.trim();
      if (!line || line.startsWith('#') || line.startsWith(';')) continue;
      if (line.startsWith('[')) {
        section = line;
        continue;
      }
      if (section !== '[Service]') continue;
      const eq = line.indexOf('=');
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      if (key === 'Environment') for (const [k, v] of assignments(value)) env[k] = v;
      else if (key === 'EnvironmentFile') {
        const optional = value.startsWith('-');
        try {
          for (const l of fs.readFileSync(optional ? value.slice(1) : value, 'utf8').split('\n')) {
            const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(l);
            if (m) env[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
          }
        } catch {
          if (!optional) env.__failed = `Failed to load environment files: ${value}`;
        }
      } else if (key === 'ExecStart') execStart = value === '' ? null : value;
    }
  }
  return { env, execStart };
}

/** ExecStart as argv: `${VAR}` is one word, `$VAR` splits at white space (systemd.service(5)). */
function expandArgv(execStart, env) {
  const words = execStart.split(/\s+/).filter(Boolean);
  const out = [];
  for (const w of words) {
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(w);
    if (whole) out.push(...String(env[whole[1]] ?? '').split(/\s+/).filter(Boolean));
    else out.push(w.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, k) => env[k] ?? ''));
  }
  return out;
}

module.exports = { systemdDir, dropInsOnDisk, effective, expandArgv };
