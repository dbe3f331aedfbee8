// The core is built in layers: a module may import only from its own module or from a layer
// BELOW it, so each layer can be read, tested and replaced without the ones above it. The table
// is the one statement of that order (README "Architecture" draws it). src/core never imports
// `vscode` nor the adapters above it (src/ui, src/cli, src/main.ts, src/extension.ts).
// A new folder or file at the top of src/core must be placed in LAYERS before this test passes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';

const SRC = resolve(__dirname, '../../../src');
const CORE = join(SRC, 'core');

/** Bottom to top. Each layer names its modules; a module is folders/files directly under src/core. */
const LAYERS: ReadonlyArray<{ layer: string; modules: Readonly<Record<string, readonly string[]>> }> = [
  // Leaf helpers with no Tailspark import: logger, emitter, argv quoting, safe text.
  // Leaf tables: the command ids and the domain words (Exposure, ModelInfo), defined once.
  { layer: 'util', modules: { util: ['util/'], safeText: ['safeText.ts'], commands: ['commands.ts'], domain: ['domain.ts'] } },
  // Translated words and time texts.
  { layer: 'l10n', modules: { l10n: ['l10n.ts', 'l10n.de.ts', 'time.ts'] } },
  // The one catalogue of failures every layer above reports in.
  { layer: 'findings', modules: { findings: ['findings/'] } },
  // Transports: SSH sessions to the Spark, HTTP(S) with timeouts.
  // (keyCheck: the one "refused without the key?" verdict, over any transport.)
  { layer: 'transport', modules: { ssh: ['ssh/'], net: ['net/'], keyCheck: ['http/keyCheck.ts'] } },
  // Tailscale CLI / SSH output → Findings.
  { layer: 'classify', modules: { classify: ['classify.ts'] } },
  // The local tailnet and the Serve config (tailscale status / serve status).
  { layer: 'tailnet', modules: { tailnet: ['tailnet/'] } },
  // The OpenAI-compatible server: probe, metrics, redaction of what it echoes.
  { layer: 'inference', modules: { inference: ['inference/', 'redact.ts'] } },
  // The one state model and its pure transitions and renderer.
  { layer: 'state', modules: { state: ['state/'] } },
  // Operations on the Spark, the editors' settings files, dashboard sampling, the log's redaction.
  { layer: 'operations', modules: { remote: ['remote/'], targets: ['targets/'], dashboard: ['dashboard/'], logRedaction: ['logRedaction.ts'] } },
  // The window's one HTTP client (SparkHttp) and the one discovery pipeline (serve config over SSH,
  // the MagicDNS guess, HTTPS check), and the readiness check built on SparkHttp.
  { layer: 'client', modules: { http: ['http/sparkHttp.ts', 'remote/readyProbe.ts'], discovery: ['discovery/'] } },
  // What runs the operations: the polling Monitor, the chat provider's core, Cursor Chat setup, the doctor.
  { layer: 'features', modules: { monitor: ['monitor/'], chat: ['chat/'], cursorChat: ['cursorChat/'], doctor: ['doctor/'], autoconfig: ['autoconfig/'] } },
  // Reading the editor's settings into the configs of the layers below.
  { layer: 'settings', modules: { settings: ['settings/'] } },
  // Several inference servers: the list read from the settings, one Monitor per server, failover.
  { layer: 'servers', modules: { servers: ['servers/'] } },
];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports: static, side-effect, dynamic and require. */
function importSpecifiers(source: string): string[] {
  // Comments may cite paths in prose: strip them first (line and block; strings stay).
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((re) => [...code.matchAll(re)].map((m) => m[1]));
}

/**
 * The module (LAYERS key) and layer index of a file under src/core, or undefined if unplaced. The
 * most specific entry wins: a file named on its own (remote/readyProbe.ts) over its folder (remote/).
 */
function placeOf(file: string): { module: string; layer: number } | undefined {
  const rel = relative(CORE, file).split(sep).join('/');
  let best: { module: string; layer: number; length: number } | undefined;
  for (const [layer, entry] of LAYERS.entries()) {
    for (const [module, paths] of Object.entries(entry.modules)) {
      for (const p of paths) {
        const hit = p.endsWith('/') ? rel.startsWith(p) : rel === p;
        if (hit && (!best || p.length > best.length)) best = { module, layer, length: p.length };
      }
    }
  }
  return best && { module: best.module, layer: best.layer };
}

/** The .ts file a relative specifier names (file.ts or folder/index.ts; file.ts if neither exists). */
function resolveTs(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  const exists = (path: string) => {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  };
  return [`${base}.ts`, join(base, 'index.ts'), base].find(exists) ?? `${base}.ts`;
}

/** Every broken rule in one file's source, as "file → specifier: why". */
function violations(file: string, source: string): string[] {
  const rel = relative(SRC, file).split(sep).join('/');
  const from = placeOf(file);
  if (!from) return [`${rel}: not placed in any layer (add it to LAYERS in test/unit/architecture/layers.test.ts)`];
  const problems: string[] = [];
  for (const spec of importSpecifiers(source)) {
    if (spec === 'vscode') {
      problems.push(`${rel} → vscode: src/core must run on plain Node (put the adapter in src/ui)`);
      continue;
    }
    if (!spec.startsWith('.')) continue;
    const target = resolveTs(file, spec);
    if (!target.startsWith(SRC + sep)) continue; // data outside src (the l10n bundle)
    if (!target.startsWith(CORE + sep)) {
      problems.push(`${rel} → ${spec}: src/core must not import ${relative(SRC, target).split(sep).join('/')} (adapters sit above the core)`);
      continue;
    }
    const to = placeOf(target);
    if (!to || to.module === from.module) continue; // an unplaced target is reported as a file itself
    if (to.layer >= from.layer) {
      problems.push(`${rel} → ${spec}: ${from.module} (layer ${LAYERS[from.layer].layer}) may not import ${to.module} (layer ${LAYERS[to.layer].layer})`);
    }
  }
  return problems;
}

test('src/core imports only from its own module or a lower layer, never vscode or src/ui', () => {
  assert.deepEqual(
    tsFiles(CORE).flatMap((file) => violations(file, readFileSync(file, 'utf8'))),
    [],
  );
});

test('the layer check catches an upward import, a same-layer import, vscode, src/ui and an unplaced folder', () => {
  const check = (path: string, source: string) => violations(join(CORE, path), source);
  assert.match(check('state/x.ts', "import type { Probes } from '../monitor/types';").join(), /state \(layer state\) may not import monitor/);
  assert.match(check('ssh/x.ts', "import { request } from '../net/httpClient';").join(), /ssh \(layer transport\) may not import net/);
  assert.match(check('findings/x.ts', "import * as vscode from 'vscode';").join(), /→ vscode/);
  assert.match(check('monitor/x.ts', "export { log } from '../../ui/log';").join(), /must not import ui\/log/);
  assert.match(check('monitor/y.ts', "const m = require('../doctor/run');").join(), /monitor \(layer features\) may not import doctor/);
  assert.match(check('findings/y.ts', "import('../classify');").join(), /findings \(layer findings\) may not import classify/);
  assert.match(check('newThing/x.ts', "import { quoteArgv } from '../util/argv';").join(), /not placed in any layer/);
  // Downward and same-module imports pass; a comment citing a path is not an import.
  assert.deepEqual(check('monitor/z.ts', "import { x } from './types';\nimport type { S } from '../state/types';\n// from '../doctor/run'"), []);
});
