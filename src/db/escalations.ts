import { sql } from 'kysely';
import type { Escalation } from '../domain/case-workflow.js';
import type { Executor } from './connect.js';

/** Records a breach once: false when its key (case, stage, entry instant) was escalated before. */
export async function insertEscalation(db: Executor, e: Escalation, raisedOn: string): Promise<boolean> {
  const inserted = await db
    .insertInto('escalations')
    .values({
      key: e.key,
      case_id: e.caseId,
      stage: e.stage,
      entered_at: new Date(e.enteredAt),
      deadline: e.deadline,
      working_days_overdue: e.workingDaysOverdue,
      stall_reason: JSON.stringify(e.stallReason),
      raised_on: raisedOn,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

export interface EscalationRow {
  key: string;
  caseId: number;
  stage: string;
  deadline: string;
  workingDaysOverdue: number;
  raisedOn: string;
}

export async function listEscalations(db: Executor, caseId?: number): Promise<EscalationRow[]> {
  const rows = await sql<{
    key: string;
    case_id: number;
    stage: string;
    deadline: string;
    working_days_overdue: number;
    raised_on: string;
  }>`
    SELECT key, case_id, stage, deadline::text AS deadline, working_days_overdue, raised_on::text AS raised_on
    FROM escalations ${caseId === undefined ? sql`` : sql`WHERE case_id = ${caseId}`}
    ORDER BY raised_on, case_id, key`.execute(db);
  return rows.rows.map((r) => ({
    key: r.key,
    caseId: r.case_id,
    stage: r.stage,
    deadline: r.deadline,
    workingDaysOverdue: r.working_days_overdue,
    raisedOn: r.raised_on,
  }));
}
