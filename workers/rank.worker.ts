import type { Job } from 'bullmq';
import { loadEstateSites } from '../src/db/estate.js';
import { lockStep } from '../src/db/pipeline.js';
import { latestRun, loadScores, saveRankRun } from '../src/db/runs.js';
import { rankingModelVersion } from '../src/domain/assumptions/scoring.js';
import type { ConditionClass } from '../src/domain/assumptions/condition.js';
import { rankSites, type RankingEntry } from '../src/domain/ranking.js';
import type { SurplusVerdict } from '../src/domain/surplus.js';
import { jobs } from '../src/jobs/registry.js';
import { logger } from '../src/log.js';
import type { WorkerDeps } from './processor.js';

const log = logger('rank');

/** The ranked disposal list for the latest valued estate version, stored as one run. */
export async function rankEstate(job: Job, { db }: WorkerDeps): Promise<{ estateVersion: number; ranked: number } | { skipped: string }> {
  jobs.rank.payload.parse(job.data);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await lockStep(trx, 'rank');
      const [scored, valued, ranked] = await Promise.all([latestRun(trx, 'score_runs'), latestRun(trx, 'value_runs'), latestRun(trx, 'rank_runs')]);
      if (!scored || !valued) return { skipped: 'nothing valued yet' };
      if (ranked && ranked.estateVersion >= valued.estateVersion) return { skipped: `estate version ${valued.estateVersion} is already ranked` };
      const [sites, scores] = await Promise.all([loadEstateSites(trx), loadScores(trx, scored.id)]);
      const entries: RankingEntry[] = sites.flatMap((site) => {
        const score = scores.get(site.siteId);
        if (!score) return [];
        return [
          {
            siteId: site.siteId,
            source: site.source,
            sourceRef: site.sourceRef,
            conditionClass: score.conditionClass as ConditionClass,
            conditionReason: typeof score.condition.summary === 'string' ? score.condition.summary : undefined,
            surplus: score.surplus as unknown as SurplusVerdict,
          },
        ];
      });
      const list = rankSites(entries);
      await saveRankRun(
        trx,
        valued.estateVersion,
        scored.id,
        rankingModelVersion,
        list.map((r) => ({ siteId: Number(r.siteId), rank: r.rank, priority: r.priority, route: r.route, reasons: r.reasons })),
      );
      log.info({ estateVersion: valued.estateVersion, ranked: list.length }, 'estate ranked');
      return { estateVersion: valued.estateVersion, ranked: list.length };
    });
}
