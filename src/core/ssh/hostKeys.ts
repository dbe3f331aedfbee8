// Decides, for every connection and every hop, whether to trust the host key the server
// presented: known_hosts (user + global files), then the tailnet's own list of the peer's host
// keys (tailscale status --json "sshHostKeys", delivered over Tailscale's authenticated control
// channel, so no trust-on-first-use is needed), then the user.
import { blobFromKeyLine, keyTypeOfBlob, sha256Fingerprint } from './fingerprint';
import { appendKnownHost, hostFieldMatches, judgeHostKey, knownHostsName, loadKnownHosts } from './knownHosts';
import { sshError, type SshError } from './errors';
import type { ResolvedHop } from './sshConfig';
import type { SshPrompter } from './types';

export type HostKeyDecision =
  | { ok: true; source: 'known_hosts' | 'tailnet' | 'user' | 'accept-new' }
  | { ok: false; error: SshError };

export interface HostKeyCheckInput {
  hop: ResolvedHop;
  /** "ssh-ed25519 AAAA…" lines from the tailnet for this peer (may be empty). */
  tailnetHostKeys?: readonly string[];
  prompter: SshPrompter;
  log?: (line: string) => void;
}

export async function checkHostKey(blob: Buffer, input: HostKeyCheckInput): Promise<HostKeyDecision> {
  const { hop } = input;
  const files = [...hop.knownHostsFiles, ...hop.globalKnownHostsFiles];
  const lines = loadKnownHosts(files);
  const verdict = judgeHostKey(lines, hop.host, hop.port, blob, hop.hostKeyAlias);
  const keyType = keyTypeOfBlob(blob);
  const fingerprint = sha256Fingerprint(blob);
  const ctx = {
    host: hop.host,
    port: hop.port,
    where: `${hop.host}:${hop.port}`,
    keyType,
    fingerprint,
    knownHostsName: hop.hostKeyAlias ?? knownHostsName(hop.host, hop.port),
  };
  switch (verdict.kind) {
    case 'match':
      return { ok: true, source: 'known_hosts' };
    case 'revoked':
      return {
        ok: false,
        error: sshError('ssh.hostKeyChanged', { ...ctx, reason: 'revoked', file: verdict.line.file, line: verdict.line.lineNo }, `${verdict.line.file}:${verdict.line.lineNo}`),
      };
    case 'changed':
      return {
        ok: false,
        error: sshError(
          'ssh.hostKeyChanged',
          { ...ctx, reason: 'changed', file: verdict.line.file, line: verdict.line.lineNo },
          `expected ${sha256Fingerprint(verdict.line.key)} (${verdict.line.file}:${verdict.line.lineNo}), got ${fingerprint}`,
        ),
      };
  }
  const tailnetBlobs = (input.tailnetHostKeys ?? []).flatMap((l) => blobFromKeyLine(l) ?? []);
  if (tailnetBlobs.some((b) => b.equals(blob))) return { ok: true, source: 'tailnet' };
  if (tailnetBlobs.length > 0) {
    // The tailnet vouches for other keys: neither accept-new nor a prompt may trust this one.
    const tailnetFingerprints = tailnetBlobs.map((b) => `${keyTypeOfBlob(b)} ${sha256Fingerprint(b)}`).join(', ');
    return {
      ok: false,
      error: sshError('ssh.hostKeyNotTailnet', { ...ctx, tailnetFingerprints }, `presented ${keyType} ${fingerprint}; tailnet lists ${tailnetFingerprints}`),
    };
  }
  // OpenSSH would check a host certificate here; we cannot, so say so instead of "unknown key".
  if (verdict.kind === 'unknown' && verdict.certAuthority) {
    const ca = verdict.certAuthority;
    return { ok: false, error: sshError('ssh.hostCertUnsupported', { ...ctx, file: ca.file, line: ca.lineNo }, `${ca.file}:${ca.lineNo}`) };
  }
  const writeTo = hop.knownHostsFiles[0];
  const unknown = () => ({
    ok: false as const,
    error: sshError('ssh.hostKeyUnknown', { ...ctx, file: writeTo ?? 'known_hosts' }, `${keyType} ${fingerprint}`),
  });
  let source: 'user' | 'accept-new';
  if (hop.strictHostKeyChecking === 'yes') return unknown();
  if (hop.strictHostKeyChecking === 'accept-new' || hop.strictHostKeyChecking === 'no') {
    source = 'accept-new';
  } else {
    const trusted = await input.prompter.confirmUnknownHostKey({ host: hop.host, port: hop.port, keyType, fingerprint });
    if (!trusted) return unknown();
    source = 'user';
  }
  if (writeTo) {
    try {
      // With HostKeyAlias, OpenSSH records the key under the alias.
      appendKnownHost(writeTo, hop.hostKeyAlias ?? hop.host, hop.hostKeyAlias ? 22 : hop.port, blob);
      input.log?.(`Added ${knownHostsName(hop.host, hop.port)} ${keyType} ${fingerprint} to ${writeTo}`);
    } catch (err) {
      // Trusting for this connection still holds; the user is asked again next time.
      input.log?.(`Could not write ${writeTo}: ${(err as Error).message}`);
    }
  }
  return { ok: true, source };
}

/**
 * OpenSSH 9.2's HostKeyAlgorithms default, without certificates and security-key types (ssh2
 * supports neither for host keys). SHA-1 ssh-rsa is not offered, as in OpenSSH.
 */
const OPENSSH_HOST_KEY_ORDER = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256'];

/** The known_hosts key type an algorithm negotiates. */
const TYPE_OF_ALGORITHM: Record<string, string> = { 'rsa-sha2-512': 'ssh-rsa', 'rsa-sha2-256': 'ssh-rsa' };

/**
 * Host key algorithms in the order OpenSSH asks for them (sshconnect2.c order_hostkeyalgs):
 * if known_hosts (or the tailnet) has a key of the first preference type, the default order as
 * is; else the algorithms of known types first, each group keeping the default order. So a
 * stale ECDSA line next to a good Ed25519 line is never what gets negotiated, and a stale line
 * of the negotiated type is a "changed key", as in OpenSSH.
 */
export function preferredHostKeyAlgorithms(hop: ResolvedHop, tailnetHostKeys: readonly string[] = []): string[] {
  const lines = loadKnownHosts([...hop.knownHostsFiles, ...hop.globalKnownHostsFiles]);
  const name = hop.hostKeyAlias ?? knownHostsName(hop.host.toLowerCase(), hop.port);
  const known = new Set([
    ...lines.filter((l) => !l.marker && hostFieldMatches(l.hostField, name)).map((l) => l.keyType),
    ...tailnetHostKeys.map((l) => l.trim().split(/\s+/)[0]),
  ]);
  const typeOf = (alg: string) => TYPE_OF_ALGORITHM[alg] ?? alg;
  if (known.has(typeOf(OPENSSH_HOST_KEY_ORDER[0]))) return [...OPENSSH_HOST_KEY_ORDER];
  return [...OPENSSH_HOST_KEY_ORDER.filter((a) => known.has(typeOf(a))), ...OPENSSH_HOST_KEY_ORDER.filter((a) => !known.has(typeOf(a)))];
}
