import { sql, type Kysely } from 'kysely';

// The disposal workflow around the append-only case_events: the head of each case's hash chain
// (so a chain cut short at its end is caught), the Board's meetings, and escalations raised
// once per overdue stage. Outcomes (receipts, homes, reinvestment) are case events, not a table.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- The last event's sequence and hash, written in the transaction that appends it.
    ALTER TABLE cases ADD COLUMN head_sequence integer NOT NULL DEFAULT 0;
    ALTER TABLE cases ADD COLUMN head_hash text;
    CREATE INDEX cases_stage_idx ON cases (stage) WHERE closed_at IS NULL;

    CREATE TABLE board_meetings (
      id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]*$'),
      held_on date NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    -- One row per breach: the key (case, stage, entry instant) makes a re-run add nothing.
    CREATE TABLE escalations (
      key text PRIMARY KEY,
      case_id integer NOT NULL REFERENCES cases (id),
      stage text NOT NULL,
      entered_at timestamptz NOT NULL,
      deadline date NOT NULL,
      working_days_overdue integer NOT NULL,
      stall_reason jsonb,
      raised_on date NOT NULL,
      raised_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX escalations_case_idx ON escalations (case_id);
  `.execute(db);
}
