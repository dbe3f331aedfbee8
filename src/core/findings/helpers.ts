// Helpers the catalogue's entries share to build texts and fixes from a context. Commands in
// fixes are argv arrays (or copy text built by quoteArgv from one): never text a remote machine
// echoed, never values glued into a string.
import { quoteArgv } from '../util/argv';
import type { Fix, FindingContext } from './types';

/** An argv from the context (one we built or ran), or undefined. */
export function argvFrom(value: FindingContext[string]): string[] | undefined {
  return typeof value === 'object' && value.length > 0 ? [...value] : undefined;
}

/** A command as one shell line, every element quoted by quoteArgv; undefined when it cannot be
 * quoted (no argv, or a NUL byte, which no shell argument can hold). */
export function commandLine(argv: readonly string[] | undefined, sudo = false): string | undefined {
  if (!argv || argv.length === 0 || argv.some((a) => a.includes('\0'))) return undefined;
  return `${sudo ? 'sudo ' : ''}${quoteArgv(argv)}`;
}

/** A "copy this command" fix for a command the user runs themselves (locally, or as an admin). */
export function copyCommand(label: string, argv: readonly string[], sudo = false): Fix[] {
  const text = commandLine(argv, sudo);
  return text ? [{ label, action: { kind: 'copy', text } }] : [];
}

/** A value usable as a command operand: a non-empty string that cannot be read as an option. */
export function operand(value: FindingContext[string]): string | undefined {
  return typeof value === 'string' && value !== '' && !value.startsWith('-') ? value : undefined;
}

/** A tailnet's full MagicDNS name (host.tailnet.ts.net): the name Serve certificates are issued for. */
export function isFullMagicDnsName(host: unknown): boolean {
  return typeof host === 'string' && /^[a-z0-9-]+\.[a-z0-9-]+\.ts\.net\.?$/i.test(host);
}
