import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * COPY ... FROM STDIN inside a Kysely transaction. Kysely hands a query to its pg client as text
 * and parameters and has no way to stream, so a statement PostgreSQL itself would refuse, `COPY
 * t (cols) FROM STDIN $1`, is taken by the connection as "stream parameter 1 as the COPY's data".
 * COPY reads rows several times faster than json_to_recordset (no JSON document to parse first).
 */
const COPY_FROM_PARAMETER = /^(COPY [^;]+ FROM STDIN) \$1$/s;

export class CopyingClient extends pg.Client {
  // One signature for all of pg's overloads; anything but the COPY form goes to pg unchanged.
  // biome-ignore lint/suspicious/noExplicitAny: pg.Client.query has many overloads; this override must accept them all
  override query(...args: any[]): any {
    const [text, values] = args as [unknown, unknown];
    const copy = typeof text === 'string' ? COPY_FROM_PARAMETER.exec(text) : null;
    const rows: unknown = Array.isArray(values) ? values[0] : undefined;
    if (copy?.[1] && (typeof rows === 'string' || isStreamed(rows))) return this.copyIn(copy[1], rows);
    return (super.query as (...a: unknown[]) => unknown).apply(this, args);
  }

  private async copyIn(
    statement: string,
    rows: string | CopyStream,
  ): Promise<{ command: string; rowCount: number; rows: [] }> {
    const stream = super.query(copyFrom(statement));
    await pipeline(typeof rows === 'string' ? Readable.from([rows]) : Readable.from(rows.pieces), stream);
    return { command: 'COPY', rowCount: Number(stream.rowCount ?? 0), rows: [] };
  }
}

/**
 * COPY data made a piece at a time (an upload's bytes read from disk), so a row as large as a
 * 100 MB file reaches PostgreSQL without ever being held whole in this process.
 */
export interface CopyStream {
  readonly pieces: AsyncIterable<string | Buffer>;
}

const isStreamed = (value: unknown): value is CopyStream =>
  typeof value === 'object' && value !== null && 'pieces' in value;

/** The statement for COPY data made a piece at a time. */
export const copyStream = (table: string, columns: readonly string[], data: CopyStream): RawBuilder<unknown> =>
  sql`${sql.raw(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)} ${data}`;

/** One value in COPY's text format: \N for null, and backslash, tab, newline and return escaped. */
export function copyText(value: string | number | boolean | null | undefined): string {
  // As JSON would: a number that is not finite is no value.
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return '\\N';
  if (typeof value !== 'string') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] ?? c) : value;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** The statement for rows already in COPY text format (one line each, copyText values joined by tabs). */
export const copyRows = (table: string, columns: readonly string[], rows: string): RawBuilder<unknown> =>
  sql`${sql.raw(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)} ${rows}`;
