import { PATH_STAGES, type CaseStage, type PathStage } from './case-events.js';
import type { ForecastModel } from './forecast-model.js';
import type { Random } from './random.js';
import { sampleRemaining } from './survival.js';
import { addWorkingDays, type IsoDate } from './working-days.js';

/**
 * A whole disposal drawn from the forecast's own risks, from identification to its end: the
 * moves it makes and the days it makes them. The demo's case history is made this way, so a
 * backtest on it checks the forecast against the process it claims to describe.
 */

export interface PathMove {
  on: IsoDate;
  to: CaseStage;
  /** The path stage the case is in (or deferred from) when it moves. */
  from: PathStage;
  /** Deferrals only: the day it comes back. */
  until?: IsoDate;
}

export function drawCasePath(model: ForecastModel, openedOn: IsoDate, random: Random): PathMove[] {
  const moves: PathMove[] = [];
  const overrun = model.overrunWorkingDays;
  let day = openedOn;
  for (const [index, stage] of PATH_STAGES.entries()) {
    const outlook = model.stages[stage];
    let days = sampleRemaining(outlook.survival, 0, random.next(), overrun);
    if (random.next() < outlook.deferral) {
      const at = Math.floor(random.next() * days);
      const away = Math.max(1, sampleRemaining(model.deferralSurvival, 0, random.next(), overrun));
      const deferredOn = addWorkingDays(day, at);
      const back = addWorkingDays(deferredOn, away);
      moves.push({ on: deferredOn, to: 'deferred', from: stage, until: back });
      moves.push({ on: back, to: stage, from: stage });
      day = back;
      days -= at;
    }
    day = addWorkingDays(day, days);
    const exit = random.next();
    if (exit < outlook.withdrawal) return [...moves, { on: day, to: 'withdrawn', from: stage }];
    if (exit < outlook.withdrawal + outlook.retention) return [...moves, { on: day, to: 'retained', from: stage }];
    moves.push({ on: day, to: PATH_STAGES[index + 1] ?? 'completed', from: stage });
  }
  return moves;
}
