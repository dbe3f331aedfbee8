// Server-Sent Events framing (WHATWG "event stream" rules, the subset OpenAI-style servers use):
// bytes arrive in arbitrary pieces, so lines are split only once complete, `data:` lines of one
// event are joined with "\n", a blank line ends the event, `:` lines are comments (keep-alives).
// UTF-8 is decoded with a streaming decoder so a character split across two chunks survives.

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  private data: string[] = [];

  /** Feeds raw bytes; returns the `data` payloads of every event completed by them. */
  push(chunk: Uint8Array): string[] {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    return this.drain();
  }

  /** The stream ended: a last event without its closing blank line still counts. */
  end(): string[] {
    this.buffer += this.decoder.decode();
    const events = this.drain();
    if (this.buffer !== '') {
      this.line(this.buffer, events);
      this.buffer = '';
    }
    if (this.data.length > 0) events.push(this.data.splice(0).join('\n'));
    return events;
  }

  private drain(): string[] {
    const events: string[] = [];
    for (;;) {
      const nl = this.buffer.search(/\r\n|\r|\n/);
      if (nl < 0) break;
      // A lone "\r" at the very end may be the first half of "\r\n": wait for the next chunk.
      if (this.buffer[nl] === '\r' && nl === this.buffer.length - 1) break;
      const width = this.buffer.startsWith('\r\n', nl) ? 2 : 1;
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + width);
      this.line(line, events);
    }
    return events;
  }

  private line(line: string, events: string[]): void {
    if (line === '') {
      if (this.data.length > 0) events.push(this.data.splice(0).join('\n'));
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    // event:, id:, retry: carry nothing the chat completions stream uses.
  }
}
