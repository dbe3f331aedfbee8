// Where Cursor keeps its state database. Inside the extension, the parent of
// context.globalStorageUri is authoritative (it honours --user-data-dir and portable installs);
// otherwise the per-OS default user-data folder.
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export const CURSOR_APPLICATION_USER_KEY =
  'src.vs.platform.reactivestorage.browser.reactiveStorageServiceImpl.persistentStorage.applicationUser';

export interface CursorPathInput {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** The extension's globalStorage path (<userData>/User/globalStorage/<publisher.name>). */
  extensionGlobalStoragePath?: string;
}

/** Cursor's <userData> folder. */
export function cursorUserDataDir(input: CursorPathInput = {}): string {
  const { extensionGlobalStoragePath } = input;
  if (extensionGlobalStoragePath) {
    // <userData>/User/globalStorage/<ext id> → <userData>; tolerate being given globalStorage itself.
    const globalStorage =
      basename(extensionGlobalStoragePath) === 'globalStorage' ? extensionGlobalStoragePath : dirname(extensionGlobalStoragePath);
    return dirname(dirname(globalStorage));
  }
  const platform = input.platform ?? process.platform;
  const env = input.env ?? process.env;
  const home = input.home ?? homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Cursor');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Cursor');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Cursor');
}

export function cursorStateDbPath(input: CursorPathInput = {}): string {
  return join(cursorUserDataDir(input), 'User', 'globalStorage', 'state.vscdb');
}
