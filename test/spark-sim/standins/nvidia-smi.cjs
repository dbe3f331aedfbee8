#!/usr/bin/env node
// Stand-in for `nvidia-smi` on the emulated DGX Spark (one NVIDIA GB10, unified memory).
// Supports what Tailspark runs: --query-gpu=<fields> --format=csv[,noheader][,nounits] [-l N | -lms N].
// Formats as the real tool prints them: ", " between values, "[N/A]" for memory.used/total on
// GB10 (no framebuffer of its own), units in the header and values unless `nounits`. Readings
// follow the emulated inference server's load: it reads the server's /metrics (running requests).
'use strict';
const http = require('node:http');
const { statePathFromEnv, load } = require('./lib/state.cjs');

const state = load(statePathFromEnv());
const args = process.argv.slice(2);

// field → [header, unit, value(load)]; value undefined → "[N/A]"
const FIELDS = {
  index: ['index', '', () => '0'],
  name: ['name', '', () => 'NVIDIA GB10'],
  uuid: ['uuid', '', () => 'GPU-5c7e1a3b-2f4d-4e6a-9b8c-0d1e2f3a4b5c'],
  'driver_version': ['driver_version', '', () => '580.95.05'],
  'utilization.gpu': ['utilization.gpu', '%', (l) => String(l.util)],
  'utilization.memory': ['utilization.memory', '%', () => undefined],
  'memory.used': ['memory.used', 'MiB', () => undefined],
  'memory.total': ['memory.total', 'MiB', () => undefined],
  'memory.free': ['memory.free', 'MiB', () => undefined],
  'temperature.gpu': ['temperature.gpu', '', (l) => String(l.temp)],
  'power.draw': ['power.draw', 'W', (l) => l.power.toFixed(2)],
  'clocks.sm': ['clocks.current.sm', 'MHz', (l) => String(l.util > 0 ? 2418 : 208)],
};

let query;
let format = '';
let intervalMs;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a.startsWith('--query-gpu=')) query = a.slice(12).split(',');
  else if (a === '--query-gpu') query = String(args[++i]).split(',');
  else if (a.startsWith('--format=')) format = a.slice(9);
  else if (a === '-l' || a === '--loop') intervalMs = Number(args[++i]) * 1000;
  else if (a.startsWith('--loop=')) intervalMs = Number(a.slice(7)) * 1000;
  else if (a === '-lms' || a === '--loop-ms') intervalMs = Number(args[++i]);
  else {
    process.stderr.write(`Invalid combination of input arguments. Please run 'nvidia-smi -h' for help.\n`);
    process.exit(2);
  }
}
if (!query) {
  process.stderr.write(`Invalid combination of input arguments. Please run 'nvidia-smi -h' for help.\n`);
  process.exit(2);
}
for (const f of query) {
  if (!(f in FIELDS)) {
    process.stdout.write(`Field "${f}" is not a valid field to query.\n\n`);
    process.exit(2);
  }
}
if (!format.split(',').includes('csv')) {
  process.stderr.write(`Invalid combination of input arguments. Please run 'nvidia-smi -h' for help.\n`);
  process.exit(2);
}
const noheader = format.split(',').includes('noheader');
const nounits = format.split(',').includes('nounits');

// The channel closing (Tailspark stops the stream) ends us like the real tool: write fails, exit.
process.stdout.on('error', () => process.exit(0));

function running() {
  return new Promise((resolve) => {
    const req = http.get({ host: state.address, port: state.inferencePort, path: '/metrics', timeout: 500 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => {
        const m = /^(?:sglang:num_running_reqs|vllm:num_requests_running)\{[^}]*\}\s+(\S+)/m.exec(body);
        resolve(m ? Number(m[1]) : 0);
      });
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

async function printOnce(first) {
  const n = await running();
  const util = Math.min(100, n === 0 ? 0 : 60 + n * 10);
  const l = { util, temp: Math.round(41 + util * 0.3), power: 4.5 + util * 0.85 };
  let out = '';
  if (first && !noheader) out += `${query.map((f) => FIELDS[f][0] + (!nounits && FIELDS[f][1] ? ` [${FIELDS[f][1]}]` : '')).join(', ')}\n`;
  out += `${query
    .map((f) => {
      const v = FIELDS[f][2](l);
      if (v === undefined) return '[N/A]';
      return !nounits && FIELDS[f][1] ? `${v} ${FIELDS[f][1]}` : v;
    })
    .join(', ')}\n`;
  process.stdout.write(out);
}

(async () => {
  await printOnce(true);
  if (!intervalMs) return;
  for (;;) {
    await new Promise((r) => setTimeout(r, Math.max(100, intervalMs)));
    await printOnce(false);
  }
})();
