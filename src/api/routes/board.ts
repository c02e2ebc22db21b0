import { boardAgenda, recordBoardDecision } from '../../cases/board.js';
import { casePage } from '../../cases/case-page.js';
import { access } from '../access.js';
import { callerOf } from '../auth.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/board.js';

/** The Board's agenda for a meeting, and its decisions on cases in board review. */
export function boardRoutes(app: Api, { db }: ApiDeps): void {
  app.get('/api/board/agenda', { config: access('GET /api/board/agenda'), schema: schema.agenda }, async (request) =>
    boardAgenda(db, request.query.date, request.query.top),
  );

  app.post(
    '/api/board/decisions',
    { config: access('POST /api/board/decisions'), schema: schema.decide },
    async (request) => {
      const caller = callerOf(request);
      const now = new Date();
      const decided = await recordBoardDecision(db, { ...request.body, actor: caller.name }, now);
      return casePage(db, decided.row.id, now, caller.role);
    },
  );
}
