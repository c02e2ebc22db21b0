import { normalisePostcode } from '../../geo/postcode.js';
import { floorAreaProblem, NUMERIC_RULES, numericProblem, type NumericField } from '../domain/plausibility.js';
import type { RejectionCode, RowProblem } from '../domain/records.js';
import type { ColumnMap, ColumnSpecs } from './headers.js';
import {
  isNoValue,
  parseChoice,
  parseDate,
  parseNumber,
  parsePence,
  rangeProblem,
  type DateForm,
  type Parsed,
  type Range,
} from './values.js';

/**
 * One row's cells read field by field. Each read records its problem and carries on, so a rejected row lists
 * every reason at once rather than the first; problems name the column as the file's own header spells it.
 */
export class RowFields<F extends string> {
  readonly problems: RowProblem[] = [];

  constructor(
    private readonly cells: readonly string[],
    private readonly columns: ColumnMap<F>,
    private readonly specs: ColumnSpecs<F>,
    private readonly fromXlsx: boolean,
    /** The year the upload was made: no year built after it (src/domain/plausibility.ts). */
    private readonly uploadedYear?: number,
  ) {}

  /** The column's name for messages: the file's header text, or our label when the file lacks the column. */
  name(field: F): string {
    return this.columns.at[field]?.header || this.specs[field].label;
  }

  has(field: F): boolean {
    return this.columns.at[field] !== undefined;
  }

  problem(field: F | string, code: RejectionCode, message: string): void {
    const name = (this.specs as Record<string, unknown>)[field] ? this.name(field as F) : field;
    this.problems.push({ field: name, code, message });
  }

  /** Trimmed text; null when the column is absent or the cell is blank. */
  text(field: F): string | null {
    const at = this.columns.at[field];
    const value = at === undefined ? '' : (this.cells[at.index] ?? '').trim();
    return value === '' ? null : value;
  }

  /** Blank, or a no-value word such as "N/A": either way the required value is missing. */
  /** True when the cell holds a value: not blank, not a no-value word. */
  given(field: F): boolean {
    const value = this.text(field);
    return value !== null && !isNoValue(value);
  }

  required(field: F): string | null {
    const value = this.text(field);
    if (value !== null && !isNoValue(value)) return value;
    this.problem(field, 'missing_required', `${this.name(field)} is required`);
    return null;
  }

  private take<T>(field: F, parsed: Parsed<T>): T | null {
    if (parsed.ok) return parsed.value;
    this.problem(field, parsed.code, parsed.message);
    return null;
  }

  number(field: F, range: Range = {}, options: { percent?: boolean; integer?: boolean } = {}): number | null {
    const text = this.text(field);
    if (text === null) return null;
    const value = this.take(field, parseNumber(text, options));
    if (value === null) return null;
    if (options.integer && !Number.isInteger(value)) {
      this.problem(field, 'not_a_number', `${value} is not a whole number`);
      return null;
    }
    const outside = rangeProblem(value, range);
    if (outside) {
      this.problem(field, 'out_of_range', outside);
      return null;
    }
    return value;
  }

  /** A number read through its field's plausibility rule (src/domain/plausibility.ts). */
  measure(field: F, rule: NumericField): number | null {
    const text = this.text(field);
    if (text === null) return null;
    const value = this.take(field, parseNumber(text, { percent: NUMERIC_RULES[rule].percent ?? false }));
    if (value === null) return null;
    const broken = numericProblem(rule, value, { uploadedYear: this.uploadedYear });
    if (broken) {
      this.problem(field, broken.code, `${this.name(field)}: ${broken.message}`);
      return null;
    }
    return value;
  }

  /** Floor area against land area, once both are read (src/domain/plausibility.ts). */
  floorWithinLand(floorField: F, giaM2: number | null, landField: F, areaHa: number | null): void {
    const broken = floorAreaProblem({ field: this.name(floorField), giaM2 }, { field: this.name(landField), areaHa });
    if (broken) this.problems.push(broken);
  }

  pence(field: F): number | null {
    const text = this.text(field);
    return text === null ? null : this.take(field, parsePence(text));
  }

  date(field: F, form: DateForm = 'uk'): string | null {
    const text = this.text(field);
    return text === null ? null : this.take(field, parseDate(text, { excelSerial: this.fromXlsx, form }));
  }

  postcode(field: F): string | null {
    const text = this.text(field);
    if (text === null || isNoValue(text)) return null;
    const postcode = normalisePostcode(text);
    if (postcode === null) this.problem(field, 'bad_postcode', `"${text}" is not a UK postcode`);
    return postcode;
  }

  choice<T>(field: F, choices: ReadonlyArray<readonly [string, T]>, what: string): T | null {
    const text = this.text(field);
    return text === null ? null : this.take(field, parseChoice(text, choices, what));
  }

  parsed<T>(field: F, parse: (text: string) => Parsed<T | null>): T | null {
    const text = this.text(field);
    return text === null ? null : this.take(field, parse(text));
  }
}
