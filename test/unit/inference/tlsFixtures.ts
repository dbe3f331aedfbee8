// Throwaway certificates made with the real openssl, and loopback HTTP/HTTPS servers for tests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCert {
  key: string;
  cert: string;
}

/** A self-signed certificate for `name` (SAN DNS:name); `days` < 0 makes an expired one. */
export function makeCert(name: string, days = 1): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'tailspark-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    if (days > 0) {
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', key, '-out', cert, '-days', String(days), '-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name}`,
      ], { stdio: 'pipe' });
    } else {
      // `req -x509` refuses negative days; `x509 -req -days -1` backdates the end instead.
      const csr = join(dir, 'req.csr');
      execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${name}`], { stdio: 'pipe' });
      execFileSync('openssl', ['x509', '-req', '-in', csr, '-signkey', key, '-days', String(days), '-out', cert], { stdio: 'pipe' });
    }
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TestServer {
  port: number;
  /** http(s)://127.0.0.1:port */
  origin: string;
  close(): Promise<void>;
}

export async function startServer(handler: http.RequestListener, tls?: TestCert): Promise<TestServer> {
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** A port on loopback that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = await startServer((_req, res) => res.end());
  await s.close();
  return s.port;
}
