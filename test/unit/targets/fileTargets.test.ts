// JSONC (VS Code chatLanguageModels.json, settings.json) and YAML (Continue) targets on real
// files with comments: untouched text stays byte-exact, broken/missing files give a Finding and
// are not written, no API key literal is ever written, revert restores the exact previous text.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseJsonc } from 'jsonc-parser';
import { ContinueTarget } from '../../../src/core/targets/continueTarget';
import { JsoncSettingsWriter } from '../../../src/core/targets/jsoncSettingsWriter';
import { SettingsKeysTarget, valueForKey } from '../../../src/core/targets/settingsKeysTarget';
import { verifiedEndpoint } from '../../../src/core/targets/types';
import { API_KEY_REFERENCE, VscodeCustomEndpointTarget } from '../../../src/core/targets/vscodeCustomEndpointTarget';

const SPARK = 'https://spark-56d0.tail1234.ts.net/v1';
const endpoint = verifiedEndpoint({
  baseUrl: SPARK,
  models: [{ id: 'Qwen/Qwen2.5-7B-Instruct', contextLength: 32768 }],
  exposure: 'tailnet',
  authRequired: true,
});
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-files-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const CHAT_MODELS = `// My custom endpoints
[
  /* the office proxy */
  {
    "name": "Office",
    "vendor": "customendpoint",
    "apiKey": "\${input:chat.lm.secret.office}",
    "apiType": "chat-completions",
    "models": [{ "id": "gpt-x", "name": "GPT X", "url": "https://proxy.example/v1", "maxInputTokens": 8000 }], // trailing comment
  },
]
`;

const CONTINUE_YAML = `# My Continue config
name: Local Assistant   # the name
version: 1.0.0
schema: v1
models:
  # the big one
  - name: GPT-4o
    provider: openai
    model: gpt-4o
    apiKey: sk-user-own-key # keep
  - name: "Ollama"
    provider: ollama
    model: llama3
context:
  - provider: code
`;

describe('VS Code Custom Endpoint (chatLanguageModels.json)', () => {
  test('adds one managed entry; the rest of the file is byte-exact; apiKey is a reference; revert restores the file', async () => {
    const user = join(dir, 'vscode', 'User');
    mkdirSync(user, { recursive: true });
    const file = join(user, 'chatLanguageModels.json');
    writeFileSync(file, CHAT_MODELS);
    const t = new VscodeCustomEndpointTarget({ userDir: user, vscodeVersion: '1.122.0', stateDir: join(dir, 'st-vs') });
    const r = await t.apply(endpoint);
    assert.equal(r.status, 'written', JSON.stringify(r));
    const text = readFileSync(file, 'utf8');
    const cut = CHAT_MODELS.lastIndexOf('}');
    assert.ok(text.startsWith(CHAT_MODELS.slice(0, cut + 1)), 'everything up to the existing entry is unchanged');
    assert.ok(text.includes(`"apiKey": "${API_KEY_REFERENCE}"`));
    assert.doesNotMatch(text, /sk-/);
    assert.equal(await t.inSync(SPARK), true);
    const group = parseJsonc(text)[1];
    assert.deepEqual(group.models, [{ id: 'Qwen/Qwen2.5-7B-Instruct', name: 'Qwen/Qwen2.5-7B-Instruct', url: SPARK, toolCalling: true, vision: false, maxInputTokens: 24576, maxOutputTokens: 8192 }]);
    assert.equal((await t.apply(endpoint)).status, 'unchanged');
    assert.equal((await t.revert()).status, 'reverted');
    // jsonc-parser removes the separator with our entry: only whitespace and a trailing comma may differ.
    const norm = (s: string) => s.replace(/\s/g, '').replace(/,]/g, ']');
    assert.equal(norm(readFileSync(file, 'utf8')), norm(CHAT_MODELS));
    assert.ok(readFileSync(file, 'utf8').startsWith(CHAT_MODELS.slice(0, cut + 1)));
  });

  test('VS Code older than 1.122 → unsupportedVersion, nothing written', async () => {
    const user = join(dir, 'old', 'User');
    mkdirSync(user, { recursive: true });
    const t = new VscodeCustomEndpointTarget({ userDir: user, vscodeVersion: '1.121.3', stateDir: join(dir, 'st-old') });
    assert.equal((await t.detect()).present, false);
    const r = await t.apply(endpoint);
    assert.equal(r.status === 'failed' && r.finding.code, 'target.unsupportedVersion');
    assert.equal(existsSync(join(user, 'chatLanguageModels.json')), false);
  });

  test('corrupt JSONC → fileUnreadable, file untouched', async () => {
    const user = join(dir, 'corrupt', 'User');
    mkdirSync(user, { recursive: true });
    const file = join(user, 'chatLanguageModels.json');
    writeFileSync(file, '[ { "name": "x", ');
    const r = await new VscodeCustomEndpointTarget({ userDir: user, vscodeVersion: '1.130.0', stateDir: join(dir, 'st-c') }).apply(endpoint);
    assert.equal(r.status === 'failed' && r.finding.code, 'target.fileUnreadable');
    assert.equal(readFileSync(file, 'utf8'), '[ { "name": "x", ');
  });
});

