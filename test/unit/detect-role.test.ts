import { describe, expect, it } from 'vitest';
import { guessRole, roleOfFile } from '../../renderer/src/import/detect-role';

const file = (name: string, text: string) => Object.assign(new Blob([text]), { name });

describe('which system a dropped file came from', () => {
  it('reads the header row when the name says nothing', async () => {
    expect(await roleOfFile(file('export (3).csv', 'Order,Transaction ID,Created At,Event,Card Last Four,Amount,Currency,Status,Location\n#1,2,x,y,1234,1,USD,success,online\n'))).toBe('storefront');
    expect(await roleOfFile(file('q3.csv', '\uFEFFJournal,Line,Date,Period,Account,Debit,Credit,Memo,Reference,Source,Created By\n'))).toBe('erp');
    expect(await roleOfFile(file('balances.csv', 'Card Number,Instrument,Balance,As Of\n'))).toBe('opening');
  });

  it('trusts the headers over a misleading name, and falls back to the name for workbooks', async () => {
    expect(await roleOfFile(file('orders.csv', 'id,Type,Created (UTC),Amount,Fee,Net,Currency,Description,Order ID,Status\n'))).toBe('payments');
    expect(await roleOfFile(file('GL_export.xlsx', 'PK\u0003\u0004 not parsed'))).toBe('erp');
    expect(await roleOfFile(file('data.csv', 'a,b,c\n'))).toBeNull();
    expect(guessRole('opening_balances.csv')).toBe('opening');
  });
});
