import { describe, expect, it } from 'vitest';
import { detectRole, resolveColumns } from '../../shared/import/layouts';

describe('loose header matching', () => {
  it('ignores case, spaces, punctuation, a BOM and column order', () => {
    const r = resolveColumns('payments', ['\uFEFFSTATUS', ' order_id ', 'created utc', 'Amount', 'TYPE', 'ID', 'extra']);
    expect(r.missingRequired).toEqual([]);
    expect(r.layout).toBe('reference');
    expect(r.index['Created (UTC)']).toBe(2);
    expect(r.index['Order ID']).toBe(1);
    expect(r.index['id']).toBe(5);
    expect(r.index['Fee']).toBe(-1);
  });

  it('uses the mapping for renamed headers and reports what is still missing', () => {
    const headers = ['GC Code', 'Txn', 'Type', 'Amount', 'When'];
    expect(resolveColumns('platform', headers).missingRequired).toEqual(['Transaction ID', 'Card Number', 'Timestamp']);
    const mapped = resolveColumns('platform', headers, { platform: { 'Card Number': 'GC Code', 'Transaction ID': 'txn', Timestamp: 'WHEN' } });
    expect(mapped.missingRequired).toEqual([]);
    expect(mapped.layout).toBe('mapped');
    expect(mapped.found['Card Number']).toBe('GC Code');
  });

  it('tells the four layouts apart from their headers', () => {
    expect(detectRole(['Journal', 'Line', 'Date', 'Account', 'Debit', 'Credit', 'Memo'])).toBe('erp');
    expect(detectRole(['Order', 'Transaction ID', 'Created At', 'Event', 'Amount', 'Status'])).toBe('storefront');
    expect(detectRole(['Card Number', 'Instrument', 'Balance', 'As Of'])).toBe('opening');
    expect(detectRole(['a', 'b'])).toBeNull();
  });
});
