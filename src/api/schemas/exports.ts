import { z } from 'zod';
import { errorResponses } from './common.js';
import { rankedList } from './ranked.js';

/** The file itself; its columns are listed in README ("Exports"). */
const file = (what: string) => z.string().describe(what);

const description = (format: 'csv' | 'xlsx', what: string) =>
  format === 'csv'
    ? file(`text/csv: ${what}, one row per line, formula-safe; the assumption set on every row (valuers)`)
    : file(
        `an XLSX workbook: ${what} on the first sheet (strings formula-safe), then "About" (when, for whom, filters, assumption set)`,
      );

export const rankedExport = (format: 'csv' | 'xlsx') => ({
  summary: `The ranked disposal list as ${format.toUpperCase()}, with the ranked list's filters, every matching site`,
  tags: ['sites'],
  querystring: rankedList.querystring.omit({ limit: true, offset: true }),
  response: { 200: description(format, 'the ranked sites'), ...errorResponses },
});

export const pipelineExport = (format: 'csv' | 'xlsx') => ({
  summary: `Every case with its stage, deadline and how overdue it is, as ${format.toUpperCase()}`,
  tags: ['cases'],
  querystring: z.strictObject({}),
  response: { 200: description(format, 'every case'), ...errorResponses },
});

export const outcomesExport = (format: 'csv' | 'xlsx') => ({
  summary: `Outcomes per completed case (homes, receipts, reinvestment) as ${format.toUpperCase()}`,
  tags: ['cases'],
  querystring: z.strictObject({}),
  response: { 200: description(format, 'every completed case'), ...errorResponses },
});
