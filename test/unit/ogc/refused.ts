import { Cql2Error } from '../../../src/ogc/cql2/error.js';

/** The Cql2Error `run` raises; fails the test when it raises nothing or something else. */
export function refused(run: () => unknown): Cql2Error {
  try {
    run();
  } catch (e) {
    if (e instanceof Cql2Error) return e;
    throw e;
  }
  throw new Error('accepted, where a refusal was expected');
}
