import { PUBLISHED_CONDITION_SHARES } from '../../domain/portfolio.js';
import { siteViewFor } from '../../domain/roles.js';
import { portfolio } from '../../db/portfolio.js';
import { siteDetail } from '../../db/site-detail.js';
import { EstatesError } from '../../errors.js';
import { access } from '../access.js';
import { logConfidentialRead } from '../confidential.js';
import { callerOf } from '../auth.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/sites.js';

export function siteRoutes(app: Api, { db }: ApiDeps): void {
  app.get('/api/sites/:id', { config: access('GET /api/sites/:id'), schema: schema.siteDetail }, async (request) => {
    const detail = await siteDetail(db, request.params.id);
    if (!detail) throw new EstatesError('not_found', `no site ${request.params.id}`);
    const view = siteViewFor(callerOf(request).role, detail);
    if ('valuation' in view && view.valuation) await logConfidentialRead(db, request, 'valuation', [request.params.id]);
    return view;
  });

  app.get('/api/portfolio', { config: access('GET /api/portfolio'), schema: schema.portfolio }, async (request) => {
    const answer = { ...(await portfolio(db)), published: PUBLISHED_CONDITION_SHARES };
    // Receipts summed over every site the caller may see: a total, so no site is named.
    await logConfidentialRead(db, request, 'portfolio', []);
    return answer;
  });
}
