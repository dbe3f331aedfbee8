// The io every CLI command gets: what it prints passes through stripControl (colours kept), so
// a model id, version or journal line from the Spark cannot drive the user's terminal (OSC 52
// clipboard writes, screen clears, title changes). A small module: cli.ts loads it eagerly.
import { stripControl } from '../core/safeText';
import type { CliIo } from './io';

export function terminalSafe(io: CliIo): CliIo {
  const safe = (w: CliIo['stdout']): CliIo['stdout'] => ({ write: (text: string) => w.write(stripControl(text, { keepColours: true })) });
  return { ...io, stdout: safe(io.stdout), stderr: safe(io.stderr) };
}