describe('Continue (config.yaml)', () => {
  test('appends one entry, other text byte-exact, no apiKey written; update in place; revert restores the exact file', async () => {
    const file = join(dir, 'continue.yaml');
    writeFileSync(file, CONTINUE_YAML);
    const t = new ContinueTarget({ configPath: file, stateDir: join(dir, 'st-cont') });
    assert.equal((await t.apply(endpoint)).status, 'written');
    const added = `  - name: Tailspark (Spark)\n    provider: openai\n    model: Qwen/Qwen2.5-7B-Instruct\n    apiBase: ${SPARK}\n`;
    const at = CONTINUE_YAML.indexOf('context:');
    assert.equal(readFileSync(file, 'utf8'), CONTINUE_YAML.slice(0, at) + added + CONTINUE_YAML.slice(at));
    assert.equal(readFileSync(file, 'utf8').match(/apiKey/g)?.length, 1, "only the user's own apiKey line");

    const other = verifiedEndpoint({ ...endpoint, baseUrl: 'https://spark-56d0.tail1234.ts.net:8443/v1' });
    assert.equal((await t.apply(other)).status, 'written');
    assert.equal(readFileSync(file, 'utf8'), CONTINUE_YAML.slice(0, at) + added.replace(SPARK, other.baseUrl) + CONTINUE_YAML.slice(at));
    assert.equal(await t.inSync(other.baseUrl), true);

    const rv = await t.revert();
    assert.equal(rv.status, 'reverted');
    assert.equal(readFileSync(file, 'utf8'), CONTINUE_YAML, 'byte-exact original');
  });

  test('a file without models: gets a models list; revert removes it again', async () => {
    const file = join(dir, 'nomodels.yaml');
    const original = 'name: x\nversion: 1.0.0\nschema: v1\n';
    writeFileSync(file, original);
    const t = new ContinueTarget({ configPath: file, stateDir: join(dir, 'st-nm') });
    assert.equal((await t.apply(endpoint)).status, 'written');
    assert.match(readFileSync(file, 'utf8'), /^name: x\nversion: 1\.0\.0\nschema: v1\nmodels:\n {2}- name: Tailspark \(Spark\)\n/);
    assert.equal((await t.revert()).status, 'reverted');
    assert.equal(readFileSync(file, 'utf8'), original);
  });

  test('missing file → fileMissing (not created); broken YAML → fileUnreadable (untouched)', async () => {
    const missing = join(dir, 'none', 'config.yaml');
    const r1 = await new ContinueTarget({ configPath: missing, stateDir: join(dir, 'st-m') }).apply(endpoint);
    assert.equal(r1.status === 'failed' && r1.finding.code, 'target.fileMissing');
    assert.equal(existsSync(missing), false);
    const broken = join(dir, 'broken.yaml');
    const text = 'models:\n  - name: a\n   provider: [unclosed\n';
    writeFileSync(broken, text);
    const r2 = await new ContinueTarget({ configPath: broken, stateDir: join(dir, 'st-b') }).apply(endpoint);
    assert.equal(r2.status === 'failed' && r2.finding.code, 'target.fileUnreadable');
    assert.equal(readFileSync(broken, 'utf8'), text);
  });
});

describe('settings keys through a SettingsWriter (settings.json)', () => {
  test('suffix is appended to the server root, default is the full base URL; comments kept; revert restores', async () => {
    assert.equal(valueForKey({ key: 'a.b', suffix: '/v1' }, SPARK), SPARK);
    assert.equal(valueForKey({ key: 'a.b', suffix: '/api' }, SPARK), 'https://spark-56d0.tail1234.ts.net/api');
    assert.equal(valueForKey({ key: 'a.b' }, SPARK), SPARK);
    const file = join(dir, 'settings.json');
    const original = '{\n    // editor\n    "editor.fontSize": 14,\n    "other.ext.baseUrl": "http://old:1234"\n}\n';
    writeFileSync(file, original);
    const t = new SettingsKeysTarget({
      keys: [{ key: 'other.ext.baseUrl', suffix: '/api' }, { key: 'new.ext.openaiBase' }],
      writer: new JsoncSettingsWriter(file),
      stateDir: join(dir, 'st-set'),
    });
    const r = await t.apply(endpoint);
    assert.equal(r.status, 'written', JSON.stringify(r));
    const text = readFileSync(file, 'utf8');
    assert.ok(text.startsWith('{\n    // editor\n    "editor.fontSize": 14,\n    "other.ext.baseUrl": "https://spark-56d0.tail1234.ts.net/api"'));
    assert.match(text, /"new\.ext\.openaiBase": "https:\/\/spark-56d0\.tail1234\.ts\.net\/v1"/);
    assert.equal((await t.revert()).status, 'reverted');
    assert.equal(readFileSync(file, 'utf8'), original);
  });
});
