// Where Cursor keeps its state database. Inside the extension, the parent of
// context.globalStorageUri is authoritative (it honours --user-data-dir and portable installs);
// otherwise the per-OS default user-data folder.
import { homedir } from 'node:os';
import { basename, dirname, posix, win32 } from 'node:path';

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
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'Cursor');
  if (platform === 'win32') return win32.join(env.APPDATA ?? win32.join(home, 'AppData', 'Roaming'), 'Cursor');
  return posix.join(env.XDG_CONFIG_HOME || posix.join(home, '.config'), 'Cursor');
}

export function cursorStateDbPath(input: CursorPathInput = {}): string {
  const join = (input.platform ?? process.platform) === 'win32' ? win32.join : posix.join;
  return join(cursorUserDataDir(input), 'User', 'globalStorage', 'state.vscdb');
}

/**
 * The argv that starts Cursor again after the helper wrote (CursorTargetOptions.relaunch).
 * `appRoot` is vscode.env.appRoot (…/resources/app); the extension host's own process.execPath
 * is a helper binary on macOS, so the app is derived from appRoot instead:
 *   macOS:   /Applications/Cursor.app/Contents/Resources/app → ["open", "-a", "/Applications/Cursor.app"]
 *   Linux:   /usr/share/cursor/resources/app → ["/usr/share/cursor/cursor"]  (AppImage: $APPIMAGE)
 *   Windows: …\cursor\resources\app → ["…\cursor\Cursor.exe"]
 */
export function cursorRelaunchCommand(appRoot: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  if (platform === 'darwin') return ['open', '-a', posix.dirname(posix.dirname(posix.dirname(appRoot)))];
  if (platform === 'win32') return [win32.join(win32.dirname(win32.dirname(appRoot)), 'Cursor.exe')];
  if (env.APPIMAGE) return [env.APPIMAGE];
  return [posix.join(posix.dirname(posix.dirname(appRoot)), 'cursor')];
}
