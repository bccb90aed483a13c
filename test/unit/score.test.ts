import { describe, expect, it } from 'vitest';
import { translateRefs, type RefmapLike } from '../../scripts/score';

const refmap: RefmapLike = {
  lost_ref_systems: ['storefront', 'erp'],
  erp_header_line: 5,
  render: { files: { erp: 'erp.csv' } },
  unattributable_cards: [],
  records: [
    { system: 'storefront', ref: '5550018', file: 'storefront.csv', row: 472 },
    { system: 'erp', ref: 'JE-1:2', file: 'erp.csv', row: 92 },
    { system: 'platform', ref: 'GT-1', file: 'platform.csv', row: 7 },
  ],
};

describe('score: the known answer’s records in files that lost their ids', () => {
  it('names a record by its row key, at the physical row (a title block above the header shifts it)', () => {
    const t = translateRefs(refmap);
    expect(t({ system: 'storefront', ref: '5550018' })).toEqual({ system: 'storefront', ref: 'R472' });
    expect(t({ system: 'erp', ref: 'JE-1:2' })).toEqual({ system: 'erp', ref: 'R96' });
  });

  it('keeps the ids a file still carries, and asks the case for the key of a row where one is given', () => {
    const t = translateRefs(refmap, (system, file, row) => (file === 'erp.csv' && row === 96 ? 'JE-1:7' : undefined));
    expect(t({ system: 'platform', ref: 'GT-1' })).toEqual({ system: 'platform', ref: 'GT-1' });
    expect(t({ system: 'erp', ref: 'JE-1:2' })).toEqual({ system: 'erp', ref: 'JE-1:7' });
    expect(t({ system: 'storefront', ref: '5550018' })).toEqual({ system: 'storefront', ref: '5550018' });
  });
});
