// A RemoteShell that answers from a script: each test says what the Spark prints for an argv.
// It records every call (argv + sudo) so tests can assert what ran — and what did NOT run.
import type { ExecOptions, ExecResult, RemoteShell, StreamOptions } from '../../../src/core/ssh/types';
import type { OpContext } from '../../../src/core/remote/types';

export interface Answer {
  stdout?: string;
  stderr?: string;
  code?: number | null;
  /** Print the output (stream), then block until the signal aborts (like a blocking CLI). */
  hang?: boolean;
}

export type Script = (argv: readonly string[], options: ExecOptions) => Answer | undefined;

export interface Call {
  argv: string[];
  sudo: boolean;
  line: string;
}

/** Blocks like a command that never ends, until the signal aborts; then throws like the SSH layer. */
async function untilAborted(signal?: AbortSignal): Promise<never> {
  await new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  throw Object.assign(new Error('aborted'), { name: 'AbortError' });
}

export class FakeShell implements RemoteShell {
  readonly target = 'sparkuser@spark-56d0.tail1234.ts.net:22';
  readonly user = 'sparkuser';
  readonly calls: Call[] = [];
  constructor(private readonly script: Script) {}

  private answer(argv: readonly string[], options: ExecOptions): Answer {
    this.calls.push({ argv: [...argv], sudo: options.sudo ?? false, line: `${options.sudo ? 'sudo ' : ''}${argv.join(' ')}` });
    return this.script(argv, options) ?? { stderr: `bash: ${argv[0]}: command not found`, code: 127 };
  }

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    if (options.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    const a = this.answer(argv, options);
    if (a.hang) await untilAborted(options.signal);
    return { stdout: a.stdout ?? '', stderr: a.stderr ?? '', code: a.code === undefined ? 0 : a.code, argv, durationMs: 1 };
  }

  async stream(argv: readonly string[], options: StreamOptions): Promise<ExecResult> {
    const a = this.answer(argv, options);
    for (const l of (a.stdout ?? '').split('\n').filter((x, i, all) => x !== '' || i < all.length - 1)) options.onLine(l, 'stdout');
    for (const l of (a.stderr ?? '').split('\n').filter(Boolean)) options.onLine(l, 'stderr');
    if (a.hang) await untilAborted(options.signal);
    return { stdout: a.stdout ?? '', stderr: a.stderr ?? '', code: a.code === undefined ? 0 : a.code, argv, durationMs: 1 };
  }

  ran(prefix: string): Call[] {
    return this.calls.filter((c) => c.line.startsWith(prefix));
  }
}

export function ctxFor(shell: FakeShell, extra: Partial<OpContext> = {}): OpContext & { logged: string[]; progress: string[] } {
  const logged: string[] = [];
  const progress: string[] = [];
  return {
    shell,
    log: { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) },
    onProgress: (m) => progress.push(m),
    logged,
    progress,
    ...extra,
  };
}

/** `tailscale serve status --json` for https://spark-56d0.tail1234.ts.net → 127.0.0.1:30001. */
export const SERVED_30001 = `{
  "TCP": {
    "443": {
      "HTTPS": true
    }
  },
  "Web": {
    "spark-56d0.tail1234.ts.net:443": {
      "Handlers": {
        "/": {
          "Proxy": "http://127.0.0.1:30001"
        }
      }
    }
  }
}
`;

export const FUNNEL_30001 = SERVED_30001.replace(/\n}\n$/, `,\n  "AllowFunnel": {\n    "spark-56d0.tail1234.ts.net:443": true\n  }\n}\n`);

export const SERVE_OK_STDOUT = `Available within your tailnet:

https://spark-56d0.tail1234.ts.net/
|-- proxy http://127.0.0.1:30001

Serve started and running in the background.
To disable the proxy, run: tailscale serve --https=443 off
`;

export const SERVE_NOT_ENABLED = `
Serve is not enabled on your tailnet.
To enable, visit:

         https://login.tailscale.com/f/serve?node=nSpark56d011CNTRL

`;

export const ACCESS_DENIED = `sending serve config: Access denied: serve config denied

Use 'sudo tailscale serve --bg --yes 30001'.
To not require root, use 'sudo tailscale set --operator=$USER' once.
`;

export const SHOW_ACTIVE = `LoadState=loaded
ActiveState=active
SubState=running
MainPID=4242
ActiveEnterTimestamp=Sun 2026-11-29 08:00:01 UTC
Result=success
Description=vLLM OpenAI-compatible server
`;

export const SHOW_INACTIVE = `LoadState=loaded
ActiveState=inactive
SubState=dead
MainPID=0
ActiveEnterTimestamp=
Result=success
Description=vLLM OpenAI-compatible server
`;

export const SHOW_NOT_FOUND = `LoadState=not-found
ActiveState=inactive
SubState=dead
MainPID=0
ActiveEnterTimestamp=
Result=success
`;

/** Non-snap Debian install: `snap` exists but has no tailscale, the CLI is /usr/bin/tailscale. */
export function debInstall(argv: readonly string[]): Answer | undefined {
  const line = argv.join(' ');
  if (line === 'snap list tailscale') return { stderr: 'error: no matching snaps installed\n', code: 1 };
  if (line.startsWith('test -S')) return { code: 1 };
  if (line === 'command -v tailscale') return { stdout: '/usr/bin/tailscale\n' };
  return undefined;
}

/** Snap install whose `tailscale` on PATH is the snap's wrapper (passes --socket itself). */
export function snapInstall(argv: readonly string[]): Answer | undefined {
  const line = argv.join(' ');
  if (line === 'snap list tailscale') {
    return { stdout: 'Name       Version  Rev   Tracking       Publisher   Notes\ntailscale  1.86.2   112   latest/stable  canonical✓  -\n' };
  }
  if (line.startsWith('test -S')) return { code: 0 };
  if (line === 'command -v tailscale') return { stdout: '/snap/bin/tailscale\n' };
  return undefined;
}
