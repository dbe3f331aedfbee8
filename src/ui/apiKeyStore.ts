// The inference server's API key: ONE place that reads, stores and removes it (SecretStorage,
// never settings or logs). Read once per window and again only when it changes: in a remote
// window (code-server, Remote-SSH) every SecretStorage read is a round trip to the workbench,
// which took up to a second while a window started — in the path of the first probe and of every
// chat request's first token.
import type * as vscode from 'vscode';
import { API_KEY_SECRET } from './sshPrompter';

export class ApiKeyStore implements vscode.Disposable {
  private current: Promise<string | undefined>;
  private readonly subscription: vscode.Disposable;

  /** `know`: every key read or stored is told to the log redactor (a server may echo it back). */
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly know: (key: string | undefined) => void,
  ) {
    this.current = this.read();
    // Also another window of this editor storing a key, and our own store() (harmless re-read).
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === API_KEY_SECRET) this.current = this.read();
    });
  }

  /** The stored key (undefined: none). Resolved at once unless a read is under way. */
  get(): Promise<string | undefined> {
    return this.current;
  }

  /** Stores the key; the very next get() returns it (onDidChange arrives later). */
  async store(key: string): Promise<void> {
    this.know(key);
    this.current = Promise.resolve(key);
    await this.secrets.store(API_KEY_SECRET, key);
  }

  async delete(): Promise<void> {
    this.current = Promise.resolve(undefined);
    await this.secrets.delete(API_KEY_SECRET);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private read(): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(API_KEY_SECRET)).then(
      (key) => {
        this.know(key);
        return key;
      },
      () => undefined,
    );
  }
}
