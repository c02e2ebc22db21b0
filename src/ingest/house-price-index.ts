import { findBorough } from '../../geo/boroughs.js';
import type { HousePriceIndexPoint } from '../domain/assumptions/house-price-index.js';
import type { ColumnSpecs } from './headers.js';
import type { ReadOptions, RowOutcome } from './outcome.js';
import { duplicateTracker, readTabular, type TabularSource } from './tabular.js';

/**
 * HM Land Registry's UK House Price Index as published ("UK HPI full file", or the "Average price" / "Index"
 * downloads): one row per area and month, Date (dd/mm/yyyy in the full file, yyyy-mm-dd in newer downloads),
 * RegionName, AreaCode (GSS), AveragePrice, Index and further columns we do not use. Only London boroughs
 * (E09) index sales values; every other area of the file is rejected `outside_london`, so the count is kept.
 */
const columns = {
  date: { label: 'Date' },
  regionName: { label: 'RegionName', aliases: ['Region_Name', 'Region Name'] },
  areaCode: { label: 'AreaCode', aliases: ['Area_Code', 'Area Code'] },
  averagePrice: { label: 'AveragePrice', aliases: ['Average_Price', 'Average Price'] },
  index: { label: 'Index' },
} satisfies ColumnSpecs<string>;

type Field = keyof typeof columns;

const hpiSource: TabularSource<Field, HousePriceIndexPoint> = {
  columns,
  requiredColumns: ['date', 'areaCode', 'index'],
  converter: () => {
    const firstRowOf = duplicateTracker();
    return (f, row) => {
      const date = f.required('date') === null ? null : f.date('date');
      const code = f.required('areaCode');
      const borough = code === null ? null : findBorough(code);
      if (code !== null && (borough === null || !/^E09\d{6}$/i.test(code.trim())))
        f.problem(
          'areaCode',
          'outside_london',
          `"${code.trim()}"${f.text('regionName') ? ` (${f.text('regionName')})` : ''} is not a London borough's GSS code`,
        );
      const index = f.required('index') === null ? null : f.number('index', { min: 0, minExclusive: true });
      const month = date?.slice(0, 7) ?? '';
      if (borough && month) {
        const first = firstRowOf(`${borough.gssCode} ${month}`, row);
        if (first !== null)
          f.problem('date', 'duplicate_in_file', `${borough.name} ${month} is already on row ${first}`);
      }
      return { row, month, gssCode: borough?.gssCode ?? '', index: index ?? 0 };
    };
  },
};

export function readHousePriceIndex(
  bytes: Uint8Array,
  options: ReadOptions,
): AsyncIterable<RowOutcome<HousePriceIndexPoint>> {
  return readTabular(bytes, options, hpiSource);
}
