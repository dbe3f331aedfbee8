// A plain-HTTP front for the emulated inference server (ADDRESS:30001) that can answer 503
// "Service Unavailable" to everything, like an OpenAI-compatible server that is up but not
// ready (warm-up), and then let requests through again.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WarmupFront {
  baseUrl: string;
  warming: boolean;
  requests: number;
  close(): Promise<void>;
}

export async function startWarmupFront(target: { host: string; port: number }): Promise<WarmupFront> {
  const front = { warming: true, requests: 0 } as WarmupFront;
  const server: Server = createServer((req, res) => {
    front.requests++;
    if (front.warming) {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ error: { message: 'Server is starting up', type: 'service_unavailable' } }));
      return;
    }
    const up = request({ host: target.host, port: target.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  front.baseUrl = `http://127.0.0.1:${port}/v1`;
  front.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return front;
}
