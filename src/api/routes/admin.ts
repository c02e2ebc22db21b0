import { assumptionsInForce, loadAssumptionSet } from '../../cases/assumptions.js';
import { verifyCaseChains } from '../../cases/audit.js';
import { deadlineCheck } from '../../cases/escalations.js';
import { relayOnce } from '../../jobs/relay.js';
import { access } from '../access.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/admin.js';

/** The audit trail's check, the deadline check and the valuation assumption set, as the CLI's `audit verify`, `deadlines` and `assumptions`. */
export function adminRoutes(app: Api, { db, queues }: ApiDeps): void {
  app.get('/api/audit/verify', { config: access('GET /api/audit/verify'), schema: schema.auditVerify }, async () => {
    const checks = await verifyCaseChains(db);
    const broken = checks.flatMap((c) => (c.ok ? [] : [c]));
    return { ok: broken.length === 0, cases: checks.length, broken };
  });

  // The daily check, run now (as `estates deadlines`): each breach is escalated once, however often it runs.
  app.post('/api/deadlines', { config: access('POST /api/deadlines'), schema: schema.deadlines }, async () =>
    deadlineCheck(db, new Date()),
  );

  app.get('/api/assumptions', { config: access('GET /api/assumptions'), schema: schema.assumptionsInForce }, async () =>
    assumptionsInForce(db, new Date()),
  );

  app.post(
    '/api/assumptions',
    { config: access('POST /api/assumptions'), schema: schema.loadAssumptions },
    async (request) => {
      const { id, added, takenFromBase } = await loadAssumptionSet(db, request.body, 'the assumption set', new Date());
      // The set and its outbox row are committed; relaying now only saves the relay's next tick.
      if (added)
        await relayOnce(db, queues).catch((e: unknown) =>
          request.log.warn({ err: (e as Error).message }, 'assumption set stored; relay deferred'),
        );
      return { id, added, takenFromBase };
    },
  );
}
