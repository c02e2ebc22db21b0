import { EstatesError } from '../errors.js';

/** A command-line whole number from 1 to `max`, or bad_input naming the option. */
export const positiveInt = (text: string, what: string, max: number): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new EstatesError('bad_input', `${what} must be a whole number from 1 to ${max}`);
  return n;
};
