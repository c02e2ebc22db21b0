import type { Job } from 'bullmq';
import { lockStep } from '../src/db/pipeline.js';
import {
  chunks,
  copyRankRun,
  latestRun,
  loadRankingKeys,
  loadReasons,
  rankRunForInputs,
  saveRankedSites,
  scoreRunInputs,
  startRankRun,
} from '../src/db/runs.js';
import { rankingModelVersion } from '../src/domain/assumptions/scoring.js';
import { disposalOrder, rankedSite, topReasons } from '../src/domain/ranking.js';
import { parsePayload, type JobResult } from '../src/jobs/registry.js';
import { logger } from '../src/log.js';
import type { WorkerDeps } from './processor.js';

const log = logger('rank');

/**
 * The ranked disposal list for the latest valued estate version, stored as one run. The order
 * comes from each site's score, route and class alone; the explanations the reasons are picked
 * from are read a slice of the order at a time, as holding all 100,000 cost ~350 MB. When the
 * scores were computed from the same inputs as an earlier ranked run's (only valuation
 * assumptions changed), that list is copied: ranking reads nothing else.
 */
export async function rankEstate(job: Job, { db }: WorkerDeps): Promise<JobResult<'rank'>> {
  parsePayload('rank', job.data);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await lockStep(trx, 'rank');
      const [scored, valued, ranked] = await Promise.all([
        latestRun(trx, 'score_runs'),
        latestRun(trx, 'value_runs'),
        latestRun(trx, 'rank_runs'),
      ]);
      if (!scored || !valued) return { skipped: 'nothing valued yet' };
      if (ranked && ranked.estateVersion >= valued.estateVersion)
        return { skipped: `estate version ${valued.estateVersion} is already ranked` };
      const inputs = await scoreRunInputs(trx, scored.id);
      const same = inputs === null ? null : await rankRunForInputs(trx, inputs, rankingModelVersion);
      if (same !== null) {
        const copied = await copyRankRun(trx, same, valued.estateVersion, scored.id, rankingModelVersion);
        log.info(
          { estateVersion: valued.estateVersion, ranked: copied, from: same },
          'scores unchanged: ranked list copied',
        );
        return { estateVersion: valued.estateVersion, ranked: copied };
      }
      const order = disposalOrder(await loadRankingKeys(trx, scored.id));
      const runId = await startRankRun(trx, valued.estateVersion, scored.id, rankingModelVersion);
      for (const slice of chunks(order)) {
        const reasons = await loadReasons(
          trx,
          scored.id,
          slice.map((p) => p.entry.siteId),
        );
        const rows = slice.map((place) => {
          const siteReasons = reasons.get(place.entry.siteId);
          if (!siteReasons) throw new Error(`site ${place.entry.siteId} lost its score mid-ranking`);
          const r = rankedSite(place, Array.isArray(siteReasons) ? siteReasons : topReasons(siteReasons));
          return {
            siteId: place.entry.siteId,
            rank: r.rank,
            priority: r.priority,
            route: r.route,
            reasons: r.reasons,
            filters: place.entry.filters,
          };
        });
        await saveRankedSites(trx, runId, rows);
      }
      log.info({ estateVersion: valued.estateVersion, ranked: order.length }, 'estate ranked');
      return { estateVersion: valued.estateVersion, ranked: order.length };
    });
}
