// known_hosts in OpenSSH's format (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): parse, match a host,
// decide about a presented key, and append a newly trusted key.
//
// Supported: plain and hashed (`|1|salt|hmac-sha1`) host fields, comma-separated lists,
// wildcards (* ?), negation (!pattern), `[host]:port` for non-22 ports, several keys/types per
// host, `@revoked` (for the hosts its pattern names). `@cert-authority` lines never count as a
// match (we do not verify host certificates) nor as a conflicting key; a verdict names them so
// the refusal can say that certificates are not supported. The decision follows OpenSSH 9.2
// (hostfile.c check_hostkeys_by_key_or_type, sshconnect.c check_host_key).
import { createHmac } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { keyTypeOfBlob } from './fingerprint';

export interface KnownHostLine {
  file: string;
  lineNo: number;
  marker?: '@revoked' | '@cert-authority';
  hostField: string;
  keyType: string;
  key: Buffer;
}

export function parseKnownHosts(text: string, file: string): KnownHostLine[] {
  const out: KnownHostLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const parts = line.split(/\s+/);
    let marker: KnownHostLine['marker'];
    if (parts[0].startsWith('@')) {
      if (parts[0] !== '@revoked' && parts[0] !== '@cert-authority') return; // unknown marker: skip like OpenSSH
      marker = parts.shift() as KnownHostLine['marker'];
    }
    if (parts.length < 3) return;
    const [hostField, keyType, b64] = parts;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return;
    const key = Buffer.from(b64, 'base64');
    out.push({ file, lineNo: i + 1, ...(marker ? { marker } : {}), hostField, keyType, key });
  });
  return out;
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Does this line's host field match the name (`host` or `[host]:port`)? */
export function hostFieldMatches(hostField: string, name: string): boolean {
  if (hostField.startsWith('|1|')) return hashedMatches(hostField, name);
  let positive = false;
  for (const pat of hostField.split(',')) {
    if (pat.startsWith('!')) {
      if (globMatch(pat.slice(1), name)) return false; // a matching negation overrides everything
    } else if (globMatch(pat, name)) {
      positive = true;
    }
  }
  return positive;
}

function hashedMatches(field: string, name: string): boolean {
  const [, , salt64, hash64] = field.split('|');
  if (!salt64 || !hash64) return false;
  const mac = createHmac('sha1', Buffer.from(salt64, 'base64')).update(name).digest('base64');
  return mac === hash64;
}

/** OpenSSH match_pattern(): case-insensitive, `*` any run, `?` one char. */
function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('')
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
      .join('')}$`,
    'i',
  );
  return re.test(name);
}

export type HostKeyVerdict =
  | { kind: 'match'; line: KnownHostLine }
  | { kind: 'revoked'; line: KnownHostLine }
  /** A different key is known for this host (of any type, as OpenSSH): possible man-in-the-middle. */
  | { kind: 'changed'; line: KnownHostLine }
  /** Nothing known for the host; `certAuthority` is a @cert-authority line that names it. */
  | { kind: 'unknown'; certAuthority?: KnownHostLine };

/**
 * Decides about the key a server presented, given all known_hosts lines (all files).
 * `alias` is ssh_config HostKeyAlias: then it is the only name looked up.
 */
export function judgeHostKey(lines: KnownHostLine[], host: string, port: number, blob: Buffer, alias?: string): HostKeyVerdict {
  // OpenSSH lower-cases the name before matching (hashed entries are hashes of lower-case names).
  const lower = host.toLowerCase();
  const verdict = judgeName(lines, alias ?? knownHostsName(lower, port), blob);
  // "found matching key w/out port": a plain `host KEY` line also vouches for another port,
  // but only to accept — a different key there does not make the [host]:port key "changed".
  if (verdict.kind === 'unknown' && alias === undefined && port !== 22) {
    const plain = judgeName(lines, lower, blob);
    if (plain.kind === 'match') return plain;
  }
  return verdict;
}

function judgeName(lines: KnownHostLine[], name: string, blob: Buffer): HostKeyVerdict {
  const forHost = lines.filter((l) => hostFieldMatches(l.hostField, name));
  // @revoked applies to the hosts its pattern names, and wins over everything else.
  const revoked = forHost.find((l) => l.marker === '@revoked' && l.key.equals(blob));
  if (revoked) return { kind: 'revoked', line: revoked };
  const plain = forHost.filter((l) => !l.marker);
  const match = plain.find((l) => l.key.equals(blob));
  if (match) return { kind: 'match', line: match };
  // OpenSSH reports the last non-matching key it saw as the offending one.
  if (plain.length > 0) return { kind: 'changed', line: plain[plain.length - 1] };
  const certAuthority = forHost.find((l) => l.marker === '@cert-authority');
  return certAuthority ? { kind: 'unknown', certAuthority } : { kind: 'unknown' };
}

/** Reads every existing file; unreadable files count as empty (OpenSSH does the same). */
export function loadKnownHosts(files: string[]): KnownHostLine[] {
  const out: KnownHostLine[] = [];
  for (const f of files) {
    try {
      if (existsSync(f)) out.push(...parseKnownHosts(readFileSync(f, 'utf8'), f));
    } catch {
      // unreadable (permissions): nothing known from it
    }
  }
  return out;
}

/** The line OpenSSH writes for a newly trusted key. */
export function knownHostsEntry(host: string, port: number, blob: Buffer): string {
  return `${knownHostsName(host, port)} ${keyTypeOfBlob(blob)} ${blob.toString('base64')}`;
}

/** Appends the entry, creating ~/.ssh (0700) and the file (0600) when missing. */
export function appendKnownHost(file: string, host: string, port: number, blob: Buffer): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  if (existsSync(file)) {
    const current = readFileSync(file, 'utf8');
    if (current.length > 0 && !current.endsWith('\n')) prefix = '\n';
  }
  appendFileSync(file, `${prefix}${knownHostsEntry(host, port, blob)}\n`, { mode: 0o600 });
}
