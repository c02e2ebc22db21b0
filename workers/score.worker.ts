import type { Job } from 'bullmq';
import {
  loadPopulationPoints,
  loadPracticesBySite,
  loadSitesForScoring,
  loadStationPoints,
  loadSurveyBlocksBySite,
} from '../src/db/estate.js';
import { addToOutbox } from '../src/db/outbox.js';
import { currentEstateVersion, lockStep } from '../src/db/pipeline.js';
import {
  copyScoreRun,
  latestScoreRun,
  ROWS_PER_CHUNK,
  saveSiteScores,
  scoreInputsSha256,
  startScoreRun,
  type SiteScoreRow,
} from '../src/db/runs.js';
import { WriteBehind } from '../src/jobs/write-behind.js';
import { eachSiteScore, SCORE_MODEL_VERSION } from '../src/domain/estate-scoring.js';
import { topReasons } from '../src/domain/ranking.js';
import { parsePayload, type JobResult } from '../src/jobs/registry.js';
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
 * other jobs in this process. When nothing the scores read has changed since the last run (only
 * a valuation assumption set was loaded), its scores are copied instead.
 */
export async function scoreEstate(job: Job, { db }: WorkerDeps): Promise<JobResult<'score'>> {
  parsePayload('score', job.data);
  const asOfYear = new Date(job.timestamp).getUTCFullYear();
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await lockStep(trx, 'score');
      const estateVersion = await currentEstateVersion(trx);
      const latest = await latestScoreRun(trx);
      if (latest && latest.estateVersion >= estateVersion) {
        await addToOutbox(trx, 'value', { estateVersion: latest.estateVersion });
        return { skipped: `estate version ${estateVersion} is already scored` };
      }
      const inputsSha256 = await scoreInputsSha256(trx, asOfYear, SCORE_MODEL_VERSION);
      if (latest && latest.inputsSha256 === inputsSha256) {
        await copyScoreRun(trx, latest, estateVersion, inputsSha256);
        await addToOutbox(trx, 'value', { estateVersion });
        log.info(
          { estateVersion, from: latest.estateVersion, sites: latest.sitesScored },
          'estate scores unchanged: copied',
        );
        return { estateVersion, sites: latest.sitesScored };
      }
      const [sites, surveys, population, stations, practicesBySiteId] = await Promise.all([
        loadSitesForScoring(trx),
        loadSurveyBlocksBySite(trx),
        loadPopulationPoints(trx),
        loadStationPoints(trx),
        loadPracticesBySite(trx),
      ]);
      await job.updateProgress({ stage: 'scoring', sites: sites.length });
      const runId = await startScoreRun(trx, estateVersion, SCORE_MODEL_VERSION, sites.length, inputsSha256);
      const writes = new WriteBehind();
      let part: SiteScoreRow[] = [];
      const send = async (): Promise<void> => {
        const chunk = part;
        part = [];
        await writes.add(() => saveSiteScores(trx, runId, chunk));
        // The insert goes out on the socket, then timers and lock renewals get their turn.
        await new Promise<void>((resolve) => setImmediate(resolve));
      };
      for (const score of eachSiteScore({
        sites,
        surveysBySiteRef: surveys,
        population,
        stations: stations.map((s) => s.point),
        practicesBySiteId,
        asOfYear,
      })) {
        part.push({
          ...score,
          topReasons: topReasons({ surplus: score.surplus, conditionReason: score.condition.summary }),
        });
        if (part.length === ROWS_PER_CHUNK) await send();
      }
      if (part.length > 0) await send();
      await writes.drain();
      await addToOutbox(trx, 'value', { estateVersion });
      log.info({ estateVersion, sites: sites.length }, 'estate scored');
      return { estateVersion, sites: sites.length };
    });
}
