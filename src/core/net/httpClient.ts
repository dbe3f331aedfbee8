// The one HTTP(S) client of src/core: Node's http/https with the system's default CA trust,
// a time limit over the whole exchange, cancellation, a body size limit, and a curl-like
// `resolve` map (host name → address) that only changes WHERE we connect: TLS still checks the
// certificate against the real host name, because the URL's host stays the SNI/servername.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';

/** http.ClientRequest takes (url, options) at run time; @types/node only declares (url, cb). */
const ClientRequestWithOptions = http.ClientRequest as unknown as new (url: URL, options: https.RequestOptions) => http.ClientRequest;

export interface HttpRequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Limit for the whole exchange (connect, TLS, headers, body). Default 10 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Host name → address to connect to instead of asking DNS (like `curl --resolve`). */
  resolve?: Record<string, string>;
  /** Bytes of body we read at most. Default 4 MiB. */
  maxBodyBytes?: number;
  /** Extra CA certificates (PEM) trusted IN ADDITION to the default ones (private CAs, tests). */
  extraCa?: string[];
  /** Replaces DNS for names not in `resolve` (same contract as dns.lookup); default: the OS resolver. */
  lookup?: LookupFunction;
  /**
   * Streaming: a 2xx body is handed over chunk by chunk instead of being collected (the
   * response's `body` is then empty), and `timeoutMs` limits the silence between chunks rather
   * than the whole exchange (a long answer may stream for minutes). Other statuses are collected
   * as usual, so the caller can read the server's error body.
   */
  onData?: (chunk: Buffer) => void;
}

export type LookupFunction = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

export interface HttpResponse {
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  durationMs: number;
}

export type HttpFailureKind = 'invalidUrl' | 'dns' | 'refused' | 'reset' | 'unreachable' | 'timeout' | 'aborted' | 'tls' | 'tooLarge' | 'other';

/** Why a certificate was rejected. */
export type TlsProblem =
  | 'nameMismatch'
  | 'selfSigned'
  | 'expired'
  | 'untrusted'
  /** The server gave up during the handshake (no certificate to offer, e.g. HTTPS certs off). */
  | 'handshakeFailed'
  | 'other';

