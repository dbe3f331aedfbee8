// What a notification quotes from a Finding's evidence (journal lines, command output): the one
// line that says WHY, e.g. "torch.OutOfMemoryError: CUDA out of memory", redacted and cut short.
import { redact } from '../redact';

/** The evidence line that explains most: the last one that reads like an error, else the last one. */
export function tellingLine(evidence: string | undefined, max = 200): string | undefined {
  const lines = (evidence ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return undefined;
  const errorish = /error|exception|fatal|out of memory|killed|denied|refused|not found|no such/i;
  const line = [...lines].reverse().find((l) => errorish.test(l)) ?? lines[lines.length - 1]!;
  // "Nov 29 11:06:54 spark-56d0 python3[797]: " says nothing the notification needs.
  const clean = redact(line.replace(/^[A-Z][a-z]{2} +\d+ [\d:]+ \S+ [^:\s]+: /, ''));
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
