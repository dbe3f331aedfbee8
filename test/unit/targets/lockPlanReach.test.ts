// Writer lock (two writers, stale lock), backup store (no secrets, keeps the pre-Tailspark value),
// reachability (Cursor's cloud vs local clients) and planApply (refuses unverified URLs).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BackupStore } from '../../../src/core/targets/backupStore';
import { cursorUserDataDir } from '../../../src/core/targets/cursorPaths';
import { parseProcessList } from '../../../src/core/targets/cursorProcesses';
import { parseApplicationUser, patchApplicationUser } from '../../../src/core/targets/cursorDb';
import { executePlan, planApply } from '../../../src/core/targets/plan';
import { cursorCloudReachability, localReachability } from '../../../src/core/targets/reachability';
import { SettingsKeysTarget } from '../../../src/core/targets/settingsKeysTarget';
import { type SettingsWriter, verifiedEndpoint } from '../../../src/core/targets/types';
import { serverRoot } from '../../../src/core/targets/urls';
import { withWriterLock } from '../../../src/core/targets/writerLock';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tailspark-lock-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('writer lock', () => {
  test('two writers in two processes: the second waits, then gets writerBusy naming the holder; after release it runs', async () => {
    const lock = join(dir, 'targets.lock');
    const holder = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, '../../fixtures/targets/holdLock.ts'), lock], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((r) => holder.stdout!.on('data', (d) => String(d).includes('held') && r()));
    let ran = false;
    const busy = await withWriterLock(lock, async () => { ran = true; }, { waitMs: 300 });
    assert.equal(busy.ok, false);
    assert.equal(!busy.ok && busy.finding.code, 'target.writerBusy');
    assert.match(!busy.ok ? busy.finding.detail : '', new RegExp(`pid ${holder.pid}`));
    assert.equal(ran, false);
    const later = await withWriterLock(lock, async () => 'mine', { waitMs: 5000 });
    assert.deepEqual(later.ok && later.value, 'mine');
  });

  test('a lock left by a dead process is taken over', async () => {
    const lock = join(dir, 'stale.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(lock, JSON.stringify({ pid: Number(dead.stdout), host: hostname(), since: new Date().toISOString() }));
    const r = await withWriterLock(lock, async () => 42, { waitMs: 200 });
    assert.ok(r.ok);
    assert.equal(r.ok && r.tookOverStaleLockOf?.pid, Number(dead.stdout));
  });
});

