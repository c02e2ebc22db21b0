import { readInputFile } from './input-file.js';
import type { Command } from 'commander';
import type { SubRegion } from '../../geo/boroughs.js';
import { findBorough } from '../../geo/boroughs.js';
import { activeValuationAssumptions, valuationAssumptionsById } from '../db/assumptions.js';
import { assumptionsInForce, loadAssumptionFile } from '../cases/assumptions.js';
import { indexSalesValuesByHpi } from '../cases/house-price-index.js';
import { currentValuation, findSite, valuedSites } from '../db/valuations.js';
import { assumptionSources } from '../domain/assumptions/valuation.js';
import type { ConditionClass } from '../domain/assumptions/condition.js';
import { portfolioByClass } from '../domain/portfolio.js';
import { valuationSummary } from '../domain/valuation.js';
import { portfolioReport } from '../domain/valuation-portfolio.js';
import { EstatesError } from '../errors.js';
import type { CliContext } from './context.js';
import { formatPounds } from './format.js';
import { printJson, printLine, say } from './output.js';
import { waitForEstateVersion } from './wait.js';

const boroughName = (gss: string): string => findBorough(gss)?.name ?? gss;

/** Both portfolio views from one load: condition shares and valuation totals. */
export async function portfolioFigures(ctx: CliContext) {
  const sites = await valuedSites(await ctx.db());
  const condition = portfolioByClass(
    sites.map((s) => ({
      conditionClass: s.conditionClass as ConditionClass,
      giaM2: s.giaM2,
      boroughGss: s.boroughGss,
      subRegion: s.subRegion as SubRegion,
    })),
  );
  const value = portfolioReport(
    sites.map((s) => ({
      siteRef: s.sourceRef,
      boroughGss: s.boroughGss,
      subRegion: s.subRegion as SubRegion,
      developableAreaHa: s.siteAreaHa,
      homes: s.homes,
      marketValuePence: s.marketValuePence,
      netReceiptPence: s.netReceiptPence,
      incomplete: s.incomplete,
    })),
  );
  return { condition, value };
}

