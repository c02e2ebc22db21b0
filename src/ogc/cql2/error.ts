import { EstatesError } from '../../errors.js';

/**
 * A filter refused: the parameter it came in, the term at fault (as the caller wrote it) and,
 * for text, its character position. Raised as `bad_input`, so the API answers 400.
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

/**
 * The body OGC API – Features gives a bad parameter (the exception schema of Part 1: code and
 * description), with the offending term so a GIS client's user sees what to change.
 */
export function ogcException(error: Cql2Error): {
  code: 'InvalidParameterValue';
  description: string;
  parameter: string;
  term: string;
} {
  return { code: 'InvalidParameterValue', description: error.message, parameter: error.parameter, term: error.term };
}
