import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { nodeDeflate } from '../../shared/node/files';
import { writeXlsx, type XSheet } from '../../shared/report/xlsx-writer';

const read = (bytes: Uint8Array) => XLSX.read(bytes, { type: 'array', cellNF: true, cellFormula: true });

describe('xlsx writer', () => {
  const tricky = [
    'plain', '  padded  ', 'a & b < c > d "e"', "it's", 'Zoë – 日本 🎁', 'tab\there', 'line\nbreak',
    'bell\u0007and\u0001nul-free controls', 'literal _x0041_ stays', 'lone \ud800 high', 'lone \udc00 low', '\ufffe\uffff',
    '=HYPERLINK("http://evil.example","x")', '+1', '-1+1', '@SUM(1)', '',
    '6006 00•• •••• 0009', 'SC••••••1234', 'no\u00a0break at the end\u00a0', '\u3000ideographic space first', 'del\u007f',
    'snake_case_x', 'ends _x', '€ 2 ¢ 𝄞 \uffef',
  ];
  const sheets: XSheet[] = [
    {
      name: 'Text',
      headers: ['Text', 'Number', 'Money'],
      rows: tricky.map((t, i) => [t, i * 1.5 - 3, { cents: [0, 1, -1, 5, 10, 99, 100, -12345, 123456789012, -7][i % 10] }]),
      widths: [30, 10],
    },
    { name: 'Gaps: [a/b]?*', headers: ['A', 'B', 'C'], rows: [[null, 'b', null], ['a', null, 3], []] },
    { name: 'Empty', headers: ['Only', 'Headers'], rows: [] },
  ];

  it("with a host's native deflate (the command line's zlib) holds the same parts, byte for byte, and reads the same", () => {
    const big: XSheet = { name: 'Big', headers: ['Card', 'Cents'], rows: Array.from({ length: 20_000 }, (_, i) => [`600649${String(i * 7919).padStart(10, '0')}`, { cents: i * 37 - 5_000 }]) };
    const plain = writeXlsx([...sheets, big]);
    const native = writeXlsx([...sheets, big], { deflate: nodeDeflate });
    expect(native).not.toEqual(plain); // another deflate: other bytes
    const a = unzipSync(plain);
    const b = unzipSync(native); // fflate checks each part's CRC-32 and size as it inflates
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const k of Object.keys(a)) expect(Buffer.compare(Buffer.from(b[k]), Buffer.from(a[k])), k).toBe(0);
    // The same input gives the same bytes.
    expect(Buffer.compare(Buffer.from(writeXlsx([...sheets, big], { deflate: nodeDeflate })), Buffer.from(native))).toBe(0);
    const wb = read(native);
    expect(wb.SheetNames).toEqual(read(plain).SheetNames);
    expect(XLSX.utils.sheet_to_csv(wb.Sheets.Big)).toBe(XLSX.utils.sheet_to_csv(read(plain).Sheets.Big));
  });

  it('SheetJS reads back every value with its type: text as string cells (no formulas), numbers, money with the currency format', () => {
    const wb = read(writeXlsx(sheets));
    expect(wb.SheetNames).toEqual(['Text', 'Gaps   a b   ', 'Empty']);
    const ws = wb.Sheets.Text;
    expect(ws['!ref']).toBe(`A1:C${tricky.length + 1}`);
    tricky.forEach((t, i) => {
      const a = ws[`A${i + 2}`] as XLSX.CellObject;
      expect(a.t).toBe('s');
      expect(a.f).toBeUndefined();
      expect(a.v).toBe(t); // controls, lone surrogates and a literal _x0041_ come back as they were
      expect((ws[`B${i + 2}`] as XLSX.CellObject).v).toBe(i * 1.5 - 3);
      const money = ws[`C${i + 2}`] as XLSX.CellObject;
      expect(money.t).toBe('n');
      expect(money.v).toBe([0, 1, -1, 5, 10, 99, 100, -12345, 123456789012, -7][i % 10] / 100);
      expect(money.z).toBe('#,##0.00;(#,##0.00);-');
    });
    const gaps = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[1]], { header: 1, defval: null });
    expect(gaps).toEqual([['A', 'B', 'C'], [null, 'b', null], ['a', null, 3], [null, null, null]]);
    expect(XLSX.utils.sheet_to_json(wb.Sheets.Empty, { header: 1 })).toEqual([['Only', 'Headers']]);
  });

  it('every sheet has a frozen, bold, filterable header row and its column widths', () => {
    const parts = unzipSync(writeXlsx(sheets));
    for (let i = 1; i <= 3; i++) {
      const xml = strFromU8(parts[`xl/worksheets/sheet${i}.xml`]);
      expect(xml).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
      expect(xml).toMatch(/<autoFilter ref="A1:[A-Z]+\d+"\/>/);
      expect(xml).toMatch(/<row r="1"><c r="A1" s="2" t="inlineStr">/);
    }
    expect(strFromU8(parts['xl/worksheets/sheet1.xml'])).toContain('<col min="1" max="1" width="30" customWidth="1"/><col min="2" max="2" width="10" customWidth="1"/><col min="3" max="3" width="12" customWidth="1"/>');
    // A cell names its reference only after an empty one; otherwise it is the next cell along.
    expect(strFromU8(parts['xl/worksheets/sheet1.xml'])).toContain('<row r="2"><c t="inlineStr"><is><t>plain</t></is></c><c><v>-3</v></c><c s="1"><v>0</v></c></row>');
    expect(strFromU8(parts['xl/worksheets/sheet2.xml'])).toContain('<row r="2"><c r="B2" t="inlineStr"><is><t>b</t></is></c></row><row r="3"><c t="inlineStr"><is><t>a</t></is></c><c r="C3"><v>3</v></c></row>');
    expect(strFromU8(parts['xl/styles.xml'])).toContain('<b/>');
    expect(strFromU8(parts['xl/workbook.xml'])).toContain(`<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'Text'!$A$1:$C$${tricky.length + 1}</definedName>`);
    const wb = read(writeXlsx(sheets));
    expect(wb.Sheets.Text['!autofilter']).toEqual({ ref: `A1:C${tricky.length + 1}` });
  });

  it('the same sheets give the same bytes', () => {
    expect(Buffer.from(writeXlsx(sheets)).equals(Buffer.from(writeXlsx(sheets)))).toBe(true);
  });

  it('rows given one at a time (a length and `at`) make the same workbook as the array, split sheets included', () => {
    const rows = Array.from({ length: 2_345 }, (_, i) => [`600649${String(i * 7919).padStart(10, '0')}`, { cents: i * 37 - 5_000 }, i % 3 ? null : 'x']);
    let made = 0;
    const lazy = { length: rows.length, at: (i: number) => (made++, rows[i]) };
    for (const maxRows of [undefined, 1000]) {
      const eager = writeXlsx([{ name: 'Big', headers: ['Card', 'Cents', 'Note'], rows }], { maxRows });
      made = 0;
      const given = writeXlsx([{ name: 'Big', headers: ['Card', 'Cents', 'Note'], rows: lazy }], { maxRows });
      expect(Buffer.from(given).equals(Buffer.from(eager))).toBe(true);
      expect(made).toBe(rows.length); // each row asked for once
      const native = writeXlsx([{ name: 'Big', headers: ['Card', 'Cents', 'Note'], rows: lazy }], { maxRows, deflate: nodeDeflate });
      expect(read(native).SheetNames).toEqual(read(eager).SheetNames);
    }
  });

  it('a table longer than a sheet may hold continues on numbered sheets, no row lost', () => {
    const rows = Array.from({ length: 23 }, (_, i) => [`r${i}`, i]);
    const wb = read(writeXlsx([{ name: 'Balances', headers: ['Card', 'N'], rows }], { maxRows: 10 }));
    expect(wb.SheetNames).toEqual(['Balances', 'Balances (2)', 'Balances (3)']);
    const back = wb.SheetNames.flatMap((n) => XLSX.utils.sheet_to_json<{ Card: string; N: number }>(wb.Sheets[n]));
    expect(back.map((r) => [r.Card, r.N])).toEqual(rows);
  });
  it('a protected sheet locks all but its editable columns, hides columns, and offers drop-down lists read from a hidden sheet', () => {
    const review: XSheet = {
      name: 'Review',
      headers: ['ID', 'Decision', 'Note', 'Key'],
      rows: [['EX-1', null, null, 'K1'], ['EX-2', 'accept', null, 'K2'], ['EX-3', null, null, 'K3'], ['EX-4', null, null, 'K4']],
      protection: { editable: [1, 2] },
      hiddenColumns: [3],
      lists: [{ column: 1, rows: [0, 1, 3], source: 'Lists!$A$2:$A$3', title: 'Decision', prompt: 'accept or defer' }],
    };
    const lists: XSheet = { name: 'Lists', headers: ['Choices'], rows: [['accept'], ['defer']], hidden: true };
    const bytes = writeXlsx([review, lists]);
    const parts = unzipSync(bytes);
    const xml = strFromU8(parts['xl/worksheets/sheet1.xml']);
    // Rows 2, 3 and 5 (data rows 0, 1, 3) as two runs; the list read from the hidden sheet.
    expect(xml).toMatch(/<dataValidations count="1"><dataValidation type="list" allowBlank="1" showErrorMessage="1"[^>]*showInputMessage="1" promptTitle="Decision" prompt="accept or defer" sqref="B2:B3 B5"><formula1>Lists!\$A\$2:\$A\$3<\/formula1><\/dataValidation><\/dataValidations>/);
    expect(xml).toContain('<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" autoFilter="0" sort="0"/>');
    expect(xml).toContain('<col min="2" max="2" width="12" style="3" customWidth="1"/>');
    expect(xml).toContain('<col min="4" max="4" width="12" hidden="1" customWidth="1"/>');
    // A value written in an editable column keeps the unlocked style.
    expect(xml).toMatch(/<c r="B3" s="3" t="inlineStr"><is><t>accept<\/t><\/is><\/c>|<c s="3" t="inlineStr"><is><t>accept<\/t>/);
    expect(strFromU8(parts['xl/styles.xml'])).toContain('<protection locked="0"/>');
    expect(strFromU8(parts['xl/workbook.xml'])).toContain('<sheet name="Lists" sheetId="2" state="hidden" r:id="rId2"/>');
    const wb = XLSX.read(bytes, { type: 'array', cellStyles: true });
    expect(wb.Workbook?.Sheets?.[1].Hidden).toBe(1);
    expect(wb.Sheets.Review['!cols']?.[3]?.hidden).toBe(true);
    // A workbook with no protected sheet keeps the styles it always had.
    expect(strFromU8(unzipSync(writeXlsx(sheets))['xl/styles.xml'])).not.toContain('protection');
  });
});
