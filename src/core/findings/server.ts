// Probing the OpenAI-compatible server: GET <base>/models … (src/core/inference).
// Each entry: code → severity, title, detail, fixes (src/core/findings/index.ts has makeFinding).
import { isFullMagicDnsName } from './helpers';
import type { CatalogueEntry } from './types';
import { COMMANDS } from '../commands';

export const serverFindings = {
  'probe.invalidUrl': {
    severity: 'error',
    title: () => 'Base URL is not valid',
    detail: (c) => `"${c.url ?? ''}" is not an http(s) URL. It should look like https://spark-56d0.tail1234.ts.net/v1.`,
    fixes: () => [{ label: 'Set Base URL', action: { kind: 'openSettings', setting: 'tailspark.baseUrl' } }],
  },
  'probe.dnsFailed': {
    severity: 'error',
    title: (c) => `Cannot resolve ${c.host ?? 'the host'}`,
    detail: (c) =>
      `The name ${c.host ?? '?'} did not resolve (${c.code ?? 'ENOTFOUND'}). For a …ts.net name, MagicDNS must be on and Tailscale connected on this machine; with split DNS or a resolver that ignores MagicDNS, use the 100.x address.`,
    fixes: () => [{ label: 'Open DNS Settings', action: { kind: 'openUrl', url: 'https://login.tailscale.com/admin/dns' } }],
  },
  'probe.connectionRefused': {
    severity: 'error',
    title: () => 'Connection refused',
    detail: (c) =>
      `${c.url ?? 'The server'} refused the connection. The inference server is still loading its model (the port opens only when the weights are loaded) or it is stopped; for a Serve URL, tailscale serve may not be running.`,
    fixes: () => [{ label: 'Show Server Log', action: { kind: 'command', command: COMMANDS.logsFollow } }],
  },
  'probe.badGateway': {
    severity: 'error',
    title: () => 'Serve is up, the inference server behind it is not',
    detail: (c) =>
      `${c.url ?? 'The URL'} answered ${c.status ?? 502} from the proxy in front of the server (Tailscale Serve): it could not reach the inference port on the Spark. The server is loading its model or stopped.`,
    fixes: () => [{ label: 'Show Server Log', action: { kind: 'command', command: COMMANDS.logsFollow } }],
  },
  'probe.connectionReset': {
    severity: 'error',
    title: () => 'Connection dropped',
    detail: (c) =>
      `${c.url ?? 'The server'} closed the connection before answering (${c.code ?? 'ECONNRESET'}). With Serve this usually means the backend port is not listening (server stopped or loading).`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: COMMANDS.refresh } }],
  },
  'probe.hostUnreachable': {
    severity: 'error',
    title: (c) => `${c.host ?? 'The host'} is unreachable`,
    detail: (c) =>
      `No route to ${c.host ?? 'the host'} (${c.code ?? 'EHOSTUNREACH'}). Tailscale may be disconnected on this machine, or the Spark is offline.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: COMMANDS.refresh } }],
  },
  'probe.tlsNameMismatch': {
    severity: 'error',
    title: (c) => (c.certNames ? `TLS certificate is for ${c.certNames}` : 'TLS certificate is for another name'),
    detail: (c) =>
      isFullMagicDnsName(c.host)
        ? // The URL already uses the full name: advising it would not help. Another node answered.
          `${c.host} answered with a certificate for ${c.certNames ?? 'another name'} (ERR_TLS_CERT_ALTNAME_INVALID). The URL already uses the full MagicDNS name, so the address it reached is not the Spark's Serve: a tailspark.network.resolve entry or DNS points this name at another machine, or another node answers on it. Check which address the name resolves to (tailscale ip ${c.host}) and the resolve setting.`
        : `The certificate of ${c.host ?? 'the server'} does not cover that name (ERR_TLS_CERT_ALTNAME_INVALID${c.message ? `: ${c.message}` : ''}). Tailscale Serve certificates are only valid for the full MagicDNS name (e.g. spark-56d0.tail1234.ts.net): use that name, not the short host name or an IP.`,
    fixes: (c) =>
      isFullMagicDnsName(c.host)
        ? [
            { label: 'Check Name Mappings', action: { kind: 'openSettings', setting: 'tailspark.network.resolve' } },
            { label: 'Diagnose', action: { kind: 'command', command: COMMANDS.doctor } },
          ]
        : [{ label: 'Set Base URL', action: { kind: 'openSettings', setting: 'tailspark.baseUrl' } }],
  },
  'probe.tlsSelfSigned': {
    severity: 'error',
    title: () => 'TLS certificate is self-signed',
    detail: (c) =>
      `${c.host ?? 'The server'} presented a self-signed or privately issued certificate (${c.code ?? ''}), which is not trusted. Tailscale Serve uses Let's Encrypt certificates, so something else answers on this address: check the base URL points at the Spark's MagicDNS name.`,
    fixes: () => [{ label: 'Set Base URL', action: { kind: 'openSettings', setting: 'tailspark.baseUrl' } }],
  },
  'probe.tlsExpired': {
    severity: 'error',
    title: () => 'TLS certificate expired',
    detail: (c) =>
      `The certificate of ${c.host ?? 'the server'} has expired (CERT_HAS_EXPIRED). tailscaled renews Serve certificates itself when it runs and reaches the coordination server; restart tailscaled on the Spark or check the clock there.`,
    fixes: () => [
      { label: 'Restart tailscaled', action: { kind: 'remote', argv: ['systemctl', 'restart', 'tailscaled'], sudo: true } },
    ],
  },
  'probe.tlsHandshakeFailed': {
    severity: 'error',
    title: () => 'TLS handshake aborted by the server',
    detail: (c) =>
      `${c.host ?? 'The server'} accepted the connection but gave up during the TLS handshake (${c.code ?? '?'}): it had no certificate to offer. With Tailscale Serve this means HTTPS certificates are not enabled for the tailnet, or tailscaled could not fetch the certificate yet. Enable "HTTPS Certificates" in the admin console (DNS), then retry.`,
    fixes: () => [{ label: 'Open DNS Settings', action: { kind: 'openUrl', url: 'https://login.tailscale.com/admin/dns' } }],
  },
  'probe.tlsFailed': {
    severity: 'error',
    title: () => 'TLS handshake failed',
    detail: (c) =>
      `The TLS connection to ${c.host ?? 'the server'} failed (${c.code ?? '?'}: ${c.message ?? ''}). Check that the URL is https:// only where the server speaks TLS (Serve does; the raw port 30001 does not).`,
    fixes: () => [],
  },
  'probe.apiKeyNeeded': {
    severity: 'error',
    title: () => 'The server needs an API key',
    detail: (c) =>
      `${c.url ?? 'The server'} answered 401 Unauthorized: it was started with --api-key and Tailspark sent none. Store the key in Tailspark (it goes to the secret store, never to settings files).`,
    fixes: () => [{ label: 'Set API Key', action: { kind: 'command', command: COMMANDS.setApiKey } }],
  },
  'probe.apiKeyWrong': {
    severity: 'error',
    title: () => 'API key rejected',
    detail: (c) =>
      `${c.url ?? 'The server'} answered 401 Unauthorized to the API key Tailspark sent: the key is wrong or was changed on the server.`,
    fixes: () => [{ label: 'Set API Key', action: { kind: 'command', command: COMMANDS.setApiKey } }],
  },
  'probe.notFound': {
    severity: 'error',
    title: () => 'No OpenAI API at this path (404)',
    detail: (c) =>
      `${c.url ?? 'The URL'} answered 404 Not Found. The mount path is wrong: the base URL must be the Serve URL plus the mount path plus "/v1" (e.g. https://spark-56d0.tail1234.ts.net/v1).`,
    fixes: () => [{ label: 'Detect Again', action: { kind: 'command', command: COMMANDS.refresh } }],
  },
  'probe.warmingUp': {
    severity: 'warning',
    title: () => 'Server is warming up (503)',
    detail: (c) =>
      `${c.url ?? 'The server'} answered 503 Service Unavailable: it is starting (warm-up) or shutting down. Tailspark checks again shortly.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: COMMANDS.refresh } }],
  },
  'probe.timeout': {
    severity: 'error',
    title: () => 'Server did not answer in time',
    detail: (c) =>
      `${c.url ?? 'The server'} sent no answer within ${c.timeoutMs ?? '?'} ms. The Spark may be overloaded, the tailnet path slow, or the port firewalled.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: COMMANDS.refresh } }],
  },
  'probe.notOpenAi': {
    severity: 'error',
    title: () => 'Not an OpenAI-compatible answer',
    detail: (c) =>
      `${c.url ?? 'The URL'} answered${c.status ? ` ${c.status}` : ''}, but not with an OpenAI model list (${c.message ?? 'unexpected body'}). Another service answers at this address or path.`,
    fixes: () => [{ label: 'Detect Again', action: { kind: 'command', command: COMMANDS.refresh } }],
  },
  'probe.httpError': {
    severity: 'error',
    title: (c) => `Server answered HTTP ${c.status ?? '?'}`,
    detail: (c) => `${c.url ?? 'The server'} answered HTTP ${c.status ?? '?'}${c.message ? `: ${c.message}` : ''}.`,
    fixes: () => [{ label: 'Show Server Log', action: { kind: 'command', command: COMMANDS.logsFollow } }],
  },
  'probe.responseTooLarge': {
    severity: 'error',
    title: () => 'Answer too large',
    detail: (c) =>
      `${c.url ?? 'The server'} sent more than ${c.limit ?? '?'} bytes; Tailspark stopped reading. This is not what an inference server sends for this request: check that the base URL points at the inference server.`,
    fixes: () => [{ label: 'Set Base URL', action: { kind: 'openSettings', setting: 'tailspark.baseUrl' } }],
  },
  'probe.noModels': {
    severity: 'warning',
    title: () => 'Server lists no models',
    detail: (c) => `${c.url ?? 'The server'} answered with an empty model list; it is probably still loading.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: COMMANDS.refresh } }],
  },
  'probe.networkError': {
    severity: 'error',
    title: () => 'Network error',
    detail: (c) => `The request to ${c.url ?? 'the server'} failed: ${c.code ?? ''} ${c.message ?? ''}`.trim(),
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: COMMANDS.refresh } }],
  },
} satisfies Record<string, CatalogueEntry>;
