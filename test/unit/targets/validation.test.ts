// What the zod checks of the editor files let through and what they refuse: the same Findings
// (and messages) as the hand-written checks they replaced, unknown properties kept, and the
// parsed objects (not zod's reordered copies) used for comparisons and rewrites.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ContinueTarget } from '../../../src/core/targets/continueTarget';
import { parseApplicationUser, patchApplicationUser } from '../../../src/core/targets/cursorDb';
import { MANAGED_ENTRY_NAME, verifiedEndpoint } from '../../../src/core/targets/types';
import { VscodeCustomEndpointTarget } from '../../../src/core/targets/vscodeCustomEndpointTarget';

const SPARK = 'https://spark-56d0.tail1234.ts.net/v1';
const endpoint = verifiedEndpoint({ baseUrl: SPARK, models: [{ id: 'm' }], exposure: 'tailnet', authRequired: true });
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-validation-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('Cursor applicationUser row', () => {
  test('refusals name the first problem: the object, then openAIBaseUrl, then useOpenAIKey', () => {
    for (const text of ['null', '[]', '5', '"s"']) assert.deepEqual(parseApplicationUser(text), { ok: false, message: 'not a JSON object' }, text);
    assert.match((parseApplicationUser('{') as { message: string }).message, /^not JSON: /);
    assert.deepEqual(parseApplicationUser('{"openAIBaseUrl":[],"useOpenAIKey":"x"}'), { ok: false, message: 'openAIBaseUrl is not a string' });
    assert.deepEqual(parseApplicationUser('{"useOpenAIKey":"yes"}'), { ok: false, message: 'useOpenAIKey is not a boolean' });
    assert.deepEqual(parseApplicationUser('{"useOpenAIKey":null}'), { ok: false, message: 'useOpenAIKey is not a boolean' });
  });

  test('accepted: a null URL (Cursor without one), absent properties, any other properties', () => {
    assert.deepEqual(parseApplicationUser('{"openAIBaseUrl":null,"other":{"deep":[1]}}'), {
      ok: true,
      values: { openAIBaseUrl: { present: true, value: null }, useOpenAIKey: { present: false } },
    });
    assert.deepEqual(parseApplicationUser(`{"x":1,"openAIBaseUrl":"${SPARK}","useOpenAIKey":false}`), {
      ok: true,
      values: { openAIBaseUrl: { present: true, value: SPARK }, useOpenAIKey: { present: true, value: false } },
    });
  });

  test('patch keeps a "__proto__" member and the order of the others byte-exact', () => {
    const text = '{"z":1,"__proto__":{"a":1},"openAIBaseUrl":null,"b":2}';
    const r = patchApplicationUser(text, { openAIBaseUrl: { present: true, value: SPARK }, useOpenAIKey: { present: false } });
    assert.deepEqual(r, { ok: true, text: `{"z":1,"__proto__":{"a":1},"openAIBaseUrl":"${SPARK}","b":2}` });
  });
});

describe('VS Code chatLanguageModels.json', () => {
  const target = (name: string) => {
    const userDir = join(dir, name);
    mkdirSync(userDir, { recursive: true });
    return { userDir, t: new VscodeCustomEndpointTarget({ userDir, vscodeVersion: '1.122.0', stateDir: join(dir, `${name}-state`) }) };
  };

  test('top level not an array → fileUnreadable with the same message, nothing written', async () => {
    const { userDir, t } = target('object');
    const file = join(userDir, 'chatLanguageModels.json');
    writeFileSync(file, '{ "name": "x" }\n');
    const r = await t.read();
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.finding.code, 'target.fileUnreadable');
    assert.match(!r.ok ? r.finding.detail : '', /the top level is not an array/);
    const w = await t.apply(endpoint);
    assert.equal(w.status === 'failed' && w.finding.code, 'target.fileUnreadable');
    assert.equal(readFileSync(file, 'utf8'), '{ "name": "x" }\n');
  });

  test('other entries may be anything; our group is found by name and read only where well-formed', async () => {
    const { userDir, t } = target('mixed');
    const file = join(userDir, 'chatLanguageModels.json');
    const mixed = (models: string) => `[null, 5, "text", [1], { "name": "Other", "models": 7 }, { "name": "${MANAGED_ENTRY_NAME}", "extra": true, "models": ${models} }]\n`;
    writeFileSync(file, mixed('"not a list"'));
    assert.deepEqual(await t.read(), { ok: true, value: undefined, where: file });
    assert.equal(await t.inSync(SPARK), false);
    writeFileSync(file, mixed(`[{ "url": 5 }, { "url": "${SPARK}" }]`));
    assert.deepEqual(await t.read(), { ok: true, value: undefined, where: file });
    assert.equal(await t.inSync(SPARK), false);
    writeFileSync(file, mixed(`[{ "url": "${SPARK}" }, { "url": "${SPARK}", "id": "b" }]`));
    assert.deepEqual(await t.read(), { ok: true, value: SPARK, where: file });
    assert.equal(await t.inSync(SPARK), true);
    // apply rewrites our group property by property: the foreign entries and "extra" stay.
    const w = await t.apply(endpoint);
    assert.equal(w.status, 'written', JSON.stringify(w));
    const groups = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(groups.slice(0, 5), [null, 5, 'text', [1], { name: 'Other', models: 7 }]);
    assert.equal(groups[5].extra, true);
    assert.equal(groups[5].models[0].url, SPARK);
  });
});

describe('Continue config.yaml', () => {
  test('non-mapping entries are skipped; a non-string apiBase reads as no URL and is replaced on apply', async () => {
    const file = join(dir, 'continue.yaml');
    writeFileSync(file, `models:\n  - just a string\n  - name: ${MANAGED_ENTRY_NAME}\n    provider: openai\n    model: m\n    apiBase: 5\n    keepMe: yes\n`);
    const t = new ContinueTarget({ configPath: file, stateDir: join(dir, 'continue-state') });
    assert.deepEqual(await t.read(), { ok: true, value: undefined, where: file });
    const w = await t.apply(endpoint);
    assert.deepEqual(w, { status: 'written', where: file, previous: undefined, now: SPARK });
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^ {2}- just a string$/m);
    // Key order of our entry is the file's (zod's copy would put the checked keys first).
    assert.ok(text.includes(`- name: ${MANAGED_ENTRY_NAME}\n    provider: openai\n    model: m\n    apiBase: ${SPARK}\n    keepMe: yes\n`), text);
    assert.deepEqual(await t.read(), { ok: true, value: SPARK, where: file });
  });
});
