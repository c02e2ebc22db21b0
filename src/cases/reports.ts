import { CASE_STAGES, PATH_STAGES, isClosed, type CaseStage, type PathStage } from '../domain/case-events.js';
import { daysLostByReason, overdueStages, type DaysLost, type Escalation } from '../domain/case-workflow.js';
import { backtestForecast, type Backtest } from '../domain/backtest.js';
import { forecastCases, type PortfolioForecast } from '../domain/forecast.js';
import { outcomeReport, type OutcomeReport } from '../domain/outcomes.js';
import { simulatePipeline, withStageScaled, type PipelineSite, type SimulationResult } from '../domain/simulation.js';
import { defaultStageDurations, type StageDurations } from '../domain/assumptions/workflow.js';
import { londonDate, type IsoDate } from '../domain/working-days.js';
import { EstatesError } from '../errors.js';
import type { Executor } from '../db/connect.js';
import { rankedList } from '../db/ranking.js';
import { loadAllCaseEvents } from '../db/cases.js';
import { loadCaseStates } from './case-record.js';

/** Reports over every case, read from events and handed to the domain's pure functions. */

export async function portfolioForecast(
  db: Executor,
  now: Date,
  options: { seed: number; draws: number },
): Promise<PortfolioForecast> {
  const states = await loadCaseStates(db);
  return forecastCases({ cases: states, history: states, now, seed: options.seed, draws: options.draws });
}

/** The forecast made again from what was on record on `asOf`, scored against what happened by `scoredOn`. */
export async function portfolioBacktest(
  db: Executor,
  options: { asOf: Date; scoredOn: Date; seed: number; draws: number },
): Promise<Backtest> {
  if (!(options.asOf.getTime() < options.scoredOn.getTime()))
    throw new EstatesError(
      'bad_input',
      `the backtest date ${londonDate(options.asOf)} must be before the day it is scored on, ${londonDate(options.scoredOn)}`,
    );
  return backtestForecast({ events: (await loadAllCaseEvents(db)).values(), ...options });
}

/** Scales parsed from "planning=0.5" style options; an unknown stage or a bad factor is refused. */
export function parseStageScales(scales: readonly string[]): StageDurations {
  let durations = defaultStageDurations();
  for (const text of scales) {
    const [, stage, factor] = /^([a-z_]+)=([0-9]*\.?[0-9]+)$/.exec(text.trim()) ?? [];
    if (stage === undefined || factor === undefined || !(PATH_STAGES as readonly string[]).includes(stage)) {
      throw new EstatesError(
        'bad_input',
        `a stage scale is stage=factor with a stage from ${PATH_STAGES.join(', ')}, not ${text}`,
      );
    }
    durations = withStageScaled(durations, stage as PathStage, Number(factor));
  }
  return durations;
}

/** Every ranked site with a valuation, carrying its net receipt and homes into the pipeline simulation. */
export async function simulationSites(db: Executor): Promise<PipelineSite[]> {
  const { sites } = await rankedList(db, { top: 1_000_000 });
  return sites
    .filter((s) => s.netReceiptPence !== null && s.homes !== null)
    .map((s) => ({ siteId: s.siteId, receiptPence: Math.max(0, s.netReceiptPence ?? 0), homes: s.homes ?? 0 }));
}

export async function simulateEstate(
  db: Executor,
  options: { years: number; seed: number; runs: number; scales: readonly string[] },
): Promise<SimulationResult & { sites: number }> {
  const sites = await simulationSites(db);
  const result = simulatePipeline({
    sites,
    durations: parseStageScales(options.scales),
    years: options.years,
    seed: options.seed,
    runs: options.runs,
  });
  return { sites: sites.length, ...result };
}

export interface PipelineReport {
  asOf: IsoDate;
  stages: Array<{ stage: CaseStage; cases: number }>;
  openCases: number;
  overdue: Escalation[];
  daysLost: DaysLost[];
}

export async function pipelineReport(db: Executor, now: Date): Promise<PipelineReport> {
  const states = await loadCaseStates(db);
  return {
    asOf: londonDate(now),
    stages: CASE_STAGES.map((stage) => ({ stage, cases: states.filter((s) => s.stage === stage).length })),
    openCases: states.filter((s) => !isClosed(s.stage)).length,
    overdue: overdueStages(states, now),
    daysLost: daysLostByReason(states, now),
  };
}

export async function outcomesReport(db: Executor): Promise<OutcomeReport> {
  return outcomeReport(await loadCaseStates(db));
}
