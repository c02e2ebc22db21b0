/** One row of a table as read: its spreadsheet row number and its cells as text. */
export interface TableRow {
  row: number;
  cells: string[];
}
