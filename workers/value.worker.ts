import type { Job } from 'bullmq';
import { activeValuationAssumptions } from '../src/db/assumptions.js';
import { addToOutbox } from '../src/db/outbox.js';
import { lockStep } from '../src/db/pipeline.js';
import { latestRun } from '../src/db/runs.js';
import {
  loadSitesForValuation,
  saveValuations,
  saveValueRun,
  scoresForValuation,
  valuationKey,
  valuedKeys,
  type ValuationRow,
} from '../src/db/valuation-runs.js';
import type { ConditionClass } from '../src/domain/assumptions/condition.js';
import { valuationInputFor } from '../src/domain/valuation-input.js';
import { valueSite, VALUATION_MODEL_VERSION } from '../src/domain/valuation.js';
import { valuationToStore } from '../src/domain/valuation-record.js';
import { WriteBehind } from '../src/jobs/write-behind.js';
import { parsePayload, type JobResult } from '../src/jobs/registry.js';
import { logger } from '../src/log.js';
import type { WorkerDeps } from './processor.js';

const log = logger('value');

/**
 * Values every site whose data, condition class or assumption set changed since its last
 * valuation; stored valuations are never rewritten. Commits the new valuations, the run and
 * the ranking step's outbox row together.
 */
export async function valueEstate(job: Job, { db }: WorkerDeps): Promise<JobResult<'value'>> {
  parsePayload('value', job.data);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await lockStep(trx, 'value');
      const scored = await latestRun(trx, 'score_runs');
      if (!scored) return { skipped: 'nothing scored yet' };
      const valued = await latestRun(trx, 'value_runs');
      if (valued && valued.estateVersion >= scored.estateVersion) {
        await addToOutbox(trx, 'rank', { estateVersion: valued.estateVersion });
        return { skipped: `estate version ${scored.estateVersion} is already valued` };
      }
      const assumptions = await activeValuationAssumptions(trx, new Date(job.timestamp));
      const [sites, scores, done] = await Promise.all([
        loadSitesForValuation(trx),
        scoresForValuation(trx, scored.id),
        valuedKeys(trx, assumptions.id, VALUATION_MODEL_VERSION),
      ]);
      // Written a thousand at a time as they are computed, the next thousand computed while the
      // last is written: each carries its sensitivity grid and input, and holding the whole
      // estate's at once cost gigabytes.
      const writes = new WriteBehind();
      let valuations: ValuationRow[] = [];
      let valuedCount = 0;
      const flush = async (): Promise<void> => {
        if (valuations.length === 0) return;
        const part = valuations;
        valuations = [];
        valuedCount += part.length;
        await writes.add(() => saveValuations(trx, part));
      };
      for (const site of sites) {
        const score = scores.get(site.siteId);
        if (!score) continue;
        const conditionClass = score.conditionClass as ConditionClass;
        if (done.has(valuationKey(site.siteId, site.dataVersion, conditionClass))) continue;
        const input = valuationInputFor(site, conditionClass, score.nearestStationM, assumptions.effectiveFrom);
        const valuation = valueSite(input, assumptions, { withSensitivity: false });
        valuations.push({
          siteId: site.siteId,
          siteDataVersion: site.dataVersion,
          conditionClass,
          assumptionSetId: assumptions.id,
          modelVersion: VALUATION_MODEL_VERSION,
          homes: valuation.homes,
          euvPence: valuation.euvPence,
          residualPence: valuation.residualPence,
          marketValuePence: valuation.marketValuePence,
          netReceiptPence: valuation.netReceiptPence,
          working: valuationToStore(valuation, input),
        });
        if (valuations.length >= 1_000) await flush();
      }
      await flush();
      await writes.drain();
      await saveValueRun(trx, scored.estateVersion, assumptions.id, valuedCount);
      await addToOutbox(trx, 'rank', { estateVersion: scored.estateVersion });
      log.info({ estateVersion: scored.estateVersion, valued: valuedCount }, 'estate valued');
      return { estateVersion: scored.estateVersion, valued: valuedCount };
    });
}
