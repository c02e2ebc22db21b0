/**
 * Answers to the busiest read questions (the ranked list, land near a place), kept in this
 * process until the data behind them changes. Each answer is stored with the data version it was
 * computed after (see rankedListVersion, landVersion); a request reads the current version first
 * (one indexed query) and is answered from here only when it matches, so a new rank run, a case
 * moving stage or a new upload is seen by the very next request. Nothing here outlives the
 * process or is shared with another: every API process keeps its own and asks Postgres.
 *
 * Bounded twice: by entries and by their approximate size, least recently used dropped first.
 * Concurrent requests for the same question and version share one computation, so 50 clients
 * asking at once after a rank run lands cost one query, not 50.
 */
export class AnswerCache<A> {
  private readonly answers = new Map<string, { version: string; answer: A; size: number }>();
  private readonly pending = new Map<string, Promise<A>>();
  private sizeHeld = 0;

  constructor(private readonly limits: { maxEntries: number; maxSize: number; sizeOf: (answer: A) => number }) {}

  /** The answer to `question` as of `version`: kept, being computed, or computed now by `compute`. */
  async answer(question: string, version: string, compute: () => Promise<A>): Promise<A> {
    const kept = this.answers.get(question);
    if (kept && kept.version === version) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.answers.delete(question);
      this.answers.set(question, kept);
      return kept.answer;
    }
    const key = `${version}\n${question}`;
    const running = this.pending.get(key);
    if (running) return running;
    const computing = compute().then(
      (answer) => {
        this.pending.delete(key);
        this.keep(question, version, answer);
        return answer;
      },
      (error: unknown) => {
        this.pending.delete(key);
        throw error;
      },
    );
    this.pending.set(key, computing);
    return computing;
  }

  /** How many answers and how much size are held (for tests of the bounds). */
  get held(): { entries: number; size: number } {
    return { entries: this.answers.size, size: this.sizeHeld };
  }

  private keep(question: string, version: string, answer: A): void {
    const size = this.limits.sizeOf(answer);
    // A slow answer from an older version may replace a newer one: the next request then sees a
    // version that does not match and asks again. Costly once, never stale.
    this.drop(question);
    // One answer bigger than a quarter of the budget (a 10,000-site export) is served, not kept.
    if (size > this.limits.maxSize / 4) return;
    this.answers.set(question, { version, answer, size });
    this.sizeHeld += size;
    for (const oldest of this.answers.keys()) {
      if (this.answers.size <= this.limits.maxEntries && this.sizeHeld <= this.limits.maxSize) break;
      this.drop(oldest);
    }
  }

  private drop(question: string): void {
    const kept = this.answers.get(question);
    if (!kept) return;
    this.sizeHeld -= kept.size;
    this.answers.delete(question);
  }
}

/**
 * Reads a data version for many concurrent requests at once without ever answering a request
 * with a read that began before it arrived: a request arriving while a read is in flight waits
 * for the next one, which starts when that read ends and serves every request that queued for
 * it. So a change committed before a request arrived is always in the version it gets (the
 * guarantee one read per request gives), at a cost of one read per round trip, not per request.
 */
export class FreshVersion {
  private inFlight: Promise<string> | null = null;
  private queued: Promise<string> | null = null;

  constructor(private readonly read: () => Promise<string>) {}

  current(): Promise<string> {
    if (this.queued) return this.queued;
    if (!this.inFlight) return this.begin();
    const started = this.inFlight;
    const next = started
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.queued = null;
        return this.begin();
      });
    this.queued = next;
    return next;
  }

  private begin(): Promise<string> {
    const reading: Promise<string> = this.read().finally(() => {
      if (this.inFlight === reading) this.inFlight = null;
    });
    this.inFlight = reading;
    return reading;
  }
}
