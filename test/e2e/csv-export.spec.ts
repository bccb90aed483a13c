// The SQL console's "Export to CSV…" writes through shared/csv-out.ts like every other CSV of the project:
// text from the case never becomes a live formula, whatever list separator the spreadsheet that opens the file
// uses, and numbers stay numbers (issue #17).
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { navTo, tempDir } from './helpers';

const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

test('the SQL console exports hostile text as inert text and amounts as numbers', async ({ page }) => {
  await page.goto('/?demo');
  await expect(page.getByRole('heading', { level: 2, name: /^Overview/ })).toBeVisible({ timeout: 60_000 });
  await navTo(page, 'Export');
  await page.getByRole('tab', { name: 'SQL console' }).click();
  await page
    .getByLabel('SQL', { exact: true })
    .fill(`SELECT '=HYPERLINK("http://evil.example","x")' AS link, 'X' || char(59) || '=1+1' || char(59) AS ref, '+cmd|'' /C calc''!A0' AS dde, '@SUM(1)' AS at, -12.5 AS amount, '-2.45' AS text_amount`);
  // (char(59) is `;`, which the console does not take inside a statement.)
  await page.getByRole('button', { name: /^Run/ }).click();
  await expect(page.getByRole('table', { name: 'Query results' })).toContainText('X;=1+1;');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export to CSV…' }).click();
  const file = join(tempDir('sql-csv'), 'query.csv');
  await (await download).saveAs(file);
  const text = readFileSync(file, 'utf8');
  for (const sep of [',', ';', '\t', '|']) {
    const cells = (Papa.parse<string[]>(text, { delimiter: sep, newline: '\r\n' }).data as string[][]).flat();
    for (const cell of cells) if (!NUMBER.test(cell.trim())) expect(cell.trimStart(), `read with '${sep}'`).not.toMatch(FORMULA);
  }
  const [header, row] = Papa.parse<string[]>(text, { newline: '\r\n' }).data as string[][];
  expect(header).toEqual(['link', 'ref', 'dde', 'at', 'amount', 'text_amount']);
  expect(row[4]).toBe('-12.5'); // a number, written as one
  expect(row[1]).toBe("X;'=1+1;");
  expect(row[5]).toBe("'-2.45"); // text that looks like a number is text
});
