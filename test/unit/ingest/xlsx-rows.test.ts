import { describe, expect, it } from 'vitest';
import { FileUnreadable } from '../../../src/ingest/index.js';
import { readXlsxRows } from '../../../src/ingest/xlsx-rows.js';
import type { TableRow } from '../../../src/ingest/table-row.js';
import { type ZipPart, zipOf } from './support.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const sheetXml = (rows: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;

const sharedStringsXml = `<sst xmlns="${MAIN}">
  <si><t>Property Reference</t></si>
  <si><r><t>East</t></r><r><rPr><b/></rPr><t>ing</t></r><rPh sb="0" eb="1"><t>ヨミ</t></rPh></si>
  <si><t xml:space="preserve"> far </t></si>
</sst>`;

/**
 * A workbook shaped as other programs write them, not as exceljs does: parts in an odd order (worksheets first,
 * workbook.xml last), a namespace prefix on every element, the register second in the zip but first in tab order,
 * one absolute relationship target.
 */
function workbook(registerRows: string, overrides: Record<string, string | undefined> = {}): Uint8Array {
  const parts: Record<string, string | undefined> = {
    'xl/worksheets/sheet1.xml': sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>Notes</t></is></c></row>'),
    'xl/worksheets/sheet2.xml': sheetXml(registerRows),
    'xl/sharedStrings.xml': sharedStringsXml,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
      <Relationship Id="rId1" Type="${RELS}/worksheet" Target="worksheets/sheet1.xml"/>
      <Relationship Id="rId2" Type="${RELS}/worksheet" Target="/xl/worksheets/sheet2.xml"/>
      <Relationship Id="rId3" Type="${RELS}/sharedStrings" Target="sharedStrings.xml"/>
      <Relationship Id="rId5" Type="${RELS}/chartsheet" Target="chartsheets/sheet1.xml"/>
      <Relationship Id="rId9" Type="${RELS}/hyperlink" Target="https://example.org/" TargetMode="External"/>
    </Relationships>`,
    '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
      <Relationship Id="rId1" Type="${RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<x:workbook xmlns:x="${MAIN}" xmlns:r="${RELS}"><x:sheets>
      <x:sheet name="Register" sheetId="2" r:id="rId2"/><x:sheet name="Notes" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`,
    ...overrides,
  };
  const entries: ZipPart[] = Object.entries(parts).flatMap(([name, content]) =>
    content === undefined ? [] : [{ name, content }],
  );
  return zipOf(entries);
}

async function rowsOf(bytes: Uint8Array): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  for await (const row of readXlsxRows(bytes)) rows.push(row);
  return rows;
}

describe('reading an XLSX worksheet', () => {
  it('reads the first sheet in tab order, whatever order the zip holds its parts in', async () => {
    const rows = await rowsOf(workbook('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'));
    expect(rows).toEqual([{ row: 1, cells: ['Property Reference'] }]);
  });

  it('passes over a chart and a hidden sheet before the register, as its user does', async () => {
    const tabs = `<workbook xmlns="${MAIN}" xmlns:r="${RELS}"><sheets><sheet name="Chart" sheetId="5" r:id="rId5"/>
      <sheet name="Lookups" sheetId="1" state="hidden" r:id="rId1"/><sheet name="Register" sheetId="2" r:id="rId2"/></sheets></workbook>`;
    expect(
      await rowsOf(workbook('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', { 'xl/workbook.xml': tabs })),
    ).toEqual([{ row: 1, cells: ['Property Reference'] }]);
  });

  it('reads each kind of cell as the text its user sees', async () => {
    const rows = await rowsOf(
      workbook(`
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t>Post</t></r><r><rPr><b/></rPr><t>code</t></r></is></c><c r="D1" t="s"><v>1</v></c></row>
        <row r="3"><c t="str"><f>A1</f><v>P_x002D_1</v></c><c t="b"><v>1</v></c><c t="b"><v>0</v></c><c><v>1.5E+3</v></c><c t="e"><v>#N/A</v></c>
          <c t="d"><v>2019-01-31T00:00:00Z</v></c><c><f>1-1</f><v>0</v></c><c><f>NOW()</f></c><c><v>1e21</v></c><c><v>38975</v></c></row>
        <row r="4"><c r="C4" t="s"><v>2</v></c></row>`),
    );
    expect(rows).toEqual([
      // Rich text joined, phonetic guides left out, a skipped column blank.
      { row: 1, cells: ['Property Reference', 'Postcode', '', 'Easting'] },
      // Row 2 is absent from the file, so it is absent here: row numbers are the spreadsheet's.
      { row: 3, cells: ['P-1', 'TRUE', 'FALSE', '1500', '#N/A', '2019-01-31', '0', '', '1E+21', '38975'] },
      { row: 4, cells: ['', '', ' far '] },
    ]);
  });

  it("places a cell by its reference, up to Excel's last column", async () => {
    const [row] = await rowsOf(workbook('<row r="1"><c r="XFD1" t="s"><v>2</v></c></row>'));
    expect(row?.cells).toHaveLength(16_384);
    expect(row?.cells[16_383]).toBe(' far ');
  });

  it.each([
    [
      'a cell beyond column XFD',
      workbook('<row r="1"><c r="XFE1"><v>1</v></c></row>'),
      /cell reference "XFE1" is outside a worksheet/,
    ],
    [
      'a row numbered out of order',
      workbook('<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>'),
      /row is numbered "1" after row 2/,
    ],
    [
      'a row not numbered at all',
      workbook('<row r="first"><c r="A1"><v>1</v></c></row>'),
      /row is numbered "first" after row 0/,
    ],
    [
      'a shared string the workbook lacks',
      workbook('<row r="1"><c r="A1" t="s"><v>99</v></c></row>'),
      /cell A1 points at shared string 99/,
    ],
    [
      'a worksheet cut off mid-row',
      workbook('', { 'xl/worksheets/sheet2.xml': `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1">` }),
      /sheet2\.xml is not well-formed XML/,
    ],
    [
      'a workbook without sheets',
      workbook('', { 'xl/workbook.xml': `<workbook xmlns="${MAIN}"><sheets/></workbook>` }),
      /has no worksheet/,
    ],
    [
      'sheets its relationships do not name',
      workbook('', { 'xl/_rels/workbook.xml.rels': '<Relationships/>' }),
      /none of its sheets \(rId2, rId1\) is a worksheet/,
    ],
    [
      'a worksheet part missing from the zip',
      workbook('', { 'xl/worksheets/sheet2.xml': undefined }),
      /part xl\/worksheets\/sheet2\.xml is missing/,
    ],
  ])('refuses %s as unreadable, naming what is wrong', async (_, bytes, message) => {
    const refusal = await rowsOf(bytes).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(FileUnreadable);
    expect((refusal as Error).message).toMatch(message);
  });
});
