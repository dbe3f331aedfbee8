// Diagnose for every configured server (issue #19), shared by the editor's *Diagnose* command and
// the CLI's `tailspark doctor` without --server: which servers, in which order, one after the
// other, and the heading of each server's section. What a run for one server is stays with the
// caller (the editor's connections and targets, the CLI's flags): the same doctor, per server.
import { tr } from '../l10n';
import type { ServerEntry } from './serverList';

export interface ServerRun<T> {
  entry: ServerEntry;
  /** The active server (the one the editor's targets and remote commands act on). */
  active: boolean;
  result: T;
}

/** The active server first, then the others in their configured order (an unknown active: list order). */
export function activeFirst(list: readonly ServerEntry[], active: ServerEntry | undefined): ServerEntry[] {
  const first = active && list.includes(active) ? active : undefined;
  return first ? [first, ...list.filter((e) => e !== first)] : [...list];
}

/**
 * Runs `run` for each server, active first, ONE AFTER THE OTHER: each run opens its own SSH
 * session and runs a dozen commands there, and several Sparks diagnosed at once would mix their
 * progress and prompts. `onServer` is told before each run (progress: "2/3 Spark B").
 */
export async function forEachServer<T>(
  list: readonly ServerEntry[],
  active: ServerEntry | undefined,
  run: (entry: ServerEntry, active: boolean) => Promise<T>,
  onServer?: (entry: ServerEntry, index: number, total: number) => void,
): Promise<ServerRun<T>[]> {
  const order = activeFirst(list, active);
  const out: ServerRun<T>[] = [];
  for (const [i, entry] of order.entries()) {
    onServer?.(entry, i, order.length);
    const isActive = entry === active;
    out.push({ entry, active: isActive, result: await run(entry, isActive) });
  }
  return out;
}

/** 'Server "Spark A" (spark-a.tail1234.ts.net:30001)'; a server without a host is found by discovery. */
export function serverHeading(entry: ServerEntry): string {
  return tr('Server "{0}" ({1})', entry.name, `${entry.host || tr('discovered')}:${entry.port}`);
}

/** A server's report as a Markdown section: its heading, then the report (blank line between sections). */
export function serverSectionMarkdown(entry: ServerEntry, report: string, index: number): string {
  return `${index > 0 ? '\n' : ''}# ${serverHeading(entry)}\n\n${report}`;
}
