// chatLanguageModels.json as VS Code reads it: every model carries maxInputTokens and
// maxOutputTokens (VS Code computes NaN limits without maxOutputTokens) that add up to the
// server's context length; appending our group leaves every byte of the user's groups as it was;
// revert gives back the exact bytes while nobody edited the file; CRLF and symlinks are kept.
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { verifiedEndpoint } from '../../../src/core/targets/types';
import { DEFAULT_CONTEXT_TOKENS, tokenLimits, VscodeCustomEndpointTarget } from '../../../src/core/targets/vscodeCustomEndpointTarget';

const SPARK = 'https://spark-56d0.tail1234.ts.net/v1';
const endpointFor = (baseUrl: string, contextLength?: number) =>
  verifiedEndpoint({ baseUrl, models: [{ id: 'Qwen/Qwen2.5-7B-Instruct', ...(contextLength ? { contextLength } : {}) }], exposure: 'tailnet', authRequired: true });

let dir: string;
let n = 0;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-chatlm-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function fresh(text: string): { file: string; target: VscodeCustomEndpointTarget } {
  n++;
  const user = join(dir, `User-${n}`);
  mkdirSync(user, { recursive: true });
  const file = join(user, 'chatLanguageModels.json');
  writeFileSync(file, text);
  return { file, target: new VscodeCustomEndpointTarget({ userDir: user, vscodeVersion: '1.122.0', stateDir: join(dir, `state-${n}`) }) };
}

function parseStrict(text: string): unknown[] {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: true });
  assert.deepEqual(errors, []);
  assert.ok(Array.isArray(value));
  return value;
}

const ONE_LINE_TRAILING = `[
  { "name": "Office", "vendor": "customendpoint", "apiKey": "\${input:chat.lm.secret.office}", "apiType": "chat-completions", "models": [{ "id": "gpt-x", "name": "GPT X", "url": "https://proxy.example/v1", "maxInputTokens": 8000, "maxOutputTokens": 2000 }] },
]
`;

// The model fields VS Code's custom-endpoint model config declares (vscode-copilot-chat BYOK
// config: id, name, url, toolCalling, vision, maxInputTokens, maxOutputTokens) and the group fields.
const MODEL_KEYS = ['id', 'maxInputTokens', 'maxOutputTokens', 'name', 'toolCalling', 'url', 'vision'];
const GROUP_KEYS = ['apiKey', 'apiType', 'models', 'name', 'vendor'];

describe('VS Code Custom Endpoint fidelity', () => {
  test('every model has maxInputTokens + maxOutputTokens = the server context (default when none); keys match VS Code’s schema', async () => {
    for (const [context, total] of [[32768, 32768], [131072, 131072], [4096, 4096], [undefined, DEFAULT_CONTEXT_TOKENS]] as const) {
      const { file, target } = fresh('[]\n');
      assert.equal((await target.apply(endpointFor(SPARK, context))).status, 'written');
      const group = parseStrict(readFileSync(file, 'utf8'))[0] as Record<string, unknown>;
      assert.deepEqual(Object.keys(group).sort(), GROUP_KEYS);
      const model = (group.models as Record<string, unknown>[])[0];
      assert.deepEqual(Object.keys(model).sort(), MODEL_KEYS);
      const input = model.maxInputTokens as number;
      const output = model.maxOutputTokens as number;
      assert.ok(Number.isInteger(input) && Number.isInteger(output) && input > 0 && output > 0);
      assert.equal(input + output, total);
      assert.ok(!Number.isNaN(input + output));
    }
    assert.deepEqual(tokenLimits(131072), { maxInputTokens: 131072 - 16384, maxOutputTokens: 16384 });
  });

  test('appending keeps the user’s one-line last group and its trailing comma byte-exact; revert restores the exact bytes', async () => {
    const { file, target } = fresh(ONE_LINE_TRAILING);
    assert.equal((await target.apply(endpointFor(SPARK, 32768))).status, 'written');
    const text = readFileSync(file, 'utf8');
    const userGroup = ONE_LINE_TRAILING.slice(0, ONE_LINE_TRAILING.lastIndexOf('},') + 2);
    assert.ok(text.startsWith(userGroup), 'the user group, its line and its trailing comma are unchanged');
    assert.equal(parseStrict(text).length, 2);
    assert.equal((await target.apply(endpointFor(`${SPARK.replace('/v1', ':8443/v1')}`, 32768))).status, 'written');
    assert.equal((await target.revert()).status, 'reverted');
    assert.equal(readFileSync(file, 'utf8'), ONE_LINE_TRAILING);
  });

  test('other starting files: empty arrays, comments after the last group, CRLF — groups byte-exact, revert exact', async () => {
    const starts = [
      '[]',
      '[\n]\n',
      '// my models\n[\n  /* office */ { "name": "Office", "vendor": "customendpoint", "models": [] } // note\n]\n',
      '[\r\n  {\r\n    "name": "Office",\r\n    "vendor": "customendpoint",\r\n    "models": []\r\n  }\r\n]\r\n',
      '[\n\t{ "name": "A", "models": [] },\n\t{ "name": "B", "models": [] }\n]',
    ];
    for (const start of starts) {
      const { file, target } = fresh(start);
      assert.equal((await target.apply(endpointFor(SPARK, 32768))).status, 'written', JSON.stringify(start));
      const text = readFileSync(file, 'utf8');
      const groups = parseStrict(text);
      assert.equal((groups.at(-1) as { models: { url: string }[] }).models[0].url, SPARK);
      // Each existing group's source text is still there, unchanged.
      for (const m of start.matchAll(/\{ "name": "[^"]+"[^\n]*?\] \}/g)) assert.ok(text.includes(m[0]), m[0]);
      if (start.includes('\r\n')) assert.doesNotMatch(text, /[^\r]\n/, 'no bare LF in a CRLF file');
      assert.equal((await target.revert()).status, 'reverted');
      assert.equal(readFileSync(file, 'utf8'), start, JSON.stringify(start));
    }
  });

  test('a symlinked chatLanguageModels.json stays a symlink', async () => {
    const { file, target } = fresh('[]\n');
    const real = `${file}.real`;
    writeFileSync(real, '[]\n');
    rmSync(file);
    symlinkSync(real, file);
    assert.equal((await target.apply(endpointFor(SPARK, 32768))).status, 'written');
    assert.ok(lstatSync(file).isSymbolicLink());
    assert.match(readFileSync(real, 'utf8'), /tail1234/);
  });
});