describe('backup store', () => {
  test('keeps the value from before Tailspark across repeated applies; refuses secrets', () => {
    const store = new BackupStore(join(dir, 'b.json'));
    const orig = { present: true, value: 'https://api.openai.com/v1' };
    store.remember('k', { target: 't', where: 'w', previous: orig, written: { present: true, value: 'A' } }, orig);
    store.remember('k', { target: 't', where: 'w', previous: { present: true, value: 'A' }, written: { present: true, value: 'B' } }, { present: true, value: 'A' });
    assert.deepEqual(store.get('k')?.previous, orig);
    assert.throws(() => store.remember('s', { target: 't', where: 'w', previous: { present: true, value: { apiKey: 'sk-123' } }, written: { present: false } }, { present: false }), /secret/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: VS Code's input-variable syntax, written literally
    store.remember('r', { target: 't', where: 'w', previous: { present: true, value: { apiKey: '${input:chat.lm.secret.x}' } }, written: { present: false } }, { present: false });
  });
});

describe('Cursor JSON patch', () => {
  test('changes only the two values; numbers and other text stay byte-exact', () => {
    const text = '{"a":2.50,"big":12345678901234567890,"openAIBaseUrl":"https://api.openai.com/v1","z":{"k":[1]}}';
    const r = patchApplicationUser(text, { openAIBaseUrl: { present: true, value: 'https://x/v1' }, useOpenAIKey: { present: true, value: true } });
    assert.deepEqual(r, { ok: true, text: '{"a":2.50,"big":12345678901234567890,"openAIBaseUrl":"https://x/v1","z":{"k":[1]},"useOpenAIKey": true}' });
    assert.deepEqual(parseApplicationUser('{"openAIBaseUrl":5}'), { ok: false, message: 'openAIBaseUrl is not a string' });
  });
});

describe('reachability', () => {
  test("Cursor's cloud cannot reach tailnet-only URLs; it can reach Funnel, with a warning when no key is enforced", () => {
    for (const [url, exposure] of [
      ['https://spark-56d0.tail1234.ts.net/v1', 'tailnet'],
      ['https://spark-56d0.tail1234.ts.net/v1', 'unknown'],
      ['http://100.101.102.103:30001/v1', 'unknown'],
      ['http://192.168.1.5:8000/v1', 'unknown'],
    ] as const) {
      const r = cursorCloudReachability(url, exposure);
      assert.equal(r.ok, false, url);
      assert.equal(r.who, 'cursor-cloud');
      assert.equal(r.finding?.code, 'target.cursorCloudUnreachable');
      assert.ok(r.fixes.some((f) => f.label === 'Use Continue'));
    }
    assert.equal(cursorCloudReachability('https://spark-56d0.tail1234.ts.net/v1', 'funnel', true).ok, true);
    const open = cursorCloudReachability('https://spark-56d0.tail1234.ts.net/v1', 'funnel', false);
    assert.equal(open.ok, true);
    assert.equal(open.finding?.code, 'funnel.noApiKey');
    assert.equal(localReachability('https://spark-56d0.tail1234.ts.net/v1').ok, true);
    assert.equal(serverRoot('https://h/prefix/v1/'), 'https://h/prefix');
  });
});

describe('paths and process lists', () => {
  test('Cursor user-data folder per OS and from the extension globalStorage path', () => {
    assert.equal(cursorUserDataDir({ platform: 'linux', home: '/home/u', env: {} }), '/home/u/.config/Cursor');
    assert.equal(cursorUserDataDir({ platform: 'linux', home: '/home/u', env: { XDG_CONFIG_HOME: '/x' } }), '/x/Cursor');
    assert.equal(cursorUserDataDir({ platform: 'darwin', home: '/Users/u', env: {} }), '/Users/u/Library/Application Support/Cursor');
    assert.equal(cursorUserDataDir({ extensionGlobalStoragePath: '/p/Cursor/User/globalStorage/tailspark.tailspark' }), '/p/Cursor');
  });
  test('process-name fallbacks find the Cursor main process only', () => {
    assert.deepEqual(parseProcessList('darwin', '  501 /Applications/Cursor.app/Contents/MacOS/Cursor\n  502 /Applications/Cursor.app/Contents/Frameworks/Cursor Helper (Renderer).app/Contents/MacOS/Cursor Helper (Renderer)\n'), [501]);
    assert.deepEqual(parseProcessList('win32', '"Cursor.exe","4242","Console","1","210,000 K"\r\n"code.exe","77","Console","1","1 K"\r\n'), [4242]);
  });
});

describe('planApply / executePlan', () => {
  const memoryWriter = (): SettingsWriter & { data: Record<string, unknown> } => {
    const data: Record<string, unknown> = {};
    return { where: 'memory', data, read: async (k) => data[k],
      write: async (k, v) => {
        if (v === undefined) delete data[k];
        else data[k] = v;
      },
    };
  };

  test('refuses anything that is not a VerifiedEndpoint', async () => {
    const w = memoryWriter();
    const t = new SettingsKeysTarget({ keys: [{ key: 'a.b' }], writer: w, stateDir: join(dir, 'p1') });
    const r = await planApply({ baseUrl: 'https://evil/v1', models: [{ id: 'm' }], exposure: 'tailnet', verifiedAt: 'now' }, [t]);
    assert.equal(!r.ok && r.finding.code, 'target.unverifiedUrl');
    assert.deepEqual(w.data, {});
  });

  test('plans write / none / blocked, writes only confirmed reachable targets, and reports what works', async () => {
    const w = memoryWriter();
    const stateDir = join(dir, 'p2');
    const t = new SettingsKeysTarget({ keys: [{ key: 'a.b' }], writer: w, stateDir });
    const ep = verifiedEndpoint({ baseUrl: 'https://spark-56d0.tail1234.ts.net/v1', models: [{ id: 'm' }], exposure: 'tailnet' });
    // A target whose client is Cursor's cloud: blocked for a tailnet URL.
    const cloudish = Object.assign(Object.create(t), { id: 'cursor', label: 'cloud', reachability: (u: string, e: 'tailnet') => cursorCloudReachability(u, e) });
    const planned = await planApply(ep, [t, cloudish]);
    assert.ok(planned.ok);
    if (!planned.ok) return;
    assert.deepEqual(planned.plan.steps.map((s) => s.action), ['write', 'blocked']);
    const done = await executePlan(planned.plan, { stateDir });
    assert.ok(done.ok);
    if (!done.ok) return;
    assert.deepEqual(done.outcomes.map((o) => [o.targetId, o.result.status, o.works]), [
      ['settings-keys', 'written', true],
      ['cursor', 'skipped', false],
    ]);
    assert.equal(w.data['a.b'], ep.baseUrl);
    const again = await planApply(ep, [t]);
    assert.equal(again.ok && again.plan.steps[0].action, 'none');
  });
});
