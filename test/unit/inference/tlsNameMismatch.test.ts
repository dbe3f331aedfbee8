// A certificate for another node while the URL already uses the full MagicDNS name: the diagnosis
// must follow from that (another machine answered), not repeat advice that is already followed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeFinding } from '../../../src/core/findings';
import { certNamesOf } from '../../../src/core/inference/httpFindings';

// Node's own text (tls.checkServerIdentity) for a Serve certificate of another node.
const NODE_MESSAGE = "Hostname/IP does not match certificate's altnames: Host: spark-56d0.tail1234.ts.net. is not in the cert's altnames: DNS:other-node.tail1234.ts.net";

test('the names the certificate covers are read from Node\'s message', () => {
  assert.equal(certNamesOf(NODE_MESSAGE), 'other-node.tail1234.ts.net');
  assert.equal(certNamesOf('something else'), undefined);
});

test('full MagicDNS name already in use: names the other certificate, does not advise the full name, offers the resolve setting and Diagnose', () => {
  const f = makeFinding('probe.tlsNameMismatch', { host: 'spark-56d0.tail1234.ts.net', certNames: certNamesOf(NODE_MESSAGE) });
  assert.equal(f.title, 'TLS certificate is for other-node.tail1234.ts.net');
  assert.doesNotMatch(f.detail, /use that name/);
  assert.match(f.detail, /already uses the full MagicDNS name/);
  assert.deepEqual(
    f.fixes.map((x) => x.action),
    [
      { kind: 'openSettings', setting: 'tailspark.network.resolve' },
      { kind: 'command', command: 'tailspark.doctor' },
    ],
  );
});

test('short host name or IP: the advice to use the full MagicDNS name stays (it helps there)', () => {
  const f = makeFinding('probe.tlsNameMismatch', { host: 'spark-56d0' });
  assert.match(f.detail, /use that name, not the short host name or an IP/);
  assert.deepEqual(f.fixes[0]!.action, { kind: 'openSettings', setting: 'tailspark.baseUrl' });
});
