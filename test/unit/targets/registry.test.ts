// Which targets exist and which are on by default, per editor; Cursor paths per OS.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cursorRelaunchCommand, cursorStateDbPath } from '../../../src/core/targets/cursorPaths';
import { listTargets } from '../../../src/core/targets/registry';

let home: string;
before(() => {
  home = mkdtempSync(join(tmpdir(), 'tailspark-registry-'));
});
after(() => rmSync(home, { recursive: true, force: true }));

const summary = (env: Parameters<typeof listTargets>[0]) => listTargets(env).map((t) => [t.target.id, t.enabledByDefault]);

test('in Cursor: Cursor native on; Continue only when its config exists; no VS Code endpoint', () => {
  const globalStorage = join(home, 'Cursor', 'User', 'globalStorage', 'tailspark.tailspark');
  assert.deepEqual(summary({ stateDir: join(home, 'st'), isCursor: true, vscodeVersion: '1.99.0', extensionGlobalStoragePath: globalStorage, home }), [
    ['cursor', true],
    ['continue', false],
  ]);
  const cursor = listTargets({ stateDir: join(home, 'st'), isCursor: true, extensionGlobalStoragePath: globalStorage, home })[0];
  assert.equal((cursor.target as unknown as { options: { dbPath: string } }).options.dbPath, join(home, 'Cursor', 'User', 'globalStorage', 'state.vscdb'));
  mkdirSync(join(home, '.continue'));
  writeFileSync(join(home, '.continue', 'config.yaml'), 'name: x\n');
  assert.deepEqual(summary({ stateDir: join(home, 'st'), isCursor: true, extensionGlobalStoragePath: globalStorage, home }), [
    ['cursor', true],
    ['continue', true],
  ]);
});

test('in VS Code: the Custom Endpoint target from 1.122 on; settings keys when listed; Cursor absent unless installed', () => {
  const globalStorage = join(home, 'Code', 'User', 'globalStorage', 'tailspark.tailspark');
  const writer = { where: 'memory', read: async () => undefined, write: async () => {} };
  assert.deepEqual(summary({ stateDir: join(home, 'st'), isCursor: false, vscodeVersion: '1.122.0', extensionGlobalStoragePath: globalStorage, home: join(home, 'nohome') }), [
    ['vscode-custom-endpoint', true],
    ['continue', false],
  ]);
  assert.deepEqual(
    summary({ stateDir: join(home, 'st'), isCursor: false, vscodeVersion: '1.121.9', extensionGlobalStoragePath: globalStorage, home: join(home, 'nohome'), settingsKeys: [{ key: 'a.b' }], settingsWriter: writer }),
    [
      ['vscode-custom-endpoint', false],
      ['continue', false],
      ['settings-keys', true],
    ],
  );
});

test('Windows and macOS paths and relaunch commands', () => {
  assert.equal(cursorStateDbPath({ platform: 'win32', env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, home: 'C:\\Users\\u' }), 'C:\\Users\\u\\AppData\\Roaming\\Cursor\\User\\globalStorage\\state.vscdb');
  assert.deepEqual(cursorRelaunchCommand('/Applications/Cursor.app/Contents/Resources/app', 'darwin'), ['open', '-a', '/Applications/Cursor.app']);
  assert.deepEqual(cursorRelaunchCommand('/usr/share/cursor/resources/app', 'linux', {}), ['/usr/share/cursor/cursor']);
  assert.deepEqual(cursorRelaunchCommand('/tmp/.mount_Cursor/resources/app', 'linux', { APPIMAGE: '/home/u/Cursor.AppImage' }), ['/home/u/Cursor.AppImage']);
  assert.deepEqual(cursorRelaunchCommand('C:\\Users\\u\\AppData\\Local\\Programs\\cursor\\resources\\app', 'win32'), ['C:\\Users\\u\\AppData\\Local\\Programs\\cursor\\Cursor.exe']);
});
