// Every failure of the SSH layer leaves it as an SshError carrying a Finding, so callers never
// see a bare "Connection error". This file maps Node/ssh2 errors to the catalogue.
import { type Finding, type FindingCode, type FindingContext, makeFinding } from '../findings';

export class SshError extends Error {
  readonly finding: Finding;
  constructor(finding: Finding, options?: { cause?: unknown }) {
    super(`${finding.title}: ${finding.detail}`, options);
    this.name = 'SshError';
    this.finding = finding;
  }
}

export function sshError(code: FindingCode, context: FindingContext, evidence?: string, cause?: unknown): SshError {
  return new SshError(makeFinding(code, context, evidence), { cause });
}

/** Where a connection attempt was going, for messages. */
export interface ConnectPlace {
  host: string;
  port: number;
  user: string;
  connectTimeoutMs: number;
}

/** Maps a failed TCP connect / handshake (not auth or host key, those carry their own Finding). */
export function mapConnectError(err: unknown, place: ConnectPlace): SshError {
  if (err instanceof SshError) return err;
  const e = err as NodeJS.ErrnoException & { level?: string };
  const msg = e?.message ?? String(err);
  const where = `${place.host}:${place.port}`;
  const ctx = { host: place.host, port: place.port, user: place.user, where, message: msg };
  switch (e?.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return sshError('ssh.dnsFailed', ctx, msg, err);
    case 'ECONNREFUSED':
      return sshError('ssh.connectionRefused', ctx, msg, err);
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'EHOSTDOWN':
      return sshError('ssh.hostUnreachable', ctx, msg, err);
    case 'ETIMEDOUT':
      return sshError('ssh.connectTimeout', { ...ctx, seconds: Math.round(place.connectTimeoutMs / 1000) }, msg, err);
  }
  if (/Timed out while waiting for handshake/i.test(msg)) {
    return sshError('ssh.connectTimeout', { ...ctx, seconds: Math.round(place.connectTimeoutMs / 1000) }, msg, err);
  }
  if (e?.code === 'ECONNRESET' || /ECONNRESET|socket hang up|Connection lost before handshake/i.test(msg)) {
    return sshError('ssh.connectionLost', { ...ctx, command: 'the SSH handshake' }, msg, err);
  }
  return sshError('internal.unexpected', { ...ctx, message: `SSH to ${where}: ${msg}` }, msg, err);
}