export class HttpError extends Error {
  constructor(
    readonly kind: HttpFailureKind,
    message: string,
    readonly url: string,
    readonly host: string,
    /** The underlying error code (ENOTFOUND, ERR_TLS_CERT_ALTNAME_INVALID, …). */
    readonly code?: string,
    readonly tls?: TlsProblem,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
const TLS_PROBLEMS: Record<string, TlsProblem> = {
  ERR_TLS_CERT_ALTNAME_INVALID: 'nameMismatch',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'selfSigned',
  SELF_SIGNED_CERT_IN_CHAIN: 'selfSigned',
  CERT_HAS_EXPIRED: 'expired',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted',
  CERT_UNTRUSTED: 'untrusted',
  CERT_NOT_YET_VALID: 'other',
  // Go's TLS server (tailscaled) answers a failed GetCertificate with an internal_error alert.
  ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR: 'handshakeFailed',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'handshakeFailed',
  ERR_SSL_TLSV1_UNRECOGNIZED_NAME: 'handshakeFailed',
};

/** Maps a Node socket/TLS error to our kinds. AggregateError (happy eyeballs) carries codes inside. */
function classifyError(err: NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] }, url: string, host: string): HttpError {
  const code = err.code ?? err.errors?.find((e) => e.code)?.code;
  const message = err.message || err.errors?.[0]?.message || String(code ?? 'error');
  if (code && DNS_CODES.has(code)) return new HttpError('dns', message, url, host, code);
  if (code === 'ECONNREFUSED') return new HttpError('refused', message, url, host, code);
  // A reset before the TLS handshake finished is a TLS failure, not a dropped HTTP exchange.
  if (code === 'ECONNRESET' && /before secure TLS connection was established/.test(message)) {
    return new HttpError('tls', message, url, host, code, 'handshakeFailed');
  }
  if (code && RESET_CODES.has(code)) return new HttpError('reset', message, url, host, code);
  if (code && UNREACHABLE_CODES.has(code)) return new HttpError('unreachable', message, url, host, code);
  if (code === 'ETIMEDOUT') return new HttpError('timeout', message, url, host, code);
  if (code && code in TLS_PROBLEMS) return new HttpError('tls', message, url, host, code, TLS_PROBLEMS[code]);
  if (code && (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO')) {
    return new HttpError('tls', message, url, host, code, 'other');
  }
  return new HttpError('other', message, url, host, code);
}

export type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

const hostKey = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** The address a resolve map gives a host name, like curl --resolve (case and a trailing dot do not matter). */
export function resolvedAddress(resolveMap: Record<string, string>, hostname: string): string | undefined {
  const name = hostKey(hostname);
  return Object.entries(resolveMap).find(([k]) => hostKey(k) === name)?.[1];
}

/** A `lookup` for http.request that answers mapped names itself and asks DNS for the rest. */
export function lookupWith(resolveMap: Record<string, string>, fallback: LookupFunction = dnsLookup as never): LookupFunction {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    const address = resolvedAddress(resolveMap, hostname);
    if (address === undefined) {
      fallback(hostname, options, callback);
      return;
    }
    const family = isIP(address) || 4;
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

export function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.reject(new HttpError('invalidUrl', `not a URL: ${url}`, url, ''));
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return Promise.reject(new HttpError('invalidUrl', `not http(s): ${url}`, url, parsed.hostname));
  }
  const host = parsed.hostname;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const started = performance.now();

  return new Promise<HttpResponse>((resolvePromise, rejectPromise) => {
    let settled = false;
    const finish = (err: HttpError | null, res?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (err) rejectPromise(err);
      else resolvePromise(res!);
    };

    // A fresh connection (and TLS handshake) per request: a probe must see the path and the
    // certificate as they are now. We build the request with our own one-shot agent through
    // http.ClientRequest rather than http(s).request: inside VS Code, http.proxySupport
    // ("override" by default) patches request() and swaps any agent for its proxy agent, which
    // for direct connections falls back to Node's keep-alive globalAgent and its TLS session
    // cache, so a certificate that broke while the Spark was healthy went unseen. A tailnet
    // address is never reachable through an HTTP proxy anyway.
    const agent =
      parsed.protocol === 'https:' ? new https.Agent({ keepAlive: false, maxCachedSessions: 0 }) : new http.Agent({ keepAlive: false });
    const req = new ClientRequestWithOptions(parsed, {
      method: options.method ?? 'GET',
      headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.5', ...options.headers },
      agent,
      ...(options.resolve || options.lookup ? { lookup: lookupWith(options.resolve ?? {}, options.lookup) as never } : {}),
      ...(options.extraCa && options.extraCa.length > 0 ? { ca: [...rootCertificates, ...options.extraCa] } : {}),
    });

    const fail = (err: HttpError) => {
      finish(err);
      req.destroy();
    };
    const onTimeout = () => fail(new HttpError('timeout', `no complete answer within ${timeoutMs} ms`, url, host, 'ETIMEDOUT'));
    let timer = setTimeout(onTimeout, timeoutMs);
    const onAbort = () => fail(new HttpError('aborted', 'request cancelled', url, host, 'ABORT_ERR'));
    // Before any destroy(): destroying a request emits 'error' ("socket hang up"), and without a
    // listener that is an uncaught exception in the extension host.
    req.on('error', (err) => finish(classifyError(err as NodeJS.ErrnoException, url, host)));
    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });

    req.on('response', (res) => {
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBodyBytes) {
        fail(new HttpError('tooLarge', `body of ${declared} bytes exceeds ${maxBodyBytes}`, url, host));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const status = res.statusCode ?? 0;
      const streaming = options.onData !== undefined && status >= 200 && status < 300;
      res.on('data', (chunk: Buffer) => {
        if (streaming) {
          clearTimeout(timer);
          timer = setTimeout(onTimeout, timeoutMs);
          options.onData?.(chunk);
          return;
        }
        size += chunk.length;
        if (size > maxBodyBytes) {
          fail(new HttpError('tooLarge', `body exceeds ${maxBodyBytes} bytes`, url, host));
          return;
        }
        chunks.push(chunk);
        options.onData?.(chunk);
      });
      res.on('error', (err) => finish(classifyError(err as NodeJS.ErrnoException, url, host)));
      res.on('end', () =>
        finish(null, {
          url,
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          durationMs: Math.round(performance.now() - started),
        }),
      );
    });
    req.end(options.body);
  });
}
