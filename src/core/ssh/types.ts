// The contract between the SSH layer (src/core/ssh) and its users (src/core/remote, the
// doctor, discovery of the serve URL). Remote commands are argv arrays, never shell strings:
// the SSH layer quotes them with its one quoting function.

export interface ExecOptions {
  /** Run through sudo: `sudo -n` first, then a password prompt fed via `sudo -S` when needed. */
  sudo?: boolean;
  /** Per-command time limit; the channel is closed when it passes. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Bytes written to the command's stdin (then stdin is closed). */
  stdin?: string;
  /** Raw output as it arrives (e.g. the CLI passes it straight through); the result still holds all of it. */
  onOutput?: (chunk: Buffer, from: 'stdout' | 'stderr') => void;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Remote exit code; null when the command was killed by a signal. */
  code: number | null;
  /** The argv that ran (for logs; contains no secrets). */
  argv: readonly string[];
  durationMs: number;
}

export interface StreamOptions extends ExecOptions {
  /** Called once per complete line of stdout or stderr, as it arrives. */
  onLine: (line: string, from: 'stdout' | 'stderr') => void;
}

/** What remote operations need from an SSH connection to the Spark. */
export interface RemoteShell {
  /** Human-readable target, e.g. "sparkuser@spark-56d0.tail1234.ts.net:22". */
  readonly target: string;
  /** The remote login user name. */
  readonly user: string;
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Runs until the command exits or the signal aborts (which closes the channel). */
  stream(argv: readonly string[], options: StreamOptions): Promise<ExecResult>;
}

/** Questions the SSH layer asks the user; the VS Code adapter answers with input boxes, the CLI refuses. */
export interface SshPrompter {
  /** Returns the passphrase, or undefined when the user cancels. */
  askPassphrase(keyPath: string): Promise<string | undefined>;
  askPassword(prompt: { user: string; host: string; forSudo: boolean; text?: string }): Promise<string | undefined>;
  /** Unknown host key: show the SHA256 fingerprint, return true to trust and remember. */
  confirmUnknownHostKey(info: { host: string; port: number; keyType: string; fingerprint: string }): Promise<boolean>;
  /** Tailscale SSH check mode: show the login URL (the layer fails fast afterwards). */
  showCheckModeUrl?(url: string): void;
}

/** Where remembered passphrases/passwords live (VS Code SecretStorage; nothing in the CLI). */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}
