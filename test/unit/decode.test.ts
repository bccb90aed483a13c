// Encoding detection: the ASCII prefix is skipped, and validation starts where the first non-ASCII byte is.
import { describe, expect, it } from 'vitest';
import { detectEncoding, firstNonAscii } from '../../shared/import/decode';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('firstNonAscii', () => {
  it('finds the first byte above 0x7f at every position and alignment, or the length when there is none', () => {
    for (let start = 0; start < 5; start++) {
      // A view starting at each offset of its buffer, so the four-byte words fall differently each time.
      const view = new Uint8Array(41 + start).fill(0x78).subarray(start);
      expect(firstNonAscii(view)).toBe(view.length);
      for (let at = 0; at < view.length; at++) {
        view[at] = 0xc3;
        expect(firstNonAscii(view), `start ${start} at ${at}`).toBe(at);
        view[at] = 0x78;
      }
    }
    expect(firstNonAscii(new Uint8Array(0))).toBe(0);
  });
});

describe('detectEncoding', () => {
  it('reads ASCII and valid UTF-8 as UTF-8, and bytes invalid as UTF-8 after a long ASCII prefix as Windows-1252', () => {
    const prefix = 'Journal,Line,Memo\n' + 'JE-1,1,plain text\n'.repeat(5000);
    expect(detectEncoding(utf8(prefix))?.encoding).toBe('utf-8');
    expect(detectEncoding(utf8(prefix + 'JE-2,1,Zoë 日本 🎁\n'))?.encoding).toBe('utf-8');
    const cp1252 = new Uint8Array([...utf8(prefix + 'JE-2,1,Zo'), 0xeb, ...utf8(' caf'), 0xe9, 0x0a]);
    expect(detectEncoding(cp1252)?.encoding).toBe('windows-1252');
    // A UTF-8 sequence cut short at the very end is not valid either.
    expect(detectEncoding(new Uint8Array([...utf8(prefix), 0xe6, 0x97]))?.encoding).toBe('windows-1252');
  });
});
