// A TCP relay in front of the emulated Spark's HTTPS Serve front (TLS passes through untouched,
// so certificate checks stay real) that can misbehave on command:
//   up     — relay both ways;
//   reset  — accept, then reset the connection (ECONNRESET);
//   hang   — accept, read, never send a byte (the probe's time limit must end it).
// It also counts connections and bytes, which the polling benchmark reports.
import { createServer, type Server, Socket } from 'node:net';
import { randomLoopback } from '../../harness/sshd';

export type FrontMode = 'up' | 'reset' | 'hang';

export interface FlakyFront {
  host: string;
  mode: FrontMode;
  connections: number;
  /** Bytes client → server and server → client through the relay. */
  bytesUp: number;
  bytesDown: number;
  /** Connections currently open (a leak shows here). */
  open(): number;
  close(): Promise<void>;
}

export async function startFlakyFront(target: { host: string; port: number }): Promise<FlakyFront> {
  const host = randomLoopback();
  const sockets = new Set<Socket>();
  const front = { host, mode: 'up', connections: 0, bytesUp: 0, bytesDown: 0 } as FlakyFront;
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  };
  const server: Server = createServer((client) => {
    front.connections++;
    track(client);
    if (front.mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (front.mode === 'hang') {
      // Read and drop what arrives (so the client's FIN is seen and the socket closes when the
      // client gives up), but never answer.
      client.resume();
      return;
    }
    const upstream = new Socket();
    track(upstream);
    client.on('data', (d) => {
      front.bytesUp += d.length;
    });
    upstream.on('data', (d) => {
      front.bytesDown += d.length;
    });
    upstream.connect(target.port, target.host);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(target.port, host, resolve);
  });
  front.open = () => sockets.size;
  front.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return front;
}
