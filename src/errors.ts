/** Every failure we raise carries a code; each edge (API, CLI, worker) maps codes once. */
export type ErrorCode =
  | 'bad_input'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthenticated'
  | 'too_large'
  | 'service_unavailable'
  | 'migration_failed'
  | 'illegal_transition'
  | 'internal';

export class EstatesError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions & { details?: unknown },
  ) {
    super(message, options);
    this.name = 'EstatesError';
    this.details = options?.details;
  }
  readonly details: unknown;
}

export const isEstatesError = (e: unknown): e is EstatesError => e instanceof EstatesError;
