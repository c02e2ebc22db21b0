import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { readInputFile } from './input-file.js';
import { type Command, Option } from 'commander';
import {
  BOARD_DECISIONS,
  CASE_STAGES,
  type BoardDecisionKind,
  type CaseFact,
  type CaseStage,
} from '../domain/case-events.js';
import { ROLES, type Role } from '../domain/roles.js';
import { dayNumber } from '../domain/working-days.js';
import type { CaseRequest } from '../domain/case-workflow.js';
import { STALL_REASON_CODES, type StallReason, type StallReasonCode } from '../domain/stall-reasons.js';
import { verifyCaseChains } from '../cases/audit.js';
import { boardAgenda, recordBoardDecision } from '../cases/board.js';
import { boardPack } from '../cases/board-pack.js';
import { printBoardPack } from '../export/board-pack-pdf.js';
import { casePage, caseSummary, listCases } from '../cases/case-page.js';
import { actOnCase, openCaseForSite, type LoadedCase } from '../cases/case-record.js';
import { deadlineCheck } from '../cases/escalations.js';
import { recordFact } from '../cases/facts.js';
import { loadOutcomes } from '../cases/outcomes.js';
import {
  outcomesReport,
  pipelineReport,
  portfolioBacktest,
  portfolioForecast,
  simulateEstate,
} from '../cases/reports.js';
import { listEscalations } from '../db/escalations.js';
import { OUTCOME_COLUMNS } from '../ingest/outcomes.js';
import { EstatesError } from '../errors.js';
import type { CliContext } from './context.js';
import { formatPounds } from './format.js';
import { printJson, printLine } from './output.js';

/**
 * The disposal workflow from the command line: cases, the Board, the audit trail, forecasts,
 * the pipeline simulation, outcomes and the pipeline report. JSON keys are listed in README.
 */

const int =
  (name: string, min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new EstatesError('bad_input', `${name} must be a whole number from ${min} to ${max}, not ${value}`);
    return n;
  };

const isoDay =
  (name: string) =>
  (value: string): string => {
    // dayNumber refuses a day the calendar lacks; Date.parse would read 2026-02-30 as 2 March.
    try {
      dayNumber(value);
    } catch (cause) {
      throw new EstatesError('bad_input', `${name} must be a calendar day, yyyy-mm-dd, not ${value}`, { cause });
    }
    return value;
  };

const share = (p: number): string => `${(p * 100).toFixed(0)}%`;

/** "Now" for reports: the real clock, or midday London time on --as-of so a rerun reads the same. */
const asOf = (day: string | undefined): Date => (day ? new Date(`${day}T12:00:00Z`) : new Date());

const roleOption = () => new Option('--role <role>', 'your role').choices([...ROLES]).makeOptionMandatory();
const byOption = () => new Option('--by <name>', 'who is acting (recorded on the event)').makeOptionMandatory();
const reasonOption = () => new Option('--reason <text>', 'why (recorded on the event)').makeOptionMandatory();
const stallOptions = (cmd: Command): Command =>
  cmd
    .addOption(
      new Option('--stall-reason <code>', 'why the case stalls (deferral, withdrawal, delay)').choices([
        ...STALL_REASON_CODES,
      ]),
    )
    .option('--stall-text <text>', 'detail for the stall reason (required for "other")')
    .option('--defer-until <date>', 'deferrals: the date (yyyy-mm-dd) the case comes back');

const stallReason = (opts: { stallReason?: string; stallText?: string }): StallReason | undefined =>
  opts.stallReason
    ? { code: opts.stallReason as StallReasonCode, ...(opts.stallText ? { text: opts.stallText } : {}) }
    : undefined;

const caseId = int('CASE', 1, 2_147_483_647);

/** `cases open X --json`: commander hands --json to the parent `cases` (the list), so read both. */
const wantsJson = (cmd: Command): boolean => cmd.optsWithGlobals<{ json?: boolean }>().json === true;

