// Several processes (editor windows with their own state folders, the CLI) write one config file
// at once. Each takes the lock next to the file itself, so no write is lost to another's
// verify-and-restore and every apply succeeds; the file stays valid.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';
import { fileLockPathFor } from '../../../src/core/targets/textFiles';

const SCRIPT = resolve(__dirname, '../../fixtures/targets/applyMany.ts');
const WRITERS = 4;
const APPLIES = 15;

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-writers-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function runWriter(kind: string, path: string, name: string): Promise<string[]> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, kind, path, join(dir, `state-${kind}-${name}`), name, String(APPLIES)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) rej(new Error(`writer ${name} exited with ${code}`));
      else res(JSON.parse(out) as string[]);
    });
  });
}

async function race(kind: string, path: string, file: string): Promise<string[]> {
  const results = await Promise.all(Array.from({ length: WRITERS }, (_, i) => runWriter(kind, path, `w${i}`)));
  const all = results.flat();
  const failed = all.filter((s) => s !== 'written');
  console.log(`${kind}: ${all.length - failed.length}/${all.length} applies written by ${WRITERS} concurrent processes`);
  assert.equal(existsSync(fileLockPathFor(file)), false, 'the lock is released');
  return failed;
}

describe('concurrent writers of one config file', () => {
  test(`Continue config.yaml: ${WRITERS} processes × ${APPLIES} applies, none fails, file valid`, async () => {
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'name: Local Config\nversion: 1.0.0\nschema: v1\nmodels: []\n');
    assert.deepEqual(await race('continue', file, file), []);
    const doc = parseYaml(readFileSync(file, 'utf8'));
    assert.equal(doc.models.length, 1);
    assert.match(doc.models[0].apiBase, /^https:\/\/w\d-14\.tail1234\.ts\.net\/v1$/);
  });

  test(`chatLanguageModels.json: ${WRITERS} processes × ${APPLIES} applies, none fails, file valid`, async () => {
    const user = join(dir, 'User');
    mkdirSync(user, { recursive: true });
    const file = join(user, 'chatLanguageModels.json');
    writeFileSync(file, '[]\n');
    assert.deepEqual(await race('vscode', user, file), []);
    const groups = parseJsonc(readFileSync(file, 'utf8'));
    assert.equal(groups.length, 1);
  });
});
