import path from 'node:path/posix';
import { SaxesParser } from 'saxes';
import { FileUnreadable } from './file-unreadable.js';
import type { TableRow } from './table-row.js';
import { openZip, type ZipArchive, type ZipEntry } from './zip-archive.js';

/**
 * The first worksheet's rows, read straight from the workbook's XML one slice at a time, so a large workbook's
 * rows are never all in memory. The zip is read through its directory (zip-archive.ts): exceljs's streaming
 * reader scans the zip as a stream and, when the last small entries are read before it has taken the earlier ones,
 * ends without them (measured: 3-6 of 1,000 small workbooks refused as "no worksheet" or worse). Styles are not
 * read, so date cells arrive as Excel serial numbers and the date parser reads them as such.
 */
export async function* readXlsxRows(bytes: Uint8Array): AsyncGenerator<TableRow> {
  const parts = new Parts(await openZip(bytes));
  try {
    const workbookPath =
      (await relationships(parts, '')).find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    const related = await relationships(parts, workbookPath);
    const sheetPath = registerSheetPath(await sheetsInTabOrder(parts, workbookPath), related, workbookPath);
    const sharedPath = related.find((r) => r.type.endsWith('/sharedStrings'))?.target;
    const shared = sharedPath === undefined ? [] : await sharedStrings(parts, sharedPath);
    yield* worksheetRows(parts, sheetPath, shared);
  } finally {
    parts.zip.close();
  }
}

const unreadable = (why: string, cause?: unknown): FileUnreadable =>
  new FileUnreadable(`the XLSX workbook cannot be read: ${why}`, cause === undefined ? undefined : { cause });

/** The zip's entries by name; names are matched case-blind as Excel does. */
class Parts {
  private readonly byName = new Map<string, ZipEntry>();
  constructor(readonly zip: ZipArchive) {
    for (const entry of zip.entries) this.byName.set(entry.name.toLowerCase(), entry);
  }
  find(name: string): ZipEntry | undefined {
    return this.byName.get(name.toLowerCase());
  }
}

interface XmlListener {
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

/**
 * Feeds one part's XML to `listener` as it inflates, yielding after each slice whatever the listener queued.
 * Element names lose their namespace prefix: some writers spell <x:row> where Excel writes <row>.
 */
async function* parsePart<T>(parts: Parts, name: string, listener: XmlListener, queued: T[] = []): AsyncGenerator<T> {
  const entry = parts.find(name);
  if (entry === undefined) throw unreadable(`its part ${name} is missing`);
  const parser = new SaxesParser();
  const local = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);
  if (listener.open) {
    const open = listener.open.bind(listener);
    parser.on('opentag', (tag) => open(local(tag.name), tag.attributes as Record<string, string>));
  }
  if (listener.close) {
    const close = listener.close.bind(listener);
    parser.on('closetag', (tag) => close(local(tag.name)));
  }
  if (listener.text) {
    parser.on('text', listener.text.bind(listener));
    parser.on('cdata', listener.text.bind(listener));
  }
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const slice of parts.zip.content(entry)) {
      parser.write(decoder.decode(slice, { stream: true }));
      if (queued.length > 0) yield* queued.splice(0);
    }
    parser.write(decoder.decode()).close();
  } catch (cause) {
    if (cause instanceof FileUnreadable) throw cause;
    throw unreadable(`${name} is not well-formed XML (${(cause as Error).message})`, cause);
  }
  yield* queued.splice(0);
}

async function drain(parts: Parts, name: string, listener: XmlListener): Promise<void> {
  for await (const _ of parsePart(parts, name, listener)) void _;
}

interface Relationship {
  id: string;
  type: string;
  /** Path of the target inside the zip. */
  target: string;
}

/** A part's relationships (`_rels/<part>.rels`), targets resolved against the part's folder; none when absent. */
async function relationships(parts: Parts, partPath: string): Promise<Relationship[]> {
  const relsPath = path.join(path.dirname(partPath), '_rels', `${path.basename(partPath)}.rels`);
  if (parts.find(relsPath) === undefined) return [];
  const found: Relationship[] = [];
  await drain(parts, relsPath, {
    open(name, attributes) {
      if (name !== 'Relationship' || attributes.TargetMode === 'External') return;
      const target = attributes.Target ?? '';
      found.push({
        id: attributes.Id ?? '',
        type: attributes.Type ?? '',
        target: target.startsWith('/') ? target.slice(1) : path.join(path.dirname(partPath), target),
      });
    },
  });
  return found;
}

interface SheetTab {
  relationshipId: string;
  hidden: boolean;
}

async function sheetsInTabOrder(parts: Parts, workbookPath: string): Promise<SheetTab[]> {
  const tabs: SheetTab[] = [];
  await drain(parts, workbookPath, {
    open(name, attributes) {
      if (name !== 'sheet') return;
      const relationshipId =
        Object.entries(attributes).find(([key]) => key === 'r:id' || key.endsWith(':id'))?.[1] ?? '';
      tabs.push({ relationshipId, hidden: attributes.state === 'hidden' || attributes.state === 'veryHidden' });
    },
  });
  return tabs;
}

/**
 * The register is the first worksheet its user sees: the first tab that is a worksheet (not a chart) and not
 * hidden; others are notes, lookups or pivots. A workbook whose worksheets are all hidden gives its first.
 */
