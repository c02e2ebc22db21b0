import type { Job } from 'bullmq';
import { loadEstateSites, loadPopulationPoints, loadStationPoints, loadSurveyBlocksBySite } from '../src/db/estate.js';
import { addToOutbox } from '../src/db/outbox.js';
import { currentEstateVersion, lockStep } from '../src/db/pipeline.js';
import { latestRun, saveScoreRun } from '../src/db/runs.js';
import { scoreEstateSites, SCORE_MODEL_VERSION } from '../src/domain/estate-scoring.js';
import { jobs } from '../src/jobs/registry.js';
import { logger } from '../src/log.js';
import type { WorkerDeps } from './processor.js';

const log = logger('score');

/**
 * Scores the whole estate as of the current estate version: redundancy and need depend on
 * neighbours, so one site's change can move others. One transaction: the run and its scores
 * commit together, with the valuation step's outbox row.
 */
export async function scoreEstate(job: Job, { db }: WorkerDeps): Promise<{ estateVersion: number; sites: number } | { skipped: string }> {
  jobs.score.payload.parse(job.data);
  const asOfYear = new Date(job.timestamp).getUTCFullYear();
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await lockStep(trx, 'score');
      const estateVersion = await currentEstateVersion(trx);
      const latest = await latestRun(trx, 'score_runs');
      if (latest && latest.estateVersion >= estateVersion) {
        await addToOutbox(trx, 'value', { estateVersion: latest.estateVersion });
        return { skipped: `estate version ${estateVersion} is already scored` };
      }
      const [sites, surveys, population, stations] = await Promise.all([
        loadEstateSites(trx),
        loadSurveyBlocksBySite(trx),
        loadPopulationPoints(trx),
        loadStationPoints(trx),
      ]);
      await job.updateProgress({ stage: 'scoring', sites: sites.length });
      const scores = scoreEstateSites({ sites, surveysBySiteRef: surveys, population, stations: stations.map((s) => s.point), asOfYear });
      await saveScoreRun(trx, estateVersion, SCORE_MODEL_VERSION, scores);
      await addToOutbox(trx, 'value', { estateVersion });
      log.info({ estateVersion, sites: scores.length }, 'estate scored');
      return { estateVersion, sites: scores.length };
    });
}
