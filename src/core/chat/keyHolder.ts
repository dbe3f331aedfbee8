// The API key for chat requests, kept between requests and fetched AHEAD of need. In a remote
// window (code-server, Remote-SSH) every SecretStorage read is a round trip to the workbench
// (~10 ms measured in test/bench/chatProvider.bench.mjs), and a request that has to wait for one
// sends its HTTP request that much later. So the key is read once the models are listed (before
// any caller can pick one) and again as soon as it changed; a request takes what is in hand.
export class ApiKeyHolder {
  private kept: Promise<string | undefined> | undefined;

  constructor(private readonly read: () => Promise<string | undefined>) {}

  /** The key: the kept one, else a fresh read (first use, after forget(), after a failed read). */
  get(): Promise<string | undefined> {
    if (!this.kept) {
      const reading = this.read();
      this.kept = reading;
      // A failed read is not kept: the next get() tries again.
      reading.catch(() => {
        if (this.kept === reading) this.kept = undefined;
      });
    }
    return this.kept;
  }

  /** Starts the read now (if no key is kept), so the next request finds the key in hand. */
  prefetch(): void {
    this.get().catch(() => {});
  }

  /** The stored key changed, or a request failed with the kept one: read it again next time. */
  forget(): void {
    this.kept = undefined;
  }
}
