import { EstatesError, type ErrorCode } from '../errors.js';

/** CLI results go to stdout (JSON when asked); progress and errors to stderr. */
export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};
export const printLine = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
export const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

const EXIT_CODES: Record<ErrorCode, number> = {
  bad_input: 2,
  not_found: 3,
  conflict: 4,
  forbidden: 5,
  unauthenticated: 5,
  too_large: 2,
  illegal_transition: 4,
  service_unavailable: 69,
  migration_failed: 70,
  internal: 1,
};

/** One stderr line and an exit code per failure; a stack trace only with DEBUG set. */
export function reportFailure(e: unknown): number {
  if (e instanceof EstatesError) {
    say(`estates: ${e.message}`);
    if (process.env.DEBUG && e.cause) say(String((e.cause as Error).stack ?? e.cause));
    return EXIT_CODES[e.code];
  }
  say(`estates: ${(e as Error)?.message ?? String(e)}`);
  if (process.env.DEBUG) say(String((e as Error)?.stack ?? ''));
  return 1;
}

/** A live progress line: rewritten in place on a terminal, printed at most every few seconds otherwise. */
export function progressLine(): { update(text: string): void; done(): void } {
  const tty = process.stderr.isTTY;
  let last = '';
  let lastAt = 0;
  return {
    update(text) {
      if (text === last) return;
      const now = Date.now();
      if (tty) process.stderr.write(`\r\x1b[K${text}`);
      else if (now - lastAt > 2_000) {
        process.stderr.write(`${text}\n`);
        lastAt = now;
      }
      last = text;
    },
    done() {
      if (tty && last) process.stderr.write('\n');
    },
  };
}
