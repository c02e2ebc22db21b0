import { pipelineReport, portfolioBacktest, portfolioForecast, simulateEstate } from '../../cases/reports.js';
import { access } from '../access.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/reports.js';

/** Reports over every case: the forecast against the 5–10 year baseline, its backtest, the pipeline, and the simulation. */
export function reportRoutes(app: Api, { db }: ApiDeps): void {
  app.get('/api/forecast', { config: access('GET /api/forecast'), schema: schema.forecast }, async (request) => {
    const now = new Date();
    const { seed, draws } = request.query;
    return {
      asOf: now.toISOString().slice(0, 10),
      seed,
      draws,
      ...(await portfolioForecast(db, now, { seed, draws })),
    };
  });

  app.get(
    '/api/forecast/backtest',
    { config: access('GET /api/forecast/backtest'), schema: schema.backtest },
    async (request) => {
      const { asOf, seed, draws } = request.query;
      return portfolioBacktest(db, { asOf: new Date(`${asOf}T12:00:00Z`), scoredOn: new Date(), seed, draws });
    },
  );

  app.get('/api/pipeline', { config: access('GET /api/pipeline'), schema: schema.pipeline }, async () =>
    pipelineReport(db, new Date()),
  );

  app.get('/api/simulation', { config: access('GET /api/simulation'), schema: schema.simulation }, async (request) => {
    const { years, seed, runs, scale } = request.query;
    const scales = scale ? scale.split(',').filter((s) => s.trim() !== '') : [];
    return simulateEstate(db, { years, seed, runs, scales });
  });
}
