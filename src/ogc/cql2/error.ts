import { EstatesError } from '../../errors.js';

/**
 * A filter refused: the parameter it came in, the term at fault (as the caller wrote it) and,
 * for text, its character position. Raised as `bad_input`, so the API answers 400; under /ogc the
 * error handler (src/api/errors.ts) writes OGC API's exception, with the parameter and term.
 */
export class Cql2Error extends EstatesError {
  constructor(
    message: string,
    readonly term: string,
    readonly position?: number,
    readonly parameter = 'filter',
  ) {
    super('bad_input', message, { details: { parameter, term, ...(position === undefined ? {} : { position }) } });
    this.name = 'Cql2Error';
  }
}
