import { tooManyRequests } from './errors.js';

/** How long a refused uploader is told to wait: an upload of a few MB is read in about this long. */
export const UPLOAD_RETRY_AFTER_SECONDS = 5;

/**
 * Uploads being received by this process at once, in all and per user. Each one in hand holds
 * up to MAX_UPLOAD_BYTES, so these bound the memory uploads can take (three 95 MB uploads at once
 * took the API to 968 MB); beyond them the caller gets 429 with Retry-After and nothing is read.
 * Per process, because the memory being protected is this process's.
 */
export class UploadSlots {
  private inHand = 0;
  private readonly perUser = new Map<number, number>();

  constructor(
    private readonly maxInAll: number,
    private readonly maxPerUser: number,
  ) {}

  /** A slot for the user's upload, to be released when it is stored or refused; a 429 when none is free. */
  take(userId: number): () => void {
    const mine = this.perUser.get(userId) ?? 0;
    if (mine >= this.maxPerUser)
      throw tooManyRequests(
        `you already have ${mine} upload${mine === 1 ? '' : 's'} being received; send the next when it is stored`,
        UPLOAD_RETRY_AFTER_SECONDS,
      );
    if (this.inHand >= this.maxInAll)
      throw tooManyRequests(
        `${this.inHand} uploads are being received; try again in a few seconds`,
        UPLOAD_RETRY_AFTER_SECONDS,
      );
    this.inHand += 1;
    this.perUser.set(userId, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inHand -= 1;
      const left = (this.perUser.get(userId) ?? 1) - 1;
      if (left === 0) this.perUser.delete(userId);
      else this.perUser.set(userId, left);
    };
  }
}
