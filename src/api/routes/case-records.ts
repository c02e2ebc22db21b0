import { casePage } from '../../cases/case-page.js';
import { actOnCase } from '../../cases/case-record.js';
import type { Caller } from '../../db/users.js';
import type { CaseRequest } from '../../domain/case-workflow.js';
import { caseViewFor } from '../../domain/roles.js';
import { access } from '../access.js';
import { callerOf } from '../auth.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/case-records.js';

/**
 * The case record between moves: expressions of interest, delays and outcomes (facts and their
 * documents are in case-facts.ts). Each names the caller as the event's actor in the caller's role, and answers
 * with the case page as that role may see it.
 */
export function caseRecordRoutes(app: Api, { db }: ApiDeps): void {
  const answer = async (caller: Caller, caseId: number, now: Date) =>
    caseViewFor(caller.role, await casePage(db, caseId, now, caller.role));
  const act = async (caller: Caller, caseId: number, request: CaseRequest, version: number | undefined) => {
    const now = new Date();
    await actOnCase(db, caseId, request, now, version);
    return answer(caller, caseId, now);
  };
  const by = (caller: Caller, reason: string) => ({ actor: caller.name, role: caller.role, reason });

  app.post(
    '/api/cases/:id/interests',
    { config: access('POST /api/cases/:id/interests'), schema: schema.recordInterest },
    async (request) => {
      const caller = callerOf(request);
      const { body, closed, reason, version } = request.body;
      const kind = closed ? 'interest_closed' : 'interest_received';
      return act(caller, request.params.id, { kind, body, ...by(caller, reason) }, version);
    },
  );

  app.post(
    '/api/cases/:id/delays',
    { config: access('POST /api/cases/:id/delays'), schema: schema.explainDelay },
    async (request) => {
      const caller = callerOf(request);
      const { stallReason, reason, version } = request.body;
      return act(caller, request.params.id, { kind: 'explain_delay', stallReason, ...by(caller, reason) }, version);
    },
  );

  app.post(
    '/api/cases/:id/outcomes',
    { config: access('POST /api/cases/:id/outcomes'), schema: schema.recordOutcome },
    async (request) => {
      const caller = callerOf(request);
      const { outcome, reason, version } = request.body;
      return act(caller, request.params.id, { kind: 'record_outcome', outcome, ...by(caller, reason) }, version);
    },
  );
}
