import type { Job } from 'bullmq';
import { loadPopulationPoints, loadSitesForScoring, loadStationPoints, loadSurveyBlocksBySite } from '../src/db/estate.js';
import { addToOutbox } from '../src/db/outbox.js';
import { currentEstateVersion, lockStep } from '../src/db/pipeline.js';
import { latestRun, ROWS_PER_CHUNK, saveSiteScores, startScoreRun, type SiteScoreRow } from '../src/db/runs.js';
import { eachSiteScore, SCORE_MODEL_VERSION } from '../src/domain/estate-scoring.js';
import { jobs } from '../src/jobs/registry.js';
import { logger } from '../src/log.js';
import type { WorkerDeps } from './processor.js';

const log = logger('score');

/**
 * Scores the whole estate as of the current estate version: redundancy and need depend on
 * neighbours, so one site's change can move others. One transaction: the run and its scores
 * commit together, with the valuation step's outbox row.
 *
 * Scores are written a chunk at a time as they are computed, and the next chunk is computed
 * while PostgreSQL stores the last: holding 100,000 explained scores took a gigabyte, and one
 * synchronous pass held the event loop for seconds, so BullMQ could not renew the locks of
 * other jobs in this process.
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
        loadSitesForScoring(trx),
        loadSurveyBlocksBySite(trx),
        loadPopulationPoints(trx),
        loadStationPoints(trx),
      ]);
      await job.updateProgress({ stage: 'scoring', sites: sites.length });
      const runId = await startScoreRun(trx, estateVersion, SCORE_MODEL_VERSION, sites.length);
      let saving: Promise<void> = Promise.resolve();
      let part: SiteScoreRow[] = [];
      const send = async (): Promise<void> => {
        await saving;
        saving = saveSiteScores(trx, runId, part);
        // Handled when awaited before the next chunk is sent; a failure meanwhile must not count as unhandled.
        saving.catch(() => undefined);
        part = [];
        // The insert goes out on the socket, then timers and lock renewals get their turn.
        await new Promise<void>((resolve) => setImmediate(resolve));
      };
      for (const score of eachSiteScore({ sites, surveysBySiteRef: surveys, population, stations: stations.map((s) => s.point), asOfYear })) {
        part.push(score);
        if (part.length === ROWS_PER_CHUNK) await send();
      }
      if (part.length > 0) await send();
      await saving;
      await addToOutbox(trx, 'value', { estateVersion });
      log.info({ estateVersion, sites: sites.length }, 'estate scored');
      return { estateVersion, sites: sites.length };
    });
}