/** A document attached to a fact, as its bytes are (never decompressed: the file is the evidence). */
async function attachment(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    throw new EstatesError('bad_input', `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
}

function printMoved(loaded: LoadedCase, json: boolean | undefined): void {
  const event = loaded.events[loaded.events.length - 1];
  if (json) {
    printJson({ ...caseSummary(loaded.row), event });
    return;
  }
  printLine(`case ${loaded.row.id} (${loaded.row.siteRef}) is ${loaded.state.stage}, version ${loaded.state.sequence}`);
}

function registerCases(program: Command, ctx: CliContext): void {
  const cases = program
    .command('cases')
    .description('disposal cases: list them, or open, move, show one')
    .option('--open', 'only open cases')
    .option(
      '--json',
      'print JSON: { cases: [{ caseId, siteId, siteRef, siteName, stage, version, openedAt, closedAt, deadline }] }',
    )
    .action(async (opts: { open?: boolean; json?: boolean }) => {
      const rows = await listCases(await ctx.db(), { openOnly: opts.open }, new Date());
      if (opts.json) return printJson({ cases: rows });
      if (rows.length === 0)
        return printLine('no cases yet: estates cases open SITE --by NAME --role officer --reason TEXT');
      for (const r of rows)
        printLine(
          `${String(r.caseId).padStart(5)}  ${r.siteRef.padEnd(14)} ${(r.siteName ?? '').slice(0, 32).padEnd(32)} ${r.stage.padEnd(22)} v${r.version}  deadline ${r.deadline ?? '—'}`,
        );
    });

  cases
    .command('open <site>')
    .description('open a case for a ranked site (site id or source reference, e.g. NHSPS-H005)')
    .addOption(byOption())
    .addOption(roleOption())
    .addOption(reasonOption())
    .option('--json', 'print JSON: { caseId, siteId, siteRef, siteName, stage, version, openedAt, closedAt, event }')
    .action(async (site: string, opts: { by: string; role: Role; reason: string }, cmd: Command) => {
      const loaded = await openCaseForSite(
        await ctx.db(),
        { site, actor: opts.by, role: opts.role, reason: opts.reason },
        new Date(),
      );
      printMoved(loaded, wantsJson(cmd));
    });

  stallOptions(
    cases
      .command('move <case>')
      .description('move a case to another stage, if its role and guards allow')
      .addOption(new Option('--to <stage>', 'the stage to move to').choices([...CASE_STAGES]).makeOptionMandatory())
      .addOption(byOption())
      .addOption(roleOption())
      .addOption(reasonOption())
      .option('--meeting <id>', 'Board decisions: the meeting that took it')
      .option('--epims <reference>', 'listing for first refusal: the ePIMS reference')
      .option('--waiver <text>', 'skipping first refusal: why it is waived')
      .option('--version <n>', 'fail with a conflict unless the case is still at this version'),
  )
    .option('--json', 'print JSON: { caseId, ..., stage, version, event }')
    .action(
      async (
        id: string,
        opts: {
          to: CaseStage;
          by: string;
          role: Role;
          reason: string;
          meeting?: string;
          epims?: string;
          waiver?: string;
          version?: string;
          stallReason?: string;
          stallText?: string;
          deferUntil?: string;
        },
        cmd: Command,
      ) => {
        const reason = stallReason(opts);
        const request: CaseRequest = {
          kind: 'transition',
          to: opts.to,
          actor: opts.by,
          role: opts.role,
          reason: opts.reason,
          ...(opts.meeting ? { meetingId: opts.meeting } : {}),
          ...(opts.epims ? { epimsReference: opts.epims } : {}),
          ...(opts.waiver ? { firstRefusalWaiver: opts.waiver } : {}),
          ...(reason ? { stallReason: reason } : {}),
          ...(opts.deferUntil ? { deferUntil: opts.deferUntil } : {}),
        };
        const version = opts.version === undefined ? undefined : int('--version', 0, 1_000_000)(opts.version);
        printMoved(await actOnCase(await ctx.db(), caseId(id), request, new Date(), version), wantsJson(cmd));
      },
    );

  cases
    .command('fact <case> <fact-json>')
    .description('record a fact a guard needs, as JSON, e.g. \'{"fact":"title_report","summary":"clean freehold"}\'')
    .option('--document <reference>', 'the document the fact rests on (file number, report title and date)')
    .option('--file <path>', 'attach the document itself (stored with the case; needs --document)')
    .addOption(byOption())
    .addOption(roleOption())
    .addOption(reasonOption())
    .option('--json', 'print JSON: { caseId, ..., stage, version, event }')
    .action(
      async (
        id: string,
        factJson: string,
        opts: { document?: string; file?: string; by: string; role: Role; reason: string },
        cmd: Command,
      ) => {
        let fact: CaseFact;
        try {
          fact = JSON.parse(factJson) as CaseFact;
        } catch (e) {
          throw new EstatesError('bad_input', `the fact must be JSON: ${(e as Error).message}`, { cause: e });
        }
        if (opts.file && !opts.document) throw new EstatesError('bad_input', '--file needs --document REFERENCE');
        const file = opts.file ? { filename: path.basename(opts.file), bytes: await attachment(opts.file) } : undefined;
        const document = opts.document ? { reference: opts.document, ...(file ? { file } : {}) } : undefined;
        printMoved(
          await recordFact(
            await ctx.db(),
            caseId(id),
            { fact, ...(document ? { document } : {}), actor: opts.by, role: opts.role, reason: opts.reason },
            new Date(),
          ),
          wantsJson(cmd),
        );
      },
    );

  cases
    .command('interest <case> <body>')
    .description('an expression of interest from a public body during first refusal (or --closed when it ends)')
    .option('--closed', 'the interest has ended')
    .addOption(byOption())
    .addOption(roleOption())
    .addOption(reasonOption())
    .option('--json', 'print JSON: { caseId, ..., stage, version, event }')
    .action(
      async (
        id: string,
        body: string,
        opts: { closed?: boolean; by: string; role: Role; reason: string },
        cmd: Command,
      ) => {
        const request: CaseRequest = {
          kind: opts.closed ? 'interest_closed' : 'interest_received',
          body,
          actor: opts.by,
          role: opts.role,
          reason: opts.reason,
        };
        printMoved(await actOnCase(await ctx.db(), caseId(id), request, new Date()), wantsJson(cmd));
      },
    );

  cases
    .command('delay <case>')
    .description('explain why the current stage is late')
    .addOption(new Option('--stall-reason <code>', 'why').choices([...STALL_REASON_CODES]).makeOptionMandatory())
    .option('--stall-text <text>', 'detail (required for "other")')
    .addOption(byOption())
    .addOption(roleOption())
    .addOption(reasonOption())
    .option('--json', 'print JSON: { caseId, ..., stage, version, event }')
    .action(
      async (
        id: string,
        opts: { stallReason: string; stallText?: string; by: string; role: Role; reason: string },
        cmd: Command,
      ) => {
        const request: CaseRequest = {
          kind: 'explain_delay',
          stallReason: stallReason(opts) as StallReason,
          actor: opts.by,
          role: opts.role,
          reason: opts.reason,
        };
        printMoved(await actOnCase(await ctx.db(), caseId(id), request, new Date()), wantsJson(cmd));
      },
    );

  cases
    .command('show <case>')
    .description('one case: timeline, deadline, forecast P50/P90, next steps')
    .addOption(new Option('--role <role>', 'list only the next steps this role may take').choices([...ROLES]))
    .option(
      '--json',
      'print JSON: { caseId, siteId, siteRef, siteName, stage, version, openedAt, closedAt, deadline, forecast: { p50, p90, p50WorkingDays, p90WorkingDays } | null, nextSteps: [{ to, roles, guards }], timeline: [{ sequence, kind, actor, role, occurredAt, fromStage, toStage, reason, payload, hash }], escalations }',
    )
    .action(async (id: string, opts: { role?: Role }, cmd: Command) => {
      const db = await ctx.db();
      const page = await casePage(db, caseId(id), new Date(), opts.role);
      const escalations = await listEscalations(db, page.caseId);
      if (wantsJson(cmd)) return printJson({ ...page, escalations });
      printLine(`case ${page.caseId}: ${page.siteRef} ${page.siteName ?? ''}`);
      printLine(`stage ${page.stage} (version ${page.version}), deadline ${page.deadline ?? '—'}`);
      if (page.forecast) printLine(`forecast completion: P50 ${page.forecast.p50}, P90 ${page.forecast.p90}`);
      printLine('timeline:');
      for (const e of page.timeline)
        printLine(
          `  ${String(e.sequence).padStart(3)}  ${e.occurredAt}  ${e.kind.padEnd(18)} ${(e.toStage ?? '').padEnd(22)} ${e.actor} (${e.role}): ${e.reason}`,
        );
      if (page.nextSteps.length > 0)
        printLine(
          `next: ${page.nextSteps.map((s) => `${s.to} [${s.roles.join('/')}${s.guards.length ? `; needs ${s.guards.join(', ')}` : ''}]`).join('; ')}`,
        );
      for (const e of escalations) printLine(`escalated ${e.raisedOn}: ${e.stage} past ${e.deadline}`);
    });
}

function registerBoard(program: Command, ctx: CliContext): void {
  const board = program.command('board').description("the London Estates Board's agenda and decisions");
  board
    .command('agenda')
    .description('new candidates from the ranked list, cases awaiting a decision, overdue stages')
    .requiredOption('--date <date>', 'meeting date (yyyy-mm-dd)', isoDay('--date'))
    .option('--top <n>', 'how many new candidates', int('--top', 0, 1000), 10)
    .option(
      '--json',
      'print JSON: { meetingDate, newCandidates: [{ rank, siteId, sourceRef, name, ... }], awaitingDecision: [{ caseId, siteId, since }], overdue: [{ caseId, stage, deadline, workingDaysOverdue, stallReason, key }] }',
    )
    .action(async (opts: { date: string; top: number; json?: boolean }) => {
      const agenda = await boardAgenda(await ctx.db(), opts.date, opts.top);
      const awaiting = agenda.awaitingDecision;
      const overdue = agenda.overdue.map(
        ({ caseId: id, stage, deadline, workingDaysOverdue, stallReason: r, key }) => ({
          caseId: id,
          stage,
          deadline,
          workingDaysOverdue,
          stallReason: r,
          key,
        }),
      );
      if (opts.json)
        return printJson({
          meetingDate: agenda.meetingDate,
          newCandidates: agenda.newCandidates,
          awaitingDecision: awaiting,
          overdue,
        });
      printLine(`Board agenda for ${agenda.meetingDate}`);
      printLine(`awaiting a decision (${awaiting.length}):`);
      for (const c of awaiting) printLine(`  case ${c.caseId} (site ${c.siteId}) since ${c.since}`);
      printLine(`new candidates (${agenda.newCandidates.length}):`);
      for (const s of agenda.newCandidates)
        printLine(
          `  ${String(s.rank).padStart(4)}. ${s.sourceRef.padEnd(14)} ${(s.name ?? '').slice(0, 36).padEnd(36)} ${formatPounds(s.marketValuePence)}`,
        );
      printLine(`overdue (${overdue.length}):`);
      for (const o of overdue)
        printLine(
          `  case ${o.caseId} ${o.stage} ${o.workingDaysOverdue} working days past ${o.deadline}${o.stallReason ? ` (${o.stallReason.code})` : ' (unexplained)'}`,
        );
    });

  board
    .command('pack')
    .description(
      "the Board pack for a meeting as an A4 PDF (the web UI's Board pack page, printed by headless Chromium)",
    )
    .requiredOption('--date <date>', 'meeting date (yyyy-mm-dd)', isoDay('--date'))
    .requiredOption('--out <file>', 'where to write the PDF')
    .option('--top <n>', 'how many new candidates', int('--top', 0, 100), 10)
    .option(
      '--json',
      'print JSON: { file, bytes, meetingDate, assumptionSet, newCandidates, awaitingDecision, overdue, outcomes } (counts)',
    )
    .action(async (opts: { date: string; out: string; top: number; json?: boolean }) => {
      const pack = await boardPack(await ctx.db(), opts.date, { top: opts.top, now: new Date() });
      const pdf = await printBoardPack(pack, ctx.config.CHROMIUM_PATH);
      await writeFile(opts.out, pdf);
      const summary = {
        file: opts.out,
        bytes: pdf.length,
        meetingDate: pack.meetingDate,
        assumptionSet: pack.assumptionSet,
        newCandidates: pack.newCandidates.length,
        awaitingDecision: pack.awaitingDecision.length,
        overdue: pack.overdue.length,
        outcomes: pack.outcomes.cases.length,
      };
      if (opts.json) return printJson(summary);
      printLine(
        `wrote ${opts.out} (${Math.round(pdf.length / 1024)} kB): Board pack for ${pack.meetingDate}, ${summary.newCandidates} new candidates, ${summary.awaitingDecision} awaiting a decision, ${summary.overdue} overdue`,
      );
    });

  stallOptions(
    board
      .command('decide <case>')
      .description('record a Board decision on a case in board_review')
      .requiredOption('--meeting <id>', 'the meeting that took it, e.g. LEB-2025-03')
      .addOption(
        new Option('--decision <decision>', 'what the Board decided').choices(BOARD_DECISIONS).makeOptionMandatory(),
      )
      .addOption(byOption())
      .addOption(reasonOption())
      .option('--version <n>', 'fail with a conflict unless the case is still at this version'),
  )
    .option('--json', 'print JSON: { caseId, ..., stage, version, event }')
    .action(
      async (
        id: string,
        opts: {
          meeting: string;
          decision: BoardDecisionKind;
          by: string;
          reason: string;
          version?: string;
          stallReason?: string;
          stallText?: string;
          deferUntil?: string;
          json?: boolean;
        },
      ) => {
        const reason = stallReason(opts);
        const loaded = await recordBoardDecision(
          await ctx.db(),
          {
            caseId: caseId(id),
            meetingId: opts.meeting,
            decision: opts.decision,
            actor: opts.by,
            reason: opts.reason,
            ...(reason ? { stallReason: reason } : {}),
            ...(opts.deferUntil ? { deferUntil: opts.deferUntil } : {}),
            ...(opts.version === undefined ? {} : { version: int('--version', 0, 1_000_000)(opts.version) }),
          },
          new Date(),
        );
        printMoved(loaded, opts.json);
      },
    );
}

function registerReports(program: Command, ctx: CliContext): void {
  program
    .command('audit')
    .description('the audit trail')
    .command('verify')
    .description("check every case's hash chain against its recorded head; exits 1 when any is broken")
    .option('--json', 'print JSON: { ok, cases, broken: [{ caseId, events, brokenAt, reason }] }')
    .action(async (opts: { json?: boolean }) => {
      const checks = await verifyCaseChains(await ctx.db());
      const broken = checks.filter((c) => !c.ok);
      if (opts.json) printJson({ ok: broken.length === 0, cases: checks.length, broken });
      else {
        printLine(`${checks.length} cases checked, ${broken.length} broken`);
        for (const b of broken) if (!b.ok) printLine(`  case ${b.caseId}: broken at event ${b.brokenAt}: ${b.reason}`);
      }
      if (broken.length > 0) process.exitCode = 1;
    });

  const forecast = program
    .command('forecast')
    .description(
      'when open cases should complete, and the chance they do: per case P50/P90 and within 5 and 10 years, the portfolio against the 5–10 year baseline',
    )
    .option('--seed <n>', 'random seed', int('--seed', 0, 2 ** 32 - 1), 1)
    .option('--draws <n>', 'Monte Carlo draws per case', int('--draws', 1, 100_000), 1_000)
    .option('--as-of <date>', 'forecast as of this date (yyyy-mm-dd) instead of today', isoDay('--as-of'))
    .option(
      '--json',
      'print JSON: { asOf, seed, draws, cases: [{ caseId, stage, p50, p90, p50WorkingDays, p90WorkingDays, completionProbability, withinFiveYears, withinTenYears, bases }], surplusToSaleYears: { p10, p50, p90 }, surplusToSaleShareByYear, identificationToSaleYears, identificationToSaleShareByYear, shareWithinFiveYears, shareWithinFiveYearsInterval: { low, high, level }, shareWithinTenYears, shareWithinTenYearsInterval, outcomeShares: { completed, withdrawn, retained }, stages, assumptionSet: { id, effectiveFrom, modelVersion }, sources, baselineYears: { low, high } }',
    )
    .action(async (opts: { seed: number; draws: number; asOf?: string; json?: boolean }) => {
      const now = asOf(opts.asOf);
      const result = await portfolioForecast(await ctx.db(), now, { seed: opts.seed, draws: opts.draws });
      if (opts.json)
        return printJson({ asOf: now.toISOString().slice(0, 10), seed: opts.seed, draws: opts.draws, ...result });
      for (const c of result.cases)
        printLine(
          `case ${String(c.caseId).padStart(5)}  ${c.stage.padEnd(22)} P50 ${c.p50 ?? '—'}  P90 ${c.p90 ?? '—'}  completes ${share(c.completionProbability)}, within 5 years ${share(c.withinFiveYears)}, within 10 ${share(c.withinTenYears)}`,
        );
      const y = result.identificationToSaleYears;
      if (y)
        printLine(
          `identification to sale, when it completes: P10 ${y.p10.toFixed(1)}, P50 ${y.p50.toFixed(1)}, P90 ${y.p90.toFixed(1)} years (baseline 5–10)`,
        );
      const five = result.shareWithinFiveYearsInterval;
      if (result.shareWithinFiveYears !== null && five)
        printLine(
          `share within five years of identification: ${share(result.shareWithinFiveYears)} (90% of draws ${share(five.low)}–${share(five.high)}); within ten: ${share(result.shareWithinTenYears ?? 0)}`,
        );
      if (result.outcomeShares)
        printLine(
          `expected to complete ${share(result.outcomeShares.completed)}, withdrawn ${share(result.outcomeShares.withdrawn)}, retained ${share(result.outcomeShares.retained)} (assumption set ${result.assumptionSet.id})`,
        );
      if (result.cases.length === 0) printLine('no open cases to forecast');
    });
  forecast
    .command('backtest')
    .description(
      "the forecast made again from what was on record on --as-of, scored against what happened since: the share of cases finished by their P50 and P90 (takes forecast's --as-of, --seed, --draws, --json)",
    )
    .option(
      '--scored-on <date>',
      'score against the record as of this date (yyyy-mm-dd) instead of today',
      isoDay('--scored-on'),
    )
    .addHelpText(
      'after',
      '\n--json prints: { asOf, scoredOn, seed, draws, assumptionSet, casesKnown, casesForecast, cases: [{ caseId, stageAtAsOf, p50, p90, completionProbability, outcome, outcomeOn, finishedByP50, finishedByP90 }], calibration: { p50: { scored, finished, share, expectedShare }, p90: { … }, completedByScoredOn: { expected, observed } } }',
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{
        seed: number;
        draws: number;
        asOf?: string;
        scoredOn?: string;
        json?: boolean;
      }>();
      if (!opts.asOf) throw new EstatesError('bad_input', 'forecast backtest needs --as-of yyyy-mm-dd');
      const result = await portfolioBacktest(await ctx.db(), {
        asOf: asOf(opts.asOf),
        scoredOn: asOf(opts.scoredOn),
        seed: opts.seed,
        draws: opts.draws,
      });
      if (opts.json) return printJson(result);
      printLine(
        `forecast as of ${result.asOf} from ${result.casesKnown} cases on record, ${result.casesForecast} open; scored on ${result.scoredOn}`,
      );
      const { p50, p90, completedByScoredOn } = result.calibration;
      for (const [name, q] of [['P50', p50] as const, ['P90', p90] as const])
        printLine(
          q.scored === 0
            ? `${name}: no case's ${name} date has passed yet`
            : `${name}: ${q.finished} of ${q.scored} cases finished by their ${name} date (${share(q.share ?? 0)}; the forecast expected ${share(q.expectedShare ?? 0)})`,
        );
      printLine(
        `completed by ${result.scoredOn}: ${completedByScoredOn.observed} (the forecast expected ${completedByScoredOn.expected.toFixed(1)})`,
      );
    });

  program
    .command('simulate')
    .description('the ranked estate run through the workflow: sites, receipts and homes released per year')
    .option('--years <n>', 'years reported', int('--years', 1, 50), 10)
    .option('--seed <n>', 'random seed', int('--seed', 0, 2 ** 32 - 1), 1)
    .option('--runs <n>', 'Monte Carlo runs of the whole estate', int('--runs', 1, 10_000), 200)
    .option(
      '--scale-stage <stage=factor>',
      'scale a stage, e.g. planning=0.5 (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option(
      '--json',
      'print JSON: { sites, perYear: [{ year, sitesReleased, receiptsPence, homes }], afterHorizon, yearsToRelease: { p10, median, p90 }, releasedWithinHorizonShare }',
    )
    .action(async (opts: { years: number; seed: number; runs: number; scaleStage: string[]; json?: boolean }) => {
      const result = await simulateEstate(await ctx.db(), {
        years: opts.years,
        seed: opts.seed,
        runs: opts.runs,
        scales: opts.scaleStage,
      });
      if (opts.json) return printJson(result);
      printLine(`${result.sites} valued sites, ${opts.runs} runs, seed ${opts.seed}`);
      for (const y of result.perYear)
        printLine(
          `year ${String(y.year).padStart(2)}: ${y.sitesReleased.toFixed(1).padStart(7)} sites  ${formatPounds(y.receiptsPence).padStart(9)}  ${y.homes.toFixed(0).padStart(7)} homes`,
        );
      printLine(`after year ${opts.years}: ${result.afterHorizon.sitesReleased.toFixed(1)} sites`);
    });

  const outcomes = program
    .command('outcomes')
    .description('what completed disposals delivered: receipts against valuation, reinvestment, homes')
    .option(
      '--json',
      'print JSON: { cases: [{ caseId, siteId, valuationPence, receiptPence, receiptToValuation, capacityHomes, homesPermitted, homesStarted, homesCompleted, homesCompletedShareOfCapacity, reinvestedPence, unallocatedPence }], awaitingReceipt, totals }',
    )
    .action(async (opts: { json?: boolean }) => {
      const report = await outcomesReport(await ctx.db());
      if (opts.json) return printJson(report);
      for (const c of report.cases)
        printLine(
          `case ${c.caseId}: receipt ${formatPounds(c.receiptPence)} vs valuation ${formatPounds(c.valuationPence)}; homes completed ${c.homesCompleted ?? '—'} of ${c.capacityHomes ?? '—'}`,
        );
      const t = report.totals;
      printLine(
        `totals: receipts ${formatPounds(t.receiptPence)} vs valuations ${formatPounds(t.valuationPence)}; homes ${t.homesCompleted} completed, ${t.homesStarted} started, ${t.homesPermitted} permitted`,
      );
      if (report.awaitingReceipt.length > 0)
        printLine(`awaiting a receipt: cases ${report.awaitingReceipt.join(', ')}`);
    });
  outcomes
    .command('load <file>')
    .description(
      `load outcomes from CSV or XLSX keyed by site reference; columns: ${OUTCOME_COLUMNS.join(', ')} (money in pence, totals as they stand)`,
    )
    .addOption(byOption())
    .option(
      '--json',
      'print JSON: { rows, casesChanged, events, unchanged, problems: [{ row, siteRef, field, code, message }] }',
    )
    .action(async (file: string, opts: { by: string }, cmd: Command) => {
      const { bytes } = await readInputFile(file);
      const result = await loadOutcomes(
        await ctx.db(),
        { bytes, filename: path.basename(file) },
        { actor: opts.by, role: 'officer' },
        new Date(),
      );
      if (wantsJson(cmd)) printJson(result);
      else {
        printLine(
          `${result.rows} rows: ${result.events} events on ${result.casesChanged} cases, ${result.unchanged} unchanged, ${result.problems.length} problems`,
        );
        for (const p of result.problems)
          printLine(`  row ${p.row} (${p.siteRef}): ${p.field}: ${p.code}: ${p.message}`);
      }
      if (result.problems.length > 0) process.exitCode = 2;
    });

  program
    .command('pipeline')
    .description('cases per stage, overdue stages, working days lost by stall reason')
    .option('--as-of <date>', 'report as of this date (yyyy-mm-dd) instead of today', isoDay('--as-of'))
    .option(
      '--json',
      'print JSON: { asOf, stages: [{ stage, cases }], openCases, overdue: [{ caseId, stage, enteredAt, deadline, workingDaysOverdue, stallReason, key }], daysLost: [{ reason, workingDaysLost, deferrals, overdueStages, withdrawals }] }',
    )
    .action(async (opts: { asOf?: string; json?: boolean }) => {
      const report = await pipelineReport(await ctx.db(), asOf(opts.asOf));
      if (opts.json) return printJson(report);
      printLine(`pipeline as of ${report.asOf}: ${report.openCases} open cases`);
      for (const s of report.stages) if (s.cases > 0) printLine(`  ${s.stage.padEnd(22)} ${s.cases}`);
      printLine(`overdue: ${report.overdue.length}`);
      for (const o of report.overdue)
        printLine(`  case ${o.caseId} ${o.stage} ${o.workingDaysOverdue} working days past ${o.deadline}`);
      printLine('working days lost by reason:');
      for (const d of report.daysLost)
        if (d.workingDaysLost > 0 || d.deferrals + d.withdrawals + d.overdueStages > 0)
          printLine(
            `  ${d.reason.padEnd(22)} ${String(d.workingDaysLost).padStart(6)}  (${d.deferrals} deferrals, ${d.overdueStages} overdue, ${d.withdrawals} withdrawals)`,
          );
    });

  program
    .command('deadlines')
    .description('raise escalations for overdue cases now (the daily job does the same); a second run adds nothing')
    .option('--day <date>', 'check as of this date (yyyy-mm-dd) instead of today', isoDay('--day'))
    .option('--json', 'print JSON: { day, overdue, raised: [{ caseId, stage, deadline, workingDaysOverdue, key }] }')
    .action(async (opts: { day?: string; json?: boolean }) => {
      const check = await deadlineCheck(await ctx.db(), asOf(opts.day));
      if (opts.json) return printJson(check);
      printLine(`${check.overdue} overdue, ${check.raised.length} newly escalated`);
    });
}

export function registerWorkflow(program: Command, ctx: CliContext): void {
  registerCases(program, ctx);
  registerBoard(program, ctx);
  registerReports(program, ctx);
}
