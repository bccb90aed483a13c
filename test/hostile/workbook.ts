// Workbooks written by hand for the corpus: several sheets (hidden or not), the 1904 date system, numeric
// cells, chosen row numbers, shared strings, stored (uncompressed) parts. Nothing binary is committed.
import { strToU8, zipSync, type Zippable } from 'fflate';

export type Cell = string | number | null;

export interface SheetSpec {
  name: string;
  state?: 'hidden' | 'veryHidden';
  rows: Cell[][];
  /** The sheet row number of each row (default 1, 2, 3, …). */
  rowNos?: number[];
}

export interface BookOptions {
  date1904?: boolean;
  /** Write every part stored (no compression), as some writers do. */
  store?: boolean;
  /** Text cells as shared strings (t="s") instead of inline strings. */
  sharedStrings?: boolean;
  /** Extra shared strings no cell uses. */
  padStrings?: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function sheetXml(rows: Cell[][], rowNos?: number[], strings?: Map<string, number>): string {
  const body = rows
    .map((r, ri) => {
      const R = rowNos?.[ri] ?? ri + 1;
      const cells = r
        .map((v, ci) => {
          if (v === null) return '';
          const ref = `${colName(ci)}${R}`;
          if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
          if (strings) {
            if (!strings.has(v)) strings.set(v, strings.size);
            return `<c r="${ref}" t="s"><v>${strings.get(v)}</v></c>`;
          }
          return `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
        })
        .join('');
      return `<row r="${R}">${cells}</row>`;
    })
    .join('');
  return `${XML}<worksheet xmlns="${MAIN}"><sheetData>${body}</sheetData></worksheet>`;
}

/** The parts of a workbook, sheet XML given (so that a test can put anything in a sheet). */
export function bookParts(sheets: { name: string; state?: string; xml: string }[], opts: BookOptions & { sst?: string[] } = {}): Record<string, Uint8Array> {
  const parts: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}${opts.sst ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : ''}</Types>`,
    ),
    '_rels/.rels': strToU8(`${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(
      `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}">${opts.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}${opts.sst ? `<Relationship Id="rId${sheets.length + 1}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
    ),
  };
  sheets.forEach((s, i) => (parts[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(s.xml)));
  if (opts.sst) {
    parts['xl/sharedStrings.xml'] = strToU8(`${XML}<sst xmlns="${MAIN}" count="${opts.sst.length}" uniqueCount="${opts.sst.length}">${opts.sst.map((t) => `<si><t>${esc(t)}</t></si>`).join('')}</sst>`);
  }
  return parts;
}

export function zipParts(parts: Record<string, Uint8Array>, store = false): Uint8Array {
  const z: Zippable = {};
  for (const [k, v] of Object.entries(parts)) z[k] = [v, { level: store ? 0 : 6 }];
  return zipSync(z);
}

/** A workbook of the given sheets. */
export function book(sheets: SheetSpec[], opts: BookOptions = {}): Uint8Array {
  const strings = opts.sharedStrings ? new Map<string, number>() : undefined;
  const xmls = sheets.map((s) => ({ name: s.name, state: s.state, xml: sheetXml(s.rows, s.rowNos, strings) }));
  let sst: string[] | undefined;
  if (strings) {
    sst = [...strings.keys()];
    for (let i = 0; i < (opts.padStrings ?? 0); i++) sst.push(`unused ${i}`);
  }
  return zipParts(bookParts(xmls, { ...opts, sst }), opts.store);
}

/**
 * Where part `name`'s compressed bytes lie in a zip (from its local header, whose 30 fixed bytes come right before
 * the name): for damage that must land inside that part's data and nowhere else (its headers carry the time).
 */
export function partData(zip: Uint8Array, name: string): { start: number; size: number } {
  const at = Buffer.from(zip.buffer, zip.byteOffset, zip.length).indexOf(name) - 30;
  const v = new DataView(zip.buffer, zip.byteOffset, zip.length);
  if (at < 0 || v.getUint32(at, true) !== 0x04034b50) throw new Error(`partData: no local header for ${name}`);
  return { start: at + 30 + v.getUint16(at + 26, true) + v.getUint16(at + 28, true), size: v.getUint32(at + 18, true) };
}

/** Changes the first occurrence of `from` in the bytes to `to` (same length): a digit flipped inside a part. */
export function patch(bytes: Uint8Array, from: string, to: string): Uint8Array {
  if (from.length !== to.length) throw new Error('patch: same length only');
  const a = strToU8(from);
  const out = bytes.slice();
  outer: for (let i = 0; i + a.length <= out.length; i++) {
    for (let j = 0; j < a.length; j++) if (out[i + j] !== a[j]) continue outer;
    out.set(strToU8(to), i);
    return out;
  }
  throw new Error(`patch: '${from}' not found`);
}
