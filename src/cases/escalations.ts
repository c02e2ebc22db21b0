import { overdueStages, type Escalation } from '../domain/case-workflow.js';
import { londonDate } from '../domain/working-days.js';
import type { Executor } from '../db/connect.js';
import { insertEscalation } from '../db/escalations.js';
import { loadCaseStates } from './case-record.js';

/**
 * Escalations for overdue stages. The key (case, stage, entry instant) is the table's primary
 * key, so running the check again, the same day or any later one, raises a breach only once.
 */
export async function raiseEscalations(db: Executor, now: Date): Promise<{ overdue: number; raised: Escalation[] }> {
  const overdue = overdueStages(await loadCaseStates(db), now);
  const raised: Escalation[] = [];
  const raisedOn = londonDate(now);
  for (const e of overdue) if (await insertEscalation(db, e, raisedOn)) raised.push(e);
  return { overdue: overdue.length, raised };
}

/** The deadline check as `estates deadlines --json` and POST /api/deadlines report it. */
export async function deadlineCheck(db: Executor, now: Date) {
  const { overdue, raised } = await raiseEscalations(db, now);
  return {
    day: londonDate(now),
    overdue,
    raised: raised.map(({ caseId, stage, deadline, workingDaysOverdue, key }) => ({
      caseId,
      stage,
      deadline,
      workingDaysOverdue,
      key,
    })),
  };
}
