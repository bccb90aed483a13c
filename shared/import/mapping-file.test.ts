import { describe, expect, it } from 'vitest';
import { parseMappingFile } from './mapping-file';

describe('a mapping file', () => {
  it('reads as docs/formats.md §3 writes it', () => {
    const text = '\uFEFF{ "platform": { "Card Number": "GC Code", "Timestamp": "Created (UTC)" }, "erp": { "Reference": "Ext Ref" } }';
    expect(parseMappingFile('m.json', text)).toEqual({
      platform: { 'Card Number': 'GC Code', Timestamp: 'Created (UTC)' },
      erp: { Reference: 'Ext Ref' },
    });
  });

  it('is refused in one line naming the file and what is wrong', () => {
    const refused = (text: string) => {
      try {
        parseMappingFile('m.json', text);
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(refused('{ "platform": ')).toMatch(/^m\.json: not a readable mapping file \(/);
    expect(refused('[1]')).toMatch(/^m\.json: must be an object of systems/);
    expect(refused('{ "gl": {} }')).toMatch(/^m\.json: unknown system 'gl'/);
    expect(refused('{ "erp": { "Acct": "Account No" } }')).toMatch(/^m\.json: 'Acct' is not a erp column/);
    expect(refused('{ "id": "shopify", "fields": {} }')).toMatch(/is an import profile/);
    for (const m of ['{ "platform": ', '[1]', '{ "gl": {} }']) expect(refused(m)).not.toContain('\n');
  });
});
