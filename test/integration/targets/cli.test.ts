// The CLI commands end to end, in-process: a loopback OpenAI-compatible stand-in answers
// GET /v1/models, `apply` verifies and writes Continue's config, `targets --json` reports it in
// sync, `revert` restores the byte-exact file; an unreachable Cursor target is refused.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { run as apply } from '../../../src/cli/apply';
import { run as revert } from '../../../src/cli/revert';
import { run as targets } from '../../../src/cli/targets';
import { applicationUserText, buildStateDb } from '../../fixtures/targets/stateDb';

let dir: string;
let server: Server;
let base: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-cli-'));
  server = createServer((req, res) => {
    if (req.url === '/v1/models') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'Qwen/Qwen2.5-7B-Instruct', object: 'model', owned_by: 'sglang', max_model_len: 32768 }] }));
    } else {
      res.statusCode = 404;
      res.end('{"object":"error","message":"Not Found","type":"NotFoundError","param":null,"code":404}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
      env: { HOME: dir, TAILSPARK_STATE_DIR: join(dir, 'state') },
    },
  };
}

test('apply → targets → revert on Continue, through the CLI', async () => {
  const cfg = join(dir, 'config.yaml');
  const original = '# mine\nname: a\nversion: 1.0.0\nschema: v1\nmodels:\n  - name: x\n    provider: ollama\n    model: llama3\n';
  writeFileSync(cfg, original);
  const a = io();
  assert.equal(await apply(['--target', 'continue', '--url', base, '--continue-config', cfg], a.io), 0, a.out.stderr);
  assert.match(a.out.stdout, /\(not set\) → http:\/\/127\.0\.0\.1:\d+\/v1/);
  assert.match(readFileSync(cfg, 'utf8'), /apiBase: http:\/\/127\.0\.0\.1:\d+\/v1/);

  const t = io();
  assert.equal(await targets(['--json', '--url', base, '--continue-config', cfg], t.io), 0);
  const row = JSON.parse(t.out.stdout).targets.find((r: { id: string }) => r.id === 'continue');
  assert.equal(row.inSync, true);
  assert.equal(row.value, base);
  assert.equal(row.reachability.who, 'local');

  const r = io();
  assert.equal(await revert(['--target', 'continue', '--continue-config', cfg], r.io), 0, r.out.stderr);
  assert.equal(readFileSync(cfg, 'utf8'), original);
});

test('apply refuses an URL that does not answer, and a Cursor target its cloud cannot reach', async () => {
  const bad = io();
  assert.equal(await apply(['--target', 'continue', '--url', `${base.replace('/v1', '')}/nope`, '--continue-config', join(dir, 'x.yaml')], bad.io), 1);
  // The refusal says why, in the probe finding's words: what answered, and what is wrong with the path.
  assert.match(bad.out.stderr, /No OpenAI API at this path \(404\)/);
  assert.match(bad.out.stderr, /answered 404 Not Found/);

  const db = join(dir, 'state.vscdb');
  buildStateDb(db, { kvRows: 10 });
  const c = io();
  assert.equal(await apply(['--target', 'cursor', '--url', base, '--cursor-db', db, '--exposure', 'tailnet'], c.io), 3);
  assert.match(c.out.stderr, /Cursor's servers make the requests/);
  assert.match(c.out.stderr, /Nothing written/);

  const u = io();
  assert.equal(await apply(['--url', base], u.io), 2);
  assert.match(u.out.stderr, /--target is required/);
});

test('apply --target cursor: refused while a Cursor process has the DB open; with --wait it waits for the exit, then writes', async () => {
  const db = join(dir, 'wait.vscdb');
  buildStateDb(db, { kvRows: 10 });
  const fake = spawn(process.execPath, [resolve(__dirname, '../../fixtures/targets/fakeCursor.cjs'), db, require.resolve('node-sqlite3-wasm')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((r) => fake.stdout!.on('data', (d) => String(d).includes('ready') && r()));
  const args = ['--target', 'cursor', '--url', base, '--cursor-db', db, '--exposure', 'funnel'];

  const refused = io();
  assert.equal(await apply(args, refused.io), 1);
  assert.match(refused.out.stderr, new RegExp(`Cursor is running[\\s\\S]*pid ${fake.pid}`));

  const waited = io();
  const pending = apply([...args, '--wait', '--wait-timeout', '20'], waited.io);
  await new Promise((r) => setTimeout(r, 800));
  assert.equal(JSON.parse(applicationUserText(db)).openAIBaseUrl, 'https://api.openai.com/v1', 'still waiting');
  fake.kill('SIGTERM');
  assert.equal(await pending, 0, waited.out.stderr);
  assert.equal(JSON.parse(applicationUserText(db)).openAIBaseUrl, base);
  assert.match(waited.out.stdout, /→ http:\/\/127\.0\.0\.1/);
});
