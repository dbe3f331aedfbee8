// Turns a byte stream into complete lines (UTF-8 safe across chunk borders, \n or \r\n).
import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';
  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    const text = this.rest + this.decoder.write(chunk);
    const parts = text.split('\n');
    this.rest = parts.pop() ?? '';
    for (const p of parts) this.onLine(p.endsWith('\r') ? p.slice(0, -1) : p);
  }

  /** Emits a last line without a trailing newline, if any. */
  flush(): void {
    const text = this.rest + this.decoder.end();
    this.rest = '';
    if (text.length > 0) this.onLine(text.endsWith('\r') ? text.slice(0, -1) : text);
  }
}
