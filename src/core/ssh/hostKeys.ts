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
  const verdict = judgeHostKey(lines, hop.host, hop.port, blob);
  const keyType = keyTypeOfBlob(blob);
  const fingerprint = sha256Fingerprint(blob);
  const ctx = {
    host: hop.host,
    port: hop.port,
    where: `${hop.host}:${hop.port}`,
    keyType,
    fingerprint,
    knownHostsName: knownHostsName(hop.host, hop.port),
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
      appendKnownHost(writeTo, hop.host, hop.port, blob);
      input.log?.(`Added ${knownHostsName(hop.host, hop.port)} ${keyType} ${fingerprint} to ${writeTo}`);
    } catch (err) {
      // Trusting for this connection still holds; the user is asked again next time.
      input.log?.(`Could not write ${writeTo}: ${(err as Error).message}`);
    }
  }
  return { ok: true, source };
}

/** Host key algorithms ssh2 may negotiate for each known_hosts key type (SHA-1 ssh-rsa left out). */
const ALGORITHMS_FOR_TYPE: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256'],
};

/**
 * Host key algorithms to ask for first, like OpenSSH: the types already known for this host.
 * Without this, a Spark whose ECDSA key is in known_hosts would be asked for its Ed25519 key
 * (ssh2's first choice) and the user would get an "unknown key" prompt for a trusted host.
 */
export function preferredHostKeyAlgorithms(hop: ResolvedHop, tailnetHostKeys: readonly string[] = []): string[] {
  const lines = loadKnownHosts([...hop.knownHostsFiles, ...hop.globalKnownHostsFiles]);
  const name = knownHostsName(hop.host, hop.port);
  const types = [
    ...lines.filter((l) => !l.marker && hostFieldMatches(l.hostField, name)).map((l) => l.keyType),
    ...tailnetHostKeys.map((l) => l.trim().split(/\s+/)[0]),
  ];
  return [...new Set(types.flatMap((t) => ALGORITHMS_FOR_TYPE[t] ?? []))];
}
