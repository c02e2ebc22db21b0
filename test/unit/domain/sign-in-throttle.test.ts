import { describe, expect, it } from 'vitest';
import { nextSignInAllowedAt, SIGN_IN_THROTTLE, signInDelayMs } from '../../../src/domain/sign-in-throttle.js';

describe('sign-in throttle', () => {
  it('lets the first few failures through, then doubles the wait up to the cap', () => {
    const free = SIGN_IN_THROTTLE.freeFailures;
    expect([0, 1, free].map((n) => signInDelayMs(n))).toEqual([0, 0, 0]);
    expect([free + 1, free + 2, free + 3, free + 4].map((n) => signInDelayMs(n))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(signInDelayMs(free + 20)).toBe(SIGN_IN_THROTTLE.maxDelayMs);
    expect(signInDelayMs(10_000)).toBe(SIGN_IN_THROTTLE.maxDelayMs);
  });

  it('says when the next attempt is allowed, and forgets failures after a quiet day', () => {
    const last = new Date('2026-03-02T10:00:00Z');
    const record = { failures: SIGN_IN_THROTTLE.freeFailures + 3, lastFailureAt: last };
    expect(nextSignInAllowedAt(record, new Date('2026-03-02T10:00:01Z'))).toEqual(new Date('2026-03-02T10:00:04Z'));
    expect(nextSignInAllowedAt(record, new Date('2026-03-02T10:00:04Z'))).toBeNull();
    const capped = { failures: 60, lastFailureAt: last };
    expect(nextSignInAllowedAt(capped, new Date('2026-03-02T10:14:59Z'))).toEqual(new Date('2026-03-02T10:15:00Z'));
    expect(nextSignInAllowedAt(capped, new Date('2026-03-03T10:00:00Z'))).toBeNull();
    expect(nextSignInAllowedAt(null, last)).toBeNull();
  });

  it('keeps one address to about a hundred guesses a day at one name once capped (NIST SP 800-63B-4)', () => {
    let t = 0;
    let attempts = 0;
    for (let failures = 0; t < 24 * 3600 * 1000; failures++) {
      attempts++;
      t += signInDelayMs(failures + 1);
    }
    expect(attempts).toBeLessThanOrEqual(110);
  });
});