function registerSheetPath(tabs: SheetTab[], related: Relationship[], workbookPath: string): string {
  if (tabs.length === 0) throw new FileUnreadable('the XLSX workbook has no worksheet');
  const worksheets = tabs.flatMap((tab) => {
    const relationship = related.find((r) => r.id === tab.relationshipId && r.type.endsWith('/worksheet'));
    return relationship === undefined ? [] : [{ hidden: tab.hidden, path: relationship.target }];
  });
  const register = worksheets.find((sheet) => !sheet.hidden) ?? worksheets[0];
  if (register === undefined) {
    throw unreadable(
      `none of its sheets (${tabs.map((t) => t.relationshipId).join(', ')}) is a worksheet named in ${workbookPath}'s relationships`,
    );
  }
  return register.path;
}

/** Excel writes characters XML cannot hold as _xHHHH_. */
const unescapeText = (text: string): string =>
  text.includes('_x')
    ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : text;

/**
 * Rich text and plain strings alike: the text of every <t> in an item, except phonetic guides (<rPh>), which are
 * readings shown above Japanese text, not part of the value.
 */
class StringItemText {
  private depthInPhonetic = 0;
  private inText = false;
  private text = '';
  open(name: string): void {
    if (name === 'rPh') this.depthInPhonetic += 1;
    else if (name === 't' && this.depthInPhonetic === 0) this.inText = true;
  }
  close(name: string): void {
    if (name === 'rPh') this.depthInPhonetic -= 1;
    else if (name === 't') this.inText = false;
  }
  add(text: string): void {
    if (this.inText) this.text += text;
  }
  take(): string {
    const text = unescapeText(this.text);
    this.text = '';
    return text;
  }
}

async function sharedStrings(parts: Parts, name: string): Promise<string[]> {
  const strings: string[] = [];
  const item = new StringItemText();
  await drain(parts, name, {
    open: (tag) => item.open(tag),
    close(tag) {
      if (tag === 'si') strings.push(item.take());
      else item.close(tag);
    },
    text: (text) => item.add(text),
  });
  return strings;
}

/** Excel's last column is XFD, the 16,384th. */
const MAX_COLUMNS = 16_384;

function columnIndex(reference: string): number {
  let column = 0;
  for (const ch of reference) {
    const code = ch.charCodeAt(0);
    if (code >= 65 && code <= 90) column = column * 26 + (code - 64);
    else if (code >= 97 && code <= 122) column = column * 26 + (code - 96);
    else break;
  }
  if (column < 1 || column > MAX_COLUMNS) throw unreadable(`cell reference "${reference}" is outside a worksheet`);
  return column - 1;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A date as the user sees it: the day, and the time when it has one. */
function dateText(value: Date): string {
  const d = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  return value.getUTCHours() || value.getUTCMinutes()
    ? `${d}T${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}`
    : d;
}

/** One cell as the text its user sees: shared and inline strings as written, formulas by their last result. */
function cellText(type: string, value: string, inline: string, shared: readonly string[], reference: string): string {
  switch (type) {
    case 's': {
      const text = shared[Number(value)];
      if (text === undefined)
        throw unreadable(`cell ${reference} points at shared string ${value}, which the workbook does not have`);
      return text;
    }
    case 'inlineStr':
      return inline;
    case 'str':
    case 'e':
      return unescapeText(value);
    case 'b':
      return value === '1' ? 'TRUE' : value === '' ? '' : 'FALSE';
    case 'd': {
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? value : dateText(date);
    }
    default: {
      if (value.trim() === '') return '';
      const number = Number(value);
      // Upper case as Excel shows large and small numbers: 1E+21, not 1e+21.
      return Number.isNaN(number) ? value : String(number).toUpperCase();
    }
  }
}

/** Excel's last row is 1,048,576; rows come in rising order, and every rejection names its row. */
function rowNumberOf(reference: string, previous: number): number {
  const row = Number(reference);
  if (!Number.isInteger(row) || row <= previous || row > 1_048_576) {
    throw unreadable(
      `a worksheet row is numbered "${reference}" after row ${previous}: rows are numbered 1 to 1,048,576 in rising order`,
    );
  }
  return row;
}

/** Rows of one worksheet as they are parsed: <row r> holds <c r t> cells holding <v> or an inline <is>. */
function worksheetRows(parts: Parts, name: string, shared: readonly string[]): AsyncGenerator<TableRow> {
  const rows: TableRow[] = [];
  const inline = new StringItemText();
  let rowNumber = 0;
  let cells: string[] = [];
  let cell: { reference: string; column: number; type: string; value: string } | undefined;
  let inValue = false;
  let inInline = false;
  return parsePart(
    parts,
    name,
    {
      open(tag, attributes) {
        if (tag === 'row') {
          rowNumber = attributes.r === undefined ? rowNumber + 1 : rowNumberOf(attributes.r, rowNumber);
          cells = [];
        } else if (tag === 'c') {
          const reference = attributes.r ?? '';
          cell = {
            reference,
            column: reference === '' ? cells.length : columnIndex(reference),
            type: attributes.t ?? 'n',
            value: '',
          };
        } else if (tag === 'v') inValue = cell !== undefined;
        else if (tag === 'is') inInline = true;
        else if (inInline) inline.open(tag);
      },
      text(text) {
        if (inValue && cell) cell.value += text;
        else if (inInline) inline.add(text);
      },
      close(tag) {
        if (tag === 'v') inValue = false;
        else if (tag === 'is') inInline = false;
        else if (inInline) inline.close(tag);
        else if (tag === 'c' && cell) {
          while (cells.length < cell.column) cells.push('');
          cells[cell.column] = cellText(
            cell.type,
            cell.value,
            inline.take(),
            shared,
            cell.reference || `in row ${rowNumber}`,
          );
          cell = undefined;
        } else if (tag === 'row') rows.push({ row: rowNumber, cells });
      },
    },
    rows,
  );
}
