// Network faults on loopback, without packet filters (this machine has neither iptables nor nft,
// and its kernel lacks tc's drop action):
//
//   blackhole   — packets DROPPED, not refused. A listener whose process never accepts: once its
//                 accept queue is full, Linux silently drops every further SYN
//                 (tcp_abort_on_overflow=0), so connect() hangs exactly as towards a host that
//                 went away. The listener lives in a child Node process that blocks its own event
//                 loop (Atomics.wait), because a Node server in THIS process would accept.
//   silent      — TCP connects, then nothing: no SSH banner, no TLS ServerHello.
//
// Each fault owns a fresh random 127.x.y.z address, so it cannot disturb anything else.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server, Socket } from 'node:net';
import { randomLoopback } from '../../harness/sshd';

export interface Fault {
  host: string;
  port: number;
  close(): Promise<void>;
}

const BLOCKING_LISTENER = `
const net = require('node:net');
const [host, port] = process.argv.slice(1);
net.createServer().listen({ host, port: Number(port), backlog: 1 }, () => {
  process.stdout.write('listening\\n', () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0));
});`;

/** Does a TCP connect complete within ms? */
function connects(host: string, port: number, ms: number, keep: Socket[]): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    keep.push(s);
    const timer = setTimeout(() => resolve(false), ms);
    s.once('connect', () => {
      clearTimeout(timer);
      resolve(true);
    });
    s.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    s.connect(port, host);
  });
}

export async function startBlackhole(port = 443): Promise<Fault> {
  const host = randomLoopback();
  const child: ChildProcess = spawn(process.execPath, ['-e', BLOCKING_LISTENER, host, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('blackhole listener did not start')), 5000);
    child.stdout?.once('data', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => reject(new Error(`blackhole listener exited ${code}`)));
  });
  // Fill the accept queue; the first connect that no longer completes proves SYNs are dropped.
  const fillers: Socket[] = [];
  let dropped = false;
  for (let i = 0; i < 8 && !dropped; i++) dropped = !(await connects(host, port, 300, fillers));
  if (!dropped) {
    child.kill('SIGKILL');
    throw new Error(`could not fill the accept queue of ${host}:${port}`);
  }
  return {
    host,
    port,
    async close() {
      for (const s of fillers) s.destroy();
      child.kill('SIGKILL');
    },
  };
}

export async function startSilentListener(port = 443): Promise<Fault & { accepted(): number }> {
  const host = randomLoopback();
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((s) => {
    accepted++;
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    host,
    port,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback address and port where nothing listens: connections are refused at once. */
export function refusedAddress(): { host: string; port: number } {
  return { host: randomLoopback(), port: 443 };
}

/** Runs fn and returns its outcome with the time it took; fails the test if it exceeds limitMs. */
export async function timed<T>(limitMs: number, what: string, fn: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${limitMs} ms (hung)`)), limitMs);
  });
  try {
    const value = await Promise.race([fn(), hung]);
    return { ms: Date.now() - started, value };
  } catch (error) {
    if (error instanceof Error && error.message.endsWith('(hung)')) throw error;
    return { ms: Date.now() - started, error };
  } finally {
    clearTimeout(timer);
  }
}
