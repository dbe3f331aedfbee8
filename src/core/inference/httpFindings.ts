// A failed HTTP exchange with the inference server → the finding that names the real cause.
import { type Finding, makeFinding } from '../findings';
import type { HttpError } from '../net/httpClient';

export function findingForHttpError(err: HttpError, context: { timeoutMs: number; limit?: number }): Finding {
  const where = err.url;
  const base = { where, url: err.url, host: err.host, code: err.code, message: err.message };
  switch (err.kind) {
    case 'invalidUrl':
      return makeFinding('probe.invalidUrl', base);
    case 'dns':
      return makeFinding('probe.dnsFailed', base, err.message);
    case 'refused':
      return makeFinding('probe.connectionRefused', base, err.message);
    case 'reset':
      return makeFinding('probe.connectionReset', base, err.message);
    case 'unreachable':
      return makeFinding('probe.hostUnreachable', base, err.message);
    case 'timeout':
    case 'aborted':
      return makeFinding('probe.timeout', { ...base, timeoutMs: context.timeoutMs });
    case 'tooLarge':
      return makeFinding('probe.responseTooLarge', { ...base, limit: context.limit });
    case 'tls':
      switch (err.tls) {
        case 'nameMismatch':
          return makeFinding('probe.tlsNameMismatch', { ...base, certNames: certNamesOf(err.message) }, err.message);
        case 'selfSigned':
        case 'untrusted':
          return makeFinding('probe.tlsSelfSigned', base, err.message);
        case 'expired':
          return makeFinding('probe.tlsExpired', base, err.message);
        case 'handshakeFailed':
          return makeFinding('probe.tlsHandshakeFailed', base, err.message);
        default:
          return makeFinding('probe.tlsFailed', base, err.message);
      }
    default:
      return makeFinding('probe.networkError', base, err.message);
  }
}

/** The names a certificate covers, from Node's "… is not in the cert's altnames: DNS:a, DNS:b". */
export function certNamesOf(message: string): string | undefined {
  const m = /cert's altnames: (.*)$/m.exec(message);
  if (!m) return undefined;
  const names = m[1]!.split(',').map((x) => x.trim().replace(/^(DNS|IP Address):/, '')).filter(Boolean);
  return names.length ? names.slice(0, 3).join(', ') : undefined;
}
