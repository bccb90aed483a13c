// The optional card register: which state each card's owner last lived in, for the first priority rule of
// Texas v. New Jersey. Columns `Card Number` and `Owner State` (loose headers, as every input); a state is a
// two-letter code or a state's name. A row that cannot be read is refused with its row (as Excel shows it) and
// column, never guessed; a card listed twice with different states is refused on the later row.
import { InputError, type QuarantinedRow } from '../types';
import { US_STATES } from './escheat';

/** Header or name text reduced to letters and digits, as the import matches headers. */
const normalizeHeader = (h: string) => h.replace(/^\uFEFF/, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

const BY_NAME = new Map(Object.entries(US_STATES).map(([code, name]) => [normalizeHeader(name), code]));

export interface CardRegisterResult {
  register: Map<string, string>;
  rows: number;
  /** Rows with an empty state: the owner's address is unknown, so the holder's state applies. */
  unknown: number;
  refused: QuarantinedRow[];
}

/** The register from a file's header and data rows (as read-table gives them). */
export function readCardRegister(file: string, headers: readonly string[], rows: readonly (readonly unknown[])[]): CardRegisterResult {
  const find = (...names: string[]) => headers.findIndex((h) => names.includes(normalizeHeader(String(h ?? ''))));
  const cardAt = find('cardnumber', 'card');
  const stateAt = find('ownerstate', 'state');
  const missing = [cardAt < 0 ? "'Card Number'" : '', stateAt < 0 ? "'Owner State'" : ''].filter(Boolean);
  if (missing.length) {
    throw new InputError(`${file}: missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} for the card register; columns found: ${headers.map((h) => `'${String(h).trim()}'`).join(', ')}`, file, 1, missing[0].slice(1, -1));
  }
  const register = new Map<string, string>();
  const refused: QuarantinedRow[] = [];
  let unknown = 0;
  rows.forEach((cells, i) => {
    const row = i + 2;
    const card = String(cells[cardAt] ?? '').replace(/[\s-]/g, '').toUpperCase();
    const raw = String(cells[stateAt] ?? '').trim();
    if (card === '') {
      refused.push({ row, column: 'Card Number', reason: 'Card Number is empty' });
      return;
    }
    if (raw === '') {
      unknown++;
      return;
    }
    const code = raw.length === 2 ? raw.toUpperCase() : BY_NAME.get(normalizeHeader(raw));
    if (!code || !Object.prototype.hasOwnProperty.call(US_STATES, code)) {
      refused.push({ row, column: 'Owner State', reason: `Owner State '${raw.slice(0, 30)}' is not a US state or DC` });
      return;
    }
    const before = register.get(card);
    if (before !== undefined && before !== code) {
      refused.push({ row, column: 'Owner State', reason: `card ${card} is listed before with ${before}` });
      return;
    }
    register.set(card, code);
  });
  return { register, rows: rows.length, unknown, refused };
}
