/**
 * How long a name must wait before trying to sign in again from one address, after a run of
 * failed attempts from there. Keyed by name *and* address, so someone guessing from elsewhere
 * never locks the owner out (the flat 15-minute lockout of a name this replaces was a denial of
 * service); a few typos cost nothing, then each further failure doubles the wait up to a cap.
 *
 * NIST SP 800-63B-4 §3.2.2 (rate limiting) asks for no more than 100 consecutive failed
 * attempts on one account and names growing delays between attempts as a way there; with these
 * figures one address gets at most ~100 guesses a day at a name once the delay reaches its cap.
 */
export const SIGN_IN_THROTTLE = {
  /** Failures allowed with no wait at all: typos and a forgotten caps lock. */
  freeFailures: 3,
  /** The wait after the first failure past the free ones; each further failure doubles it. */
  firstDelayMs: 1_000,
  /** The longest wait between attempts. */
  maxDelayMs: 15 * 60 * 1000,
  /** Failures are forgotten after this long without another one. */
  forgetAfterMs: 24 * 60 * 60 * 1000,
} as const;

export interface FailedSignIns {
  /** Consecutive failed attempts from this address at this name. */
  failures: number;
  lastFailureAt: Date;
}

/** The wait owed after `failures` consecutive failures, in milliseconds (0: none). */
export function signInDelayMs(failures: number, rule = SIGN_IN_THROTTLE): number {
  const past = failures - rule.freeFailures;
  if (past <= 0) return 0;
  return Math.min(rule.maxDelayMs, rule.firstDelayMs * 2 ** Math.min(past - 1, 30));
}

/** When this name may try again from this address (null: now). */
export function nextSignInAllowedAt(record: FailedSignIns | null, now: Date, rule = SIGN_IN_THROTTLE): Date | null {
  if (!record) return null;
  if (now.getTime() - record.lastFailureAt.getTime() >= rule.forgetAfterMs) return null;
  const at = record.lastFailureAt.getTime() + signInDelayMs(record.failures, rule);
  return at > now.getTime() ? new Date(at) : null;
}
