/**
 * Writes handed over one at a time, in order, while the caller computes what comes next: a step
 * that parses or values in Node and writes to PostgreSQL then keeps both cores busy. A hand-over
 * waits for the write before it, so at most one is in flight (one connection, bounded memory,
 * commits in order); a failed write is thrown at the next hand-over or at drain().
 */
export class WriteBehind {
  private inFlight: Promise<void> | null = null;

  async add(write: () => Promise<unknown>): Promise<void> {
    await this.drain();
    const started = write().then(() => undefined);
    // Observed now, so a failure while the caller computes is not an unhandled rejection; it is
    // thrown when the caller next hands over or drains.
    started.catch(() => undefined);
    this.inFlight = started;
  }

  async drain(): Promise<void> {
    const last = this.inFlight;
    this.inFlight = null;
    if (last) await last;
  }
}
