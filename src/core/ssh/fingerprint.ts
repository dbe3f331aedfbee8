// Host key blob helpers: the key type inside an SSH wire-format key, and the fingerprint text
// exactly as `ssh-keygen -lf` prints it (so users can compare with what the Spark shows).
import { createHash } from 'node:crypto';

/** The first SSH string of a public key blob is its type, e.g. "ssh-ed25519". */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  if (len <= 0 || len > 64 || 4 + len > blob.length) return 'unknown';
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** `SHA256:` + unpadded base64 of SHA-256(blob), like OpenSSH. */
export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** "ssh-ed25519 AAAA…" (an OpenSSH public key line without comment) → blob; undefined if malformed. */
export function blobFromKeyLine(line: string): Buffer | undefined {
  const parts = line.trim().split(/\s+/);
  const b64 = parts.length >= 2 ? parts[1] : parts[0];
  if (!b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined;
  const blob = Buffer.from(b64, 'base64');
  if (parts.length >= 2 && keyTypeOfBlob(blob) !== parts[0]) return undefined;
  return blob;
}
