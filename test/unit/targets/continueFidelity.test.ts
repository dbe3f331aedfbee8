// Continue's config.yaml, judged by Continue's own published parser/validator
// (@continuedev/config-yaml): every file Tailspark writes must pass it; revert gives back the
// exact bytes while nobody edited the file; empty files are valid YAML; CRLF files stay CRLF;
// a symlinked config stays a symlink.
import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ContinueTarget } from '../../../src/core/targets/continueTarget';
import { MANAGED_ENTRY_NAME, verifiedEndpoint } from '../../../src/core/targets/types';

const SPARK = 'https://spark-56d0.tail1234.ts.net/v1';
const OTHER = 'https://spark-56d0.tail1234.ts.net:8443/v1';
const endpointFor = (baseUrl: string) =>
  verifiedEndpoint({ baseUrl, models: [{ id: 'Qwen/Qwen2.5-7B-Instruct', contextLength: 32768 }], exposure: 'tailnet', authRequired: true });

// An ES module: loaded with import() from this CommonJS test.
const continueYaml = import('@continuedev/config-yaml');
let parseConfigYaml: Awaited<typeof continueYaml>['parseConfigYaml'];
let validateConfigYaml: Awaited<typeof continueYaml>['validateConfigYaml'];
let dir: string;
let n = 0;
before(async () => {
  ({ parseConfigYaml, validateConfigYaml } = await continueYaml);
  dir = mkdtempSync(join(tmpdir(), 'tailspark-continue-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function fresh(text: string): { file: string; target: ContinueTarget } {
  n++;
  const file = join(dir, `config-${n}.yaml`);
  writeFileSync(file, text);
  return { file, target: new ContinueTarget({ configPath: file, stateDir: join(dir, `state-${n}`) }) };
}

/** Continue's own verdict on a config.yaml text: [] when it accepts it. */
function continueErrors(text: string): string[] {
  try {
    return validateConfigYaml(parseConfigYaml(text)).map((e) => e.message);
  } catch (err) {
    return [(err as Error).message];
  }
}

// Continue's default file (what it writes on first start).
const DEFAULT = 'name: Local Config\nversion: 1.0.0\nschema: v1\nmodels: []\n';
const EXISTING_WITH_KEY = `name: Local Config
version: 1.0.0
schema: v1
models:
  - name: Tailspark (Spark)
    provider: openai
    model: old-model
    apiKey: sk-mine # my key, keep this note
    apiBase: https://old.example/v1
  - name: Ollama
    provider: ollama
    model: llama3
`;

describe('Continue config.yaml fidelity', () => {
  test("Continue's default `models: []`: apply, then revert gives back the exact bytes", async () => {
    const { file, target } = fresh(DEFAULT);
    assert.equal((await target.apply(endpointFor(SPARK))).status, 'written');
    assert.deepEqual(continueErrors(readFileSync(file, 'utf8')), []);
    assert.equal((await target.revert()).status, 'reverted');
    assert.equal(readFileSync(file, 'utf8'), DEFAULT);
  });

  test('an inline comment on our entry’s apiKey survives apply; revert restores the exact bytes (no reordering)', async () => {
    const { file, target } = fresh(EXISTING_WITH_KEY);
    assert.equal((await target.apply(endpointFor(SPARK))).status, 'written');
    const written = readFileSync(file, 'utf8');
    assert.match(written, /\n {4}apiKey: sk-mine # my key, keep this note\n/);
    assert.match(written, new RegExp(`\\n {4}apiBase: ${SPARK}\\n`));
    assert.equal((await target.apply(endpointFor(OTHER))).status, 'written');
    assert.equal((await target.revert()).status, 'reverted');
    assert.equal(readFileSync(file, 'utf8'), EXISTING_WITH_KEY);
  });

  test('revert after the user edited elsewhere restores our values in place and keeps their edit', async () => {
    const { file, target } = fresh(EXISTING_WITH_KEY);
    await target.apply(endpointFor(SPARK));
    writeFileSync(file, readFileSync(file, 'utf8').replace('model: llama3', 'model: llama3.1'));
    assert.equal((await target.revert()).status, 'reverted');
    assert.equal(readFileSync(file, 'utf8'), EXISTING_WITH_KEY.replace('model: llama3', 'model: llama3.1'));
  });

  test('an empty or comments-only file is valid (empty) YAML: Tailspark writes a config Continue accepts; revert restores it', async () => {
    for (const start of ['', '# my notes\n# more notes\n', '\n\n']) {
      const { file, target } = fresh(start);
      const r = await target.apply(endpointFor(SPARK));
      assert.equal(r.status, 'written', JSON.stringify(r));
      assert.deepEqual(continueErrors(readFileSync(file, 'utf8')), [], JSON.stringify(start));
      assert.equal((await target.revert()).status, 'reverted');
      assert.equal(readFileSync(file, 'utf8'), start);
    }
  });

  test('a CRLF file stays CRLF; revert restores the exact bytes', async () => {
    const crlf = EXISTING_WITH_KEY.replace(/\n/g, '\r\n');
    for (const start of [crlf, DEFAULT.replace(/\n/g, '\r\n')]) {
      const { file, target } = fresh(start);
      assert.equal((await target.apply(endpointFor(SPARK))).status, 'written');
      const written = readFileSync(file, 'utf8');
      assert.doesNotMatch(written, /[^\r]\n/, 'no bare LF line ending');
      assert.deepEqual(continueErrors(written), []);
      await target.revert();
      assert.equal(readFileSync(file, 'utf8'), start);
    }
  });

  test('the undo record never stores a key: a flow-style entry with an apiKey is re-rendered, and its old text is not kept', async () => {
    const start = 'name: Local Config\nversion: 1.0.0\nmodels:\n  - {name: Tailspark (Spark), provider: openai, model: x, apiKey: sk-flow-secret}\n';
    const { file, target } = fresh(start);
    assert.equal((await target.apply(endpointFor(SPARK))).status, 'written');
    assert.match(readFileSync(file, 'utf8'), /apiKey: sk-flow-secret/);
    const backups = readFileSync(join(dir, `state-${n}`, 'target-backups.json'), 'utf8');
    assert.doesNotMatch(backups, /sk-flow-secret/);
    assert.doesNotMatch(backups, /"undo"/);
    assert.equal((await target.revert()).status, 'reverted');
    assert.deepEqual(parseConfigYaml(readFileSync(file, 'utf8')).models, parseConfigYaml(start).models);
  });

  test('a symlinked config.yaml stays a symlink; the change lands in its target', async () => {
    n++;
    const real = join(dir, `dotfiles-${n}.yaml`);
    const link = join(dir, `link-${n}.yaml`);
    writeFileSync(real, DEFAULT);
    symlinkSync(real, link);
    const target = new ContinueTarget({ configPath: link, stateDir: join(dir, `state-link-${n}`) });
    assert.equal((await target.apply(endpointFor(SPARK))).status, 'written');
    assert.ok(lstatSync(link).isSymbolicLink(), 'still a symlink');
    assert.match(readFileSync(real, 'utf8'), new RegExp(SPARK));
  });

  // Oracle: Continue's own validator judges every file Tailspark writes, from several starting files.
  test("oracle: every config.yaml Tailspark writes passes Continue's own parser and validator", async () => {
    const starts = [
      DEFAULT,
      '',
      '# only a comment\n',
      EXISTING_WITH_KEY,
      EXISTING_WITH_KEY.replace(/\n/g, '\r\n'),
      'name: Local Config\nversion: 1.0.0\nschema: v1\n',
      'name: Local Config\nversion: 1.0.0\nschema: v1\nmodels:\n- name: GPT\n  provider: openai\n  model: gpt-4o\n  roles:\n    - chat\ncontext:\n  - provider: code\n',
      'name: "Quoted"\nversion: "1.0.0"\nmodels:\n    - name: A\n      provider: ollama\n      model: a # comment\n\n# trailing comment\n',
      'name: Local Config\nversion: 1.0.0\nmodels:\n  - name: Tailspark (Spark)\n    provider: openai\n    model: x\n    roles: [chat, edit]\n',
    ];
    let agreed = 0;
    let checked = 0;
    for (const start of starts) {
      const { file, target } = fresh(start);
      for (const url of [SPARK, OTHER]) {
        const r = await target.apply(endpointFor(url));
        assert.equal(r.status, 'written', JSON.stringify(r));
        checked++;
        const errors = continueErrors(readFileSync(file, 'utf8'));
        assert.deepEqual(errors, [], `start ${JSON.stringify(start)} → ${url}`);
        const parsed = parseConfigYaml(readFileSync(file, 'utf8'));
        const ours = parsed.models?.find((m) => 'name' in m && m.name === MANAGED_ENTRY_NAME);
        assert.ok(ours && 'apiBase' in ours && ours.apiBase === url && ours.provider === 'openai');
        agreed++;
      }
      await target.revert();
      assert.equal(readFileSync(file, 'utf8'), start, 'revert restores the exact bytes');
    }
    assert.equal(agreed, checked);
    console.log(`continue oracle: ${agreed}/${checked} written files accepted by @continuedev/config-yaml`);
  });
});
