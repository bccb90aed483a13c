// A file's bytes to a header row and data rows: CSV through papaparse, XLSX through SheetJS.
// Hostile files end in a one-line InputError naming the file, never a stack trace.
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { InputError } from '../types';
import { decodeText } from './decode';

export interface Table {
  headers: string[];
  /** Data rows; cells are strings (CSV) or raw cell values (XLSX: numbers, strings, booleans, null). */
  rows: unknown[][];
  encoding: string;
  format: 'csv' | 'xlsx';
}

/** Limits that keep a hostile workbook from exhausting memory: stated in the error when passed. */
export const LIMITS = {
  maxColumns: 1_000,
  maxXlsxBytes: 200 * 1024 * 1024,
  maxXlsxCells: 30_000_000,
};

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function readTable(name: string, bytes: Uint8Array): Table {
  if (bytes.length === 0) throw new InputError(`${name}: the file is empty`, name);
  const looksXlsx = /\.xls[xm]?$/i.test(name);
  if (isZip(bytes)) return readXlsx(name, bytes);
  if (looksXlsx) throw new InputError(`${name}: not a valid .xlsx workbook (it is not a zip archive)`, name);
  return readCsv(name, bytes);
}

function readCsv(name: string, bytes: Uint8Array): Table {
  const decoded = decodeText(bytes);
  if (!decoded) throw new InputError(`${name}: not a text file (binary content); expected CSV`, name);
  const parsed = Papa.parse<string[]>(decoded.text, { skipEmptyLines: 'greedy' });
  const all = parsed.data;
  if (all.length === 0) throw new InputError(`${name}: the file has no header row`, name);
  const headers = all[0].map((h) => String(h ?? ''));
  checkHeaders(name, headers);
  return { headers, rows: all.slice(1), encoding: decoded.encoding, format: 'csv' };
}

function readXlsx(name: string, bytes: Uint8Array): Table {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', dense: true, raw: true, cellDates: false, cellHTML: false, cellFormula: false, cellStyles: false, sheetRows: 0 });
  } catch (err) {
    throw new InputError(`${name}: not a readable .xlsx workbook (${String((err as Error).message ?? err).split('\n')[0]})`, name);
  }
  const sheetName = wb.SheetNames.find((n) => {
    const ws = wb.Sheets[n];
    return ws && (ws['!data']?.length ?? 0) > 0;
  });
  if (!sheetName) throw new InputError(`${name}: the workbook has no sheet with data`, name);
  const ws = wb.Sheets[sheetName];
  const data = (ws['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  let cells = 0;
  for (const r of data) cells += r ? r.length : 0;
  if (cells > LIMITS.maxXlsxCells) {
    throw new InputError(`${name}: the workbook has ${cells} cells, over the limit of ${LIMITS.maxXlsxCells}`, name);
  }
  const rows: unknown[][] = [];
  for (const r of data) {
    if (!r) continue;
    const out = new Array<unknown>(r.length);
    let empty = true;
    for (let i = 0; i < r.length; i++) {
      const c = r[i];
      const v = c === undefined || c.t === 'z' || c.t === 'e' ? null : c.v;
      out[i] = v === undefined ? null : v;
      if (out[i] !== null && out[i] !== '') empty = false;
    }
    if (!empty) rows.push(out);
  }
  if (rows.length === 0) throw new InputError(`${name}: the workbook has no header row`, name);
  const headers = rows[0].map((h) => (h == null ? '' : String(h)));
  checkHeaders(name, headers);
  return { headers, rows: rows.slice(1), encoding: 'xlsx', format: 'xlsx' };
}

function checkHeaders(name: string, headers: string[]): void {
  if (headers.length > LIMITS.maxColumns) {
    throw new InputError(`${name}: ${headers.length} columns, over the limit of ${LIMITS.maxColumns}`, name);
  }
  if (headers.every((h) => h.trim() === '')) throw new InputError(`${name}: the header row is empty`, name);
}
