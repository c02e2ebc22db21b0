import { casePage, listCases } from '../../cases/case-page.js';
import { actOnCase, openCaseForSite } from '../../cases/case-record.js';
import type { TransitionRequest } from '../../domain/case-workflow.js';
import { caseViewFor } from '../../domain/roles.js';
import { access } from '../access.js';
import { logConfidentialRead } from '../confidential.js';
import { callerOf } from '../auth.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/cases.js';

/**
 * Disposal cases over HTTP. Officers open and move cases, the Board records its decisions
 * (routes/board.ts), housing sees a case's status only (no timeline: facts carry valuations).
 * Every write names the caller as the event's actor, in the caller's role; the domain judges it.
 */
export function caseRoutes(app: Api, { db }: ApiDeps): void {
  app.post('/api/cases', { config: access('POST /api/cases'), schema: schema.openCase }, async (request, reply) => {
    const caller = callerOf(request);
    const now = new Date();
    const { site, reason } = request.body;
    const opened = await openCaseForSite(db, { site, reason, actor: caller.name, role: caller.role }, now);
    return reply.status(201).send(await casePage(db, opened.row.id, now, caller.role));
  });

  app.get('/api/cases', { config: access('GET /api/cases'), schema: schema.listCases }, async (request) => {
    const role = callerOf(request).role;
    const cases = await listCases(db, { openOnly: request.query.open }, new Date());
    return { cases: cases.map((entry) => caseViewFor(role, entry)) };
  });

  app.get('/api/cases/:id', { config: access('GET /api/cases/:id'), schema: schema.showCase }, async (request) => {
    const role = callerOf(request).role;
    const page = await casePage(db, request.params.id, new Date(), role);
    // The record's facts carry valuations (a valuation fact, the receipt): logged for the roles that see them.
    await logConfidentialRead(db, request, 'case record', [page.siteId]);
    return caseViewFor(role, page);
  });

  app.post(
    '/api/cases/:id/transitions',
    { config: access('POST /api/cases/:id/transitions'), schema: schema.moveCase },
    async (request) => {
      const caller = callerOf(request);
      const { version, ...move } = request.body;
      const transition: TransitionRequest = { kind: 'transition', ...move, actor: caller.name, role: caller.role };
      const now = new Date();
      await actOnCase(db, request.params.id, transition, now, version);
      return casePage(db, request.params.id, now, caller.role);
    },
  );
}