export function registerValuation(program: Command, ctx: CliContext): void {
  program
    .command('value')
    .description(
      "a site's valuation, line by line: homes, existing use value, residual, market value, net receipt, and each assumption's source",
    )
    .argument('<site>', 'site id or source reference (e.g. NHSPS-H005)')
    .option(
      '--json',
      'print JSON: { siteId, sourceRef, homes, euv, residual, marketValue, netReceipt, basis, incomplete, flags, working, workingUnavailable, sensitivity, assumptions: [{ key, value, unit, source, provenance }] } (money in whole pounds; working amounts in pence; workingUnavailable is null unless the working could not be re-derived, and says why)',
    )
    .action(async (siteText: string, opts: { json?: boolean }) => {
      const db = await ctx.db();
      const site = await findSite(db, siteText);
      const valuation = await currentValuation(db, site);
      if (!valuation)
        throw new EstatesError(
          'not_found',
          `site ${site.sourceRef} has no valuation for its current data yet: run the workers (estates workers) or wait for the upload`,
        );
      // The set the valuation names, not the set in force now: a newer set may have been loaded since.
      const assumptions =
        (await valuationAssumptionsById(db, valuation.assumptionSetId)) ??
        (await activeValuationAssumptions(db, new Date()));
      const summary = valuationSummary(valuation);
      if (opts.json) {
        return printJson({
          siteId: site.siteId,
          sourceRef: site.sourceRef,
          name: site.name,
          ...summary,
          working: valuation.working,
          workingUnavailable: valuation.workingUnavailable,
          sensitivity: valuation.sensitivity,
          assumptions: assumptionSources(assumptions),
        });
      }
      printLine(
        `${site.sourceRef}  ${site.name ?? ''}  (${site.boroughGss ? boroughName(site.boroughGss) : 'no borough'})`,
      );
      printLine(
        `assumption set ${valuation.assumptionSetId}, model ${valuation.modelVersion}${valuation.incomplete ? ' — INCOMPLETE: borough CIL / S106 not loaded' : ''}`,
      );
      if (valuation.workingUnavailable) printLine(`  working not shown: ${valuation.workingUnavailable}`);
      for (const line of valuation.working) {
        const amount =
          line.amountPence !== undefined
            ? formatPounds(line.amountPence)
            : line.value !== undefined
              ? `${line.value} ${line.unit}`
              : '';
        printLine(`  ${line.line.padEnd(58)} ${amount.padStart(16)}${line.source ? `   [${line.source}]` : ''}`);
      }
      printLine(
        `homes ${summary.homes}   EUV £${summary.euv.toLocaleString('en-GB')}   residual £${summary.residual.toLocaleString('en-GB')}   market value £${summary.marketValue.toLocaleString('en-GB')} (${summary.basis})   net receipt £${summary.netReceipt.toLocaleString('en-GB')}`,
      );
      if (summary.flags.length) printLine(`flags: ${summary.flags.join(', ')}`);
    });

  const assumptions = program
    .command('assumptions')
    .description('valuation assumption sets: every figure with its source');
  assumptions
    .command('show')
    .description('the set in force, figure by figure with its source and provenance')
    .option('--json', 'print JSON: { id, effectiveFrom, figures: [{ key, value, unit, source, provenance }] }')
    .action(async (opts: { json?: boolean }) => {
      const set = await assumptionsInForce(await ctx.db(), new Date());
      if (opts.json) return printJson(set);
      printLine(`valuation assumption set ${set.id}, effective from ${set.effectiveFrom}`);
      for (const f of set.figures) {
        const value = typeof f.value === 'object' ? '(table)' : String(f.value);
        printLine(
          `  ${f.key.padEnd(34)} ${value.padStart(10)} ${f.unit.padEnd(28)} ${f.provenance.padEnd(18)} ${f.source}`,
        );
      }
    });
  assumptions
    .command('load')
    .description(
      'add a new set from a JSON file { id, effectiveFrom, figures: { key: { value, unit, source, provenance } } } or a table (CSV, XLSX, .xls, .ods) of Figure, Value, Unit, Borough, Part, Source, Provenance with --id and --effective-from; figures not given come from the set in force; stored valuations are never rewritten, the estate is revalued under the new set',
    )
    .argument('<file>', 'JSON file, or a CSV or workbook of figures')
    .option('--id <id>', "a table's set id (3-64 lower-case letters, digits, . _ -)")
    .option('--effective-from <date>', "a table's effective date, yyyy-mm-dd")
    .option(
      '--wait',
      'wait until the estate is revalued and ranked under the new set (runs workers in-process if none is running)',
    )
    .option('--json', 'print JSON: { id, added, takenFromBase }')
    .action(async (file: string, _opts: unknown, command: Command) => {
      const opts = command.optsWithGlobals<{ wait?: boolean; json?: boolean; id?: string; effectiveFrom?: string }>();
      const { id, effectiveFrom, added, takenFromBase, estateVersion } = await loadAssumptionFile(
        await ctx.db(),
        { name: file, bytes: (await readInputFile(file)).bytes },
        { id: opts.id, effectiveFrom: opts.effectiveFrom },
        new Date(),
      );
      if (added) await ctx.relay();
      if (opts.wait && estateVersion !== null) await waitForEstateVersion(ctx, estateVersion);
      if (opts.json) return printJson({ id, added, takenFromBase });
      printLine(
        added
          ? `assumption set ${id} added (effective ${effectiveFrom}); the estate will be revalued by the workers`
          : `assumption set ${id} already exists: nothing changed`,
      );
      if (takenFromBase.length)
        say(`${takenFromBase.length} figures taken from the set in force: ${takenFromBase.join(', ')}`);
    });

  assumptions
    .command('index')
    .description(
      "add a new set whose per-borough sales values (sales.value) are the set in force's indexed by HM Land Registry's UK House Price Index file as published (Date, RegionName, AreaCode, AveragePrice, Index, ...), from the set's base date (its effective date) to the valuation date; the conversion (both indices, ratio, file) is written into the figure's source; stored valuations are never rewritten, the estate is revalued under the new set",
    )
    .argument('<file>', 'UK HPI full file or Average price/Index download (CSV or workbook)')
    .option('--to <date>', "valuation date, yyyy-mm-dd (default: the first day of the file's latest month)")
    .option('--from <date>', "base date, yyyy-mm-dd (default: the set in force's effective date)")
    .option('--id <id>', 'the new set id (default: <set in force>-hpi-<yyyy-mm>)')
    .option('--wait', 'wait until the estate is revalued and ranked under the new set')
    .option(
      '--json',
      'print JSON: { id, added, fromDate, toDate, indexed: [{ gssCode, fromMonth, toMonth, fromIndex, toIndex, ratio, salesValueBefore, salesValueAfter }], notIndexed, read, accepted, rejectedByCode, problems }',
    )
    .action(async (file: string, _opts: unknown, command: Command) => {
      const opts = command.optsWithGlobals<{
        wait?: boolean;
        json?: boolean;
        id?: string;
        to?: string;
        from?: string;
      }>();
      const result = await indexSalesValuesByHpi(
        await ctx.db(),
        { name: file, bytes: (await readInputFile(file)).bytes },
        { id: opts.id, to: opts.to, from: opts.from },
        new Date(),
      );
      if (result.added) await ctx.relay();
      if (opts.wait && result.estateVersion !== null) await waitForEstateVersion(ctx, result.estateVersion);
      const { id, added, fromDate, toDate, indexed, notIndexed, read, accepted, rejectedByCode, problems } = result;
      if (opts.json)
        return printJson({
          id,
          added,
          fromDate,
          toDate,
          indexed,
          notIndexed,
          read,
          accepted,
          rejectedByCode,
          problems,
        });
      printLine(
        added
          ? `assumption set ${id} added (effective ${toDate}): sales values indexed from ${fromDate} to ${toDate}; the estate will be revalued by the workers`
          : `assumption set ${id} already exists: nothing changed`,
      );
      for (const b of indexed)
        printLine(
          `  ${boroughName(b.gssCode).padEnd(24)} ${b.fromMonth} ${b.fromIndex} → ${b.toMonth} ${b.toIndex}  ×${b.ratio}  ${formatPounds(b.salesValueBefore)} → ${formatPounds(b.salesValueAfter)} per m²`,
        );
      if (notIndexed.length)
        say(`${notIndexed.length} boroughs not in the file for both months, kept: ${notIndexed.join(', ')}`);
      say(`${read} rows read, ${accepted} accepted; rejected by code: ${JSON.stringify(rejectedByCode)}`);
      for (const p of problems) say(`  ${p}`);
    });

  program
    .command('portfolio')
    .description(
      'portfolio figures: share of sites and floor area by condition class (London, boroughs, sub-regions, against the published 13% rebuild / 51% refurbish) and receipts, homes and hectares by borough, sub-region and devolution pilot area',
    )
    .option(
      '--json',
      'print JSON: { condition: { overall, byBorough, bySubRegion, reference }, value: { total, byBorough, bySubRegion, byPilotArea } }',
    )
    .action(async (opts: { json?: boolean }) => {
      const figures = await portfolioFigures(ctx);
      if (opts.json) return printJson(figures);
      const { condition, value } = figures;
      const o = condition.overall;
      printLine(
        `condition of ${o.sites} sites: rebuild ${o.byClass.rebuild.sitesPct}%, refurbish ${o.byClass.refurbish.sitesPct}%, maintain ${o.byClass.maintain.sitesPct}%, not surveyed ${o.byClass['not-surveyed'].sitesPct}%`,
      );
      printLine(
        `  of the ${o.surveyed.sites} surveyed: rebuild ${o.surveyed.sitesPct.rebuild}%, refurbish ${o.surveyed.sitesPct.refurbish}% — published London primary care: ${condition.reference.rebuildPct}% / ${condition.reference.refurbishPct}% (${condition.reference.source})`,
      );
      printLine('');
      printLine(
        `value: ${value.total.sites} sites, ${value.total.homes} homes, ${value.total.hectares.toFixed(1)} ha, market value ${formatPounds(value.total.marketValuePence)}, net receipts ${formatPounds(value.total.netReceiptPence)}${value.total.incompleteSites ? ` (${value.total.incompleteSites} valuations incomplete: borough CIL/S106 not loaded)` : ''}`,
      );
      printLine('by borough:');
      for (const b of value.byBorough) {
        const c = condition.byBorough[b.gssCode];
        printLine(
          `  ${boroughName(b.gssCode).padEnd(24)} ${String(b.totals.sites).padStart(4)} sites ${String(b.totals.homes).padStart(6)} homes ${b.totals.hectares.toFixed(1).padStart(7)} ha ${formatPounds(b.totals.netReceiptPence).padStart(9)}   rebuild ${c?.byClass.rebuild.sitesPct ?? 0}% refurbish ${c?.byClass.refurbish.sitesPct ?? 0}%`,
        );
      }
      printLine('devolution pilot areas:');
      for (const p of value.byPilotArea)
        printLine(
          `  ${p.pilot.name.padEnd(48)} ${String(p.totals.sites).padStart(4)} sites ${String(p.totals.homes).padStart(6)} homes ${formatPounds(p.totals.netReceiptPence).padStart(9)}`,
        );
    });
}
