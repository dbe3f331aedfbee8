// A throwaway certificate authority for one emulated Spark, made with the openssl CLI.
// Real `tailscale serve` presents a Let's Encrypt certificate for the node's MagicDNS name;
// here tests and demos trust our CA instead (NODE_EXTRA_CA_CERTS=caCertPath) so the product
// code keeps Node's default certificate checks.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SimCertificates {
  caCertPath: string;
  /** Certificate + key for the MagicDNS name (what a healthy serve front presents). */
  certPath: string;
  keyPath: string;
  /** A valid certificate from the same CA, but for another name: the "wrong name" TLS case. */
  wrongNameCertPath: string;
  wrongNameKeyPath: string;
  wrongName: string;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function issue(dir: string, base: string, dnsName: string, caCert: string, caKey: string): { cert: string; key: string } {
  const key = join(dir, `${base}.key`);
  const csr = join(dir, `${base}.csr`);
  const cert = join(dir, `${base}.crt`);
  const ext = join(dir, `${base}.ext`);
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${dnsName}`]);
  writeFileSync(
    ext,
    `basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:${dnsName}\n`,
  );
  openssl(['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '30', '-sha256', '-extfile', ext]);
  return { cert, key };
}

/** Creates the CA and both server certificates inside dir (which the caller deletes). */
export function makeCertificates(dir: string, magicDnsName: string): SimCertificates {
  const caKey = join(dir, 'ca.key');
  const caCertPath = join(dir, 'ca.crt');
  openssl([
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', caKey, '-out', caCertPath,
    '-days', '30', '-subj', '/CN=Tailspark test CA (emulated Spark)', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const good = issue(dir, 'serve', magicDnsName, caCertPath, caKey);
  // Same tailnet suffix, different node: what you get when the URL points at the wrong machine.
  const suffix = magicDnsName.split('.').slice(1).join('.');
  const wrongName = `other-node.${suffix || 'tail1234.ts.net'}`;
  const wrong = issue(dir, 'wrong-name', wrongName, caCertPath, caKey);
  return { caCertPath, certPath: good.cert, keyPath: good.key, wrongNameCertPath: wrong.cert, wrongNameKeyPath: wrong.key, wrongName };
}
