import { pino, type Logger } from 'pino';

/**
 * Logs go to stderr as JSON so that CLI results on stdout stay machine-readable.
 * Never log valuations, tokens or personal data.
 */
const root: Logger = pino(
  { level: process.env.LOG_LEVEL ?? 'info', base: undefined, redact: ['token', 'password', '*.token', '*.password'] },
  pino.destination(2),
);

export const logger = (module: string): Logger => root.child({ module });
export const rootLogger = root;
